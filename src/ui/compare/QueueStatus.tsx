import type { RunSpec } from '../../lab/runner/runQueue';
import { formatRemaining } from '../../lab/runner/progress';
import type { RunQueueState } from './useRunQueue';

/** Progress of a queue: a bar, runs done, time left, and a stop button while it runs. */
export function QueueStatus<S extends RunSpec>({ queue }: { queue: RunQueueState<S> }) {
  const { progress, active, message, runs } = queue;
  if (!progress) return null;
  const problems = runs.filter((r) => r.problem);
  return (
    <div className="queue-status" data-testid="queue-status">
      <div className="queue-row">
        <progress max={1} value={progress.fraction} aria-label="Progress of the runs" />
        {/* Before the text, whose width changes with every estimate: a button that moves is hard to hit. */}
        {active && (
          <button type="button" className="btn" data-testid="queue-stop" onClick={queue.stop}>
            Stop
          </button>
        )}
        <span data-testid="queue-progress-text">
          {progress.runsDone} of {progress.runsTotal} runs done
          {active ? ` · ${formatRemaining(progress.remainingMs)}` : ''}
        </span>
      </div>
      {message && <p className="muted queue-message">{message}</p>}
      {problems.map((r) => (
        <p className="queue-problem" key={r.spec.id}>
          {r.spec.label}: {r.problem}
        </p>
      ))}
    </div>
  );
}
