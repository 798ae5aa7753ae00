import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import type { FrontierCurve, FrontierPoint } from '../../engine/experiments/frontier';
import { formatSci } from '../format';
import { runColor } from '../runColors';
import { GridY } from '../GridY';
import { AxisX } from '../AxisX';

export interface FrontierPlotProps {
  curves: FrontierCurve[];
  /** Deepest possible APL (every channel nonlinear), for a stable x axis. */
  aplMax: number;
  /** Show the run's end state (gates, core network, path lengths) without training it again. */
  onOpen: (runId: string) => void;
}

const W = 620;
const H = 340;
const M = { top: 20, right: 20, bottom: 40, left: 52 };

/** Final test accuracy against final APL, one curve per schedule; each point opens its run in the lab. */
export function FrontierPlot({ curves, aplMax, onOpen }: FrontierPlotProps) {
  const maxSeen = Math.max(aplMax, ...curves.flatMap((c) => c.points.map((p) => p.apl)), 1e-6);
  const x = scaleLinear().domain([0, maxSeen]).nice(5).range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const line = lineGenerator<FrontierPoint>()
    .x((p) => x(p.apl))
    .y((p) => y(p.accuracy));
  return (
    <div className="frontier" data-testid="frontier-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label="Final test accuracy against final APL">
        <rect className="plot-area" x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
        <GridY y={y} ticks={5} left={M.left} right={W - M.right} format={format('.0%')} labelGap={6} />
        <AxisX x={x} ticks={6} y={H - M.bottom + 16} format={format('.2~f')}>
          <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="axis-label">
            final APL (normalized): nonlinear channels per path
          </text>
        </AxisX>
        <text className="axis-label" transform={`translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          final test accuracy
        </text>
        {curves.map((curve, i) => (
          <g key={curve.scheduleId} data-testid={`frontier-curve-${curve.scheduleId.replace(/[^a-z0-9]/gi, '')}`}>
            <path className="series" d={line(curve.points) ?? ''} stroke={runColor(i)} />
            {curve.points.map((p) => (
              <circle
                key={p.runId}
                className="frontier-point"
                data-testid="frontier-point"
                cx={x(p.apl)}
                cy={y(p.accuracy)}
                r={6}
                fill={runColor(i)}
                role="button"
                tabIndex={0}
                aria-label={`${curve.label}, λ = ${formatSci(p.lambda)}: accuracy ${(p.accuracy * 100).toFixed(1)}%, APL ${p.apl.toFixed(2)}. Show it as it ended.`}
                onClick={() => onOpen(p.runId)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(p.runId);
                  }
                }}
              >
                <title>{`λ = ${formatSci(p.lambda)} · accuracy ${(p.accuracy * 100).toFixed(1)}% · APL ${p.apl.toFixed(2)} — click to see it as it ended`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <div className="legend">
        {curves.map((c, i) => (
          <span className="legend-item" key={c.scheduleId}>
            <span className="swatch" style={{ background: runColor(i) }} /> {c.label}
          </span>
        ))}
        <span className="legend-item muted">one point per λ · click a point to see that run as it ended</span>
      </div>
    </div>
  );
}
