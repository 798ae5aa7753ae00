import type { ExperimentConfig } from '../../engine/config/types';
import type { EvalPoint, GateLayerView } from '../../engine/training/snapshot';
import type { RunAnalysis } from '../export/runAnalysis';

/**
 * The shape of a stored record. 1: the records before versioning (no recordVersion, no group, the
 * config as its lab wrote it). 2: recordVersion and group. Older records are migrated on read
 * (runRecordMigration.ts); bump this and add a step there when the shape changes.
 */
export const RUN_RECORD_VERSION = 2;

/** The experiments of the Compare tab whose runs are kept as a group. */
export const RUN_GROUP_KINDS = ['comparison', 'sweep', 'linearize', 'widths'] as const;
export type RunGroupKind = (typeof RUN_GROUP_KINDS)[number];

/**
 * A run that belongs to a comparison or sweep: each of its runs is a record like any other (listed,
 * reopened, exported), and the runs that share a group id make up the comparison again.
 */
export interface RunGroup {
  id: string;
  kind: RunGroupKind;
  /** The comparison's name, e.g. "Early versus late" or a preset's title. */
  name: string;
  /** The run's key in its group (the run spec's id, e.g. "late@10epoch/λ=2"). */
  member: string;
  /** The run's label in the comparison's legend. */
  label: string;
  /** Position in the group (0-based) and how many runs it planned. */
  index: number;
  size: number;
  /** Trained linearized in its weights from this step on (Fort et al.); null: the real network. */
  linearizeAt: number | null;
  /** Width sweep: the hidden width of this run. */
  width: number | null;
}

/** Longest run name kept (renamed or imported; cleaned by engine/text/cleanText). */
export const RUN_NAME_MAX_LENGTH = 120;

/** One run as the lab keeps it: what was trained, how it went, and where it ended. Plain data. */
export interface RunRecord {
  /** RUN_RECORD_VERSION when written by this lab. */
  recordVersion: number;
  id: string;
  /** The user's name for the run; starts as the config's name or a summary of the config. */
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The config in force at the latest step (live changes such as λ included). */
  config: ExperimentConfig;
  /** Compute backend it trained on (e.g. wasm), once known. */
  backend: string | null;
  /**
   * The evaluations kept with the record, oldest first: all of them for imported and short runs;
   * past CHART_HISTORY_LIMIT the charts' thinned copy (extremes kept), bounded for any run length.
   */
  history: EvalPoint[];
  /**
   * Trained runs: where every evaluation is. 'log': in the evaluation log (evaluationLog.ts), read
   * by exports. 'history': the log could not keep them (IndexedDB unavailable or full), so `history`
   * is all that is left. Absent (imported runs, older records): `history` holds every evaluation.
   */
  fullHistory?: 'log' | 'history';
  /** `history` was thinned: it holds fewer evaluations than the run made. */
  thinned?: boolean;
  /** Gates at the latest snapshot: the final gates once the run is finished. */
  gates: GateLayerView[] | null;
  step: number;
  totalSteps: number;
  finished: boolean;
  diverged: string | null;
  source: 'trained' | 'imported';
  /** The comparison or sweep this run belongs to, or null for a run of the lab. */
  group: RunGroup | null;
  /** Imported runs: the APL and core network their file carried (the PyTorch script writes them). */
  analysis?: RunAnalysis | null;
}

/** "xor · MLP 8-8 · λ 0.1 · seed 1": enough to tell runs apart in a list. */
export function describeConfig(config: ExperimentConfig): string {
  const model =
    config.model.kind === 'mlp'
      ? `MLP ${config.model.hidden.join('-')}`
      : `CNN ${config.model.conv.map((s) => s.channels).join('-')}`;
  const residual = config.model.residual ? ' res' : '';
  return `${config.dataset.kind} · ${model}${residual} · λ ${config.prior.lambda} · seed ${config.training.seed}`;
}

export function defaultRunName(config: ExperimentConfig): string {
  return config.name.trim() || describeConfig(config);
}

export function newRunId(prefix = 'run'): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

/** The latest evaluation that has a test accuracy. */
/** A run's record before its first step: no history, no gates, not finished. */
export function newRunRecord(fields: Pick<RunRecord, 'id' | 'name' | 'config' | 'group'> & { at: number; fullHistory?: RunRecord['fullHistory'] }): RunRecord {
  const { at, fullHistory, config, ...rest } = fields;
  return {
    recordVersion: RUN_RECORD_VERSION,
    ...rest,
    createdAt: at,
    updatedAt: at,
    config: structuredClone(config),
    backend: null,
    history: [],
    ...(fullHistory ? { fullHistory } : {}),
    gates: null,
    step: 0,
    totalSteps: 0,
    finished: false,
    diverged: null,
    source: 'trained',
  };
}

export function lastTestPoint(record: Pick<RunRecord, 'history'>): EvalPoint | undefined {
  for (let i = record.history.length - 1; i >= 0; i--) {
    if (record.history[i].testAccuracy !== null) return record.history[i];
  }
  return undefined;
}
