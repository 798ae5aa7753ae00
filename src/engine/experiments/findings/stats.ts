/** Mean, range and sign counts over seeds, and their one-line form in the report. */

export interface Spread {
  n: number;
  mean: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return {
    n: finite.length,
    mean: finite.reduce((a, b) => a + b, 0) / finite.length,
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

/** "+4.2 (−1.0 to +9.3, n = 4)" with `digits` decimals. */
export function formatSpread(s: Spread | null, digits = 1, signed = true): string {
  if (!s) return 'n/a';
  const f = (v: number) => (signed && v > 0 ? '+' : '') + v.toFixed(digits).replace('-', '−');
  return `${f(s.mean)} (${f(s.min)} to ${f(s.max)}, n = ${s.n})`;
}

export function countPositive(values: readonly number[], above = 0): number {
  return values.filter((v) => Number.isFinite(v) && v > above).length;
}
