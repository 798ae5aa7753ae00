/** Every evaluation of a stored run, for exports: the evaluation log's, or what the record itself kept. */
import type { EvalPoint } from '../../engine/training/snapshot';
import type { EvaluationLog } from './evaluationLog';
import type { RunRecord } from './runRecord';

export interface FullHistory {
  history: EvalPoint[];
  /** Set when this is not every evaluation the run made: says what is missing and why. */
  note: string | null;
}

export async function readFullHistory(record: RunRecord, log: EvaluationLog | undefined): Promise<FullHistory> {
  if (record.fullHistory === 'log' && log) {
    try {
      const history = await log.read(record.id);
      // The log holds at least what the record does; anything less means chunks went missing.
      if (history.length >= record.history.length) return { history, note: null };
    } catch {
      // Storage went away since: fall back to what the record kept.
    }
  }
  if (!record.thinned) return { history: record.history, note: null };
  return {
    history: record.history,
    note: `"${record.name}": the browser's storage did not keep every evaluation of this run, so the export holds the ${record.history.length.toLocaleString('en-US')} kept for its charts (thinned, peaks and dips kept).`,
  };
}
