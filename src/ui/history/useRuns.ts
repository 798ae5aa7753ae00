import { useCallback, useEffect, useState } from 'react';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { RunRecord } from '../../lab/history/runRecord';
import { toStorageProblem } from '../../lab/history/runStore';

/** The stored runs, newest first, refreshed whenever the recorder saves. */
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
      if (event.type === 'saved') void refresh();
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
