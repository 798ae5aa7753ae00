/**
 * The run's optimizer on the GPU backends, in a real Chromium: WebGL and WebGPU update each weight
 * matrix on its own, WASM and the CPU everything flat (optimizer.ts), so both layouts must give the
 * same values bit for bit, or runs (and share links) would train differently depending on a speed
 * choice.
 */
// tfjs-core itself first: its flags must exist before the gradient registrations read them.
import * as tf from '../tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import type { OptimizerConfig } from '../config/types';
import { createOptimizer, type TailConstraint } from './optimizer';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPES = [[784, 64], [64], [64, 10], [10], [64], [64]];

/** tfjs takes a seed of 0 as "no seed": callers start at 1. */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

async function trainBothLayouts(config: OptimizerConfig): Promise<{ flat: Float32Array[]; largeApart: Float32Array[] }> {
  const out: Record<'flat' | 'largeApart', Float32Array[]> = { flat: [], largeApart: [] };
  for (const layout of ['flat', 'largeApart'] as const) {
    const vars = SHAPES.map((shape, i) => tf.variable(seeded(shape, 10 + i)));
    const optimizer = createOptimizer(config, layout);
    // The last two play the slopes: the prior's increment, clipped to [0, 1], one channel frozen.
    const frozen = tf.tensor1d(Array.from({ length: 128 }, (_, i) => (i === 5 ? 1 : 0)));
    const slopes: TailConstraint = { variables: 2, project: (updated) => tf.maximum(tf.clipByValue(tf.add(updated, 0.01), 0, 1), frozen) };
    for (let step = 0; step < 5; step++) {
      const gradients = SHAPES.map((shape, i) => seeded(shape, 1 + 1000 * step + i));
      optimizer.apply(vars, gradients, slopes);
      tf.dispose(gradients);
    }
    out[layout] = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
    optimizer.dispose();
    tf.dispose([...vars, frozen]);
  }
  return out;
}

for (const backend of ['webgl', 'webgpu']) {
  describe(`the optimizer on ${backend}`, () => {
    for (const config of [
      { kind: 'adam', learningRate: 0.01, momentum: 0 },
      { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
    ] satisfies OptimizerConfig[]) {
      it(`${config.kind}: flat and large variables apart give the same values bit for bit, projection included`, async () => {
        const started = await tf.setBackend(backend).catch((error: unknown) => String(error));
        expect(started, `the ${backend} backend did not start in this browser`).toBe(true);
        const { flat, largeApart } = await trainBothLayouts(config);
        flat.forEach((values, i) => {
          const mismatches = values.filter((v, j) => !Object.is(v, largeApart[i][j])).length;
          expect(mismatches, `variable ${i}: values that differ`).toBe(0);
        });
        // The projection bit: slopes clipped into [0, 1], the frozen channel at exactly 1.
        expect(flat[4].every((a) => a >= 0 && a <= 1)).toBe(true);
        expect(flat[4][5]).toBe(1);
        expect(Math.max(...flat[0].map(Math.abs))).toBeGreaterThan(0);
      });
    }
  });
}
