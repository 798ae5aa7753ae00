import type { ImportOutcome } from '../../lab/import/runsImport';
import { moreText, summarize } from '../../engine/text/summarize';
import { formatInteger } from '../format';

const runs = (n: number) => `${formatInteger(n)} run${n === 1 ? '' : 's'}`;

/** What an import really did, e.g. "Read 3 runs: 1 saved, 2 kept only until the page closes (not saved)." */
export function importSummary({ read, saved, unsaved, skipped, cancelled, removed }: Pick<ImportOutcome, 'read' | 'saved' | 'unsaved' | 'skipped' | 'cancelled' | 'removed'>): string {
  if (cancelled) {
    if (saved > 0) return `Import cancelled, but ${runs(saved)} stored before the cancel could not be removed again; ${saved === 1 ? 'it is' : 'they are'} listed below.`;
    if (removed > 0) return `Import cancelled: nothing was imported (the ${runs(removed)} stored before the cancel were removed again).`;
    return 'Import cancelled: nothing was imported.';
  }
  const skippedText = skipped > 0 ? ` ${formatInteger(skipped)} of the file's ${runs(read + skipped)} skipped.` : '';
  if (unsaved === 0) return `Imported ${runs(saved)}.${skippedText}`;
  if (saved === 0) return `Read ${runs(read)}, but the browser would not store ${read === 1 ? 'it' : 'them'}: kept only until the page closes (not saved).${skippedText}`;
  return `Read ${runs(read)}: ${formatInteger(saved)} saved, ${formatInteger(unsaved)} kept only until the page closes (not saved).${skippedText}`;
}

/** The report at the end of an import: what was stored, and every problem found (the first 20, then a count). */
export function ImportReport({ outcome, onDismiss }: { outcome: ImportOutcome; onDismiss: () => void }) {
  const { problems } = outcome;
  return (
    <div className={`runs-import ${problems.length ? 'has-problems' : ''}`} role="status" data-testid="import-report">
      <strong>
        {importSummary(outcome)}
        {problems.length ? ` ${formatInteger(problems.length)} problem${problems.length === 1 ? '' : 's'}:` : ''}
      </strong>
      {problems.length > 0 && (
        <ul>
          {summarize(problems, 20).shown.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
          {problems.length > 20 && <li>{moreText(problems.length - 20)}</li>}
        </ul>
      )}
      <button type="button" className="btn link" onClick={onDismiss}>
        dismiss
      </button>
    </div>
  );
}
