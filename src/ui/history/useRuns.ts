import { useCallback, useEffect, useState } from 'react';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { RunRecord } from '../../lab/history/runRecord';
import { sortNewestFirst, toStorageProblem } from '../../lab/history/runStore';

/** The stored runs, newest first, kept current as the recorder saves. */
export function useRuns(recorder: RunRecorder) {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setRuns(await recorder.store.list());
    } catch (e) {
      setProblem(toStorageProblem(e).message);
    }
  }, [recorder]);

  useEffect(() => {
    void refresh();
    return recorder.subscribe((event) => {
      // A save changes one record: put it in the list rather than reading every run back.
      if (event.type === 'saved') setRuns((runs) => sortNewestFirst([event.record, ...runs.filter((r) => r.id !== event.record.id)]));
      else setProblem(event.problem.message);
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

  return { runs, problem, setProblem, change };
}
