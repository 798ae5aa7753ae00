import { max, range } from 'd3-array';
import { format } from 'd3-format';
import { scaleBand, scaleLinear } from 'd3-scale';
import { memo, useId, useMemo, useState } from 'react';
import type { AplResult } from '../../engine/analysis/types';
import { viewModelsEqual } from '../equality';
import { GridY } from '../GridY';

export type AplVariant = 'normalized' | 'unnormalized';

export interface PathLengthPanelProps {
  apl: AplResult;
  /** The same network with every channel nonlinear: drawn as a ghost behind. */
  aplAllNonlinear: AplResult;
  initialVariant?: AplVariant;
}

const W = 420;
const H = 250;
const M = { top: 26, right: 14, bottom: 34, left: 40 };

export const PathLengthPanel = memo(function PathLengthPanel({
  apl,
  aplAllNonlinear,
  initialVariant = 'normalized',
}: PathLengthPanelProps) {
  const [variant, setVariant] = useState<AplVariant>(initialVariant);
  const id = useId();
  const dist = apl[variant];
  const ghost = aplAllNonlinear[variant];

  const geo = useMemo(() => {
    const buckets = Math.max(dist.histogram.length, ghost.histogram.length, 1);
    const x = scaleBand<number>()
      .domain(range(buckets))
      .range([M.left, W - M.right])
      .paddingInner(0.15)
      .paddingOuter(0.1);
    const maxValue = Math.max(max(dist.histogram) ?? 0, max(ghost.histogram) ?? 0, 1e-9);
    const y = scaleLinear().domain([0, maxValue]).nice().range([H - M.bottom, M.top]);
    // The APL is a mean over bucket indices: place it between band centres.
    const center = (k: number) => (x(k) ?? 0) + x.bandwidth() / 2;
    const step = x.step();
    const aplX = (value: number) => center(0) + value * step;
    const tickEvery = Math.ceil(buckets / 12);
    return { x, y, center, aplX, buckets, tickEvery };
  }, [dist.histogram, ghost.histogram]);

  const { x, y, aplX } = geo;
  const baseline = H - M.bottom;
  const markerX = aplX(dist.apl);
  const ghostX = aplX(ghost.apl);
  const labelAnchor = markerX > W - 110 ? 'end' : 'start';

  return (
    <div className="pathlen" data-testid="pathlen-panel">
      <div className="segmented" role="radiogroup" aria-label="Path weighting">
        {(['normalized', 'unnormalized'] as const).map((v) => (
          <label key={v} className={variant === v ? 'active' : ''}>
            <input
              type="radio"
              name={`apl-variant-${id}`}
              value={v}
              checked={variant === v}
              onChange={() => setVariant(v)}
              data-testid={`apl-variant-${v}`}
            />
            {v}
          </label>
        ))}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Path length histogram, ${variant} APL ${dist.apl.toFixed(2)}`}>
        <GridY y={y} ticks={4} left={M.left} right={W - M.right} format={format('.0%')} labelGap={6} />
        <g className="pathlen-ghost">
          {ghost.histogram.map((v, k) => (
            <rect
              key={k}
              data-testid="apl-ghost-bar"
              x={x(k)}
              width={x.bandwidth()}
              y={y(v)}
              height={baseline - y(v)}
            />
          ))}
        </g>
        <g className="pathlen-bars">
          {dist.histogram.map((v, k) => (
            <rect
              key={k}
              data-testid="apl-bar"
              data-bucket={k}
              x={(x(k) ?? 0) + x.bandwidth() * 0.15}
              width={x.bandwidth() * 0.7}
              y={y(v)}
              height={baseline - y(v)}
            >
              <title>{`${k} nonlinear channels: ${(v * 100).toFixed(1)}% of paths`}</title>
            </rect>
          ))}
        </g>
        <g className="axis-x">
          <line x1={M.left} x2={W - M.right} y1={baseline} y2={baseline} />
          {range(geo.buckets).filter((k) => k % geo.tickEvery === 0).map((k) => (
            <text key={k} x={geo.center(k)} y={baseline + 14} textAnchor="middle">
              {k}
            </text>
          ))}
          <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
            nonlinear channels met along a path
          </text>
        </g>
        <g className="pathlen-ghost-marker">
          <line x1={ghostX} x2={ghostX} y1={M.top} y2={baseline} />
        </g>
        <g className="pathlen-marker" data-testid="apl-marker" data-x={markerX}>
          <line x1={markerX} x2={markerX} y1={M.top - 8} y2={baseline} />
          <text data-testid="apl-label" x={markerX + (labelAnchor === 'start' ? 6 : -6)} y={M.top - 10} textAnchor={labelAnchor}>
            APL {dist.apl.toFixed(2)}
          </text>
        </g>
      </svg>
      <div className="legend">
        <span className="legend-item">
          <span className="swatch swatch-bar" /> this network
        </span>
        <span className="legend-item">
          <span className="swatch swatch-ghost" /> every channel nonlinear (APL {ghost.apl.toFixed(2)})
        </span>
      </div>
    </div>
  );
}, viewModelsEqual);
