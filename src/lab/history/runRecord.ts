import type { ExperimentConfig } from '../../engine/config/types';
import type { EvalPoint, GateLayerView } from '../../engine/training/snapshot';
import type { RunAnalysis } from '../export/runAnalysis';

/** Longest run name kept (renamed or imported; cleaned by engine/text/cleanText). */
export const RUN_NAME_MAX_LENGTH = 120;

/** One run as the lab keeps it: what was trained, how it went, and where it ended. Plain data. */
export interface RunRecord {
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

export function newRunId(): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `run-${Date.now().toString(36)}-${random}`;
}

/** The latest evaluation that has a test accuracy. */
export function lastTestPoint(record: Pick<RunRecord, 'history'>): EvalPoint | undefined {
  for (let i = record.history.length - 1; i >= 0; i--) {
    if (record.history[i].testAccuracy !== null) return record.history[i];
  }
  return undefined;
}
