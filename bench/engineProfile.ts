/**
 * `npx tsx bench/engineProfile.ts [cnn|rescnn|mlp256|mlp] [64|256]`: where a training step of the PyTorch
 * comparison's models (./measure/torchCases.ts) spends its time in Node on WASM, per tfjs kernel
 * (tf.profile), as the fastest of 5 profiled steps per kernel and input shapes (the least disturbed
 * by other jobs on a shared machine). "unnamed scope" rows are custom gradients' forward passes, which
 * contain kernels listed apart too.
 */
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { profileStepKernels } from './measure/kernelProfile';
import { randomImageDataset } from './measure/randomDataset';
import { torchCases } from './measure/torchCases';

const REPEATS = 5;

async function main(): Promise<void> {
  await setNodeBackend('wasm');
  const [onlyModel, onlyBatch] = [process.argv[2], Number(process.argv[3] ?? 0)];
  const dataset = randomImageDataset(2048);
  for (const c of torchCases()) {
    if ((onlyModel && c.id !== onlyModel) || (onlyBatch && c.batch !== onlyBatch)) continue;
    const trainer = Trainer.create(c.config, dataset, { name: 'wasm', reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
    try {
      for (let i = 0; i < 3; i++) {
        trainer.trainStep();
        await trainer.flush();
      }
      // Per kernel name and input shapes: its total ms in each profiled step.
      const perStep = await profileStepKernels(trainer, REPEATS);
      const fastest = [...perStep].map(([key, totals]) => [key, Math.min(...totals)] as const).sort((a, b) => b[1] - a[1]);
      console.log(`\n${c.id} at batch ${c.batch}: ms per step, fastest of ${REPEATS}`);
      for (const [key, ms] of fastest.slice(0, 25)) console.log(`  ${ms.toFixed(2).padStart(8)}  ${key}`);
    } finally {
      trainer.dispose();
    }
  }
}

void main();
