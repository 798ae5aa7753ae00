/**
 * The frontier sweep's grid: lambda on a log grid, crossed with the schedules. Runs are ordered
 * lambda by lambda with every schedule at each lambda, so a sweep stopped halfway still has
 * comparable points on every curve.
 */
import type { ExperimentConfig } from '../config/types';
import { fieldByPath } from '../config/fields';
import { describeSchedule, scheduleId, withSchedule, type ScheduleSpec } from './schedules';

export interface SweepRun {
  id: string;
  lambda: number;
  schedule: ScheduleSpec;
  /** Runs with the same scheduleKey form one frontier curve. */
  scheduleKey: string;
  scheduleLabel: string;
  label: string;
  config: ExperimentConfig;
}

export interface LogGridSpec {
  min: number;
  max: number;
  count: number;
}

const LAMBDA_FIELD = fieldByPath('prior.lambda');
const LAMBDA_LIMIT = LAMBDA_FIELD && LAMBDA_FIELD.type === 'number' ? LAMBDA_FIELD.max : 1e4;
export const MAX_SWEEP_POINTS = 40;

/** `count` values from min to max, evenly spaced in log, rounded to 3 significant digits. */
export function logGrid({ min, max, count }: LogGridSpec): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const n = Math.max(1, Math.floor(count));
  if (n === 1 || min === max) return [round3(min)];
  const lo = Math.log(Math.min(min, max));
  const hi = Math.log(Math.max(min, max));
  const values = Array.from({ length: n }, (_, i) => round3(Math.exp(lo + ((hi - lo) * i) / (n - 1))));
  return [...new Set(values)];
}

/** What is wrong with a grid a person typed, or null if it is fine. */
export function checkGrid({ min, max, count }: LogGridSpec): string | null {
  if (!(min > 0) || !Number.isFinite(min)) return 'The smallest λ must be a number above 0.';
  if (!(max > 0) || !Number.isFinite(max)) return 'The largest λ must be a number above 0.';
  if (max < min) return 'The largest λ is below the smallest.';
  if (max > LAMBDA_LIMIT) return `λ goes up to ${LAMBDA_LIMIT}.`;
  if (!Number.isInteger(count) || count < 2) return 'A sweep needs at least 2 values of λ.';
  if (count > MAX_SWEEP_POINTS) return `At most ${MAX_SWEEP_POINTS} values of λ per schedule.`;
  return null;
}

export function sweepRuns(base: ExperimentConfig, lambdas: readonly number[], schedules: readonly ScheduleSpec[]): SweepRun[] {
  return lambdas.flatMap((lambda) =>
    schedules.map((schedule) => {
      const config = withSchedule(base, schedule);
      config.prior.lambda = lambda;
      return {
        id: `${scheduleId(schedule)}/λ=${lambda}`,
        lambda,
        schedule,
        scheduleKey: scheduleId(schedule),
        scheduleLabel: describeSchedule(schedule),
        label: `${describeSchedule(schedule)}, λ = ${lambda}`,
        config,
      };
    }),
  );
}

function round3(value: number): number {
  return Number(value.toPrecision(3));
}
