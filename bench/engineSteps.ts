/**
 * `npx tsx bench/engineSteps.ts [cnn64,rescnn256,...]`: the PyTorch comparison's models (./measure/torchCases.ts)
 * trained by the lab's engine in Node on WASM, timed by the process's CPU time per step (user + system),
 * which another job on a shared machine moves far less than wall time. For comparing two versions of the
 * engine on one machine (run each a few times, alternately); the browser figures are `npm run bench`'s.
 */
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { randomImageDataset } from './measure/randomDataset';
import { torchCases } from './measure/torchCases';

async function main(): Promise<void> {
  await setNodeBackend('wasm');
  const only = process.argv[2]?.split(',');
  const dataset = randomImageDataset(2048);
  for (const c of torchCases()) {
    if (only && !only.includes(`${c.id}${c.batch}`)) continue;
    const trainer = Trainer.create(c.config, dataset, { name: 'wasm', reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
    try {
      for (let i = 0; i < 3; i++) {
        trainer.trainStep();
        await trainer.flush();
      }
      const cpuMs: number[] = [];
      const start = performance.now();
      while (cpuMs.length < 30 && performance.now() - start < 4000) {
        const before = process.cpuUsage();
        trainer.trainStep();
        await trainer.flush();
        const used = process.cpuUsage(before);
        cpuMs.push((used.user + used.system) / 1000);
      }
      cpuMs.sort((a, b) => a - b);
      const rate = (ms: number) => Math.round((c.batch * 1000) / ms);
      console.log(`${c.id}${c.batch}: ${rate(cpuMs[cpuMs.length >> 1])} examples per CPU second (median of ${cpuMs.length} steps; best ${rate(cpuMs[0])})`);
    } finally {
      trainer.dispose();
    }
  }
}

void main();
