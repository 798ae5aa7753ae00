import { useMemo } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { aplCurve, matchAtApl } from '../../engine/experiments/matchedApl';
import { differOnlyInSchedule } from '../../engine/experiments/schedules';
import { priorStartStep } from '../../engine/training/prior';
import type { RunSpec } from '../../lab/runner/runQueue';
import { KernelOverlay } from './KernelOverlay';
import { MatchedAplReadout } from './MatchedAplReadout';
import { OverlayCurves } from './OverlayCurves';
import { QueueStatus } from './QueueStatus';
import { RunEndStates } from './RunEndStates';
import type { RunQueueState } from './useRunQueue';

/** The overlaid runs of a comparison and what they show at matched APL. */
export function ComparisonResults({ queue, onTrainInLab }: { queue: RunQueueState<RunSpec>; onTrainInLab: (config: ExperimentConfig) => void }) {
  const { runs } = queue;
  const scheduleOnly = differOnlyInSchedule(runs.map((r) => r.spec.config));
  const match = useMemo(
    () => (scheduleOnly ? matchAtApl(runs.map((r) => aplCurve(r.history))) : null),
    [runs, scheduleOnly],
  );
  if (runs.length === 0) return null;
  const totalSteps = Math.max(...runs.map((r) => r.totalSteps));
  const overlay = runs.map((r) => {
    const stepsPerEpoch = r.totalSteps > 0 ? r.totalSteps / r.spec.config.training.epochs : 0;
    return {
      id: r.spec.id,
      label: r.spec.label,
      history: r.history,
      priorStartStep: r.spec.config.prior.lambda > 0 && stepsPerEpoch > 0 ? priorStartStep(r.spec.config.prior, stepsPerEpoch) : null,
    };
  });
  const finished = runs.every((r) => r.phase === 'finished');
  return (
    <div className="comparison-results">
      <QueueStatus queue={queue} />
      <OverlayCurves
        runs={overlay}
        totalSteps={totalSteps}
        matched={match?.kind === 'matched' ? match : null}
      />
      <KernelOverlay runs={overlay} totalSteps={totalSteps} />
      <MatchedAplReadout
        finished={finished}
        match={match}
        runs={runs.map((r) => {
          const last = [...r.history].reverse().find((p) => p.testAccuracy !== null);
          return { label: r.spec.label, finalAccuracy: last?.testAccuracy ?? null, finalApl: last?.aplNormalized ?? null };
        })}
      />
      <RunEndStates runs={runs} title={(r) => r.spec.label} onTrainInLab={onTrainInLab} />
    </div>
  );
}
