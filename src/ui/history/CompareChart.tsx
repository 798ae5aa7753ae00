import { format } from 'd3-format';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { RunRecord } from '../../lab/history/runRecord';
import { formatAxisNumber } from '../format';
import { fitDomain, LinePlot, type LinePlotModel } from '../LinePlot';
import { PlotLegend } from '../PlotLegend';
import { inRunOrder, runColor } from '../runColors';

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
export function CompareChart({ runs: selected }: { runs: RunRecord[] }) {
  const runs = inRunOrder(selected);
  return (
    <div className="compare-chart" data-testid="compare-chart">
      <div className="compare-plots">
        {MEASURES.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${m.title} against step, ${runs.length} runs`} data-testid={`compare-${m.key}`}>
            <LinePlot model={plotModel(m, runs)} />
          </svg>
        ))}
      </div>
      <PlotLegend items={runs.map((r, i) => ({ key: r.id, kind: 'swatch', color: runColor(i), label: r.name, testId: 'compare-legend-item' }))} />
    </div>
  );
}

function plotModel(measure: Measure, runs: RunRecord[]): LinePlotModel {
  const xMax = Math.max(1, ...runs.map((r) => r.history.at(-1)?.step ?? 0));
  return {
    frame: { width: W, height: H, margin: M },
    area: false,
    title: measure.title,
    x: { domain: [0, xMax], ticks: 4, format: format('~s'), labelGap: 14 },
    y: { domain: measure.domain ?? fitDomain(runs.flatMap((r) => r.history.map(measure.value))), nice: 4, ticks: 3, format: measure.format },
    series: runs.map((r, i) => ({
      key: r.id,
      testId: `compare-series-${measure.key}`,
      points: r.history.map((p) => ({ x: p.step, y: measure.value(p) })),
      color: runColor(i),
    })),
  };
}
