/**
 * Early versus late: configs that differ only in when the prior switches on (method.md, "Sparsity
 * prior"). Everything else — seed, data, init, lambda — is shared, so the runs differ in nothing else.
 */
import type { ExperimentConfig, ScheduleUnit } from '../config/types';

export type ScheduleKind = 'early' | 'late';

export interface ScheduleSpec {
  kind: ScheduleKind;
  /** t_on in `unit`s; early is always 0. */
  start: number;
  unit: ScheduleUnit;
}

export interface ScheduledRun {
  /** Stable id, e.g. "early" or "late@3epoch". */
  id: string;
  label: string;
  schedule: ScheduleSpec;
  config: ExperimentConfig;
}

export function earlySchedule(): ScheduleSpec {
  return { kind: 'early', start: 0, unit: 'step' };
}

export function lateSchedule(start: number, unit: ScheduleUnit): ScheduleSpec {
  return { kind: 'late', start, unit };
}

/** The late schedule a config already describes, or "after half the training" if it starts at 0. */
export function lateScheduleFor(config: ExperimentConfig): ScheduleSpec {
  if (config.prior.start > 0) return lateSchedule(config.prior.start, config.prior.startUnit);
  return lateSchedule(Math.max(1, Math.floor(config.training.epochs / 2)), 'epoch');
}

export function describeSchedule(schedule: ScheduleSpec): string {
  if (schedule.start === 0) return 'early (prior from step 0)';
  const unit = schedule.unit === 'epoch' ? 'epoch' : 'step';
  return `late (prior from ${unit} ${schedule.start})`;
}

export function withSchedule(base: ExperimentConfig, schedule: ScheduleSpec): ExperimentConfig {
  const config = structuredClone(base);
  config.prior.start = schedule.start;
  config.prior.startUnit = schedule.unit;
  return config;
}

/** One run per schedule, on the base config's seed. */
export function scheduleRuns(base: ExperimentConfig, schedules: readonly ScheduleSpec[]): ScheduledRun[] {
  return schedules.map((schedule) => ({
    id: scheduleId(schedule),
    label: describeSchedule(schedule),
    schedule,
    config: withSchedule(base, schedule),
  }));
}

export function earlyVersusLate(base: ExperimentConfig, late: ScheduleSpec = lateScheduleFor(base)): ScheduledRun[] {
  return scheduleRuns(base, [earlySchedule(), late]);
}

export function scheduleId(schedule: ScheduleSpec): string {
  return schedule.start === 0 ? 'early' : `late@${schedule.start}${schedule.unit}`;
}

/** True when the configs are the same experiment apart from the prior's start (so matched APL means something). */
export function differOnlyInSchedule(configs: readonly ExperimentConfig[]): boolean {
  const strip = (c: ExperimentConfig) => JSON.stringify({ ...c, name: '', note: '', prior: { ...c.prior, start: 0, startUnit: 'step' } });
  return configs.length >= 2 && configs.every((c) => strip(c) === strip(configs[0]));
}
