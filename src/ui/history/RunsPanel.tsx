import { lazy, memo, Suspense, useMemo, useRef, useState } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { downloadText, fileSlug } from '../../lab/export/download';
import { metricsToCsv } from '../../lab/export/metricsCsv';
import { exportRunsJson, parseRunsImport } from '../../lab/export/runExport';
import { cleanText } from '../../engine/text/cleanText';
import { moreText, summarize } from '../../engine/text/summarize';
import { toStorageProblem } from '../../lab/history/runStore';
import { describeConfig, lastTestPoint, newRunId, RUN_NAME_MAX_LENGTH, type RunRecord } from '../../lab/history/runRecord';
import type { RunRecorder } from '../../lab/history/runRecorder';
import { formatCompact, formatInteger, formatPercent } from '../format';
import { CompareChart } from './CompareChart';
import { EvaluationTable } from './EvaluationTable';

/** Loaded when first used: the analyses it runs are not needed to open the lab. */
const RunPanels = lazy(() => import('./RunPanels').then((m) => ({ default: m.RunPanels })));
import { useRuns } from './useRuns';

export interface RunsPanelProps {
  recorder: RunRecorder;
  /** Reopen a run: the lab loads its config (same data, init and order). */
  onOpen: (config: ExperimentConfig) => void;
}

export function exportRunJson(record: RunRecord): void {
  downloadText(`${fileSlug(record.name)}.json`, exportRunsJson([record], 'run'), 'application/json');
}

export function exportRunCsv(record: RunRecord): void {
  downloadText(`${fileSlug(record.name)}-metrics.csv`, metricsToCsv(record.history), 'text/csv');
}

interface ImportReport {
  /** Runs read from the file. */
  read: number;
  /** Stored in the browser. */
  saved: number;
  /** Refused by the browser's storage: listed until the page closes. */
  unsaved: number;
  problems: string[];
}

/** What an import really did, e.g. "Read 3 runs: 1 saved, 2 kept only until the page closes (not saved)." */
export function importSummary({ read, saved, unsaved }: Pick<ImportReport, 'read' | 'saved' | 'unsaved'>): string {
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  if (unsaved === 0) return `Imported ${runs(saved)}.`;
  if (saved === 0) return `Read ${runs(read)}, but the browser would not store ${read === 1 ? 'it' : 'them'}: kept only until the page closes (not saved).`;
  return `Read ${runs(read)}: ${saved} saved, ${unsaved} kept only until the page closes (not saved).`;
}

