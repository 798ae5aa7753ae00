/**
 * The nonlinear advantage measured the way a preset claims it: early and late runs of one config,
 * read at matched APL, over several λ and seeds. Training is passed in, so the CLI runs it on tfjs
 * and tests run it on canned histories.
 */
import type { ExperimentConfig } from '../config/types';
import type { EvalPoint } from '../training/snapshot';
import { aplCurve, matchAtApl } from './matchedApl';
import { earlyVersusLate, lateScheduleFor } from './schedules';

export interface GapRow {
  lambda: number;
  seed: number;
  /** Whether the runs could be matched (matchedApl.ts's rule). */
  matched: 'matched' | 'no-data';
  apl: number | null;
  early: number | null;
  late: number | null;
  /** Late minus early test accuracy at that APL, in percentage points; positive = a nonlinear advantage. */
  gapPoints: number | null;
}

export type TrainRun = (config: ExperimentConfig) => Promise<EvalPoint[]>;

export function gapAtMatchedApl(early: readonly EvalPoint[], late: readonly EvalPoint[]): Omit<GapRow, 'lambda' | 'seed'> {
  const match = matchAtApl([aplCurve(early), aplCurve(late)]);
  if (match.kind === 'no-data') {
    return { matched: match.kind, apl: null, early: null, late: null, gapPoints: null };
  }
  const [e, l] = match.readings.map((r) => r.accuracy);
  return { matched: match.kind, apl: match.apl, early: e, late: l, gapPoints: (l - e) * 100 };
}

export async function measureEarlyLate(base: ExperimentConfig, lambdas: readonly number[], seeds: readonly number[], train: TrainRun): Promise<GapRow[]> {
  const rows: GapRow[] = [];
  for (const lambda of lambdas) {
    for (const seed of seeds) {
      const config: ExperimentConfig = { ...base, prior: { ...base.prior, lambda }, training: { ...base.training, seed } };
      const [early, late] = earlyVersusLate(config, lateScheduleFor(config));
      const earlyHistory = await train(early.config);
      const lateHistory = await train(late.config);
      rows.push({ lambda, seed, ...gapAtMatchedApl(earlyHistory, lateHistory) });
    }
  }
  return rows;
}

/** The middle gap of the rows that could be matched (the mean of the middle two for an even count). */
export function medianGap(rows: readonly GapRow[]): number | null {
  const gaps = rows.flatMap((r) => (r.gapPoints === null ? [] : [r.gapPoints])).sort((a, b) => a - b);
  if (gaps.length === 0) return null;
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}
