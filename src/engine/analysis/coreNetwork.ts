/**
 * The core network (method.md, "Core network"): per gated layer the channels that stay nonlinear,
 * joined across consecutive gated layers by the magnitude of the weights between them.
 */

import { gatedLayers, type ChannelGraph } from './channelGraph';
import type { CoreEdge, CoreLayer, CoreNetworkView, CoreNode } from './types';

export interface CoreNetworkInput {
  graph: ChannelGraph;
  /** Per gated layer (gate order), per channel, the slope a in [0, 1]. */
  slopes: ArrayLike<number>[];
  /** A channel counts as linear when a >= 1 - eps. */
  eps: number;
  /**
   * For l = 0..G-2: row-major [channels of gated layer l] x [channels of gated layer l + 1] weight
   * magnitudes (|w| dense, kernel-slice L2 norm conv), or null where the two layers are not joined by weights.
   */
  edgeMagnitudes: (ArrayLike<number> | null)[];
  /** At most this many edges per consecutive layer pair, the strongest; default 200. */
  maxEdgesPerPair?: number;
}

export const DEFAULT_MAX_EDGES_PER_PAIR = 200;

export function extractCoreNetwork({ graph, slopes, eps, edgeMagnitudes, maxEdgesPerPair = DEFAULT_MAX_EDGES_PER_PAIR }: CoreNetworkInput): CoreNetworkView {
  const gated = gatedLayers(graph);
  if (slopes.length !== gated.length) throw new Error(`extractCoreNetwork: ${slopes.length} slope arrays for ${gated.length} gated layers`);

  const layers: CoreLayer[] = gated.map((layer, g) => {
    const a = slopes[g];
    if (a.length !== layer.channels) throw new Error(`extractCoreNetwork: ${a.length} slopes for the ${layer.channels} channels of ${layer.name}`);
    const nonlinear: CoreNode[] = [];
    for (let c = 0; c < a.length; c++) if (a[c] < 1 - eps) nonlinear.push({ channel: c, strength: 1 - a[c] });
    return { name: layer.name, channels: layer.channels, nonlinear, linearCount: layer.channels - nonlinear.length };
  });

  const kept: CoreEdge[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const magnitudes = edgeMagnitudes[l] ?? null;
    if (!magnitudes) continue;
    const cols = layers[l + 1].channels;
    if (magnitudes.length !== layers[l].channels * cols) {
      throw new Error(`extractCoreNetwork: edge magnitudes ${l} have ${magnitudes.length} entries, expected ${layers[l].channels} x ${cols}`);
    }
    const sources = Int32Array.from(layers[l].nonlinear, (n) => n.channel);
    const targets = Int32Array.from(layers[l + 1].nonlinear, (n) => n.channel);
    const strongest = new TopK(maxEdgesPerPair);
    scanPair(magnitudes, cols, sources, targets, strongest);
    for (const e of strongest.items()) kept.push({ layer: l, from: e.from, to: e.to, weight: e.value });
  }

  let largest = 0;
  for (const e of kept) largest = Math.max(largest, e.weight);
  for (const e of kept) e.weight /= largest;
  kept.sort((x, y) => y.weight - x.weight || x.layer - y.layer || x.from - y.from || x.to - y.to);

  const effectiveWidth = layers.map((l) => l.nonlinear.length);
  return { layers, edges: kept, effectiveDepth: effectiveWidth.filter((w) => w > 0).length, effectiveWidth };
}

/** Offers every magnitude between a nonlinear source and a nonlinear target; kept small so it optimizes well. */
function scanPair(magnitudes: ArrayLike<number>, cols: number, sources: Int32Array, targets: Int32Array, strongest: TopK): void {
  let threshold = strongest.threshold;
  for (let i = 0; i < sources.length; i++) {
    const from = sources[i];
    const row = from * cols;
    for (let t = 0; t < targets.length; t++) {
      const value = magnitudes[row + targets[t]];
      if (value > threshold) {
        strongest.offer(value, from, targets[t]);
        threshold = strongest.threshold;
      }
    }
  }
}

interface Candidate {
  value: number;
  from: number;
  to: number;
}

/**
 * Keeps the k largest positive magnitudes offered, in a min-heap so a dense 512 x 512 pair costs one
 * comparison per weight. Zero (or NaN) magnitudes are no connection and never kept.
 */
class TopK {
  private readonly heap: Candidate[] = [];
  /** Only values above this can enter: 0 until full, then the smallest kept (Infinity when k = 0). */
  threshold: number;

  constructor(private readonly k: number) {
    this.threshold = k > 0 ? 0 : Infinity;
  }

  offer(value: number, from: number, to: number): void {
    if (!(value > this.threshold)) return;
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push({ value, from, to });
      this.siftUp(heap.length - 1);
    } else {
      heap[0] = { value, from, to };
      this.siftDown(0);
    }
    if (heap.length === this.k) this.threshold = heap[0].value;
  }

  items(): Candidate[] {
    return this.heap;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].value <= heap[i].value) return;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left].value < heap[smallest].value) smallest = left;
      if (right < heap.length && heap[right].value < heap[smallest].value) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
      i = smallest;
    }
  }
}
