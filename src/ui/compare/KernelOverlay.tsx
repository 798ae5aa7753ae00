import { format } from 'd3-format';
import { KERNEL_SPACING_STEPS, kernelCurve, settlingAt, type KernelCurvePoint } from '../../engine/ntk/kernelCurve';
import { fitDomain, LinePlot, type LinePlotModel } from '../LinePlot';
import { OVERLAY_FRAME, type OverlayRun } from './OverlayCurves';
import { runColor } from '../runColors';

const { width: CELL_W, height: CELL_H } = OVERLAY_FRAME;

interface Metric {
  key: 'velocity' | 'distance';
  title: string;
  value: (p: KernelCurvePoint) => number | null;
  format: (v: number) => string;
  /** Said in the plot when no run has a line to draw. */
  empty?: string[];
}

const METRICS: Metric[] = [
  {
    key: 'velocity',
    title: 'Tangent kernel velocity (per 100 steps)',
    value: (p) => p.velocity,
    format: format('.2~g'),
    // A velocity is read between two kernel readings, and a line needs two velocities.
    empty: ['No velocity line yet: it is read between', `kernel readings, taken every ${KERNEL_SPACING_STEPS} steps,`, `so runs need more than ${KERNEL_SPACING_STEPS} steps.`],
  },
  { key: 'distance', title: 'Tangent kernel distance from init', value: (p) => p.distance, format: format('.2~f') },
];

/**
 * The compared runs' tangent kernels against step, each run's prior start drawn as a dashed line in
 * its colour, and how settled each kernel was when that run's prior switched on.
 */
export function KernelOverlay({ runs, totalSteps }: { runs: OverlayRun[]; totalSteps: number }) {
  const curves = runs.map((r) => kernelCurve(r.history));
  if (curves.every((c) => c.length === 0)) return null;
  const xMax = Math.max(1, totalSteps, ...runs.map((r) => r.history.at(-1)?.step ?? 0));
  return (
    <div className="kernel-overlay" data-testid="compare-kernel">
      <div className="overlay-grid">
        {METRICS.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label={`${m.title} against step`} data-testid={`compare-kernel-${m.key}`}>
            <LinePlot model={kernelAgainstStep(m, runs, curves, xMax)} />
          </svg>
        ))}
      </div>
      <ul className="kernel-settling" data-testid="compare-kernel-settling">
        {runs.map((r, i) => {
          if (r.priorStartStep === null || curves[i].length === 0) return null;
          const s = settlingAt(curves[i], r.priorStartStep);
          return (
            <li key={r.id}>
              <span className="swatch" style={{ background: runColor(i) }} /> {r.label}: when its prior switched on (step {r.priorStartStep}), the
              kernel moved{' '}
              {s.atStart === null ? (
                'at a speed not yet measured'
              ) : (
                <>
                  <strong>{format('.2~g')(s.atStart)}</strong> per 100 steps
                  {s.fractionOfPeak !== null && <>, {format('.0%')(s.fractionOfPeak)} of its fastest</>}
                </>
              )}
              .
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function kernelAgainstStep(metric: Metric, runs: OverlayRun[], curves: KernelCurvePoint[][], xMax: number): LinePlotModel {
  return {
    frame: OVERLAY_FRAME,
    title: metric.title,
    x: { domain: [0, xMax], ticks: 4, format: format('~s'), title: 'step' },
    y: { domain: [0, fitDomain(curves.flatMap((c) => c.map(metric.value)))[1]], nice: 4, ticks: 4, format: metric.format },
    series: runs.map((run, i) => ({
      key: run.id,
      testId: `compare-kernel-series-${metric.key}-${i}`,
      points: curves[i].map((p) => ({ x: p.step, y: metric.value(p) })),
      color: runColor(i),
    })),
    // Each run's prior start, dashed across the plot in the run's colour.
    markers: runs.flatMap((run, i) =>
      run.priorStartStep === null
        ? []
        : [{ key: run.id, x: run.priorStartStep, kind: 'line' as const, className: 'kernel-prior-line', color: runColor(i), dashed: true, testId: `compare-kernel-prior-${i}` }],
    ),
    empty: metric.empty,
  };
}
