/** Number formatting shared by the panels: short, unit-bearing, legible from the back of a room. */

export function formatLambda(lambda: number): string {
  if (lambda === 0) return '0 (off)';
  return formatSci(lambda);
}

/** 0.001 -> "1e-3", 0.25 -> "0.25", 3 -> "3". */
export function formatSci(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 0.01 && abs < 1000) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split('e');
  const m = String(Number(mantissa));
  return `${m}e${Number(exponent)}`;
}

export function formatPercent(fraction: number, digits = 0): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** Beyond these a number is written with an exponent, so it fits a metric card or an axis. */
const LARGEST_PLAIN = 1e4;
const SMALLEST_PLAIN = 1e-3;

/**
 * A measured value in at most about seven characters, whatever its size: 0.693, 12.35, 1234,
 * 2.03e28, 5e-4; a diverged value says so ("NaN", "∞"); a missing one is "–". `digits` is the number
 * of decimals for values below 10 (fewer as the value grows, so the width stays the same).
 */
export function formatCompact(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs === 0) return (0).toFixed(digits);
  if (abs >= LARGEST_PLAIN || abs < SMALLEST_PLAIN) return exponential(value, 3);
  const decimals = Math.max(0, digits - Math.max(0, Math.floor(Math.log10(abs))));
  return value.toFixed(decimals);
}

/** Axis labels: as formatCompact, without trailing zeros (0.5, 1, 1.25, 2e28). */
export function formatAxisNumber(value: number): string {
  if (!Number.isFinite(value)) return formatCompact(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= LARGEST_PLAIN || abs < SMALLEST_PLAIN)) return exponential(value, 3);
  return String(Number(value.toFixed(2)));
}

/** 2.0305e28 -> "2.03e28" (`significant` digits at most, trailing zeros dropped). */
function exponential(value: number, significant: number): string {
  const [mantissa, exponent] = value.toExponential(significant - 1).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

// One formatter for every call: toLocaleString builds a new one each time, and the step counter formats at every snapshot.
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integerFormat.format(Math.round(value));
}

/** "64-64-64" <-> [64, 64, 64]; null when the text is not a dash-separated list of positive integers. */
export function parseWidths(text: string, maxWidth = 1024, maxLayers = 12): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parts = trimmed.split(/\s*[-,\s]\s*/);
  if (parts.length > maxLayers) return null;
  const widths = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (widths.some((w) => !Number.isInteger(w) || w < 1 || w > maxWidth)) return null;
  return widths;
}

export function formatWidths(widths: number[]): string {
  return widths.join('-');
}
