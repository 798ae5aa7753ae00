import { lazy, memo, Suspense, useMemo, useRef, useState } from 'react';
import { useLatest } from '../useLatest';
import type { ExperimentConfig } from '../../engine/config/types';
import { downloadText, fileSlug } from '../../lab/export/download';
import { metricsToCsv } from '../../lab/export/metricsCsv';
import { exportRunsJson } from '../../lab/export/runExport';
import { createImportWorker } from '../../lab/import/createImportWorker';
import { startRunsImport, type ImportOutcome } from '../../lab/import/runsImport';
import { cleanText } from '../../engine/text/cleanText';
import { RUN_NAME_MAX_LENGTH, type RunRecord } from '../../lab/history/runRecord';
import { nameInGroup, runListEntries } from '../../lab/history/runList';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { RunSummary } from '../../lab/history/runSummary';
import { toStorageProblem } from '../../lab/history/runStore';
import { formatCompact, formatInteger, formatPercent } from '../format';
import { CompareChart } from './CompareChart';
import { EvaluationTable } from './EvaluationTable';
import { ImportProgress, ProgressFeed } from './ImportProgress';
import { ImportReport } from './ImportReport';
import { RunGroupRow } from './RunGroupRow';

/** Loaded when first used: the analyses it runs are not needed to open the lab. */
const RunPanels = lazy(() => import('./RunPanels').then((m) => ({ default: m.RunPanels })));
import { useRunRecords, useRuns } from './useRuns';

export interface RunsPanelProps {
  recorder: RunRecorder;
  /** Reopen a run: the lab loads its config (same data, init and order). */
  onOpen: (config: ExperimentConfig) => void;
  /** Show a comparison or sweep in the Compare tab as it ended (absent: no such button). */
  onShowGroup?: (groupId: string) => void;
}

/** Exports carry every evaluation (read from the evaluation log); resolves to a note when some are missing. */
export async function exportRunJson(recorder: RunRecorder, record: RunRecord): Promise<string | null> {
  const { history, note } = await recorder.fullHistory(record);
  downloadText(`${fileSlug(record.name)}.json`, exportRunsJson([{ ...record, history }], 'run'), 'application/json');
  return note;
}

export async function exportRunCsv(recorder: RunRecorder, record: RunRecord): Promise<string | null> {
  const { history, note } = await recorder.fullHistory(record);
  downloadText(`${fileSlug(record.name)}-metrics.csv`, metricsToCsv(history), 'text/csv');
  return note;
}

/** `fileName`: a group's name (absent: "nonlinear-lab-<n>-runs"). */
async function exportSweepJson(recorder: RunRecorder, records: RunRecord[], fileName?: string): Promise<string | null> {
  const full = await Promise.all(records.map((r) => recorder.fullHistory(r)));
  const runs = records.map((r, i) => ({ ...r, history: full[i].history }));
  downloadText(`${fileName ? fileSlug(fileName) : `nonlinear-lab-${records.length}-runs`}.json`, exportRunsJson(runs, exportKind(records)), 'application/json');
  const notes = full.flatMap((f) => (f.note ? [f.note] : []));
  return notes.length ? notes.join(' ') : null;
}

/**
 * Rows drawn at first, and added per "Show more": drawing thousands of imported runs at once would
 * stall the page for seconds. A comparison or sweep is one row (its runs drawn when it is opened).
 */
export const ROWS_PER_PAGE = 100;

/** Runs of one comparison or sweep export as that comparison; any other selection as a list of runs. */
function exportKind(runs: RunRecord[]): 'comparison' | 'sweep' {
  const group = runs[0]?.group?.id;
  return group && runs.every((r) => r.group?.id === group) ? 'comparison' : 'sweep';
}

/**
 * Every run the lab has kept: rename, delete, reopen, compare, export and import. The runs of a
 * comparison or sweep are one row that opens to them (lab/history/runList.ts).
 */
