import { max, min } from 'd3-array';
import { format } from 'd3-format';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import { memo, useMemo } from 'react';
import type { EvalPoint } from '../../engine/training/snapshot';
import { SERIES } from '../colors';
import { viewModelsEqual } from '../equality';
import { formatAxisNumber } from '../format';
import { GridY } from '../GridY';
import { AxisX } from '../AxisX';
import { isFiniteNumber } from '../finite';

export interface CurvesPanelProps {
  history: EvalPoint[];
  priorStartStep: number;
  /** The x axis spans the whole run so curves grow from left to right. */
  totalSteps: number;
}

interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  value: (p: EvalPoint) => number | null;
}

interface Multiple {
  key: string;
  title: string;
  series: Series[];
  /** Fixed domain, or null to fit the data. */
  domain: [number, number] | null;
  format: (v: number) => string;
}

const MULTIPLES: Multiple[] = [
  {
    key: 'loss',
    title: 'Loss',
    series: [
      { label: 'train', color: SERIES.train, value: (p) => p.trainLoss },
      { label: 'test', color: SERIES.test, value: (p) => p.testLoss },
    ],
    domain: null,
    format: formatAxisNumber,
  },
  {
    key: 'accuracy',
    title: 'Accuracy',
    series: [
      { label: 'train', color: SERIES.train, value: (p) => p.trainAccuracy },
      { label: 'test', color: SERIES.test, value: (p) => p.testAccuracy },
    ],
    domain: [0, 1],
    format: format('.0%'),
  },
  {
    key: 'fraction',
    title: 'Fraction nonlinear',
    series: [{ label: 'channels', color: SERIES.nonlinear, value: (p) => p.fractionNonlinear }],
    domain: [0, 1],
    format: format('.0%'),
  },
  {
    key: 'apl',
    title: 'APL',
    series: [
      { label: 'normalized', color: SERIES.aplNormalized, value: (p) => p.aplNormalized },
      { label: 'unnormalized', color: SERIES.aplUnnormalized, dashed: true, value: (p) => p.aplUnnormalized },
    ],
    domain: null,
    format: formatAxisNumber,
  },
];

const W = 440;
const H = 300;
const CELL_W = W / 2;
const CELL_H = H / 2;
const M = { top: 30, right: 12, bottom: 22, left: 38 };

/** Small multiples of the run's history against step, with the step the prior switches on marked. */
export const CurvesPanel = memo(function CurvesPanel({ history, priorStartStep, totalSteps }: CurvesPanelProps) {
  // The axis grows with the run (a little ahead of it) so early training is not squeezed into a sliver
  // of a long planned run; it never passes the run's end.
  const lastStep = history.at(-1)?.step ?? 0;
  const xMax = Math.max(1, Math.min(Math.max(totalSteps, lastStep), Math.max(lastStep * 1.25, priorStartStep * 1.1, 20)));
  const x = useMemo(() => scaleLinear().domain([0, xMax]).range([M.left, CELL_W - M.right]), [xMax]);
  const showMarker = priorStartStep >= 0 && priorStartStep <= xMax;
  const markerX = x(priorStartStep);

  return (
    <div className="curves" data-testid="curves-panel">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training curves against step">
        {MULTIPLES.map((m, i) => (
          <g
            key={m.key}
            data-testid={`curve-${m.key}`}
            transform={`translate(${(i % 2) * CELL_W},${Math.floor(i / 2) * CELL_H})`}
          >
            <SmallMultiple m={m} history={history} x={x} />
            {showMarker && (
              <g className="prior-marker">
                <line data-testid="prior-marker" x1={markerX} x2={markerX} y1={M.top - 4} y2={CELL_H - M.bottom} />
                {i === 0 && (
                  <text x={markerX + 3} y={M.top + 6}>
                    prior on
                  </text>
                )}
              </g>
            )}
          </g>
        ))}
      </svg>
      <div className="legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: SERIES.train }} /> train
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: SERIES.test }} /> test
        </span>
        <span className="legend-item">
          <span className="swatch swatch-dash" style={{ borderColor: SERIES.aplUnnormalized }} /> APL unnormalized
        </span>
        <span className="legend-item">
          <span className="swatch swatch-dash" style={{ borderColor: SERIES.prior }} /> prior on
        </span>
      </div>
    </div>
  );
}, viewModelsEqual);

function SmallMultiple({ m, history, x }: { m: Multiple; history: EvalPoint[]; x: ScaleLinear<number, number> }) {
  const values = history.flatMap((p) => m.series.map((s) => s.value(p))).filter(isFiniteNumber);
  const [lo, hi] = m.domain ?? [Math.min(0, min(values) ?? 0), Math.max(max(values) ?? 1, 1e-6)];
  const y = scaleLinear().domain([lo, hi]).nice(4).range([CELL_H - M.bottom, M.top]);
  const last = history.at(-1);
  return (
    <>
      <rect data-testid="plot-area" className="plot-area" x={M.left} y={M.top} width={CELL_W - M.left - M.right} height={CELL_H - M.top - M.bottom} />
      <text className="multiple-title" x={M.left} y={M.top - 12}>
        {m.title}
        {last && (
          <tspan className="multiple-value" dx={6}>
            {m.series
              .map((s) => s.value(last))
              .filter(isFiniteNumber)
              .map((v) => m.format(v))
              .join(' / ')}
          </tspan>
        )}
      </text>
      <GridY y={y} ticks={3} left={M.left} right={CELL_W - M.right} format={m.format} />
      <AxisX x={x} ticks={3} y={CELL_H - M.bottom + 13} format={format('~s')} />
      {m.series.map((s) => {
        const line = lineGenerator<EvalPoint>()
          .defined((p) => isFiniteNumber(s.value(p)))
          .x((p) => x(p.step))
          .y((p) => y(s.value(p) as number));
        return (
          <path
            key={s.label}
            data-testid={`series-${m.key}-${s.label}`}
            className="series"
            d={line(history) ?? ''}
            stroke={s.color}
            strokeDasharray={s.dashed ? '4 3' : undefined}
          />
        );
      })}
    </>
  );
}

