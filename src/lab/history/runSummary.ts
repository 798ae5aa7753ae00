import { describeConfig, lastTestPoint, type RunGroup, type RunRecord } from './runRecord';

/**
 * What the Runs list shows of a run, and what finds a comparison's or sweep's runs: a few hundred
 * bytes, against a record's config, evaluations and gates. The IndexedDB store keeps one per record,
 * written in the same transaction (indexedDbRunStore.ts), so opening the lab reads these and not
 * every record whole; a run's record is read (RunStore.get) when a person opens, compares or exports it.
 */
export interface RunSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** describeConfig of the run's config ("xor · MLP 8-8 · λ 0.1 · seed 1"). */
  description: string;
  source: RunRecord['source'];
  group: RunGroup | null;
  step: number;
  totalSteps: number;
  finished: boolean;
  diverged: string | null;
  backend: string | null;
  /** It kept gates, so the panels can show it as it ended. */
  hasGates: boolean;
  /** The test accuracy of the latest evaluation that has one. */
  testAccuracy: number | null;
  /** The normalized average path length at the latest evaluation. */
  aplNormalized: number | null;
}

export function summarizeRun(record: RunRecord): RunSummary {
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    description: describeConfig(record.config),
    source: record.source,
    group: record.group ? { ...record.group } : null,
    step: record.step,
    totalSteps: record.totalSteps,
    finished: record.finished,
    diverged: record.diverged,
    backend: record.backend,
    hasGates: record.gates !== null,
    testAccuracy: lastTestPoint(record)?.testAccuracy ?? null,
    aplNormalized: record.history.at(-1)?.aplNormalized ?? null,
  };
}
