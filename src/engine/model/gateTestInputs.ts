/** Shared by the gate's tests in Node (WASM) and in the browser (WebGL, WebGPU). */
import * as tf from '../tf';

/** Inputs with exact zeros (about a sixth of x), and slopes from ReLU (0) to linear (1). */
export function gateInputs(shape: number[], seed: number): { x: tf.Tensor; a: tf.Tensor1D; dy: tf.Tensor } {
  return tf.tidy(() => {
    const channels = shape[shape.length - 1];
    const raw = tf.randomNormal(shape, 0, 1, 'float32', seed);
    const x = tf.mul(raw, tf.cast(tf.greater(tf.abs(raw), 0.2), 'float32'));
    const a = tf.concat<tf.Tensor1D>([tf.tensor1d([0, 1]), tf.randomUniform([channels - 2], 0, 1, 'float32', seed + 1)]);
    return { x, a, dy: tf.randomNormal(shape, 0, 1, 'float32', seed + 2) };
  });
}

/** Values with -0 read as 0: the sign of a zero gradient moves no weight. */
export async function plainValues(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data(), (v) => v + 0);
}

/**
 * null when the two tensors hold the same values (-0 as 0), else how many differ and the first one:
 * a short message where a diff of two 800,000-element arrays would take minutes to print.
 */
export async function difference(ours: tf.Tensor, theirs: tf.Tensor): Promise<string | null> {
  const [a, b] = [await plainValues(ours), await plainValues(theirs)];
  if (a.length !== b.length) return `${a.length} values, not ${b.length}`;
  const differing = a.flatMap((v, i) => (Object.is(v, b[i]) ? [] : [i]));
  if (differing.length === 0) return null;
  const i = differing[0];
  return `${differing.length} of ${a.length} values differ, the first at ${i}: ${a[i]} instead of ${b[i]}`;
}

/** applyGate's value and gradients for upstream `dy`, next to tf.prelu's and tfjs's own gradient. */
export function oursAndTheirs(
  gate: (x: tf.Tensor, a: tf.Tensor1D) => tf.Tensor,
  { x, a, dy }: { x: tf.Tensor; a: tf.Tensor1D; dy: tf.Tensor },
): { ours: tf.Tensor[]; theirs: tf.Tensor[] } {
  const [ourDx, ourDa] = tf.grads((xi: tf.Tensor, ai: tf.Tensor) => gate(xi, ai as tf.Tensor1D))([x, a], dy);
  const [theirDx, theirDa] = tf.grads((xi: tf.Tensor, ai: tf.Tensor) => tf.prelu(xi, ai))([x, a], dy);
  return { ours: [gate(x, a), ourDx, ourDa], theirs: [tf.prelu(x, a), theirDx, theirDa] };
}

/**
 * The kernels one forward-and-gradient pass of `gate` runs (as tf.profile names them), and how many
 * tensors 50 more passes leave behind.
 */
export async function gradientKernelsAndLeftovers(gate: (x: tf.Tensor, a: tf.Tensor1D) => tf.Tensor): Promise<{ kernels: string[]; leftovers: number }> {
  const { x, a, dy } = gateInputs([4, 5, 5, 6], 3);
  const gradients = tf.grads((xi: tf.Tensor, ai: tf.Tensor) => gate(xi, ai as tf.Tensor1D));
  const profile = await tf.profile(() => tf.dispose(gradients([x, a], dy)));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) tf.dispose(gradients([x, a], dy));
  const leftovers = tf.memory().numTensors - before;
  tf.dispose([x, a, dy]);
  return { kernels: profile.kernels.map((k) => k.name), leftovers };
}
