import { backendComparison, type LinkOrigin } from '../../lab/share/shareLink';

/**
 * What a person who opened a shared link needs to know: which run it is (its name and note, shown as
 * plain text), that it reproduces the run, and whether this lab computes on the same backend.
 */
export function ShareNotice({ origin, runningOn, onDismiss }: { origin: LinkOrigin; runningOn: string | null; onDismiss: () => void }) {
  const backend = backendComparison(origin.madeOn, runningOn);
  return (
    <div className={`alert-bar share-notice ${backend && !backend.same ? 'alert-warning' : 'alert-info'}`} role="status" data-testid="share-notice">
      <div className="share-text">
        <strong>
          Opened from a link{origin.name ? ': ' : '.'}
          {origin.name && <span data-testid="share-name">{origin.name}</span>}
        </strong>
        {origin.note && (
          <p className="share-note" data-testid="share-note">
            {origin.note}
          </p>
        )}
        <p>
          This reproduces the run: same data, initialization and batch order (seed {origin.seed}).{' '}
          {backend && <span data-testid="share-backend">{backend.text}</span>}
        </p>
      </div>
      <button type="button" className="btn link" onClick={onDismiss} aria-label="Dismiss link notice">
        dismiss
      </button>
    </div>
  );
}

/** Storage trouble: said once, plainly, while the lab goes on. */
export function StorageNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="alert-bar alert-warning" role="alert" data-testid="storage-notice">
      <strong>Run history:</strong> <span>{message}</span>
      <button type="button" className="btn link" onClick={onDismiss} aria-label="Dismiss storage notice">
        dismiss
      </button>
    </div>
  );
}
