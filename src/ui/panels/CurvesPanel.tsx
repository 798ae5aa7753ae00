import { format } from 'd3-format';
import { memo } from 'react';
import type { EvalPoint } from '../../engine/training/snapshot';
import { SERIES } from '../colors';
import { viewModelsEqual } from '../equality';
import { formatAxisNumber } from '../format';
import { isFiniteNumber } from '../finite';
import { fitDomain, LinePlot, type LinePlotModel } from '../LinePlot';
import { PlotLegend } from '../PlotLegend';

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

const FRAME = { width: CELL_W, height: CELL_H, margin: M };

/** Small multiples of the run's history against step, with the step the prior switches on marked. */
export const CurvesPanel = memo(function CurvesPanel({ history, priorStartStep, totalSteps }: CurvesPanelProps) {
  // The axis grows with the run (a little ahead of it) so early training is not squeezed into a sliver
  // of a long planned run; it never passes the run's end.
  const lastStep = history.at(-1)?.step ?? 0;
  const xMax = Math.max(1, Math.min(Math.max(totalSteps, lastStep), Math.max(lastStep * 1.25, priorStartStep * 1.1, 20)));

  return (
    <div className="curves" data-testid="curves-panel">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training curves against step">
        {MULTIPLES.map((m, i) => (
          <g
            key={m.key}
            data-testid={`curve-${m.key}`}
            transform={`translate(${(i % 2) * CELL_W},${Math.floor(i / 2) * CELL_H})`}
          >
            <LinePlot model={multipleModel(m, history, xMax, priorStartStep, i === 0)} />
          </g>
        ))}
      </svg>
      <PlotLegend
        items={[
          { key: 'train', kind: 'swatch', color: SERIES.train, label: 'train' },
          { key: 'test', kind: 'swatch', color: SERIES.test, label: 'test' },
          { key: 'apl', kind: 'dash', color: SERIES.aplUnnormalized, label: 'APL unnormalized' },
          { key: 'prior', kind: 'dash', color: SERIES.prior, label: 'prior on' },
        ]}
      />
    </div>
  );
}, viewModelsEqual);

function multipleModel(m: Multiple, history: EvalPoint[], xMax: number, priorStartStep: number, labelMarker: boolean): LinePlotModel {
  const last = history.at(-1);
  return {
    frame: FRAME,
    title: m.title,
    value: last && {
      text: m.series
        .map((s) => s.value(last))
        .filter(isFiniteNumber)
        .map((v) => m.format(v))
        .join(' / '),
    },
    x: { domain: [0, xMax], ticks: 3, format: format('~s') },
    y: { domain: m.domain ?? fitDomain(history.flatMap((p) => m.series.map((s) => s.value(p)))), nice: 4, ticks: 3, format: m.format },
    series: m.series.map((s) => ({
      key: s.label,
      testId: `series-${m.key}-${s.label}`,
      points: history.map((p) => ({ x: p.step, y: s.value(p) })),
      color: s.color,
      dashed: s.dashed,
    })),
    markers: priorStartStep >= 0 ? [{ key: 'prior', x: priorStartStep, kind: 'line', className: 'prior-marker', testId: 'prior-marker', label: labelMarker ? 'prior on' : undefined }] : [],
  };
}
