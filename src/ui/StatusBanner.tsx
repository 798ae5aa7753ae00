import { moreText, summarize } from '../engine/text/summarize';
import type { LabStatus } from '../lab/labApi';

const LINK_ISSUES_SHOWN = 12;

const STATUS_LABEL: Record<LabStatus, string> = {
  starting: 'Starting',
  'loading-data': 'Loading data',
  ready: 'Ready',
  running: 'Training',
  paused: 'Paused',
  finished: 'Finished',
  error: 'Error',
};

/**
 * One line that always says what the lab is doing: the state in bold, then the message. A message that
 * already starts with the state's word ("Paused at step 52.") continues it instead of repeating it.
 */
export function StatusLine({ status, message }: { status: LabStatus | null; message: string }) {
  const label = STATUS_LABEL[status ?? 'starting'];
  const continues = message.startsWith(label) && !/^[a-z]/i.test(message.charAt(label.length));
  return (
    <div className={`status status-${status ?? 'starting'}`} role="status" aria-live="polite" data-testid="status-line" title={message}>
      <span className="status-dot" aria-hidden="true" />
      <strong>{label}</strong>
      {continues ? (
        <span className="status-message">{message.slice(label.length)}</span>
      ) : (
        message && <span className="status-message"> · {message}</span>
      )}
    </div>
  );
}

/** Errors and divergence get a full-width bar of their own: loud, specific, and the page stays. */
export function AlertBar({
  error,
  diverged,
  checkpointStep = null,
  onDismissError,
  onRewind,
}: {
  error: string | null;
  diverged: string | null;
  /** The last good evaluation's step, kept in memory: a diverged run can go back to it. */
  checkpointStep?: number | null;
  onDismissError: () => void;
  onRewind?: () => void;
}) {
  if (error) {
    return (
      <div className="alert-bar alert-error" role="alert" data-testid="error-banner">
        <strong>Error:</strong> <span data-testid="error-message">{error}</span>
        <button type="button" className="btn link" onClick={onDismissError} aria-label="Dismiss error">
          dismiss
        </button>
      </div>
    );
  }
  if (diverged) {
    return (
      <div className="alert-bar alert-warning" role="alert" data-testid="diverged-banner">
        <strong>Training stopped:</strong> {diverged}
        {checkpointStep !== null && onRewind && (
          <button type="button" className="btn" data-testid="rewind-button" onClick={onRewind}>
            Back to the last good evaluation (step {checkpointStep})
          </button>
        )}
      </div>
    );
  }
  return null;
}

/** What the lab had to change in a shared link: every bad field named, with the value used instead. */
export function LinkNotice({ issues, onDismiss }: { issues: string[]; onDismiss: () => void }) {
  if (issues.length === 0) return null;
  const { shown, more } = summarize(issues, LINK_ISSUES_SHOWN);
  return (
    <div className="alert-bar alert-warning" role="alert" data-testid="link-notice">
      <strong>This link had problems; the lab opened with defaults for them:</strong>
      <ul className="link-issues">
        {shown.map((issue, i) => (
          <li key={i}>{issue}</li>
        ))}
        {more > 0 && <li data-testid="link-issues-more">{moreText(more)}</li>}
      </ul>
      <button type="button" className="btn link" onClick={onDismiss} aria-label="Dismiss link problems">
        dismiss
      </button>
    </div>
  );
}

/** The training worker was replaced by a fresh one (it crashed, hung or lost its backend): what happened and what to do. */
export function WorkerRestartedNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="alert-bar alert-warning" role="alert" data-testid="worker-restarted">
      <strong>Training restarted:</strong> <span data-testid="worker-restarted-message">{message}</span>
      <button type="button" className="btn link" onClick={onDismiss} aria-label="Dismiss restart notice">
        dismiss
      </button>
    </div>
  );
}
