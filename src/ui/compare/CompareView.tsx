import { useEffect, useRef, useState } from 'react';
import type { ExperimentConfig, ScheduleUnit } from '../../engine/config/types';
import { PRESETS, type Preset } from '../../engine/experiments/presets';
import { earlyVersusLate, lateSchedule, lateScheduleFor } from '../../engine/experiments/schedules';
import type { SweepRun } from '../../engine/experiments/sweepGrid';
import type { LabApi } from '../../lab/labApi';
import type { RunSpec } from '../../lab/runner/runQueue';
import { recordGroup, type GroupRunSpec } from '../../lab/history/groupRecorder';
import { comparisonSpec, kernelSpec, latestGroups, sweepSpec, type GroupedRecord } from '../../lab/history/runGroups';
import type { RunGroupKind } from '../../lab/history/runRecord';
import type { RunRecorder } from '../../lab/history/runRecorder';
import { formatSci } from '../format';
import { PresetList } from '../presets/PresetList';
import type { KernelRunSpec } from '../../engine/experiments/kernelRuns';
import { ComparisonResults } from './ComparisonResults';
import { KernelSection } from './KernelSection';
import { SweepSection } from './SweepSection';
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
  /** Keeps every comparison's and sweep's runs with the lab's (absent: they are not kept). */
  recorder?: Pick<RunRecorder, 'keep' | 'store'>;
}

/** Early versus late, the frontier sweep and the teaching presets: runs in a worker of their own. */
export function CompareView({ base, createRunnerApi, onRunsStarting, onAdoptConfig, onOpenInLab, recorder }: CompareViewProps) {
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
  const keep = <S extends GroupRunSpec>(kind: RunGroupKind, name: (specs: S[]) => string): QueueRecorder<S> | undefined =>
    recorder ? (specs) => recordGroup({ kind, name: name(specs), specs, keep: (r) => recorder.keep(r) }).handle : undefined;
  // keep() only wraps the name in the recorder a queue calls when it starts (an event); the ref is never read while rendering.
  // eslint-disable-next-line react-hooks/refs
  const comparison = useRunQueue<RunSpec>(createRunnerApi, claim, keep('comparison', () => comparisonName.current));
  const sweep = useRunQueue<SweepRun>(createRunnerApi, claim, keep('sweep', sweepName));
  const linearization = useRunQueue<KernelRunSpec>(createRunnerApi, claim, keep('linearize', () => 'Linearized at step t'));
  const widths = useRunQueue<KernelRunSpec>(createRunnerApi, claim, keep('widths', () => 'Width sweep'));

  // After a reload: the latest comparison and sweep of each kind, as they were kept.
  const restore = { comparison: comparison.restore, sweep: sweep.restore, linearize: linearization.restore, widths: widths.restore };
  const restoreRef = useLatest(restore);
  useEffect(() => {
    if (!recorder) return;
    let live = true;
    recorder.store.list().then(
      (records) => {
        if (!live) return;
        const groups = latestGroups(records);
        const r = restoreRef.current;
        restoreKept(r.comparison, groups.get('comparison'), comparisonSpec);
        restoreKept(r.sweep, groups.get('sweep'), sweepSpec);
        restoreKept(r.linearize, groups.get('linearize'), kernelSpec);
        restoreKept(r.widths, groups.get('widths'), kernelSpec);
      },
      () => undefined, // the Runs list says what is wrong with the store
    );
    return () => {
      live = false;
    };
  }, [recorder, restoreRef]);

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

/** Shows a kept group in its section, with what it is: when it was kept and how much of it finished. */
function restoreKept<S extends RunSpec>(restore: RunQueueState<S>['restore'], records: GroupedRecord[] | undefined, specOf: (r: GroupedRecord) => S): void {
  if (!records || records.length === 0) return;
  const runs: RunState<S>[] = records.map((r) => ({
    spec: specOf(r),
    phase: r.finished ? 'finished' : 'stopped',
    step: r.step,
    totalSteps: r.totalSteps,
    history: r.history,
    problem: r.diverged,
    gates: r.gates,
    backend: r.backend,
  }));
  const size = records[0].group.size;
  const finished = runs.filter((r) => r.phase === 'finished').length;
  const when = new Date(Math.max(...records.map((r) => r.updatedAt))).toLocaleString();
  const source = records.every((r) => r.source === 'imported') ? 'Imported' : 'Kept';
  restore(runs, size, `${source}: ${records[0].group.name} (${when}), ${finished} of ${size} runs finished. Every run is listed in Runs.`);
}

function describeBase(config: ExperimentConfig): string {
  const model = config.model.kind === 'mlp' ? `MLP ${config.model.hidden.join('-')}` : 'CNN';
  return `${config.dataset.kind}, ${model}, λ = ${formatSci(config.prior.lambda)}, ${config.training.epochs} epochs, seed ${config.training.seed}`;
}
