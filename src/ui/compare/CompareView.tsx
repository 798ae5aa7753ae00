import { useEffect, useRef, useState } from 'react';
import type { ExperimentConfig, ScheduleUnit } from '../../engine/config/types';
import { PRESETS, type Preset } from '../../engine/experiments/presets';
import { earlyVersusLate, lateSchedule, lateScheduleFor } from '../../engine/experiments/schedules';
import type { SweepRun } from '../../engine/experiments/sweepGrid';
import type { LabApi } from '../../lab/labApi';
import type { RunSpec } from '../../lab/runner/runQueue';
import { recordGroup, type GroupRunSpec } from '../../lab/history/groupRecorder';
import { comparisonSpec, kernelSpec, latestGroups, readGroup, readRecords, sweepSpec, type GroupedRecord } from '../../lab/history/runGroups';
import type { RunGroupKind, RunRecord } from '../../lab/history/runRecord';
import type { PlannedRun } from '../../lab/runner/savedQueue';
import { keyOf, type QueueJournal } from '../../lab/runner/queueJournal';
import { noticeFor, startResume, trackQueue, type QueueNotice } from '../../lab/runner/resumeQueue';
import type { RunRecorder } from '../../lab/history/runRecorder';
import { formatSci } from '../format';
import { PresetList } from '../presets/PresetList';
import type { KernelRunSpec } from '../../engine/experiments/kernelRuns';
import { ComparisonResults } from './ComparisonResults';
import { KernelSection } from './KernelSection';
import { SweepSection } from './SweepSection';
import { QueueNotices } from './QueueNotices';
import { useRunQueue, type QueueRecorder, type RunQueueState, type RunState } from './useRunQueue';
import { useLatest } from '../useLatest';

export interface CompareViewProps {
  /** The lab's current settings: the base every comparison and sweep varies. */
  base: ExperimentConfig;
  /** A LabApi on a training worker of its own, so the lab's worker stays the user's. */
  createRunnerApi: () => LabApi;
  /** Runs are about to start: the lab should pause so they get the CPU. */
  onRunsStarting: () => void;
  /** Put this config in the lab without leaving this view (e.g. a preset's settings). */
  onAdoptConfig: (config: ExperimentConfig) => void;
  /** Open this config in the lab and switch to it. */
  /** `slow`: a preset that opens in slow mode. */
  onOpenInLab: (config: ExperimentConfig, options?: { slow?: boolean }) => void;
  /**
   * Keeps every comparison's and sweep's runs with the lab's (absent: they are not kept), and is told
   * which of them train now (the Runs list will not delete a group that is being written).
   */
  recorder?: Pick<RunRecorder, 'keep' | 'store'> & Partial<Pick<RunRecorder, 'setGroupTraining' | 'subscribe'>>;
  /**
   * Keeps each running comparison's and sweep's queue so that a reload can resume it (absent: a
   * reload keeps the runs that trained, and nothing says the queue was cut short).
   */
  journal?: QueueJournal;
  /** Told how many saved queues wait for the user (interrupted or unreadable), for the tab's marker. */
  onQueuesWaiting?: (count: number) => void;
  /** A kept comparison or sweep to show in its section as it ended (Runs' "Open in Compare"). */
  shownGroup?: ShownGroup | null;
}

/** A request to show a kept group; `request` counts the requests, so asking for the same group again shows it again. */
export interface ShownGroup {
  id: string;
  request: number;
}

/** The section each kind of group is shown in, by its heading's id. */
const SECTION_TITLES: Record<RunGroupKind, string> = { comparison: 'early-late-title', sweep: 'sweep-title', linearize: 'kernel-title', widths: 'kernel-title' };

