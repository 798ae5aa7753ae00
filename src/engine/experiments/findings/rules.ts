/** The rules every claim decides its verdict by: an effect over seeds, and a claim over its settings. */
import { countPositive, spread } from './stats';
import type { Measurement, Verdict } from './types';

/** An effect "shows" in a setting when it has the claimed sign on at least this share of the seeds. */
export const SEED_SHARE = 0.75;

/** At least SEED_SHARE of the seeds: 3 of 4, 3 of 3, 2 of 2. */
export const enoughSeeds = (count: number, seeds: number): boolean => count >= Math.ceil(SEED_SHARE * seeds);

export function shows(values: readonly number[], seeds: number): boolean {
  return enoughSeeds(countPositive(values), seeds) && (spread(values)?.mean ?? 0) > 0;
}

/** Mean and range over seeds; `positive` counts the seeds with the claimed sign (values above 0 unless given). */
export function measurement(values: readonly number[], seeds: number, positive = countPositive(values)): Measurement {
  const s = spread(values);
  return { mean: s?.mean ?? NaN, min: s?.min ?? NaN, max: s?.max ?? NaN, n: s?.n ?? 0, positive, seeds };
}

export function overall(settings: boolean[]): Verdict {
  const held = settings.filter(Boolean).length;
  return held === settings.length ? 'holds' : held === 0 ? 'does not hold' : 'holds in part';
}

/** How far a claim shows in one setting, when it has two parts (e.g. "large early" and "small late"). */
export type SettingResult = 'yes' | 'in part' | 'no';

/** Holds when every setting shows in full, does not hold when none shows even in part. */
export function overallOfParts(settings: readonly SettingResult[]): Verdict {
  if (settings.length > 0 && settings.every((s) => s === 'yes')) return 'holds';
  if (settings.every((s) => s === 'no')) return 'does not hold';
  return 'holds in part';
}

export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : (100 * v).toFixed(1) + ' %';
