/** A value a chart can place: not missing, not NaN or infinite. */
export function isFiniteNumber(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}
