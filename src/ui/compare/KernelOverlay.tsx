import { max } from 'd3-array';
import { format } from 'd3-format';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import { kernelCurve, settlingAt, type KernelCurvePoint } from '../../engine/ntk/kernelCurve';
import { AxisX } from '../AxisX';
import { isFiniteNumber } from '../finite';
import { GridY } from '../GridY';
import type { OverlayRun } from './OverlayCurves';
import { runColor } from '../runColors';

const CELL_W = 300;
const CELL_H = 200;
const M = { top: 28, right: 12, bottom: 30, left: 42 };

interface Metric {
  key: 'velocity' | 'distance';
  title: string;
  value: (p: KernelCurvePoint) => number | null;
  format: (v: number) => string;
}

const METRICS: Metric[] = [
  { key: 'velocity', title: 'Tangent kernel velocity (per 100 steps)', value: (p) => p.velocity, format: format('.2~g') },
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
  const x = scaleLinear().domain([0, xMax]).range([M.left, CELL_W - M.right]);
  return (
    <div className="kernel-overlay" data-testid="compare-kernel">
      <div className="overlay-grid">
        {METRICS.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label={`${m.title} against step`} data-testid={`compare-kernel-${m.key}`}>
            <KernelAgainstStep metric={m} runs={runs} curves={curves} x={x} />
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

function KernelAgainstStep({ metric, runs, curves, x }: { metric: Metric; runs: OverlayRun[]; curves: KernelCurvePoint[][]; x: ScaleLinear<number, number> }) {
  const values = curves.flatMap((c) => c.map(metric.value)).filter(isFiniteNumber);
  const y = scaleLinear()
    .domain([0, Math.max(1e-6, max(values) ?? 1)])
    .nice(4)
    .range([CELL_H - M.bottom, M.top]);
  return (
    <>
      <rect className="plot-area" x={M.left} y={M.top} width={CELL_W - M.left - M.right} height={CELL_H - M.top - M.bottom} />
      <text className="multiple-title" x={M.left} y={M.top - 10}>
        {metric.title}
      </text>
      <GridY y={y} ticks={4} left={M.left} right={CELL_W - M.right} format={metric.format} />
      <AxisX x={x} ticks={4} y={CELL_H - M.bottom + 13} format={format('~s')}>
        <text x={CELL_W - M.right} y={CELL_H - 3} textAnchor="end">
          step
        </text>
      </AxisX>
      {runs.map((run, i) => {
        const line = lineGenerator<KernelCurvePoint>()
          .defined((p) => isFiniteNumber(metric.value(p)))
          .x((p) => x(p.step))
          .y((p) => y(metric.value(p) as number));
        const start = run.priorStartStep;
        return (
          <g key={run.id}>
            {start !== null && start <= x.domain()[1] && (
              <line
                data-testid={`compare-kernel-prior-${i}`}
                className="kernel-prior-line"
                x1={x(start)}
                x2={x(start)}
                y1={M.top}
                y2={CELL_H - M.bottom}
                stroke={runColor(i)}
                strokeDasharray="4 3"
              />
            )}
            <path data-testid={`compare-kernel-series-${metric.key}-${i}`} className="series" d={line(curves[i]) ?? ''} stroke={runColor(i)} />
          </g>
        );
      })}
    </>
  );
}
