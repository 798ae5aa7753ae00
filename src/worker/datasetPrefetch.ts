/**
 * The data of the run the page is about to load, opened before the worker can train: the worker's
 * entry (trainingWorker.ts) starts it on the page's `prepare`, while TensorFlow.js still loads, and
 * the session's first load of that config takes it instead of opening the file again. Opening a
 * data set needs no tfjs (src/engine/data). Only the one awaited run is kept; a load of another
 * config opens its own (the prefetched file's download runs to its end unread).
 */
import type { ExperimentConfig } from '../engine/config/types';
import { validateConfig } from '../engine/config/validate';
import type { Dataset } from '../engine/data/types';

/** What identifies a run's data: the same dataset settings and seed give the same samples. */
export function datasetKey(config: ExperimentConfig): string {
  return JSON.stringify([config.dataset, config.training.seed]);
}

export class DatasetPrefetch {
  private pending: { key: string; dataset: Promise<Dataset> } | null = null;

  constructor(private readonly open: (config: ExperimentConfig) => Promise<Dataset>) {}

  /** Starts opening the data of `input`; a config the load would refuse is left to the load to report. */
  start(input: ExperimentConfig): void {
    let config: ExperimentConfig;
    try {
      const checked = validateConfig(input, { budget: false });
      if (checked.issues.length > 0) return;
      config = checked.config;
    } catch {
      return;
    }
    const key = datasetKey(config);
    if (this.pending?.key === key) return;
    const dataset = this.open(config);
    // A failure is the load's to report, when it takes this promise; never an unhandled rejection.
    dataset.catch(() => undefined);
    this.pending = { key, dataset };
  }

  /** The data of `config`: the prefetched one when it is this config's (once), else opened now. */
  readonly load = (config: ExperimentConfig): Promise<Dataset> => {
    const pending = this.pending;
    this.pending = null;
    return pending?.key === datasetKey(config) ? pending.dataset : this.open(config);
  };
}
