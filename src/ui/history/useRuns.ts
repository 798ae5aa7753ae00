import { useCallback, useEffect, useState } from 'react';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { RunRecord } from '../../lab/history/runRecord';
import { sortNewestFirst, toStorageProblem } from '../../lab/history/runStore';

/** The stored runs, newest first, kept current as the recorder saves. */
export function useRuns(recorder: RunRecorder) {
  const [runs, setRuns] = useState<RunRecord[]>([]);
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
        .list()
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
        setRuns((prev) => upsertNewestFirst(prev, event.record));
        setUnsaved((prev) => (prev.has(event.record.id) ? new Set([...prev].filter((id) => id !== event.record.id)) : prev));
      } else if (event.type === 'training') {
        setTrainingId(event.id);
      } else if (event.type === 'groups-training') {
        setTrainingGroups(event.ids);
      } else {
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
      setRuns((prev) => sortNewestFirst([...prev, ...records]));
      setUnsaved(new Set(recorder.store.unsaved?.() ?? []));
    },
    [recorder],
  );

  return { runs, unsaved, trainingId, trainingGroups, problem, setProblem, change, refresh, add };
}

/** The list with `record` replacing the run of the same id, or added in its place by creation time. */
export function upsertNewestFirst(runs: RunRecord[], record: RunRecord): RunRecord[] {
  const at = runs.findIndex((r) => r.id === record.id);
  if (at >= 0) return [...runs.slice(0, at), record, ...runs.slice(at + 1)];
  const before = runs.findIndex((r) => r.createdAt < record.createdAt);
  return before < 0 ? [...runs, record] : [...runs.slice(0, before), record, ...runs.slice(before)];
}