export function RunsPanel({ recorder, onOpen, onShowGroup }: RunsPanelProps) {
  const { runs, unsaved, trainingId, trainingGroups, problem, setProblem, change, refresh, add } = useRuns(recorder);
  const { store } = recorder;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<string | null>(null);
  /** Groups opened to their runs. */
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(new Set());
  const [viewed, setViewed] = useState<string | null>(null);
  const [importReport, setImportReport] = useState<ImportOutcome | null>(null);
  const [shownRows, setShownRows] = useState(ROWS_PER_PAGE);
  const [importing, setImporting] = useState<{ fileName: string; feed: ProgressFeed; cancel: () => void } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const entries = useMemo(() => runListEntries(runs), [runs]);
  // The list holds summaries; the runs whose numbers, panels or curves show are read whole.
  const opened = useMemo(() => runs.filter((r) => r.id === expanded || r.id === viewed || selected.has(r.id)), [runs, expanded, viewed, selected]);
  const records = useRunRecords(store, opened);
  const comparedCount = opened.filter((r) => selected.has(r.id)).length;
  const compared = opened.flatMap((r) => {
    const record = selected.has(r.id) ? records.get(r.id) : undefined;
    return record ? [record] : [];
  });
  /** The whole record of a listed run, or null (and the reason shown) when it cannot be read. */
  const read = async (id: string): Promise<RunRecord | null> => {
    try {
      const record = await store.get(id);
      if (!record) setProblem('That run is no longer stored (deleted in another tab?).');
      return record ?? null;
    } catch (e) {
      setProblem(toStorageProblem(e).message);
      return null;
    }
  };
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  /** Selects every run of a group, or none when all of them were. */
  const toggleAll = (group: readonly RunSummary[]) =>
    setSelected((prev) => {
      const all = group.every((r) => prev.has(r.id));
      const next = new Set(prev);
      for (const r of group) {
        if (all) next.delete(r.id);
        else next.add(r.id);
      }
      return next;
    });
  const toggleGroup = (id: string) =>
    setOpenGroups((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const rename = (run: RunSummary, name: string) => {
    const clean = cleanText(name, RUN_NAME_MAX_LENGTH).trim();
    if (!clean || clean === run.name) return;
    recorder.rename(run.id, clean);
    void change(async () => {
      const record = await store.get(run.id);
      if (record) await store.put({ ...record, name: clean });
    });
  };
  const remove = (record: RunSummary) => {
    recorder.forget(record.id);
    setSelected((prev) => new Set([...prev].filter((id) => id !== record.id)));
    void change(() => recorder.remove(record.id));
  };
  /** Deletes every run of a group (the row asked first). */
  const removeGroup = (groupId: string, group: readonly RunSummary[]) => {
    const ids = new Set(group.map((r) => r.id));
    setSelected((prev) => new Set([...prev].filter((id) => !ids.has(id))));
    void change(() => recorder.removeGroup(groupId, [...ids]));
  };
  // The file is read and checked in a worker (lab/import), so the page keeps drawing and answering.
  const importFile = async (file: File) => {
    setImportReport(null);
    const feed = new ProgressFeed(file.size);
    const running = startRunsImport(file, { store: recorder.store, createWorker: createImportWorker, onProgress: feed.push });
    setImporting({ fileName: file.name, feed, cancel: running.cancel });
    const { stored, ...outcome } = await running.done;
    setImporting(null);
    if (outcome.refusal) setProblem(outcome.refusal);
    // A cancel leaves nothing new to list, unless runs it stored could not be removed again.
    if (outcome.cancelled && outcome.saved > 0) await refresh();
    else if (!outcome.cancelled) add(stored);
    setImportReport({ ...outcome, stored: [] });
  };

  // The rows' handlers keep their identity across renders (they read the latest state through a
  // ref), so a memoized row re-renders only when its own run changes.
  const exportFailed = (e: unknown) => setProblem(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
  const exportRun = (format: 'json' | 'csv', run: RunSummary) =>
    void read(run.id).then(async (record) => {
      if (record) setProblem(await (format === 'json' ? exportRunJson : exportRunCsv)(recorder, record));
    }, exportFailed);
  /** The listed runs read whole and exported as one file (a group's: named after it). */
  const exportMany = (listed: readonly RunSummary[], fileName?: string) =>
    void Promise.all(listed.map((r) => read(r.id))).then(async (got) => {
      const all = got.filter((r): r is RunRecord => r !== null);
      if (all.length > 0) setProblem(await exportSweepJson(recorder, all, fileName));
    }, exportFailed);
  const exportSelected = () => exportMany(runs.filter((r) => selected.has(r.id)));
  const open = (run: RunSummary) =>
    void read(run.id).then((record) => {
      if (record) onOpen(record.config);
    });
  const latest = useLatest({ toggle, rename, remove, open, setExpanded, setViewed, exportRun });
  const rowActions = useMemo<RowActions>(
    () => ({
      toggleSelect: (r) => latest.current.toggle(r.id),
      toggleDetails: (r) => latest.current.setExpanded((e) => (e === r.id ? null : r.id)),
      rename: (r, name) => latest.current.rename(r, name),
      remove: (r) => latest.current.remove(r),
      open: (r) => latest.current.open(r),
      view: (r) => latest.current.setViewed((v) => (v === r.id ? null : r.id)),
      exportJson: (r) => latest.current.exportRun('json', r),
      exportCsv: (r) => latest.current.exportRun('csv', r),
    }),
    [latest],
  );

  const labRunId = recorder.currentRun()?.id ?? null;
  const viewedRun = viewed === null ? undefined : records.get(viewed);
  const runRow = (r: RunSummary) => (
    <RunRow
      key={r.id}
      record={r}
      // A comparison's or sweep's run trains in Compare: the unfinished run of a group training now.
      live={!r.finished && (trainingId === r.id || (r.group !== null && trainingGroups.has(r.group.id)))}
      labRun={labRunId === r.id}
      unsaved={unsaved.has(r.id)}
      selected={selected.has(r.id)}
      expanded={expanded === r.id}
      history={expanded === r.id ? records.get(r.id)?.history : undefined}
      viewed={viewed === r.id}
      actions={rowActions}
    />
  );
  return (
    <section className="runs" aria-labelledby="runs-title" data-testid="runs-panel">
      <header className="runs-head">
        <h2 id="runs-title">Runs</h2>
        <span className="runs-sub">
          {recorder.store.kind === 'indexeddb' ? 'kept in this browser' : 'kept until the page closes'} · {formatInteger(runs.length)} run{runs.length === 1 ? '' : 's'}
          {unsaved.size > 0 && <span data-testid="runs-unsaved-count"> · {unsaved.size} not saved</span>}
        </span>
        <div className="runs-actions">
          <button type="button" className="btn" data-testid="import-button" disabled={importing !== null} onClick={() => fileInput.current?.click()}>
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
            disabled={selected.size === 0}
            onClick={exportSelected}
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
      {importing && <ImportProgress fileName={importing.fileName} feed={importing.feed} onCancel={importing.cancel} />}
      {importReport && <ImportReport outcome={importReport} onDismiss={() => setImportReport(null)} />}

      {runs.length === 0 ? (
        <p className="runs-empty">Runs appear here as soon as they train a step; they survive a reload.</p>
      ) : (
        <ul className="runs-list">
          {entries.slice(0, shownRows).map((entry) =>
            entry.type === 'run' ? (
              runRow(entry.record)
            ) : (
              <RunGroupRow
                key={entry.id}
                entry={entry}
                open={openGroups.has(entry.id)}
                training={trainingGroups.has(entry.id)}
                selectedCount={entry.runs.reduce((n, r) => n + (selected.has(r.id) ? 1 : 0), 0)}
                onToggleOpen={() => toggleGroup(entry.id)}
                onToggleSelect={() => toggleAll(entry.runs)}
                onExport={() => exportMany(entry.runs, entry.name)}
                onShowInCompare={onShowGroup && (() => onShowGroup(entry.id))}
                onDelete={() => removeGroup(entry.id, entry.runs)}
              >
                {entry.runs.map((r) => runRow(r))}
              </RunGroupRow>
            ),
          )}
          {entries.length > shownRows && (
            <li className="runs-more">
              <button type="button" className="btn small" data-testid="runs-show-more" onClick={() => setShownRows((n) => n + ROWS_PER_PAGE)}>
                Show {formatInteger(Math.min(ROWS_PER_PAGE, entries.length - shownRows))} more ({formatInteger(entries.length - shownRows)} not shown)
              </button>
            </li>
          )}
        </ul>
      )}

      {viewedRun && (
        <Suspense fallback={<p className="runs-empty">Loading the panels…</p>}>
          <RunPanels record={viewedRun} onClose={() => setViewed(null)} />
        </Suspense>
      )}

      {comparedCount > 0 && (
        <div className="runs-compare">
          <h3>Compared: {comparedCount} run{comparedCount === 1 ? '' : 's'}</h3>
          <CompareChart runs={compared} />
        </div>
      )}
    </section>
  );
}

interface RowActions {
  toggleSelect(record: RunSummary): void;
  toggleDetails(record: RunSummary): void;
  rename(record: RunSummary, name: string): void;
  remove(record: RunSummary): void;
  open(record: RunSummary): void;
  /** Show or hide the run as it ended in the panels. */
  view(record: RunSummary): void;
  exportJson(record: RunSummary): void;
  exportCsv(record: RunSummary): void;
}

/** Rows are memoized: a save re-renders the one row it changed, not every stored run. */
const RunRow = memo(function RunRow({
  record,
  live,
  labRun,
  unsaved,
  selected,
  expanded,
  history,
  viewed,
  actions,
}: {
  record: RunSummary;
  live: boolean;
  /** The lab's own run (training, or paused if not live). */
  labRun: boolean;
  unsaved: boolean;
  selected: boolean;
  expanded: boolean;
  /** Its evaluations, once its record is read (expanded rows only). */
  history: RunRecord['history'] | undefined;
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
  const linearizedAt = record.group?.linearizeAt ?? null;
  // A run that kept no gates has nothing to show in the panels.
  const onView = record.hasGates ? () => actions.view(record) : undefined;
  const state = record.diverged ? 'diverged' : record.finished ? 'finished' : live ? 'training' : labRun ? 'paused' : 'stopped';
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
              {nameInGroup(record)}
            </span>
          )}
          <span className="run-summary">
            {record.description} · {record.source === 'imported' ? 'imported' : new Date(record.createdAt).toLocaleString()}
          </span>
          {record.group && (
            <span className="run-group" data-testid="run-group">
              {/* Drawn under its group's row, which names the group. */}
              run {record.group.index + 1} of {record.group.size}
            </span>
          )}
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
          {record.totalSteps > 0 ? ` / ${formatInteger(record.totalSteps)}` : ''} · test {record.testAccuracy !== null ? formatPercent(record.testAccuracy, 1) : '–'} · APL{' '}
          {record.aplNormalized !== null ? formatCompact(record.aplNormalized) : '–'}
          {record.backend ? ` · ${record.backend}` : ''}
        </span>
      </div>
      <div className="run-buttons">
        <button
          type="button"
          className="btn small"
          data-testid="run-open"
          onClick={onOpen}
          // The lab's own run trains the real network; a run linearized in its weights can only be rerun by its comparison.
          disabled={linearizedAt !== null}
          title={
            linearizedAt !== null
              ? `Trained linearized in its weights from step ${formatInteger(linearizedAt)}: the lab trains the real network, so rerun it from Compare's linearization experiment`
              : "Load this run's config into the lab and train it again"
          }
        >
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
        <button type="button" className="btn small" data-testid="run-export-json" onClick={() => actions.exportJson(record)}>
          JSON
        </button>
        <button type="button" className="btn small" data-testid="run-export-csv" onClick={() => actions.exportCsv(record)}>
          CSV
        </button>
        <button
          type="button"
          className="btn small danger"
          data-testid="run-delete"
          onClick={onDelete}
          // Its queue writes it again as it trains: it would come back.
          disabled={live && record.group !== null}
          title={live && record.group !== null ? 'Training in Compare: stop it there first, or delete it once it has finished' : undefined}
        >
          Delete
        </button>
      </div>
      {expanded && (history ? <EvaluationTable history={history} /> : <p className="runs-empty">Reading the run…</p>)}
    </li>
  );
});
