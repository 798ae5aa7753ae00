/**
 * Keeps the runs of a comparison or sweep (trained one after another by runner/runQueue.ts) as run
 * records of one group: each run is saved once it trains a step, at most every `throttleMs` while it
 * trains, and at once when it finishes, fails or the queue is stopped. A reload then finds every run
 * that trained, finished or not, each in its own record (never two records of one run). A resumed
 * queue (runner/savedQueue.ts) joins its group again and writes over the record of a run that had
 * trained part way.
 */
import type { ExperimentConfig } from '../../engine/config/types';
import type { RunnerEvent } from '../runner/runQueue';
import { cleanText } from '../../engine/text/cleanText';
import { newRunId, newRunRecord, RUN_NAME_MAX_LENGTH, type RunGroupKind, type RunRecord } from './runRecord';

export interface GroupRunSpec {
  id: string;
  label: string;
  config: ExperimentConfig;
  linearizeAt?: number | null;
  width?: number;
}

export interface GroupRecorderOptions {
  kind: RunGroupKind;
  /** The comparison's name, e.g. "Early versus late". */
  name: string;
  specs: readonly GroupRunSpec[];
  /** Writes one record (RunRecorder.keep); a rejection has been reported by it already. */
  keep: (record: RunRecord) => Promise<void>;
  /** A resumed queue: the group its runs join (absent: a new group). */
  groupId?: string;
  /** A resumed queue, by the specs' order: the record a run's new record replaces (it trained part way before). */
  recordIds?: readonly (string | null)[];
  throttleMs?: number;
  now?: () => number;
  newId?: (prefix: string) => string;
}

export interface GroupRecorder {
  readonly groupId: string;
  handle: (event: RunnerEvent) => void;
  /** The record of each run so far (null: not started), by the specs' order. */
  records(): readonly (RunRecord | null)[];
}

export function recordGroup({ kind, name, specs, keep, groupId: resumed, recordIds, throttleMs = 2000, now = () => Date.now(), newId = newRunId }: GroupRecorderOptions): GroupRecorder {
  const groupId = resumed ?? newId('group');
  const records: (RunRecord | null)[] = specs.map(() => null);
  const lastWrite: number[] = specs.map(() => -Infinity);
  const dirty: boolean[] = specs.map(() => false);
  let writes: Promise<void> = Promise.resolve();

  const write = (index: number) => {
    const record = records[index];
    if (!record || record.step === 0 || !dirty[index]) return;
    dirty[index] = false;
    lastWrite[index] = now();
    const copy = structuredClone(record);
    // One write at a time, in order: a later state of a run never lands before an earlier one.
    writes = writes.then(() => keep(copy).catch(() => undefined));
  };

  const update = (index: number, change: Partial<RunRecord>) => {
    const record = records[index];
    if (!record) return;
    Object.assign(record, change, { updatedAt: now() });
    dirty[index] = true;
  };

  return {
    groupId,
    records: () => records,
    handle(event) {
      switch (event.type) {
        case 'run-started': {
          const spec = specs[event.index];
          const t = now();
          records[event.index] = newRunRecord({
            id: recordIds?.[event.index] ?? newId('run'),
            name: cleanText(`${name}: ${spec.label}`, RUN_NAME_MAX_LENGTH),
            at: t,
            config: spec.config,
            group: {
              id: groupId,
              kind,
              name,
              member: spec.id,
              label: spec.label,
              index: event.index,
              size: specs.length,
              linearizeAt: spec.linearizeAt ?? null,
              width: spec.width ?? null,
            },
          });
          break;
        }
        case 'run-progress':
          update(event.index, { step: event.step, totalSteps: event.totalSteps, history: event.history, gates: event.gates, backend: event.backend });
          if (now() - lastWrite[event.index] >= throttleMs) write(event.index);
          break;
        case 'run-finished':
          update(event.index, {
            step: event.step, totalSteps: event.totalSteps, history: event.history, gates: event.gates, backend: event.backend, finished: true, diverged: event.diverged,
          });
          write(event.index);
          break;
        case 'run-failed':
          write(event.index);
          break;
        case 'done':
          records.forEach((_, i) => write(i));
          break;
        case 'status':
          break;
      }
    },
  };
}
