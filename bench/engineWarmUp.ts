/**
 * `npx tsx bench/engineWarmUp.ts [cold|warm] [probes]`: a new Trainer's first steps (default MLP,
 * batch 64, prior on, Node WASM), as median CPU ms per group of steps, and the GC time. "warm"
 * first trains another trainer of the same model for 200 steps in the same process, so the code
 * (tfjs's JS and the WASM functions) is compiled and optimized already; "cold" does not. A
 * slow phase that "warm" does not show is the process warming up, not the new run's own state
 * (its tangent kernel at init, its heap, its tensors). Run each in a fresh process, alternating.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { benchConfig } from './measure/engineThroughput';
import { randomImageDataset } from './measure/randomDataset';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const GROUPS = [[1, 10], [11, 20], [21, 30], [31, 40], [41, 60], [61, 90], [91, 120]];

async function main(): Promise<void> {
  await setNodeBackend('wasm');
  const warm = process.argv[2] === 'warm';
  const probes = Number(process.argv[3] ?? 64);
  const dataset = randomImageDataset(2048);
  const backend = { name: 'wasm', reason: 'benchmark', attempts: [] };
  if (warm) {
    const config = benchConfig('mlp', 64);
    config.training.seed = 9;
    const other = Trainer.create(config, dataset, backend, { kernelProbes: probes });
    for (let i = 0; i < 200; i++) {
      other.trainStep();
      await other.flush();
    }
    other.dispose();
  }
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const trainer = Trainer.create(benchConfig('mlp', 64), dataset, backend, { kernelProbes: probes });
  const cpu: number[] = [];
  const gc: number[] = [];
  for (let i = 0; i <= GROUPS[GROUPS.length - 1][1]; i++) {
    const gcBefore = gcMs;
    const before = process.cpuUsage();
    trainer.trainStep();
    await trainer.flush();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    await new Promise((resolve) => setImmediate(resolve)); // lets the GC observer report
    gc.push(gcMs - gcBefore);
  }
  observer.disconnect();
  trainer.dispose();
  const total = (values: number[]) => values.reduce((s, x) => s + x, 0).toFixed(0);
  console.log(
    `${warm ? 'warm' : 'cold'}, ${probes} probes: step 0 ${cpu[0].toFixed(0)} ms (the kernel at init, if any, is in it); median CPU ms, steps ` +
      GROUPS.map(([a, b]) => `${a}-${b}: ${median(cpu.slice(a, b + 1)).toFixed(1)}`).join(', ') +
      `; GC ms in steps 1-40: ${total(gc.slice(1, 41))}, 41-120: ${total(gc.slice(41))}`,
  );
}

void main();
