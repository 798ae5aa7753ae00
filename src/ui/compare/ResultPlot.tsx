import { format } from 'd3-format';
import type { ResultPoint } from '../../engine/experiments/kernelRuns';
import { LinePlot, type LinePlotModel } from '../LinePlot';
import { runColor } from '../runColors';

const W = 320;
const H = 210;
const M = { top: 28, right: 14, bottom: 32, left: 44 };

export interface ResultPlotProps {
  label: string;
  testId: string;
  title: string;
  points: ResultPoint[];
  /** The real network's result, drawn as a dashed level line. */
  reference: number | null;
  xLabel: string;
  yFormat: (v: number) => string;
  yDomain: [number, number] | null;
  /** A log x axis labelled at the points' x values (widths), not at every power between them. */
  log: boolean;
}

/** One result per finished run (final accuracy, kernel distance) against the setting it ran with. */
export function ResultPlot({ label, testId, reference, ...props }: ResultPlotProps) {
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
      <LinePlot model={resultModel(props)}>
        {({ y }) =>
          reference !== null && (
            <g data-testid="real-reference">
              <line x1={M.left} x2={W - M.right} y1={y(reference)} y2={y(reference)} stroke={runColor(1)} strokeDasharray="5 3" />
              <text x={W - M.right - 2} y={y(reference) - 4} textAnchor="end" className="axis-note">
                real network
              </text>
            </g>
          )
        }
      </LinePlot>
    </svg>
  );
}

function resultModel({ title, points, xLabel, yFormat, yDomain, log }: Omit<ResultPlotProps, 'label' | 'testId' | 'reference'>): LinePlotModel {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const xs = sorted.map((p) => p.x);
  const xMax = Math.max(1, ...xs);
  const xMin = Math.max(1, Math.min(...xs));
  return {
    frame: { width: W, height: H, margin: M },
    title,
    x: log
      ? { domain: [xMin, Math.max(xMax, xMin * 2)], log: true, ticks: 4, tickValues: xs, format: String, title: xLabel }
      : { domain: [0, xMax], nice: 4, ticks: 4, format: format('~s'), title: xLabel },
    y: { domain: yDomain ?? [0, Math.max(1e-6, ...points.map((p) => p.y))], nice: 4, ticks: 4, format: yFormat },
    series: [{ key: 'result', points: sorted, color: runColor(0), dots: { on: 'every', r: 3.5, testId: 'result-point' } }],
  };
}
