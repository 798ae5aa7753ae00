import { useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { frontierCurves } from '../../engine/experiments/frontier';
import { earlySchedule, type ScheduleSpec } from '../../engine/experiments/schedules';
import { checkGrid, logGrid, sweepRuns, type SweepRun } from '../../engine/experiments/sweepGrid';
import { FinishedRunView } from './FinishedRunView';
import { FrontierPlot } from './FrontierPlot';
import { QueueStatus } from './QueueStatus';
import type { RunQueueState } from './useRunQueue';

export interface SweepSectionProps {
  base: ExperimentConfig;
  late: ScheduleSpec;
  queue: RunQueueState<SweepRun>;
  /** Train a run's config again in the lab. */
  onOpen: (config: ExperimentConfig) => void;
}

/** Lambda over a log grid for the early and the late schedule: final accuracy against final APL. */
export function SweepSection({ base, late, queue, onOpen }: SweepSectionProps) {
  const [min, setMin] = useState('0.3');
  // The loss-term prior's measured frontiers (docs/findings.md) run from λ ≈ 0.3 (little effect) to 100 (everything linear).
  const [max, setMax] = useState('100');
  const [count, setCount] = useState('6');
  /** The run whose end state is shown under the plot. */
  const [viewed, setViewed] = useState<string | null>(null);
  const grid = { min: Number(min), max: Number(max), count: Number(count) };
  const problem = checkGrid(grid);
  const lambdas = problem ? [] : logGrid(grid);

  const finished = queue.runs.filter((r) => r.phase === 'finished');
  const curves = useMemo(
    () => frontierCurves(queue.runs.filter((r) => r.phase === 'finished').map((r) => ({ run: r.spec, history: r.history }))),
    [queue.runs],
  );
  const aplMax = Math.max(0, ...queue.runs.map((r) => r.history[0]?.aplNormalized ?? 0));

  const viewedRun = queue.runs.find((r) => r.spec.id === viewed && r.phase === 'finished');

  return (
    <section className="compare-section" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Frontier sweep</h2>
      <p className="section-lead">
        Train the lab&apos;s settings once per λ on a log grid, for the early and the late schedule, and plot each run&apos;s
        final test accuracy against its final APL. The paper&apos;s picture: accuracy decays slowly as the network gets
        shallower, then collapses — and on hard tasks the late curve lies above the early one.
      </p>
      <div className="compare-form">
        <label>
          smallest λ <input type="number" min={0} step="any" value={min} onChange={(e) => setMin(e.target.value)} data-testid="sweep-min" />
        </label>
        <label>
          largest λ <input type="number" min={0} step="any" value={max} onChange={(e) => setMax(e.target.value)} data-testid="sweep-max" />
        </label>
        <label>
          values <input type="number" min={2} max={40} step={1} value={count} onChange={(e) => setCount(e.target.value)} data-testid="sweep-count" />
        </label>
        <button
          type="button"
          className="btn primary"
          data-testid="sweep-run"
          disabled={problem !== null}
          onClick={() => queue.start(sweepRuns(base, lambdas, [earlySchedule(), late]))}
        >
          Run sweep ({lambdas.length * 2} runs)
        </button>
      </div>
      {problem ? (
        <p className="form-problem">{problem}</p>
      ) : (
        <p className="muted">λ: {lambdas.join(', ')}</p>
      )}
      <QueueStatus queue={queue} />
      {queue.runs.length > 0 && (
        <>
          <FrontierPlot curves={curves} aplMax={aplMax} onOpen={setViewed} />
          <p className="muted">{finished.length} finished point{finished.length === 1 ? '' : 's'} kept.</p>
          {viewedRun && (
            <FinishedRunView run={viewedRun} title={`Frontier sweep: ${viewedRun.spec.label}`} onClose={() => setViewed(null)} onTrainInLab={onOpen} />
          )}
        </>
      )}
    </section>
  );
}
