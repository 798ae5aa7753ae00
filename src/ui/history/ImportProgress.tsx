import { useEffect, useState } from 'react';
import type { ImportProgress as Progress } from '../../lab/import/runsImport';
import { formatInteger } from '../format';

/**
 * The progress of an import, fed from outside React: the worker reports every chunk it reads, and
 * only this bar re-renders for it, not the Runs list beside it.
 */
export class ProgressFeed {
  private last: Progress;
  private readonly listeners = new Set<(p: Progress) => void>();

  constructor(totalBytes: number) {
    this.last = { phase: 'reading', bytesRead: 0, totalBytes, runsChecked: 0, runsStored: 0, runsToStore: 0 };
  }

  get current(): Progress {
    return this.last;
  }

  push = (progress: Progress): void => {
    this.last = progress;
    this.listeners.forEach((l) => l(progress));
  };

  subscribe(listener: (p: Progress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** "4.2 MB", "650 kB", "120 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** What the bar says, e.g. "Step 1 of 2, reading: 4.2 MB of 15.3 MB · 1,234 runs checked". */
export function progressText(p: Progress): string {
  if (p.phase === 'reading') {
    return `Step 1 of 2, reading: ${formatBytes(p.bytesRead)} of ${formatBytes(p.totalBytes)} · ${formatInteger(p.runsChecked)} run${p.runsChecked === 1 ? '' : 's'} checked`;
  }
  return `Step 2 of 2, storing: ${formatInteger(p.runsStored)} of ${formatInteger(p.runsToStore)} runs`;
}

export function ImportProgress({ fileName, feed, onCancel }: { fileName: string; feed: ProgressFeed; onCancel: () => void }) {
  const [progress, setProgress] = useState(feed.current);
  useEffect(() => feed.subscribe(setProgress), [feed]);
  const [value, max] = progress.phase === 'reading' ? [progress.bytesRead, progress.totalBytes] : [progress.runsStored, progress.runsToStore];
  const text = progressText(progress);
  return (
    <div className="runs-importing" data-testid="import-progress" data-phase={progress.phase}>
      <div className="runs-importing-text">
        <strong title={fileName}>Importing {fileName}</strong>
        <span data-testid="import-progress-text" aria-live="polite">
          {text}
        </span>
      </div>
      <progress max={Math.max(1, max)} value={value} aria-label={`Importing ${fileName}`} aria-valuetext={text} data-testid="import-progress-bar" />
      <button type="button" className="btn small" data-testid="import-cancel" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
