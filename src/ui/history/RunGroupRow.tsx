import { useId, useRef, useState, type ReactNode } from 'react';
import { describeGroup, type RunGroupEntry } from '../../lab/history/runList';

export interface RunGroupRowProps {
  entry: RunGroupEntry;
  /** Opened to its runs. */
  open: boolean;
  /** Its queue trains in Compare now (its runs are written again as they train). */
  training: boolean;
  /** How many of its runs are selected for comparison. */
  selectedCount: number;
  onToggleOpen: () => void;
  /** Select all of its runs, or none if all were. */
  onToggleSelect: () => void;
  onExport: () => void;
  /** Show it in the Compare tab as it ended (absent: no such button). */
  onShowInCompare?: () => void;
  /** Deletes every run of the group; called once the user confirmed. */
  onDelete: () => void;
  /** Its runs' rows, drawn when open. */
  children: ReactNode;
}

/** A comparison or sweep in the Runs list: one row (name, kind, runs, when) that opens to its runs. */
export function RunGroupRow({ entry, open, training, selectedCount, onToggleOpen, onToggleSelect, onExport, onShowInCompare, onDelete, children }: RunGroupRowProps) {
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  /** The runs are kept: the focus goes back to the button that asked. */
  const keep = () => {
    setConfirming(false);
    deleteButton.current?.focus();
  };
  const runsId = useId();
  const count = entry.runs.length;
  const all = selectedCount === count;
  const runs = `${count} run${count === 1 ? '' : 's'}`;
  return (
    <li className={`run-row run-group-row ${selectedCount > 0 ? 'is-selected' : ''}`} data-testid="run-group-row" data-group-id={entry.id}>
      <div className="run-main">
        <input
          type="checkbox"
          checked={all}
          ref={(el) => {
            if (el) el.indeterminate = selectedCount > 0 && !all;
          }}
          onChange={onToggleSelect}
          aria-label={`Compare the ${runs} of ${entry.name}`}
          data-testid="run-group-select"
        />
        <div className="run-text">
          <span className="run-name" data-testid="run-group-name" title={entry.name}>
            {entry.name}
          </span>
          <span className="run-summary" data-testid="run-group-summary">
            {describeGroup(entry)}
            {entry.imported ? '' : ` · ${new Date(entry.newestAt).toLocaleString()}`}
          </span>
        </div>
        {training && (
          <span className="run-state run-state-training" data-testid="run-group-state">
            training
          </span>
        )}
      </div>
      <div className="run-buttons">
        <button type="button" className="btn small" data-testid="run-group-toggle" aria-expanded={open} aria-controls={runsId} onClick={onToggleOpen}>
          {open ? 'Hide runs' : `Show ${runs}`}
        </button>
        {onShowInCompare && (
          <button type="button" className="btn small" data-testid="run-group-compare" onClick={onShowInCompare} title="Show it in the Compare tab as it ended, without training">
            Open in Compare
          </button>
        )}
        <button type="button" className="btn small" data-testid="run-group-export" onClick={onExport} title={`Export the ${runs} as one ${entry.kind === 'comparison' ? 'comparison' : 'file'} (JSON)`}>
          JSON
        </button>
        <button
          ref={deleteButton}
          type="button"
          className="btn small danger"
          data-testid="run-group-delete"
          aria-expanded={confirming}
          onClick={() => setConfirming((c) => !c)}
          // Its queue would write its runs again: stopped or finished first.
          disabled={training}
          title={training ? 'Training in Compare: stop it there first, or delete it once it has finished' : undefined}
        >
          Delete all
        </button>
      </div>
      {confirming && !training && (
        <div
          className="run-group-confirm"
          role="group"
          aria-label={`Delete ${entry.name}?`}
          data-testid="run-group-confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') keep();
          }}
        >
          <span>
            Delete the {runs} of “{entry.name}” and their numbers? This cannot be undone.
          </span>
          <button
            type="button"
            className="btn small danger"
            data-testid="run-group-delete-confirm"
            onClick={() => {
              setConfirming(false);
              onDelete();
            }}
          >
            Delete {runs}
          </button>
          {/* Focused first: Enter after "Delete all" keeps the runs. */}
          <button type="button" className="btn small" data-testid="run-group-delete-cancel" autoFocus onClick={keep}>
            Keep them
          </button>
        </div>
      )}
      {/* Kept in the page (hidden) when closed, so the toggle's aria-controls always names it. */}
      <ul className="run-group-runs" id={runsId} hidden={!open} data-testid="run-group-runs">
        {open && children}
      </ul>
    </li>
  );
}
