import { scalePoint, scaleSqrt } from 'd3-scale';
import type { CoreNetworkView } from '../../engine/analysis/types';

export interface PlacedNode {
  key: string;
  layer: number;
  channel: number;
  strength: number;
  x: number;
  y: number;
  r: number;
}

export interface PlacedBundle {
  layer: number;
  name: string;
  count: number;
  channels: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weight: number;
  /** [layer, from, to]: edges are drawn in this fixed order, not by strength (see layoutCore). */
  order: [number, number, number];
}

export interface CoreLayout {
  nodes: PlacedNode[];
  bundles: PlacedBundle[];
  edges: PlacedEdge[];
  columns: { layer: number; name: string; x: number; nonlinear: number; channels: number }[];
}

export interface CoreGeometry {
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Vertical room kept under the nodes for the bundle. */
  bundleSpace: number;
}

/**
 * Layers as columns; a column's nonlinear channels stacked in channel order (so nodes keep their
 * place from one snapshot to the next), its linear channels one bundle underneath.
 * Edges whose endpoints are not drawn nonlinear nodes are dropped.
 *
 * The panel redraws at every snapshot, several times a second, so the layout keeps the DOM still
 * where nothing visible moved: edges in a fixed order (by strength, their order changed at every
 * step and React moved hundreds of SVG lines each time), and strengths and weights rounded to
 * steps finer than the eye sees (so unchanged lines keep their attributes).
 */
export function layoutCore(view: CoreNetworkView, g: CoreGeometry): CoreLayout {
  const x = scalePoint<number>()
    .domain(view.layers.map((_, i) => i))
    .range([g.left, g.width - g.right])
    .padding(view.layers.length === 1 ? 1 : 0);
  const nodeTop = g.top;
  const nodeBottom = g.height - g.bottom - g.bundleSpace;
  const maxNodes = Math.max(1, ...view.layers.map((l) => l.nonlinear.length));
  const spacing = Math.min(26, (nodeBottom - nodeTop) / maxNodes);
  const maxR = Math.max(1.5, Math.min(10, spacing * 0.45));
  const r = scaleSqrt().domain([0, 1]).range([Math.max(1, maxR * 0.35), maxR]).clamp(true);

  const byKey = new Map<string, PlacedNode>();
  const nodes: PlacedNode[] = [];
  view.layers.forEach((layer, li) => {
    const sorted = [...layer.nonlinear].sort((a, b) => a.channel - b.channel);
    const columnHeight = sorted.length * spacing;
    const start = (nodeTop + nodeBottom) / 2 - columnHeight / 2 + spacing / 2;
    sorted.forEach((node, k) => {
      const strength = rounded(node.strength, 0.01);
      const placed: PlacedNode = {
        key: `${li}:${node.channel}`,
        layer: li,
        channel: node.channel,
        strength,
        x: x(li) ?? g.left,
        y: start + k * spacing,
        r: r(strength),
      };
      nodes.push(placed);
      byKey.set(placed.key, placed);
    });
  });

  const bundles: PlacedBundle[] = view.layers.map((layer, li) => ({
    layer: li,
    name: layer.name,
    count: layer.linearCount,
    channels: layer.channels,
    x: x(li) ?? g.left,
    y: g.height - g.bottom - g.bundleSpace / 2,
  }));

  const edges: PlacedEdge[] = [];
  for (const e of view.edges) {
    const a = byKey.get(`${e.layer}:${e.from}`);
    const b = byKey.get(`${e.layer + 1}:${e.to}`);
    if (!a || !b) continue;
    edges.push({ key: `${e.layer}:${e.from}>${e.to}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y, weight: rounded(e.weight, 0.02), order: [e.layer, e.from, e.to] });
  }
  edges.sort((p, q) => p.order[0] - q.order[0] || p.order[1] - q.order[1] || p.order[2] - q.order[2]);

  const columns = view.layers.map((layer, li) => ({
    layer: li,
    name: layer.name,
    x: x(li) ?? g.left,
    nonlinear: layer.nonlinear.length,
    channels: layer.channels,
  }));
  return { nodes, bundles, edges, columns };
}

function rounded(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/**
 * Which drawn line each edge goes to, given where the edges of the last drawing went: an edge kept
 * from the last snapshot keeps its line, and a new edge takes the line of one that left (the lowest
 * free), so when the strongest edges trade places the panel moves a few lines instead of removing
 * and creating SVG elements; only a growing edge count adds lines. Edges are drawn in one colour,
 * and stacked translucent strokes of one colour blend the same in any order, so which line holds
 * which edge does not show. Pure: the caller keeps the result for the next snapshot.
 */
export function edgeSlots(previous: ReadonlyMap<string, number>, keys: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of keys) {
    const slot = previous.get(key);
    if (slot !== undefined) {
      slots.set(key, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const key of keys) {
    if (slots.has(key)) continue;
    while (taken.has(free)) free++;
    slots.set(key, free);
    taken.add(free);
  }
  return slots;
}
