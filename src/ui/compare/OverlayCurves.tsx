import { format } from 'd3-format';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { AplReading } from '../../engine/experiments/matchedApl';
import { runColor } from '../runColors';
import { GridY } from '../GridY';
import { AxisX } from '../AxisX';
import { isFiniteNumber } from '../finite';

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
const M = { top: 28, right: 12, bottom: 30, left: 42 };

/** The runs' curves overlaid against step, plus each run's path through (APL, accuracy). */
export function OverlayCurves({ runs, totalSteps, matched }: OverlayCurvesProps) {
  const xMax = Math.max(1, totalSteps, ...runs.map((r) => r.history.at(-1)?.step ?? 0));
  const x = scaleLinear().domain([0, xMax]).range([M.left, CELL_W - M.right]);
  const aplMax = Math.max(1e-6, ...runs.flatMap((r) => r.history.map((p) => p.aplNormalized)));
  return (
    <div className="overlay-curves" data-testid="compare-curves">
      <div className="overlay-grid">
        {METRICS.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label={`${m.title} against step`} data-testid={`compare-${m.key}`}>
            <AgainstStep metric={m} runs={runs} x={x} aplMax={aplMax} />
          </svg>
        ))}
        <svg viewBox={`0 0 ${CELL_W} ${CELL_H}`} role="img" aria-label="Test accuracy against APL" data-testid="compare-acc-apl">
          <AccuracyAgainstApl runs={runs} aplMax={aplMax} matched={matched} />
        </svg>
      </div>
      <div className="legend" data-testid="compare-legend">
        {runs.map((r, i) => (
          <span className="legend-item" key={r.id}>
            <span className="swatch" style={{ background: runColor(i) }} /> {r.label}
          </span>
        ))}
        <span className="legend-item">
          <span className="swatch swatch-tick" /> prior switches on
        </span>
        {matched && (
          <span className="legend-item">
            <span className="swatch swatch-dash" style={{ borderColor: '#333' }} /> matched APL
          </span>
        )}
      </div>
    </div>
  );
}

function AgainstStep({ metric, runs, x, aplMax }: { metric: Metric; runs: OverlayRun[]; x: ScaleLinear<number, number>; aplMax: number }) {
  const domain = metric.domain ?? [0, aplMax];
  const y = scaleLinear().domain(domain).nice(4).range([CELL_H - M.bottom, M.top]);
  return (
    <>
      <rect className="plot-area" x={M.left} y={M.top} width={CELL_W - M.left - M.right} height={CELL_H - M.top - M.bottom} />
      <text className="multiple-title" x={M.left} y={M.top - 10}>
        {metric.title}
      </text>
      <YGrid y={y} format={metric.format} />
      <AxisX x={x} ticks={4} y={CELL_H - M.bottom + 13} format={format('~s')}>
        <text x={CELL_W - M.right} y={CELL_H - 3} textAnchor="end">
          step
        </text>
      </AxisX>
      {runs.map((run, i) => {
        const line = lineGenerator<EvalPoint>()
          .defined((p) => isFiniteNumber(metric.value(p)))
          .x((p) => x(p.step))
          .y((p) => y(metric.value(p) as number));
        const start = run.priorStartStep;
        return (
          <g key={run.id}>
            {start !== null && start <= x.domain()[1] && (
              <line className="prior-tick" x1={x(start)} x2={x(start)} y1={CELL_H - M.bottom} y2={CELL_H - M.bottom - 8} stroke={runColor(i)} />
            )}
            <path data-testid={`compare-series-${metric.key}-${i}`} className="series" d={line(run.history) ?? ''} stroke={runColor(i)} />
          </g>
        );
      })}
    </>
  );
}

function AccuracyAgainstApl({ runs, aplMax, matched }: { runs: OverlayRun[]; aplMax: number; matched: OverlayCurvesProps['matched'] }) {
  const x = scaleLinear().domain([0, aplMax]).nice(4).range([M.left, CELL_W - M.right]);
  const y = scaleLinear().domain([0, 1]).range([CELL_H - M.bottom, M.top]);
  return (
    <>
      <rect className="plot-area" x={M.left} y={M.top} width={CELL_W - M.left - M.right} height={CELL_H - M.top - M.bottom} />
      <text className="multiple-title" x={M.left} y={M.top - 10}>
        Test accuracy against APL
      </text>
      <YGrid y={y} format={format('.0%')} />
      <AxisX x={x} ticks={4} y={CELL_H - M.bottom + 13} format={format('.2~f')}>
        <text x={CELL_W - M.right} y={CELL_H - 3} textAnchor="end">
          APL
        </text>
      </AxisX>
      {matched && (
        <line data-testid="matched-apl-line" className="matched-line" x1={x(matched.apl)} x2={x(matched.apl)} y1={M.top} y2={CELL_H - M.bottom} />
      )}
      {runs.map((run, i) => {
        const points = run.history.filter((p) => isFiniteNumber(p.testAccuracy));
        const line = lineGenerator<EvalPoint>()
          .x((p) => x(p.aplNormalized))
          .y((p) => y(p.testAccuracy as number));
        const end = points.at(-1);
        return (
          <g key={run.id}>
            <path className="series series-thin" d={line(points) ?? ''} stroke={runColor(i)} />
            {end && <circle cx={x(end.aplNormalized)} cy={y(end.testAccuracy as number)} r={3.5} fill={runColor(i)} />}
          </g>
        );
      })}
      {matched?.readings.map((r, i) => (
        <circle key={i} className="matched-dot" cx={x(r.apl)} cy={y(r.accuracy)} r={4.5} stroke={runColor(i)} />
      ))}
    </>
  );
}

function YGrid({ y, format }: { y: ScaleLinear<number, number>; format: (v: number) => string }) {
  return (
    <GridY y={y} ticks={4} left={M.left} right={CELL_W - M.right} format={format} />
  );
}

