/**
 * `npx tsx bench/stepKernels.ts [mlp|mlp256|cnn|rescnn] [64|256]`: how many tfjs kernels one training
 * step of a PyTorch-comparison model (./measure/torchCases.ts) runs in Node on WASM, by kernel name
 * (tf.profile's kernels list; a step after three warm-up steps), and the step's tensors made.
 */
import * as tf from '../src/engine/tf';
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { randomImageDataset } from './measure/randomDataset';
import { torchCases } from './measure/torchCases';

async function main(): Promise<void> {
  await setNodeBackend('wasm');
  const [model, batch] = [process.argv[2] ?? 'mlp', Number(process.argv[3] ?? 64)];
  const c = torchCases().find((t) => t.id === model && t.batch === batch);
  if (!c) throw new Error(`no case ${model} ${batch}`);
  const trainer = Trainer.create(c.config, randomImageDataset(2048), { name: 'wasm', reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
  try {
    for (let i = 0; i < 3; i++) {
      trainer.trainStep();
      await trainer.flush();
    }
    const info = await tf.profile(() => trainer.trainStep());
    await trainer.flush();
    const byName = new Map<string, number>();
    for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
    console.log(`${model} at batch ${batch}: ${info.kernels.length} kernels a step, ${info.newTensors} new tensors`);
    console.log([...byName].sort((a, b) => b[1] - a[1]).map(([n, k]) => `${n} ${k}`).join(', '));
  } finally {
    trainer.dispose();
  }
}

void main();
