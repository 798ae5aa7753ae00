/**
 * The gate's own shader programs (preluWebgl.ts, preluWebgpu.ts) in a real Chromium: same values
 * and gradients as tf.prelu and tfjs's gradient, bit for bit, so a run trains exactly as it did with
 * tf.prelu and share links keep reproducing.
 */
// tfjs-core itself first: its flags must exist before the gradient registrations read them.
import * as tf from '../tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import { applyGate } from './gate';
import { difference, gateInputs, gradientKernelsAndLeftovers, oursAndTheirs, plainValues } from './gateTestInputs';

afterAll(async () => {
  await tf.setBackend('cpu');
});

for (const backend of ['webgl', 'webgpu']) {
  describe(`applyGate on ${backend} (gradient from the lab's own shader programs)`, () => {
    const start = async (): Promise<void> => {
      const started = await tf.setBackend(backend).catch((error: unknown) => String(error));
      expect(started, `the ${backend} backend did not start in this browser`).toBe(true);
    };

    // Dense (an odd width: packed WebGL textures pad it), feature maps, and a batch of the default CNN's size.
    for (const shape of [
      [64, 64],
      [7, 13],
      [4, 5, 5, 6],
      [64, 28, 28, 16],
    ]) {
      it(`gives tfjs's PReLU values and gradients exactly for inputs ${shape.join(' x ')}`, async () => {
        await start();
        const { ours, theirs } = oursAndTheirs(applyGate, gateInputs(shape, 11));
        for (let i = 0; i < 3; i++) expect(await difference(ours[i], theirs[i]), ['value', 'dx', 'da'][i]).toBeNull();
        expect(await plainValues(ours[2])).not.toEqual(new Array(ours[2].size).fill(0)); // slopes do get a gradient
        tf.dispose([...ours, ...theirs]);
      });
    }

    it('runs no Greater or Select kernel in its gradient, and leaves no tensor behind', async () => {
      await start();
      const { kernels, leftovers } = await gradientKernelsAndLeftovers(applyGate);
      expect(kernels).toContain('Prelu');
      expect(kernels).not.toContain('Greater');
      expect(kernels).not.toContain('Select');
      expect(leftovers).toBe(0);
    });
  });
}
