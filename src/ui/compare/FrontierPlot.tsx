import { format } from 'd3-format';
import type { FrontierCurve } from '../../engine/experiments/frontier';
import { formatSci } from '../format';
import { runColor } from '../runColors';
import { LinePlot, type LinePlotModel } from '../LinePlot';
import { PlotLegend } from '../PlotLegend';

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
  const model: LinePlotModel = {
    frame: { width: W, height: H, margin: M },
    x: { domain: [0, maxSeen], nice: 5, ticks: 6, format: format('.2~f'), labelGap: 16, title: 'final APL (normalized): nonlinear channels per path', centred: true },
    y: { domain: [0, 1], ticks: 5, format: format('.0%'), labelGap: 6, title: 'final test accuracy' },
    series: curves.map((curve, i) => ({ key: curve.scheduleId, points: curve.points.map((p) => ({ x: p.apl, y: p.accuracy })), color: runColor(i) })),
  };
  return (
    <div className="frontier" data-testid="frontier-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label="Final test accuracy against final APL">
        <LinePlot model={model}>
          {({ x, y }) =>
            curves.map((curve, i) => (
              <g key={curve.scheduleId} data-testid={`frontier-curve-${curve.scheduleId.replace(/[^a-z0-9]/gi, '')}`}>
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
            ))
          }
        </LinePlot>
      </svg>
      <PlotLegend
        items={[
          ...curves.map((c, i) => ({ key: c.scheduleId, kind: 'swatch' as const, color: runColor(i), label: c.label })),
          { key: 'note', kind: 'note', muted: true, label: 'one point per λ · click a point to see that run as it ended' },
        ]}
      />
    </div>
  );
}
