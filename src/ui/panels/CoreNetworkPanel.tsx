import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { CoreNetworkView } from '../../engine/analysis/types';
import { strengthColor } from '../colors';
import { viewModelsEqual } from '../equality';
import { coreLabelPlan, labelRow } from './coreLabels';
import { edgeSlots, layoutCore, type CoreGeometry } from './coreLayout';

/** Height of a second row of layer labels. */
const LABEL_ROW = 26;

export interface CoreNetworkPanelProps {
  core: CoreNetworkView;
}

const GEOMETRY: CoreGeometry = {
  width: 720,
  height: 270,
  top: 34,
  bottom: 8,
  left: 70,
  right: 70,
  bundleSpace: 40,
};

const STAGGERED_GEOMETRY: CoreGeometry = { ...GEOMETRY, top: GEOMETRY.top + LABEL_ROW };

/** The surviving nonlinear channels as a layered graph; each layer's linear channels as one bundle. */
export const CoreNetworkPanel = memo(function CoreNetworkPanel({ core }: CoreNetworkPanelProps) {
  const plan = useMemo(() => {
    const names = core.layers.map((l) => l.name);
    const spacing = (GEOMETRY.width - GEOMETRY.left - GEOMETRY.right) / Math.max(1, names.length - 1);
    return coreLabelPlan(names, spacing);
  }, [core.layers]);
  // Two rows of labels need room above the nodes.
  const geometry = plan.rows === 2 ? STAGGERED_GEOMETRY : GEOMETRY;
  const layout = useMemo(() => layoutCore(core, geometry), [core, geometry]);
  // Each edge keeps the line it was drawn with last time; a new edge takes a line that fell free (coreLayout.ts, edgeSlots).
  const lastSlots = useRef<ReadonlyMap<string, number>>(new Map());
  const slots = useMemo(() => edgeSlots(lastSlots.current, layout.edges.map((e) => e.key)), [layout]);
  useLayoutEffect(() => {
    lastSlots.current = slots;
  }, [slots]);
  const slotted = useMemo(() => [...layout.edges].sort((a, b) => (slots.get(a.key) ?? 0) - (slots.get(b.key) ?? 0)), [layout, slots]);
  const widthText = formatWidths(core.effectiveWidth);
  const { width, height } = geometry;
  // Many edges drawn at full strength merge into a solid block: fade them as they multiply.
  const pairs = Math.max(1, core.layers.length - 1);
  const density = Math.min(1, Math.max(0.15, 80 / (layout.edges.length / pairs || 1)));

  return (
    <div className="core" data-testid="core-panel">
      <div className="core-stats">
        <span>
          effective depth <strong data-testid="core-depth">{core.effectiveDepth}</strong>
          <small> of {core.layers.length} layers</small>
        </span>
        <span>
          effective width <strong data-testid="core-width">{widthText}</strong>
        </span>
      </div>
      <svg
        className="core-svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Core network: effective depth ${core.effectiveDepth}, widths ${widthText}`}
      >
        <defs>
          <marker id="core-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#a9b4c4" />
          </marker>
        </defs>
        <text className="core-io" x={14} y={height / 2 - 20} textAnchor="start">
          input
        </text>
        <line className="core-io-line" x1={14} x2={GEOMETRY.left - 22} y1={height / 2 - 10} y2={height / 2 - 10} markerEnd="url(#core-arrow)" />
        <text className="core-io" x={width - 14} y={height / 2 - 20} textAnchor="end">
          output
        </text>
        <line
          className="core-io-line"
          x1={width - GEOMETRY.right + 22}
          x2={width - 14}
          y1={height / 2 - 10}
          y2={height / 2 - 10}
          markerEnd="url(#core-arrow)"
        />
        {layout.columns.map((c, i) => {
          const row = labelRow(plan, i);
          return (
            <g key={`col-${c.layer}`} className={c.nonlinear === 0 ? 'core-column collapsed' : 'core-column'}>
              <line x1={c.x} x2={c.x} y1={geometry.top - 6} y2={height - geometry.bottom - geometry.bundleSpace + 4} />
              <title>{`${c.name}: ${c.nonlinear} of ${c.channels} channels nonlinear`}</title>
              {row !== null && (
                <>
                  <text x={c.x} y={14 + row * LABEL_ROW} textAnchor="middle" className="core-layer-name">
                    {c.name}
                  </text>
                  <text x={c.x} y={27 + row * LABEL_ROW} textAnchor="middle" className="core-layer-count">
                    {c.nonlinear === 0 ? (plan.shortCounts ? '0' : 'all linear') : plan.shortCounts ? `${c.nonlinear}/${c.channels}` : `${c.nonlinear}/${c.channels} nonlinear`}
                  </text>
                </>
              )}
            </g>
          );
        })}
        <g className="core-edges">
          {slotted.map((e) => (
            <CoreEdgeLine
              key={`slot-${slots.get(e.key) ?? e.key}`}
              x1={e.x1}
              y1={e.y1}
              x2={e.x2}
              y2={e.y2}
              opacity={(0.06 + 0.6 * e.weight) * density}
              width={0.5 + 2 * e.weight}
            />
          ))}
        </g>
        <g className="core-nodes">
          {layout.nodes.map((n) => (
            <CoreNodeCircle
              key={n.key}
              x={n.x}
              y={n.y}
              r={n.r}
              fill={strengthColor(n.strength)}
              title={`layer ${core.layers[n.layer]?.name ?? n.layer}, channel ${n.channel}: strength 1−a = ${n.strength.toFixed(2)}`}
            />
          ))}
        </g>
        <g className="core-bundles">
          {layout.bundles.map((b) => {
            const fraction = b.channels > 0 ? b.count / b.channels : 0;
            const w = plan.bundleWidth;
            return (
              <g key={`bundle-${b.layer}`} data-testid="core-bundle" transform={`translate(${b.x},${b.y})`} className={b.count === 0 ? 'core-bundle empty' : 'core-bundle'}>
                <rect x={-w / 2} y={-13} width={w} height={26} rx={13} />
                <rect className="core-bundle-fill" x={-w / 2} y={-13} width={w * fraction} height={26} rx={13} />
                {plan.bundleText !== 'none' && (
                  <text y={1} textAnchor="middle" dominantBaseline="middle">
                    <tspan className="core-bundle-count">{b.count}</tspan>
                    {plan.bundleText === 'full' ? ' linear' : ''}
                  </text>
                )}
                <title>{`${b.name}: ${b.count} of ${b.channels} channels linear (one bundle)`}</title>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}, viewModelsEqual);

/**
 * One edge and one node, each redrawn only when what it shows changed: a snapshot moves a few of the
 * hundreds of lines and dots, and React then leaves the others alone instead of comparing them all.
 */
const CoreEdgeLine = memo(function CoreEdgeLine({ x1, y1, x2, y2, opacity, width }: { x1: number; y1: number; x2: number; y2: number; opacity: number; width: number }) {
  return <line data-testid="core-edge" x1={x1} y1={y1} x2={x2} y2={y2} strokeOpacity={opacity} strokeWidth={width} />;
});

const CoreNodeCircle = memo(function CoreNodeCircle({ x, y, r, fill, title }: { x: number; y: number; r: number; fill: string; title: string }) {
  return (
    <circle data-testid="core-node" cx={x} cy={y} r={r} fill={fill}>
      <title>{title}</title>
    </circle>
  );
});

/** "64-32-32" as is; a long list with repeats as runs ("16×54"), so a deep net's widths stay one line. */
export function formatWidths(widths: readonly number[]): string {
  if (widths.length === 0) return '–';
  if (widths.length <= 6) return widths.join('-');
  const runs: string[] = [];
  for (let i = 0; i < widths.length; ) {
    let j = i;
    while (j < widths.length && widths[j] === widths[i]) j++;
    runs.push(j - i > 1 ? `${widths[i]}×${j - i}` : String(widths[i]));
    i = j;
  }
  return runs.join('-');
}
