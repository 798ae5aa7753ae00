import { format } from 'd3-format';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { AplReading } from '../../engine/experiments/matchedApl';
import { runColor } from '../runColors';
import { isFiniteNumber } from '../finite';
import { fitDomain, LinePlot, type LinePlotModel, type XMarker } from '../LinePlot';
import { PlotLegend } from '../PlotLegend';

export interface OverlayRun {
  id: string;
  label: string;
  history: EvalPoint[];
  /** Step at which this run's prior switches on (drawn as a tick), or null. */
  priorStartStep: number | null;
}

export interface OverlayCurvesProps {
  runs: OverlayRun[];
  totalSteps: number;
  /** Where each run was read at matched APL, drawn on the accuracy-against-APL plot. */
  matched: { apl: number; readings: AplReading[] } | null;
}

interface Metric {
  key: string;
  title: string;
  value: (p: EvalPoint) => number | null;
  domain: [number, number] | null;
  format: (v: number) => string;
}

const METRICS: Metric[] = [
  { key: 'accuracy', title: 'Test accuracy', value: (p) => p.testAccuracy, domain: [0, 1], format: format('.0%') },
  { key: 'fraction', title: 'Fraction nonlinear', value: (p) => p.fractionNonlinear, domain: [0, 1], format: format('.0%') },
  { key: 'apl', title: 'APL (normalized)', value: (p) => p.aplNormalized, domain: null, format: format('.2~f') },
];

const CELL_W = 300;
const CELL_H = 200;
/** The frame of each of Compare's small multiples (KernelOverlay draws in it too). */
export const OVERLAY_FRAME = { width: CELL_W, height: CELL_H, margin: { top: 28, right: 12, bottom: 30, left: 42 } };

/** The runs' curves overlaid against step, plus each run's path through (APL, accuracy). */
export function OverlayCurves({ runs, totalSteps, matched }: OverlayCurvesProps) {
  const xMax = Math.max(1, totalSteps, ...runs.map((r) => r.history.at(-1)?.step ?? 0));
  const aplMax = fitDomain(runs.flatMap((r) => r.history.map((p) => p.aplNormalized)))[1];
  return (
    <div className="overlay-curves" data-testid="compare-curves">
      <div className="overlay-grid">
        {METRICS.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label={`${m.title} against step`} data-testid={`compare-${m.key}`}>
            <LinePlot model={againstStep(m, runs, xMax, aplMax)} />
          </svg>
        ))}
        <svg viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label="Test accuracy against APL" data-testid="compare-acc-apl">
          <LinePlot model={accuracyAgainstApl(runs, aplMax, matched)}>
            {({ x, y }) =>
              matched?.readings.map((r, i) => <circle key={i} className="matched-dot" cx={x(r.apl)} cy={y(r.accuracy)} r={4.5} stroke={runColor(i)} />)
            }
          </LinePlot>
        </svg>
      </div>
      <PlotLegend
        testId="compare-legend"
        items={[
          ...runs.map((r, i) => ({ key: r.id, kind: 'swatch' as const, color: runColor(i), label: r.label })),
          { key: 'prior', kind: 'tick', label: 'prior switches on' },
          ...(matched ? [{ key: 'matched', kind: 'dash' as const, color: '#333', label: 'matched APL' }] : []),
        ]}
      />
    </div>
  );
}

/** A run's prior start, a short tick in its colour on the step axis. */
export function priorTicks(runs: OverlayRun[]): XMarker[] {
  return runs.flatMap((run, i) =>
    run.priorStartStep === null ? [] : [{ key: run.id, x: run.priorStartStep, kind: 'tick' as const, className: 'prior-tick', color: runColor(i) }],
  );
}

function againstStep(metric: Metric, runs: OverlayRun[], xMax: number, aplMax: number): LinePlotModel {
  return {
    frame: OVERLAY_FRAME,
    title: metric.title,
    x: { domain: [0, xMax], ticks: 4, format: format('~s'), title: 'step' },
    y: { domain: metric.domain ?? [0, aplMax], nice: 4, ticks: 4, format: metric.format },
    series: runs.map((run, i) => ({
      key: run.id,
      testId: `compare-series-${metric.key}-${i}`,
      points: run.history.map((p) => ({ x: p.step, y: metric.value(p) })),
      color: runColor(i),
    })),
    markers: priorTicks(runs),
  };
}

function accuracyAgainstApl(runs: OverlayRun[], aplMax: number, matched: OverlayCurvesProps['matched']): LinePlotModel {
  return {
    frame: OVERLAY_FRAME,
    title: 'Test accuracy against APL',
    x: { domain: [0, aplMax], nice: 4, ticks: 4, format: format('.2~f'), title: 'APL' },
    y: { domain: [0, 1], ticks: 4, format: format('.0%') },
    // Each run's path through the plane joins its scored evaluations (an unscored one is no break in it).
    series: runs.map((run, i) => ({
      key: run.id,
      points: run.history.filter((p) => isFiniteNumber(p.testAccuracy)).map((p) => ({ x: p.aplNormalized, y: p.testAccuracy })),
      color: runColor(i),
      thin: true,
      dots: { on: 'last', r: 3.5 },
    })),
    markers: matched ? [{ key: 'matched', x: matched.apl, kind: 'line', className: 'matched-line', testId: 'matched-apl-line' }] : [],
  };
}
