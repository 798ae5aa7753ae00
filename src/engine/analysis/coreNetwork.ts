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
   * magnitudes (|w| dense, kernel-slice L2 norm conv), or a shortlist of them (CandidateEdges),
   * or null where the two layers are not joined by weights.
   */
  edgeMagnitudes: (ArrayLike<number> | CandidateEdges | null)[];
  /** At most this many edges per consecutive layer pair, the strongest; default 200. */
  maxEdgesPerPair?: number;
}

export const DEFAULT_MAX_EDGES_PER_PAIR = 200;

/**
 * Some of a layer pair's magnitudes, e.g. the strongest between nonlinear channels picked on the
 * device, so a 512 x 512 pair is not read back whole. The view is the same as from the full matrix
 * as long as the shortlist holds the pair's maxEdgesPerPair strongest edges between nonlinear channels.
 */
export interface CandidateEdges {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  magnitude: ArrayLike<number>;
}

function isCandidateEdges(m: ArrayLike<number> | CandidateEdges): m is CandidateEdges {
  return 'magnitude' in m;
}

export function extractCoreNetwork({ graph, slopes, eps, edgeMagnitudes, maxEdgesPerPair = DEFAULT_MAX_EDGES_PER_PAIR }: CoreNetworkInput): CoreNetworkView {
  const gated = gatedLayers(graph);
  if (slopes.length !== gated.length) throw new Error(`extractCoreNetwork: ${slopes.length} slope arrays for ${gated.length} gated layers`);

  /** Per gated layer, 1 where the channel is nonlinear: what the edge scans test. */
  const flags: Uint8Array[] = [];
  const layers: CoreLayer[] = gated.map((layer, g) => {
    const a = slopes[g];
    if (a.length !== layer.channels) throw new Error(`extractCoreNetwork: ${a.length} slopes for the ${layer.channels} channels of ${layer.name}`);
    const nonlinear: CoreNode[] = [];
    const isNonlinear = new Uint8Array(a.length);
    for (let c = 0; c < a.length; c++) {
      if (a[c] < 1 - eps) {
        nonlinear.push({ channel: c, strength: 1 - a[c] });
        isNonlinear[c] = 1;
      }
    }
    flags.push(isNonlinear);
    return { name: layer.name, channels: layer.channels, nonlinear, linearCount: layer.channels - nonlinear.length };
  });

  // Per layer pair, its strongest edges, strongest first.
  const perPair: { layer: number; edges: Candidate[] }[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const magnitudes = edgeMagnitudes[l] ?? null;
    if (!magnitudes) continue;
    const cols = layers[l + 1].channels;
    const strongest = new TopK(maxEdgesPerPair);
    if (isCandidateEdges(magnitudes)) {
      if (isStrongestFirst(magnitudes)) {
        perPair.push({ layer: l, edges: leadingCandidates(magnitudes, flags[l], flags[l + 1], maxEdgesPerPair) });
        continue;
      }
      scanCandidates(magnitudes, flags[l], flags[l + 1], strongest);
    } else {
      if (magnitudes.length !== layers[l].channels * cols) {
        throw new Error(`extractCoreNetwork: edge magnitudes ${l} have ${magnitudes.length} entries, expected ${layers[l].channels} x ${cols}`);
      }
      const sources = Int32Array.from(layers[l].nonlinear, (n) => n.channel);
      const targets = Int32Array.from(layers[l + 1].nonlinear, (n) => n.channel);
      scanPair(magnitudes, cols, sources, targets, strongest);
    }
    perPair.push({ layer: l, edges: strongest.drainStrongestFirst() });
  }
  const kept = concatByLayer(perPair);

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

function scanCandidates({ from, to, magnitude }: CandidateEdges, sourceNonlinear: Uint8Array, targetNonlinear: Uint8Array, strongest: TopK): void {
  for (let i = 0; i < magnitude.length; i++) {
    if (sourceNonlinear[from[i]] === 1 && targetNonlinear[to[i]] === 1) strongest.offer(magnitude[i], from[i], to[i]);
  }
}

/** True when the shortlist is already in view order (tf.topk's): magnitude down, ties by (from, to) up. */
function isStrongestFirst({ from, to, magnitude }: CandidateEdges): boolean {
  for (let i = 1; i < magnitude.length; i++) {
    const a = magnitude[i - 1];
    const b = magnitude[i];
    if (a > b) continue;
    if (a === b && (from[i - 1] < from[i] || (from[i - 1] === from[i] && to[i - 1] < to[i]))) continue;
    return false; // out of order, or NaN
  }
  return true;
}

/** From a strongest-first shortlist: its first `k` positive edges between nonlinear channels, no heap needed. */
function leadingCandidates({ from, to, magnitude }: CandidateEdges, sourceNonlinear: Uint8Array, targetNonlinear: Uint8Array, k: number): Candidate[] {
  const kept: Candidate[] = [];
  for (let i = 0; i < magnitude.length && kept.length < k && magnitude[i] > 0; i++) {
    if (sourceNonlinear[from[i]] === 1 && targetNonlinear[to[i]] === 1) kept.push({ value: magnitude[i], from: from[i], to: to[i] });
  }
  return kept;
}

interface Candidate {
  value: number;
  from: number;
  to: number;
}

/** Heap order: lower magnitude, or equal magnitude and later (from, to), is weaker. */
function weaker(a: Candidate, b: Candidate): boolean {
  return a.value < b.value || (a.value === b.value && (a.from > b.from || (a.from === b.from && a.to > b.to)));
}

/**
 * One list of all pairs' edges in layer order, each pair's strongest first, normalized by the
 * strongest in the net. (A global strongest-first order cost a merge per snapshot and nothing draws by it.)
 */
function concatByLayer(perPair: { layer: number; edges: Candidate[] }[]): CoreEdge[] {
  let largest = 0;
  for (const p of perPair) if (p.edges.length > 0) largest = Math.max(largest, p.edges[0].value);
  const all: CoreEdge[] = [];
  for (const { layer, edges } of perPair) {
    for (const e of edges) all.push({ layer, from: e.from, to: e.to, weight: e.value / largest });
  }
  return all;
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

  /** Everything kept, strongest first (equal magnitudes: lower from, then lower to, first); empties the heap. */
  drainStrongestFirst(): Candidate[] {
    const heap = this.heap;
    const out = new Array<Candidate>(heap.length);
    for (let i = heap.length - 1; i >= 0; i--) {
      out[i] = heap[0];
      const last = heap.pop() as Candidate;
      if (i > 0) {
        heap[0] = last;
        this.siftDown(0);
      }
    }
    this.threshold = this.k > 0 ? 0 : Infinity;
    return out;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!weaker(heap[i], heap[parent])) return;
      const swap = heap[parent];
      heap[parent] = heap[i];
      heap[i] = swap;
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && weaker(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && weaker(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) return;
      const swap = heap[smallest];
      heap[smallest] = heap[i];
      heap[i] = swap;
      i = smallest;
    }
  }
}
