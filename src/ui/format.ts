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
