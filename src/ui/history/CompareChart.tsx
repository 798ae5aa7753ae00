import { max, min } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { RunRecord } from '../../lab/history/runRecord';
import { formatAxisNumber } from '../format';
import { GridY } from '../GridY';
import { AxisX } from '../AxisX';
import { isFiniteNumber } from '../finite';
import { runColor } from '../runColors';

const W = 360;
const H = 180;
const M = { top: 24, right: 10, bottom: 24, left: 40 };

interface Measure {
  key: string;
  title: string;
  value: (p: EvalPoint) => number | null;
  format: (v: number) => string;
  domain: [number, number] | null;
}

const MEASURES: Measure[] = [
  { key: 'accuracy', title: 'Test accuracy', value: (p) => p.testAccuracy, format: format('.0%'), domain: [0, 1] },
  { key: 'apl', title: 'APL (normalized)', value: (p) => p.aplNormalized, format: formatAxisNumber, domain: null },
];

/** The selected runs' curves over one another: test accuracy and APL against step. */
export function CompareChart({ runs }: { runs: RunRecord[] }) {
  return (
    <div className="compare-chart" data-testid="compare-chart">
      <div className="compare-plots">
        {MEASURES.map((m) => (
          <OverlayPlot key={m.key} measure={m} runs={runs} />
        ))}
      </div>
      <div className="legend">
        {runs.map((r, i) => (
          <span key={r.id} className="legend-item" data-testid="compare-legend-item">
            <span className="swatch" style={{ background: runColor(i) }} />
            {r.name}
          </span>
        ))}
      </div>
    </div>
  );
}

function OverlayPlot({ measure, runs }: { measure: Measure; runs: RunRecord[] }) {
  const xMax = Math.max(1, ...runs.map((r) => r.history.at(-1)?.step ?? 0));
  const values = runs.flatMap((r) => r.history.map(measure.value)).filter(isFiniteNumber);
  const [lo, hi] = measure.domain ?? [Math.min(0, min(values) ?? 0), Math.max(max(values) ?? 1, 1e-6)];
  const x = scaleLinear().domain([0, xMax]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([lo, hi]).nice(4).range([H - M.bottom, M.top]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${measure.title} against step, ${runs.length} runs`} data-testid={`compare-${measure.key}`}>
      <text className="multiple-title" x={M.left} y={M.top - 10}>
        {measure.title}
      </text>
      <GridY y={y} ticks={3} left={M.left} right={W - M.right} format={measure.format} />
      <AxisX x={x} ticks={4} y={H - M.bottom + 14} format={format('~s')} />
      {runs.map((r, i) => {
        const line = lineGenerator<EvalPoint>()
          .defined((p) => isFiniteNumber(measure.value(p)))
          .x((p) => x(p.step))
          .y((p) => y(measure.value(p) as number));
        return (
          <path
            key={r.id}
            className="series"
            data-testid={`compare-series-${measure.key}`}
            d={line(r.history) ?? ''}
            stroke={runColor(i)}
          />
        );
      })}
    </svg>
  );
}