/** Early versus late, the frontier sweep and the teaching presets: runs in a worker of their own. */
export function CompareView({ base, createRunnerApi, onRunsStarting, onAdoptConfig, onOpenInLab, recorder, journal, onQueuesWaiting, shownGroup }: CompareViewProps) {
  const initialLate = lateScheduleFor(base);
  const [lateStart, setLateStart] = useState(String(initialLate.start));
  const [lateUnit, setLateUnit] = useState<ScheduleUnit>(initialLate.unit);
  const activeStop = useRef<(() => void) | null>(null);
  const claim = (stop: () => void) => {
    if (activeStop.current && activeStop.current !== stop) activeStop.current();
    activeStop.current = stop;
    onRunsStarting();
  };
  /** What the next comparison is called in the Runs list (a preset's title, or "Early versus late"). */
  const comparisonName = useRef('Early versus late');
  /** Comparisons and sweeps cut short by a reload, and queues that could not be kept for one. */
  const [notices, setNotices] = useState<QueueNotice[]>([]);
  const [resumeProblems, setResumeProblems] = useState<Record<string, string>>({});
  const waiting = notices.filter((n) => n.kind === 'interrupted' || n.kind === 'unreadable').length;
  useEffect(() => {
    onQueuesWaiting?.(waiting);
  }, [waiting, onQueuesWaiting]);
  const [resuming, setResuming] = useState<string | null>(null);
  // A group deleted in Runs is not offered for resuming: Resume would train it again into a group the person threw away.
  useEffect(
    () =>
      recorder?.subscribe?.((event) => {
        if (event.type !== 'group-removed') return;
        const key = keyOf(event.id);
        setNotices((list) => list.filter((n) => !(n.key === key && n.kind === 'interrupted')));
        // Unless another tab trains it now (it holds the queue's lock).
        void journal?.claim(event.id).then((claim) => {
          if (!claim) return;
          journal.remove(key);
          claim.release();
        });
      }),
    [recorder, journal],
  );
  const keep = <S extends GroupRunSpec>(kind: RunGroupKind, name: (specs: S[]) => string): QueueRecorder<S> | undefined =>
    recorder
      ? (specs, resume) => {
          const group = recordGroup({
            kind, name: resume?.name ?? name(specs), specs, groupId: resume?.groupId, recordIds: resume?.replace, keep: (r) => recorder.keep(r),
          });
          const tracked = journal ? trackQueue(journal, { kind, name: resume?.name ?? name(specs), groupId: group.groupId, at: Date.now(), specs }, resume?.claim) : null;
          const problem = tracked?.problem;
          if (tracked && problem) setNotices((list) => [...list.filter((n) => n.key !== tracked.key), { kind: 'unsaved', key: tracked.key, text: problem }]);
          recorder.setGroupTraining?.(group.groupId, true);
          return (event) => {
            group.handle(event);
            tracked?.handle(event);
            if (event.type === 'done') recorder.setGroupTraining?.(group.groupId, false);
          };
        }
      : undefined;
  // keep() only wraps the name in the recorder a queue calls when it starts (an event); the ref is never read while rendering.
  // eslint-disable-next-line react-hooks/refs
  const comparison = useRunQueue<RunSpec>(createRunnerApi, claim, keep('comparison', () => comparisonName.current));
  const sweep = useRunQueue<SweepRun>(createRunnerApi, claim, keep('sweep', sweepName));
  const linearization = useRunQueue<KernelRunSpec>(createRunnerApi, claim, keep('linearize', () => 'Linearized at step t'));
  const widths = useRunQueue<KernelRunSpec>(createRunnerApi, claim, keep('widths', () => 'Width sweep'));

  // After a reload: the latest comparison and sweep of each kind, as they were kept.
  const restore = { comparison: comparison.restore, sweep: sweep.restore, linearize: linearization.restore, widths: widths.restore };
  const restoreRef = useLatest(restore);
  const show = { comparison: comparison.show, sweep: sweep.show, linearize: linearization.show, widths: widths.show };
  const showRef = useLatest(show);
  /** Why a group asked for from Runs is not shown (its section trains a queue). */
  const [shownProblem, setShownProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!recorder) return;
    let live = true;
    const showNotice = (notice: QueueNotice) => {
      if (live) setNotices((list) => [...list.filter((n) => n.key !== notice.key), notice]);
    };
    /** A queue training in another tab is offered here once that tab lets go of it (it finished, closed or reloaded). */
    const check = async (key: string, records: readonly PlannedRun[]) => {
      if (!journal) return;
      const notice = await noticeFor(journal, { key, read: journal.read(key) }, records);
      if (!notice) return;
      showNotice(notice);
      if (notice.kind !== 'elsewhere') return;
      await journal.whenFree(notice.queue.groupId);
      if (!live) return;
      if (journal.read(key).ok) void check(key, await recorder.store.summaries());
      else setNotices((list) => list.filter((n) => n.key !== key));
    };
    // The summaries say which runs make up the latest group of each kind; only those are read whole.
    const { store } = recorder;
    store
      .summaries()
      .then(async (summaries) => {
        const latest = latestGroups(summaries);
        const kinds = [...latest.keys()];
        const read = await Promise.all(kinds.map((kind) => readRecords(store, latest.get(kind)!)));
        return { summaries, groups: new Map(kinds.map((kind, i) => [kind, read[i].filter((r): r is GroupedRecord => r.group !== null)])) };
      })
      .then(
        ({ summaries, groups }) => {
          if (!live) return;
          const r = restoreRef.current;
          restoreKept(r.comparison, groups.get('comparison'), comparisonSpec);
          restoreKept(r.sweep, groups.get('sweep'), sweepSpec);
          restoreKept(r.linearize, groups.get('linearize'), kernelSpec);
          restoreKept(r.widths, groups.get('widths'), kernelSpec);
          for (const entry of journal?.list() ?? []) void check(entry.key, summaries);
        },
        () => undefined, // the Runs list says what is wrong with the store
      );
    return () => {
      live = false;
    };
  }, [recorder, journal, restoreRef]);

  // A group asked for from Runs: shown in its section, as it ended, and scrolled to.
  useEffect(() => {
    if (!recorder || !shownGroup) return;
    let live = true;
    // Its runs found by the summaries and read whole, not every stored record.
    readGroup(recorder.store, shownGroup.id).then(
      (records) => {
        if (!live) return;
        const runs = records.filter((r): r is GroupedRecord => r.group?.id === shownGroup.id).sort((a, b) => a.group.index - b.group.index);
        if (runs.length === 0) return;
        const { kind, name } = runs[0].group;
        const s = showRef.current;
        const shown =
          kind === 'comparison' ? showKept(s.comparison, runs, comparisonSpec)
          : kind === 'sweep' ? showKept(s.sweep, runs, sweepSpec)
          : showKept(kind === 'linearize' ? s.linearize : s.widths, runs, kernelSpec);
        setShownProblem(shown ? null : `“${name}” is not shown: its section is training runs. Stop them, or wait until they finish, and open it from Runs again.`);
        document.getElementById(shown ? SECTION_TITLES[kind] : 'compare-shown-problem')?.scrollIntoView?.({ block: 'start' });
      },
      (e: unknown) => live && setShownProblem(`The runs could not be read: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      live = false;
    };
  }, [recorder, shownGroup, showRef]);

  const dropNotice = (key: string) => {
    setNotices((list) => list.filter((n) => n.key !== key));
    setResumeProblems(({ [key]: _, ...rest }) => rest);
  };
  const resumeQueue = async (key: string) => {
    if (!journal || !recorder) return;
    setResuming(key);
    const started = await startResume(journal, key, (groupId) => readGroup(recorder.store, groupId));
    setResuming(null);
    if (!started.ok) {
      setResumeProblems((p) => ({ ...p, [key]: started.problem }));
      return;
    }
    dropNotice(key);
    const { queue, plan, claim } = started;
    const resume = <S extends RunSpec>(q: RunQueueState<S>, specOf: (m: { group: SavedRun; config: ExperimentConfig }) => S) => {
      const specs = queue.runs.map((run) => specOf({ group: run, config: run.config }));
      const done = plan.done.map((record, i) => (record ? keptState(record, specs[i]) : null));
      q.start(specs, { done, todo: plan.todo, keep: { groupId: queue.groupId, name: queue.name, replace: plan.replace, claim } });
    };
    if (queue.kind === 'comparison') resume(comparison, comparisonSpec);
    else if (queue.kind === 'sweep') resume(sweep, sweepSpec);
    else if (queue.kind === 'linearize') resume(linearization, kernelSpec);
    else resume(widths, kernelSpec);
  };
  const discardQueue = (key: string) => {
    journal?.remove(key);
    dropNotice(key);
  };

  const startValue = Number(lateStart);
  const startProblem =
    !Number.isInteger(startValue) || startValue < 1
      ? 'The late start must be a whole number of at least 1.'
      : lateUnit === 'epoch' && startValue >= base.training.epochs
        ? `The late start must come before the end of training (epoch ${base.training.epochs}).`
        : null;
  const late = lateSchedule(startProblem ? initialLate.start : startValue, lateUnit);
  const lambdaProblem = base.prior.lambda > 0 ? null : 'λ is 0 in the lab, so the prior would do nothing: set λ in the sidebar first.';

  const [linearizeSteps, setLinearizeSteps] = useState('0,100,300');
  const [widthList, setWidthList] = useState('8,32,128');

  const runPreset = (preset: Preset) => {
    onAdoptConfig(preset.config);
    // The form then describes the runs on screen (and a rerun repeats them).
    if (preset.comparison === 'linearize') {
      setLinearizeSteps(preset.runs.flatMap((r) => (r.linearizeAt == null ? [] : [r.linearizeAt])).join(','));
      linearization.start(preset.runs);
      return;
    }
    if (preset.comparison === 'widths') {
      setWidthList(preset.runs.flatMap((r) => (r.width === undefined ? [] : [r.width])).join(','));
      widths.start(preset.runs);
      return;
    }
    const presetLate = lateScheduleFor(preset.config);
    setLateStart(String(presetLate.start));
    setLateUnit(presetLate.unit);
    comparisonName.current = preset.title;
    comparison.start(preset.runs);
  };

  return (
    <div className="compare-view" data-testid="compare-view">
      <QueueNotices notices={notices} problems={resumeProblems} busy={resuming} onResume={(key) => void resumeQueue(key)} onDiscard={discardQueue} />
      {shownProblem && (
        <p className="form-problem" id="compare-shown-problem" role="status" data-testid="compare-shown-problem">
          {shownProblem}
        </p>
      )}
      <PresetList presets={PRESETS} busy={false} onRunComparison={runPreset} onOpenInLab={onOpenInLab} />

      <section className="compare-section" aria-labelledby="early-late-title">
        <h2 id="early-late-title">Early versus late</h2>
        <p className="section-lead">
          Two runs of the lab&apos;s settings ({describeBase(base)}) that differ only in when the prior switches on, on the
          same seed, one after the other in a worker of their own. They are compared at the same APL — the same amount of
          nonlinearity left — not only at the end.
        </p>
        <div className="compare-form">
          <label>
            late start
            <input type="number" min={1} step={1} value={lateStart} onChange={(e) => setLateStart(e.target.value)} data-testid="late-start" />
          </label>
          <select value={lateUnit} onChange={(e) => setLateUnit(e.target.value as ScheduleUnit)} aria-label="late start unit">
            <option value="epoch">epochs</option>
            <option value="step">steps</option>
          </select>
          <button
            type="button"
            className="btn primary"
            data-testid="compare-run"
            disabled={startProblem !== null || lambdaProblem !== null}
            onClick={() => {
              comparisonName.current = 'Early versus late';
              comparison.start(earlyVersusLate(base, late));
            }}
          >
            Run early vs late
          </button>
        </div>
        {(startProblem ?? lambdaProblem) && <p className="form-problem">{startProblem ?? lambdaProblem}</p>}
        <ComparisonResults queue={comparison} onTrainInLab={onOpenInLab} />
      </section>

      <SweepSection base={base} late={late} queue={sweep} onOpen={onOpenInLab} />

      <KernelSection
        base={base}
        linearization={linearization}
        widths={widths}
        steps={linearizeSteps}
        onSteps={setLinearizeSteps}
        widthList={widthList}
        onWidthList={setWidthList}
        onTrainInLab={onOpenInLab}
      />
    </div>
  );
}

function sweepName(specs: SweepRun[]): string {
  const lambdas = specs.map((s) => s.lambda);
  return `Frontier sweep, λ ${formatSci(Math.min(...lambdas))} to ${formatSci(Math.max(...lambdas))}`;
}

type SavedRun = { member: string; label: string; linearizeAt: number | null; width: number | null };

/** A kept run as its section draws it. */
function keptState<S extends RunSpec>(r: RunRecord, spec: S): RunState<S> {
  return { spec, phase: r.finished ? 'finished' : 'stopped', step: r.step, totalSteps: r.totalSteps, history: r.history, problem: r.diverged, gates: r.gates, backend: r.backend };
}

/** Shows a kept group in its section, with what it is: when it was kept and how much of it finished. */
function restoreKept<S extends RunSpec>(restore: RunQueueState<S>['restore'], records: GroupedRecord[] | undefined, specOf: (r: GroupedRecord) => S): void {
  if (!records || records.length === 0) return;
  const { runs, size, note } = keptGroup(records, specOf);
  restore(runs, size, note);
}

/** The same for a group asked for from Runs: false while the section trains. */
function showKept<S extends RunSpec>(show: RunQueueState<S>['show'], records: GroupedRecord[], specOf: (r: GroupedRecord) => S): boolean {
  const { runs, size, note } = keptGroup(records, specOf);
  return show(runs, size, note);
}

function keptGroup<S extends RunSpec>(records: GroupedRecord[], specOf: (r: GroupedRecord) => S): { runs: RunState<S>[]; size: number; note: string } {
  const runs: RunState<S>[] = records.map((r) => keptState(r, specOf(r)));
  const size = records[0].group.size;
  const finished = runs.filter((r) => r.phase === 'finished').length;
  const when = new Date(Math.max(...records.map((r) => r.updatedAt))).toLocaleString();
  const source = records.every((r) => r.source === 'imported') ? 'Imported' : 'Kept';
  return { runs, size, note: `${source}: ${records[0].group.name} (${when}), ${finished} of ${size} runs finished. Every run is listed in Runs.` };
}

function describeBase(config: ExperimentConfig): string {
  const model = config.model.kind === 'mlp' ? `MLP ${config.model.hidden.join('-')}` : 'CNN';
  return `${config.dataset.kind}, ${model}, λ = ${formatSci(config.prior.lambda)}, ${config.training.epochs} epochs, seed ${config.training.seed}`;
}
