/** A training step's kernels profiled over several steps (tf.profile), for the bench's profilers. */
import * as tf from '../../src/engine/tf';
import type { Trainer } from '../../src/engine/training/trainer';

/**
 * Trains `repeats` profiled steps; for each kernel name with its input shapes ("Conv2D [64,28,28,1]
 * [3,3,1,16]"), its total kernel ms in each of those steps (0 where a step did not run it).
 */
export async function profileStepKernels(trainer: Trainer, repeats: number): Promise<Map<string, number[]>> {
  const perStep = new Map<string, number[]>();
  for (let r = 0; r < repeats; r++) {
    const info = await tf.profile(() => trainer.trainStep());
    for (const k of info.kernels) {
      const key = `${k.name} ${k.inputShapes.map((s) => JSON.stringify(s)).join(' ')}`;
      const totals = perStep.get(key) ?? new Array<number>(repeats).fill(0);
      totals[r] += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      perStep.set(key, totals);
    }
    await trainer.flush();
  }
  return perStep;
}
