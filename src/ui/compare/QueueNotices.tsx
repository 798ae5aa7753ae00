import type { QueueNotice } from '../../lab/runner/resumeQueue';

export interface QueueNoticesProps {
  notices: readonly QueueNotice[];
  /** What went wrong the last time Resume was pressed, by notice key. */
  problems?: Readonly<Record<string, string>>;
  /** A resume is starting: its buttons wait. */
  busy?: string | null;
  onResume: (key: string) => void;
  onDiscard: (key: string) => void;
}

/** Comparisons and sweeps cut short by a reload (lab/runner/resumeQueue.ts): Resume or Discard each. */
export function QueueNotices({ notices, problems = {}, busy = null, onResume, onDiscard }: QueueNoticesProps) {
  if (notices.length === 0) return null;
  return (
    <div className="queue-notices">
      {notices.map((n) => (
        <div key={n.key} className={`queue-notice ${n.kind}`} role="status" data-testid="queue-notice" data-kind={n.kind}>
          <p data-testid="queue-notice-text">{n.text}</p>
          {problems[n.key] && <p className="queue-problem">{problems[n.key]}</p>}
          {n.kind !== 'elsewhere' && (
            <div className="queue-notice-actions">
              {n.kind === 'interrupted' && (
                <button type="button" className="btn primary" data-testid="queue-resume" disabled={busy !== null} onClick={() => onResume(n.key)}>
                  Resume
                </button>
              )}
              <button type="button" className="btn" data-testid="queue-discard" disabled={busy === n.key} onClick={() => onDiscard(n.key)}>
                {n.kind === 'unsaved' ? 'Dismiss' : 'Discard'}
              </button>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