/** Every run the lab has kept: rename, delete, reopen, compare, export and import. */
export function RunsPanel({ recorder, onOpen }: RunsPanelProps) {
  const { runs, unsaved, problem, setProblem, change, refresh } = useRuns(recorder);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<string | null>(null);
  const [viewed, setViewed] = useState<string | null>(null);
  const [importReport, setImportReport] = useState<ImportReport | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const compared = runs.filter((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const rename = (record: RunRecord, name: string) => {
    const clean = cleanText(name, RUN_NAME_MAX_LENGTH).trim();
    if (!clean || clean === record.name) return;
    recorder.rename(record.id, clean);
    void change(() => recorder.store.put({ ...record, name: clean }));
  };
  const remove = (record: RunRecord) => {
    recorder.forget(record.id);
    setSelected((prev) => new Set([...prev].filter((id) => id !== record.id)));
    void change(() => recorder.store.remove(record.id));
  };
  const importFile = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      setImportReport({ read: 0, saved: 0, unsaved: 0, problems: [`The file could not be read: ${e instanceof Error ? e.message : String(e)}`] });
      return;
    }
    const result = parseRunsImport(text);
    // Count what the store really kept: a refused write keeps the run in memory only (fallbackRunStore.ts).
    let saved = 0;
    let notSaved = 0;
    let refusal: string | null = null;
    for (const run of result.runs) {
      try {
        await recorder.store.put({ ...run, id: newRunId() });
        saved++;
      } catch (e) {
        notSaved++;
        refusal ??= toStorageProblem(e).message;
      }
    }
    if (refusal) setProblem(refusal);
    await refresh();
    setImportReport({ read: result.runs.length, saved, unsaved: notSaved, problems: result.problems });
  };

  // The rows' handlers keep their identity across renders (they read the latest state through a
  // ref), so a memoized row re-renders only when its own run changes.
  const latest = useRef({ toggle, rename, remove, onOpen, setExpanded, setViewed });
  latest.current = { toggle, rename, remove, onOpen, setExpanded, setViewed };
  const rowActions = useMemo<RowActions>(
    () => ({
      toggleSelect: (r) => latest.current.toggle(r.id),
      toggleDetails: (r) => latest.current.setExpanded((e) => (e === r.id ? null : r.id)),
      rename: (r, name) => latest.current.rename(r, name),
      remove: (r) => latest.current.remove(r),
      open: (r) => latest.current.onOpen(r.config),
      view: (r) => latest.current.setViewed((v) => (v === r.id ? null : r.id)),
    }),
    [],
  );

  const current = recorder.currentRun();
  const viewedRun = runs.find((r) => r.id === viewed);
  return (
    <section className="runs" aria-labelledby="runs-title" data-testid="runs-panel">
      <header className="runs-head">
        <h2 id="runs-title">Runs</h2>
        <span className="runs-sub">
          {recorder.store.kind === 'indexeddb' ? 'kept in this browser' : 'kept until the page closes'} · {runs.length} run{runs.length === 1 ? '' : 's'}
          {unsaved.size > 0 && <span data-testid="runs-unsaved-count"> · {unsaved.size} not saved</span>}
        </span>
        <div className="runs-actions">
          <button type="button" className="btn" data-testid="import-button" onClick={() => fileInput.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="import-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
          <button
            type="button"
            className="btn"
            data-testid="export-selected-button"
            disabled={compared.length === 0}
            onClick={() => downloadText(`nonlinear-lab-${compared.length}-runs.json`, exportRunsJson(compared, 'sweep'), 'application/json')}
          >
            Export selected
          </button>
        </div>
      </header>

      {problem && (
        <div className="runs-problem" role="alert" data-testid="runs-problem">
          {problem}
          <button type="button" className="btn link" onClick={() => setProblem(null)}>
            dismiss
          </button>
        </div>
      )}
      {importReport && (
        <div className={`runs-import ${importReport.problems.length ? 'has-problems' : ''}`} role="status" data-testid="import-report">
          <strong>
            {importSummary(importReport)}
            {importReport.problems.length ? ` ${importReport.problems.length} problem${importReport.problems.length === 1 ? '' : 's'}:` : ''}
          </strong>
          {importReport.problems.length > 0 && (
            <ul>
              {summarize(importReport.problems, 20).shown.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
              {importReport.problems.length > 20 && <li>{moreText(importReport.problems.length - 20)}</li>}
            </ul>
          )}
          <button type="button" className="btn link" onClick={() => setImportReport(null)}>
            dismiss
          </button>
        </div>
      )}

      {runs.length === 0 ? (
        <p className="runs-empty">Runs appear here as soon as they train a step; they survive a reload.</p>
      ) : (
        <ul className="runs-list">
          {runs.map((r) => (
            <RunRow
              key={r.id}
              record={r}
              live={current?.id === r.id && !r.finished}
              unsaved={unsaved.has(r.id)}
              selected={selected.has(r.id)}
              expanded={expanded === r.id}
              viewed={viewed === r.id}
              actions={rowActions}
            />
          ))}
        </ul>
      )}

      {viewedRun && (
        <Suspense fallback={<p className="runs-empty">Loading the panels…</p>}>
          <RunPanels record={viewedRun} onClose={() => setViewed(null)} />
        </Suspense>
      )}

      {compared.length > 0 && (
        <div className="runs-compare">
          <h3>Compared: {compared.length} run{compared.length === 1 ? '' : 's'}</h3>
          <CompareChart runs={compared} />
        </div>
      )}
    </section>
  );
}

interface RowActions {
  toggleSelect(record: RunRecord): void;
  toggleDetails(record: RunRecord): void;
  rename(record: RunRecord, name: string): void;
  remove(record: RunRecord): void;
  open(record: RunRecord): void;
  /** Show or hide the run as it ended in the panels. */
  view(record: RunRecord): void;
}

/** Rows are memoized: a save re-renders the one row it changed, not every stored run. */
const RunRow = memo(function RunRow({
  record,
  live,
  unsaved,
  selected,
  expanded,
  viewed,
  actions,
}: {
  record: RunRecord;
  live: boolean;
  unsaved: boolean;
  selected: boolean;
  expanded: boolean;
  /** The run is shown as it ended in the panels. */
  viewed: boolean;
  actions: RowActions;
}) {
  const [editing, setEditing] = useState(false);
  const onToggleSelect = () => actions.toggleSelect(record);
  const onToggleDetails = () => actions.toggleDetails(record);
  const onRename = (name: string) => actions.rename(record, name);
  const onDelete = () => actions.remove(record);
  const onOpen = () => actions.open(record);
  // A run that kept no gates has nothing to show in the panels.
  const onView = record.gates ? () => actions.view(record) : undefined;
  const test = lastTestPoint(record);
  const last = record.history.at(-1);
  const state = record.diverged ? 'diverged' : record.finished ? 'finished' : live ? 'training' : 'stopped';
  return (
    <li className={`run-row ${selected ? 'is-selected' : ''}`} data-testid="run-row" data-run-id={record.id}>
      <div className="run-main">
        <input type="checkbox" checked={selected} onChange={onToggleSelect} aria-label={`Compare ${record.name}`} data-testid="run-select" />
        <div className="run-text">
          {editing ? (
            <input
              className="run-name-input"
              defaultValue={record.name}
              autoFocus
              aria-label="Run name"
              data-testid="run-name-input"
              maxLength={RUN_NAME_MAX_LENGTH}
              onBlur={(e) => {
                setEditing(false);
                onRename(e.target.value);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
                if (e.key === 'Escape') setEditing(false);
              }}
            />
          ) : (
            <span className="run-name" data-testid="run-name" title={record.name}>
              {record.name}
            </span>
          )}
          <span className="run-summary">
            {describeConfig(record.config)} · {record.source === 'imported' ? 'imported' : new Date(record.createdAt).toLocaleString()}
          </span>
        </div>
        <span className={`run-state run-state-${state}`} data-testid="run-state">
          {state}
        </span>
        {unsaved && (
          <span className="run-state run-state-unsaved" data-testid="run-unsaved" title="The browser refused to store this run: it lasts until the page closes. Export it to keep it.">
            not saved
          </span>
        )}
        <span className="run-figures" data-testid="run-figures">
          step {formatInteger(record.step)}
          {record.totalSteps > 0 ? ` / ${formatInteger(record.totalSteps)}` : ''} · test {test?.testAccuracy != null ? formatPercent(test.testAccuracy, 1) : '–'} · APL{' '}
          {last ? formatCompact(last.aplNormalized) : '–'}
          {record.backend ? ` · ${record.backend}` : ''}
        </span>
      </div>
      <div className="run-buttons">
        <button type="button" className="btn small" data-testid="run-open" onClick={onOpen} title="Load this run's config into the lab and train it again">
          Reopen
        </button>
        {onView && (
          <button type="button" className="btn small" data-testid="run-view" aria-pressed={viewed} onClick={onView} title="Show the run as it ended in the lab's panels">
            Panels
          </button>
        )}
        <button type="button" className="btn small" data-testid="run-details" aria-expanded={expanded} onClick={onToggleDetails}>
          {expanded ? 'Hide numbers' : 'Numbers'}
        </button>
        <button type="button" className="btn small" data-testid="run-rename" onClick={() => setEditing(true)}>
          Rename
        </button>
        <button type="button" className="btn small" data-testid="run-export-json" onClick={() => exportRunJson(record)}>
          JSON
        </button>
        <button type="button" className="btn small" data-testid="run-export-csv" onClick={() => exportRunCsv(record)}>
          CSV
        </button>
        <button type="button" className="btn small danger" data-testid="run-delete" onClick={onDelete}>
          Delete
        </button>
      </div>
      {expanded && <EvaluationTable history={record.history} />}
    </li>
  );
});
