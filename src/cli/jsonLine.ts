/**
 * The CLI's output lines. JSON has no NaN or Infinity (JSON.stringify writes null, the same as "not
 * measured"), so non-finite numbers are written as the strings "NaN", "Infinity" and "-Infinity",
 * as the lab's JSON export does, and an evaluation holding one carries `"diverged": true`.
 */

export function writeNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** The evaluation with `diverged: true` added when one of its numbers is NaN or infinite. */
export function flagDiverged<T extends object>(point: T): T | (T & { diverged: true }) {
  const diverged = Object.values(point).some((v) => typeof v === 'number' && !Number.isFinite(v));
  return diverged ? { ...point, diverged: true } : point;
}

/** One evaluation as a JSON line (no newline). */
export function evaluationLine(point: object): string {
  return JSON.stringify(flagDiverged(point), writeNonFinite);
}

/** Any value as a JSON line, non-finite numbers written as strings. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, writeNonFinite);
}
