import type { Snapshot } from '../engine/training/snapshot';
import { SLOW_STEPS_PER_SECOND } from '../lab/labApi';
import { formatInteger } from './format';

export interface TransportProps {
  snapshot: Snapshot | null;
  running: boolean;
  epochs: number;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  /** Slow mode: a few steps a second, every one shown. */
  slow: boolean;
  onSlowChange: (slow: boolean) => void;
  /** In slow mode with the prior still ahead: the step it comes on at, which Skip trains to at full speed. */
  priorAhead?: number | null;
  onSkipToPrior?: () => void;
}

export function Transport({ snapshot, running, epochs, onPlay, onPause, onStep, onReset, slow, onSlowChange, priorAhead = null, onSkipToPrior }: TransportProps) {
  const step = snapshot?.step ?? 0;
  const total = snapshot?.totalSteps ?? 0;
  const perEpoch = snapshot?.stepsPerEpoch ?? 0;
  // Play after the end trains on past the planned epochs: the run's own length is what it says now.
  const plannedEpochs = perEpoch > 0 && total > 0 ? Math.ceil(total / perEpoch) : epochs;
  const epoch = perEpoch > 0 ? Math.min(plannedEpochs, Math.floor(step / perEpoch) + 1) : 0;
  const finished = snapshot?.finished ?? false;
  const diverged = snapshot?.diverged != null;
  const ready = snapshot !== null;
  const fraction = total > 0 ? Math.min(1, step / total) : 0;

  return (
    <div className="transport">
      <button
        type="button"
        className={`btn primary play ${running ? 'is-running' : ''}`}
        data-testid="play-button"
        aria-label={running ? 'Pause training' : finished ? 'Play: train on past the end' : 'Play: train'}
        title={finished && !running ? 'Train on past the planned end, with the prior as set now' : undefined}
        aria-pressed={running}
        disabled={!ready || (diverged && !running)}
        onClick={running ? onPause : onPlay}
      >
        <span aria-hidden="true" className="play-icon">
          {running ? '❚❚' : '▶'}
        </span>
        {running ? 'Pause' : 'Play'}
      </button>
      <button type="button" className="btn" data-testid="step-button" aria-label="Step: train one batch" disabled={!ready || running || diverged} onClick={onStep}>
        Step
      </button>
      <button type="button" className="btn" data-testid="reset-button" aria-label="Reset to step 0" disabled={!ready} onClick={onReset}>
        Reset
      </button>
      <button
        type="button"
        className={`btn ${slow ? 'is-on' : ''}`}
        data-testid="slow-button"
        aria-pressed={slow}
        aria-label={`Slow mode: ${SLOW_STEPS_PER_SECOND} steps a second, every one shown`}
        title={`Slow mode: ${SLOW_STEPS_PER_SECOND} steps a second, every one shown`}
        onClick={() => onSlowChange(!slow)}
      >
        Slow
      </button>
      {priorAhead !== null && onSkipToPrior && (
        <button
          type="button"
          className="btn"
          data-testid="skip-to-prior"
          title={`Train at full speed to step ${formatInteger(priorAhead)}, where the prior comes on, then slowly from there`}
          onClick={onSkipToPrior}
        >
          Skip to the prior
        </button>
      )}
      <div className="progress-wrap">
        <div
          className="progress"
          role="progressbar"
          aria-label="Training progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={step}
          data-testid="progress-bar"
        >
          <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
        </div>
        <div className="step-counter" data-testid="step-counter">
          step <strong>{formatInteger(step)}</strong> / {formatInteger(total)} · epoch <strong>{epoch}</strong> / {plannedEpochs}
        </div>
      </div>
    </div>
  );
}
