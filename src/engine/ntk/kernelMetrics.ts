/**
 * Comparisons of empirical tangent kernels (docs/method.md, "The tangent kernel"). A kernel here is
 * a symmetric n x n matrix stored row-major in a Float32Array (or any array of numbers).
 */

type Matrix = ArrayLike<number>;

function sizeOf(k: Matrix): number {
  const n = Math.round(Math.sqrt(k.length));
  if (n * n !== k.length) throw new RangeError(`a kernel must be square, got ${k.length} entries`);
  return n;
}

function frobeniusInner(a: Matrix, b: Matrix): number {
  if (a.length !== b.length) throw new RangeError(`kernels of different sizes (${a.length} and ${b.length} entries)`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * d(K1, K2) = 1 - <K1, K2>_F / (||K1||_F ||K2||_F): 0 for kernels that differ only by a positive
 * factor, 1 for orthogonal ones (at most 2). NaN when either kernel is all zeros.
 */
export function kernelDistance(k1: Matrix, k2: Matrix): number {
  const inner = frobeniusInner(k1, k2);
  const norms = Math.sqrt(frobeniusInner(k1, k1)) * Math.sqrt(frobeniusInner(k2, k2));
  return norms === 0 ? NaN : 1 - inner / norms;
}

/** H K H with H = I - (1/n) 1 1^T: every row and column mean removed. */
export function centerKernel(k: Matrix): Float64Array {
  const n = sizeOf(k);
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = k[i * n + j];
      rowMean[i] += v / n;
      colMean[j] += v / n;
      total += v;
    }
  }
  const mean = total / (n * n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = k[i * n + j] - rowMean[i] - colMean[j] + mean;
  return out;
}

/**
 * Centered kernel-label alignment (Cortes, Mohri & Rostamizadeh 2012): the cosine between the
 * centered kernel and the centered label kernel Y Y^T (Y one-hot, so YY^T[i, j] = 1 when i and j
 * share a class). 1 when the kernel is a positive multiple of the label kernel after centering.
 * NaN when either centered kernel is zero (e.g. every probe in one class).
 */
export function kernelLabelAlignment(k: Matrix, labels: ArrayLike<number>): number {
  const n = sizeOf(k);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for a ${n} x ${n} kernel`);
  const sameClass = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sameClass[i * n + j] = labels[i] === labels[j] ? 1 : 0;
  return 1 - kernelDistance(centerKernel(k), centerKernel(sameClass));
}
