import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { RunRecord } from '../../lab/history/runRecord';
import { sortNewestFirst, toStorageProblem, type RunStore } from '../../lab/history/runStore';
import { summarizeRun, type RunSummary } from '../../lab/history/runSummary';

/**
 * The stored runs' summaries, newest first, kept current as the recorder saves: what the list shows.
 * Reading every record whole instead blocked the page for seconds with thousands stored.
 */
export function useRuns(recorder: RunRecorder) {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  /** Ids of runs the browser would not store: listed, but gone when the page closes. */
  const [unsaved, setUnsaved] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  /** The run the lab is training now: a paused or finished run is not "training". */
  const [trainingId, setTrainingId] = useState<string | null>(() => recorder.trainingRunId());
  /** The comparisons and sweeps training in this tab now (group ids). */
  const [trainingGroups, setTrainingGroups] = useState<ReadonlySet<string>>(() => recorder.trainingGroups());

  const refresh = useCallback(
    () =>
      recorder.store
        .summaries()
        .then((listed) => {
          setRuns(listed);
          setUnsaved(new Set(recorder.store.unsaved?.() ?? []));
        })
        .catch((e: unknown) => setProblem(toStorageProblem(e).message)),
    [recorder],
  );

  useEffect(() => {
    void refresh();
    return recorder.subscribe((event) => {
      if (event.type === 'saved') {
        // One run changed: update it in place instead of reading every stored run again, so a save
        // costs the same with 3 runs stored or 3,000.
        setRuns((prev) => upsertNewestFirst(prev, summarizeRun(event.record)));
        setUnsaved((prev) => (prev.has(event.record.id) ? new Set([...prev].filter((id) => id !== event.record.id)) : prev));
      } else if (event.type === 'training') {
        setTrainingId(event.id);
      } else if (event.type === 'groups-training') {
        setTrainingGroups(event.ids);
      } else if (event.type === 'problem') {
        setProblem(event.problem.message);
        // A refused write still keeps the run, in memory: list it either way.
        void refresh();
      }
    });
  }, [recorder, refresh]);

  /** Runs a store change, then shows the list as it now is; a failure is reported, never thrown. */
  const change = useCallback(
    async (action: () => Promise<void>) => {
      try {
        await action();
      } catch (e) {
        setProblem(toStorageProblem(e).message);
      }
      await refresh();
    },
    [refresh],
  );

  /** Runs just stored (an import): listed without reading every stored run again (thousands take seconds to read). */
  const add = useCallback(
    (records: RunRecord[]) => {
      setRuns((prev) => sortNewestFirst([...prev, ...records.map(summarizeRun)]));
      setUnsaved(new Set(recorder.store.unsaved?.() ?? []));
    },
    [recorder],
  );

  return { runs, unsaved, trainingId, trainingGroups, problem, setProblem, change, refresh, add };
}

/** The list with `record` replacing the run of the same id, or added in its place by creation time. */
export function upsertNewestFirst<R extends { id: string; createdAt: number }>(runs: R[], record: R): R[] {
  const at = runs.findIndex((r) => r.id === record.id);
  if (at >= 0) return [...runs.slice(0, at), record, ...runs.slice(at + 1)];
  const before = runs.findIndex((r) => r.createdAt < record.createdAt);
  return before < 0 ? [...runs, record] : [...runs.slice(0, before), record, ...runs.slice(before)];
}

/**
 * The whole records of the runs in `shown` (a row's numbers, the panels, the compared runs), read one
 * by one from the store. A record is read again when its summary says it changed (saved since, or
 * renamed); a run no longer shown is let go with the next read. Records not read yet are absent.
 */
export function useRunRecords(store: RunStore, shown: readonly RunSummary[]): ReadonlyMap<string, RunRecord> {
  const [records, setRecords] = useState<ReadonlyMap<string, RunRecord>>(new Map());
  /** The summary each record was last read for: read once per summary, whatever it brought. */
  const readFor = useRef(new Map<string, RunSummary>());
  useEffect(() => {
    const ids = new Set(shown.map((s) => s.id));
    for (const id of readFor.current.keys()) if (!ids.has(id)) readFor.current.delete(id);
    for (const summary of shown) {
      const have = records.get(summary.id);
      if (have && have.updatedAt === summary.updatedAt && have.name === summary.name) continue;
      if (readFor.current.get(summary.id) === summary) continue;
      readFor.current.set(summary.id, summary);
      void store.get(summary.id).then(
        (record) => {
          // Runs no longer shown are let go here, with the next read.
          if (record && readFor.current.get(summary.id) === summary) setRecords((prev) => new Map([...prev].filter(([id]) => ids.has(id))).set(summary.id, record));
        },
        () => undefined, // not listed as read: a later summary of it tries again
      );
    }
  }, [store, shown, records]);
  return records;
}
