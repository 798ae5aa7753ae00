import { format } from 'd3-format';
import type { ExperimentConfig } from '../../engine/config/types';
import { linearizationPoints, linearizationRuns, parseStepList, widthPoints, widthRuns, type KernelRunSpec } from '../../engine/experiments/kernelRuns';
import { QueueStatus } from './QueueStatus';
import { ResultPlot } from './ResultPlot';
import { RunEndStates } from './RunEndStates';
import type { RunQueueState } from './useRunQueue';

/**
 * Two experiments on the lab's settings: the whole network linearized in its weights at a few
 * steps t and trained to the end, against the real network (Fort et al.), and the tangent kernel's
 * distance from init at the end of training against hidden width (Liu, Zhu & Belkin).
 */
export function KernelSection({ base, linearization, widths, steps, onSteps: setSteps, widthList, onWidthList: setWidthList, onTrainInLab }: {
  base: ExperimentConfig;
  linearization: RunQueueState<KernelRunSpec>;
  widths: RunQueueState<KernelRunSpec>;
  /** The form's lists, kept by the Compare view so a preset can fill them with the runs it starts. */
  steps: string;
  onSteps: (steps: string) => void;
  widthList: string;
  onWidthList: (widths: string) => void;
  /** Load a run's config in the lab and train it (the real network: the lab has no linearized mode). */
  onTrainInLab: (config: ExperimentConfig) => void;
}) {
  const stepList = parseStepList(steps, 0, 'Steps');
  const widthValues = parseStepList(widthList, 1, 'Widths');
  const mlp = base.model.kind === 'mlp';
  const finished = (q: RunQueueState<KernelRunSpec>) => q.runs.map((r) => ({ spec: r.spec, history: r.history, finished: r.phase === 'finished' }));
  const lin = linearizationPoints(finished(linearization));
  const wide = widthPoints(finished(widths));
  return (
    <section className="compare-section" aria-labelledby="kernel-title">
      <h2 id="kernel-title">The tangent kernel: linearize the whole network at step t, and width</h2>
      <p className="section-lead">
        Linearized at step t, the network trains as f(x; θ_t) + J(x; θ_t)(θ − θ_t): its tangent kernel is frozen at step t. Each run
        uses the lab&apos;s settings, optimizer and data order; the real network is run once.
      </p>
      <div className="compare-form">
        <label>
          steps t
          <input value={steps} onChange={(e) => setSteps(e.target.value)} data-testid="linearize-steps" />
        </label>
        <button
          type="button"
          className="btn primary"
          data-testid="linearize-run"
          disabled={typeof stepList === 'string'}
          onClick={() => typeof stepList !== 'string' && linearization.start(linearizationRuns(base, stepList))}
        >
          Linearize at each t
        </button>
        <label>
          hidden widths
          <input value={widthList} onChange={(e) => setWidthList(e.target.value)} data-testid="width-list" />
        </label>
        <button
          type="button"
          className="btn"
          data-testid="width-run"
          disabled={typeof widthValues === 'string'}
          onClick={() => typeof widthValues !== 'string' && widths.start(widthRuns(base, widthValues))}
        >
          Sweep the width
        </button>
      </div>
      {typeof stepList === 'string' && <p className="form-problem">{stepList}</p>}
      {typeof widthValues === 'string' && <p className="form-problem">{widthValues}</p>}
      {!mlp && <p className="muted">The width sweep sets every conv stage to each width.</p>}
      <QueueStatus queue={linearization} />
      <QueueStatus queue={widths} />
      <div className="overlay-grid">
        {(lin.linearized.length > 0 || lin.real !== null) && (
          <ResultPlot
            label="Final test accuracy against the step the network was linearized at"
            testId="linearize-plot"
            title="Final test accuracy, linearized at t"
            points={lin.linearized}
            reference={lin.real}
            xLabel="t (step)"
            yFormat={format('.0%')}
            yDomain={[0, 1]}
            log={false}
          />
        )}
        {wide.length > 0 && (
          <ResultPlot
            label="Tangent kernel distance from init at the end against width"
            testId="width-plot"
            title="Kernel distance from init at the end"
            points={wide}
            reference={null}
            xLabel="hidden width"
            yFormat={format('.2~f')}
            yDomain={null}
            log
          />
        )}
      </div>
      {lin.linearized.length > 0 && (
        <p className="muted" data-testid="linearize-readout">
          {lin.linearized.map((p) => `t = ${p.x}: ${format('.1%')(p.y)}`).join(' · ')}
          {lin.real !== null && ` · real network: ${format('.1%')(lin.real)}`}
        </p>
      )}
      {wide.length > 0 && (
        <p className="muted" data-testid="width-readout">
          {wide.map((p) => `width ${p.x}: ${format('.3f')(p.y)}`).join(' · ')}
        </p>
      )}
      <RunEndStates runs={linearization.runs} title={(r) => `Linearized at step t: ${r.spec.label}`} onTrainInLab={onTrainInLab} />
      <RunEndStates runs={widths.runs} title={(r) => `Width sweep: ${r.spec.label}`} onTrainInLab={onTrainInLab} />
    </section>
  );
}
