import { lazy, Suspense, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { RUN_RECORD_VERSION, type RunRecord } from '../../lab/history/runRecord';
import type { RunSpec } from '../../lab/runner/runQueue';
import type { RunState } from './useRunQueue';

/** Loaded when first used, like the Runs list's panels. */
const RunPanels = lazy(() => import('../history/RunPanels').then((m) => ({ default: m.RunPanels })));

export interface FinishedRunViewProps {
  run: RunState<RunSpec>;
  /** e.g. "Frontier sweep: late (prior from epoch 10), λ = 2". */
  title: string;
  onClose: () => void;
  /** Load the run's config in the lab and train it again (absent: the lab cannot train it as it was, e.g. linearized). */
  onTrainInLab?: (config: ExperimentConfig) => void;
}

/**
 * A comparison's or sweep's run as it ended (gates, core network, path lengths, curves), drawn from
 * what the run kept: nothing trains, and the lab stays as it was. Opens where it was asked for.
 */
export function FinishedRunView({ run, title, onClose, onTrainInLab }: FinishedRunViewProps) {
  const record = useMemo(() => asRecord(run, title), [run, title]);
  const box = useRef<HTMLDivElement>(null);
  return (
    <div className="finished-run" ref={box} data-testid="finished-run">
      {onTrainInLab && (
        <div className="finished-run-actions">
          <button type="button" className="btn small" data-testid="finished-run-train" onClick={() => onTrainInLab(run.spec.config)} title="Load this run's config into the lab and train it again">
            Train it again in the lab
          </button>
        </div>
      )}
      <Suspense fallback={<p className="muted">Loading the panels…</p>}>
        <RunPanels record={record} onClose={onClose} />
        <ScrollIntoView target={box} when={run.spec.id} />
      </Suspense>
    </div>
  );
}

/**
 * Brings the run's top to the top of the window once its panels are there (it mounts with them,
 * inside the Suspense): before, the page may be too short to scroll that far.
 */
function ScrollIntoView({ target, when }: { target: RefObject<HTMLElement | null>; when: string }) {
  useEffect(() => {
    target.current?.scrollIntoView?.({ block: 'start' });
  }, [target, when]);
  return null;
}

function asRecord(run: RunState<RunSpec>, name: string): RunRecord {
  return {
    recordVersion: RUN_RECORD_VERSION,
    id: run.spec.id,
    name,
    createdAt: 0,
    updatedAt: 0,
    config: run.spec.config,
    backend: run.backend,
    history: run.history,
    gates: run.gates,
    step: run.step,
    totalSteps: run.totalSteps,
    finished: run.phase === 'finished',
    diverged: run.problem,
    source: 'trained',
    group: null,
  };
}
