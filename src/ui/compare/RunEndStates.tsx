import { useState } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import type { RunSpec } from '../../lab/runner/runQueue';
import { FinishedRunView } from './FinishedRunView';
import type { RunState } from './useRunQueue';

/** "As it ended:" one button per run that kept its gates; the chosen run's end state opens under them. */
export function RunEndStates({ runs, title, onTrainInLab }: { runs: RunState<RunSpec>[]; title: (run: RunState<RunSpec>) => string; onTrainInLab: (config: ExperimentConfig) => void }) {
  const [viewed, setViewed] = useState<string | null>(null);
  const ended = runs.filter((r) => r.phase !== 'running' && r.phase !== 'waiting' && r.gates);
  if (ended.length === 0) return null;
  const viewedRun = ended.find((r) => r.spec.id === viewed);
  return (
    <>
      <div className="compare-form" role="group" aria-label="Show a run as it ended">
        <span className="muted">As it ended:</span>
        {ended.map((r) => (
          <button
            key={r.spec.id}
            type="button"
            className="btn small"
            data-testid="comparison-run-view"
            aria-pressed={viewed === r.spec.id}
            onClick={() => setViewed((v) => (v === r.spec.id ? null : r.spec.id))}
          >
            {r.spec.label}
          </button>
        ))}
      </div>
      {viewedRun && (
        // A run linearized in its weights cannot be trained so in the lab.
        <FinishedRunView run={viewedRun} title={title(viewedRun)} onClose={() => setViewed(null)} onTrainInLab={viewedRun.spec.linearizeAt == null ? onTrainInLab : undefined} />
      )}
    </>
  );
}
