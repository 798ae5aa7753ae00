/**
 * Average path length of nonlinearities (method.md, "Average path length"), computed exactly by
 * dynamic programming over the channel graph in topological order.
 *
 * Each channel's vector v[k] is the (weighted) number of paths from the inputs to that channel that
 * meet k nonlinear channels. Channels of a layer rarely differ much: every channel fed only by `full`
 * summands receives the same sum and differs from its neighbours only by the gate's shift. So a layer
 * stores a few distinct "base" vectors plus, per channel, which base it uses and by how much it is
 * shifted; channel sums and copies work on those bases, never on one vector per channel.
 * Both variants share that structure (which base, which shift) and are propagated in one pass;
 * only the base values differ. Typed-array allocations are costly at this scale, so per-channel
 * indices live in two graph-wide buffers addressed by offsets.
 */

import type { ChannelGraph, NonlinearMask } from './channelGraph';
import type { AplResult, PathLengthDistribution } from './types';

const NORMALIZED = 0;
const UNNORMALIZED = 1;
const VARIANTS = [NORMALIZED, UNNORMALIZED] as const;

interface LayerPaths {
  channels: number;
  nBases: number;
  /** Offset of the per-channel base indices in `baseIndex`, or -1 when every channel uses base 0. */
  baseAt: number;
  /** Offset of the per-channel shifts in `shifts`. */
  shiftAt: number;
  /** Per variant: nBases vectors of length `len`, row-major. Never mutated once the layer is done. */
  bases: [Float64Array, Float64Array];
  /** Per variant: actual values are bases times exp(logScale). */
  logScale: [number, number];
}

export function computeApl(graph: ChannelGraph, nonlinear: NonlinearMask): AplResult {
  const depths = validateAndMeasure(graph, nonlinear);
  let len = 1;
  for (const d of depths) len = Math.max(len, d + 1);
  const outLength = depths[depths.length - 1] + 1;
  return new AplPropagation(graph, nonlinear, len).run(outLength);
}

/** Checks the graph against the mask; returns per layer the most gated layers any path to it can meet. */
function validateAndMeasure(graph: ChannelGraph, nonlinear: NonlinearMask): number[] {
  const { layers } = graph;
  if (layers.length === 0) throw new Error('computeApl: the channel graph has no layers');
  const depths: number[] = [];
  layers.forEach((layer, i) => {
    let depth = 0;
    for (const s of layer.summands) {
      if (!(s.from >= 0 && s.from < i)) throw new Error(`computeApl: layer ${layer.name} takes input from layer ${s.from}, which does not precede it`);
      if (s.connection === 'identity' && layers[s.from].channels !== layer.channels) {
        throw new Error(`computeApl: identity summand into ${layer.name} from a layer of different width`);
      }
      depth = Math.max(depth, depths[s.from]);
    }
    if (layer.gate >= 0) {
      const mask = nonlinear[layer.gate];
      if (!mask || mask.length !== layer.channels) throw new Error(`computeApl: no gate mask of ${layer.channels} channels for layer ${layer.name}`);
      depth += 1;
    }
    depths.push(depth);
  });
  return depths;
}

class AplPropagation {
  private readonly done: LayerPaths[] = [];
  private readonly baseIndex: Int32Array;
  private readonly shifts: Int32Array;
  private scratch = new Float64Array(0);

  constructor(
    private readonly graph: ChannelGraph,
    private readonly nonlinear: NonlinearMask,
    private readonly len: number,
  ) {
    let total = 0;
    for (const l of graph.layers) total += l.channels;
    this.baseIndex = new Int32Array(total);
    this.shifts = new Int32Array(total);
  }

  run(outLength: number): AplResult {
    let offset = 0;
    for (const layer of this.graph.layers) {
      this.done.push(this.layerPaths(layer.summands, layer.channels, layer.gate, offset));
      offset += layer.channels;
    }
    const out = this.done[this.done.length - 1];
    return {
      normalized: this.outputDistribution(out, NORMALIZED, outLength),
      unnormalized: this.outputDistribution(out, UNNORMALIZED, outLength),
    };
  }

  private layerPaths(summands: ChannelGraph['layers'][number]['summands'], n: number, gate: number, offset: number): LayerPaths {
    const { len, done } = this;
    const mask = gate >= 0 ? this.nonlinear[gate] : null;

    if (summands.length === 0) {
      this.writeGateShifts(mask, offset, n, -1);
      const bases = (): Float64Array => {
        const b = new Float64Array(len);
        b[0] = 1;
        return b;
      };
      return { channels: n, nBases: 1, baseAt: -1, shiftAt: offset, bases: [bases(), bases()], logScale: [0, 0] };
    }

    let identities = 0;
    for (const s of summands) if (s.connection === 'identity') identities++;

    if (identities === 1 && summands.length === 1) {
      // A pure pass-through: reuse the source's bases, only the shifts change.
      const src = done[summands[0].from];
      this.writeGateShifts(mask, offset, n, src.shiftAt);
      return { channels: n, nBases: src.nBases, baseAt: src.baseAt, shiftAt: offset, bases: src.bases, logScale: [src.logScale[0], src.logScale[1]] };
    }

    const ref: [number, number] = [-Infinity, -Infinity];
    for (const s of summands) {
      for (const v of VARIANTS) ref[v] = Math.max(ref[v], done[s.from].logScale[v]);
    }
    /** A summand's weight relative to the layer's scale: 1/(summands * fan-in) per path when normalized, 1 when counting. */
    const weight = (v: number, from: number, fanIn: number): number =>
      (v === NORMALIZED ? 1 / (summands.length * fanIn) : 1) * Math.exp(done[from].logScale[v] - ref[v]);

    // Every channel receives the same sum from the `full` summands.
    const common: [Float64Array, Float64Array] = [new Float64Array(len), new Float64Array(len)];
    for (const s of summands) {
      if (s.connection !== 'full') continue;
      const src = done[s.from];
      const counts = this.groupCounts(src);
      for (const v of VARIANTS) addGroupedSum(src.bases[v], src.nBases, counts, len, weight(v, s.from, src.channels), common[v]);
    }

    this.writeGateShifts(mask, offset, n, -1);
    let result: LayerPaths;
    if (identities === 0) {
      result = { channels: n, nBases: 1, baseAt: -1, shiftAt: offset, bases: common, logScale: ref };
    } else {
      const sources = summands.filter((s) => s.connection === 'identity').map((s) => s.from);
      const weights = VARIANTS.map((v) => sources.map((from) => weight(v, from, 1)));
      result = this.combineIdentities(sources, weights, common, n, offset, ref);
    }
    // Path counts grow like the product of fan-ins; probabilities stay in range and are left alone.
    rescale(result, UNNORMALIZED);
    return result;
  }

  /** shifts[offset + c] = (channel nonlinear ? 1 : 0) + (inherited shift, when inheritFrom >= 0). */
  private writeGateShifts(mask: ArrayLike<boolean> | null, offset: number, n: number, inheritFrom: number): void {
    const { shifts } = this;
    if (inheritFrom >= 0) shifts.copyWithin(offset, inheritFrom, inheritFrom + n);
    else shifts.fill(0, offset, offset + n);
    if (mask) for (let c = 0; c < n; c++) if (mask[c]) shifts[offset + c] += 1;
  }

  /** How many channels of the layer use each (base, shift); valid until the next call. */
  private groupCounts(layer: LayerPaths): Float64Array {
    const { len, shifts, baseIndex } = this;
    const size = layer.nBases * len;
    if (this.scratch.length < size) this.scratch = new Float64Array(Math.max(size, 2 * this.scratch.length));
    const counts = this.scratch;
    counts.fill(0, 0, size);
    const { shiftAt, baseAt, channels } = layer;
    if (baseAt < 0) {
      for (let c = 0; c < channels; c++) counts[shifts[shiftAt + c]] += 1;
    } else {
      for (let c = 0; c < channels; c++) counts[baseIndex[baseAt + c] * len + shifts[shiftAt + c]] += 1;
    }
    return counts;
  }

  /**
   * Channels with identity summands: channel i adds channel i of each identity source to the common
   * `full` sum. Channels whose sources use the same (base, shift) everywhere share one base.
   */
  private combineIdentities(
    sources: number[],
    weights: number[][],
    common: [Float64Array, Float64Array],
    n: number,
    offset: number,
    logScale: [number, number],
  ): LayerPaths {
    const { len, shifts, baseIndex, done } = this;
    const combo = baseIndex; // this layer's base indices, written in place at `offset`
    combo.fill(0, offset, offset + n);
    let distinct = 1;
    for (const from of sources) {
      const src = done[from];
      const radix = src.nBases * len;
      const ids = new Map<number, number>();
      for (let c = 0; c < n; c++) {
        const srcBase = src.baseAt < 0 ? 0 : baseIndex[src.baseAt + c];
        const key = combo[offset + c] * radix + srcBase * len + shifts[src.shiftAt + c];
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        combo[offset + c] = id;
      }
      distinct = ids.size;
    }

    const representative = new Int32Array(distinct).fill(-1);
    for (let c = 0; c < n; c++) if (representative[combo[offset + c]] < 0) representative[combo[offset + c]] = c;

    const bases: [Float64Array, Float64Array] = [new Float64Array(distinct * len), new Float64Array(distinct * len)];
    for (const v of VARIANTS) {
      const out = bases[v];
      for (let id = 0; id < distinct; id++) {
        const row = id * len;
        const c = representative[id];
        out.set(common[v], row);
        for (let j = 0; j < sources.length; j++) {
          const src = done[sources[j]];
          const srcRow = (src.baseAt < 0 ? 0 : baseIndex[src.baseAt + c]) * len;
          const s = shifts[src.shiftAt + c];
          const w = weights[v][j];
          const values = src.bases[v];
          for (let k = 0; k + s < len; k++) out[row + k + s] += w * values[srcRow + k];
        }
      }
    }
    return { channels: n, nBases: distinct, baseAt: offset, shiftAt: offset, bases, logScale };
  }

  /** Each output channel's vector normalized to a distribution, then averaged with equal weight per channel. */
  private outputDistribution(out: LayerPaths, v: number, outLength: number): PathLengthDistribution {
    const { len } = this;
    const values = out.bases[v];
    const counts = this.groupCounts(out);
    const histogram = new Array<number>(outLength).fill(0);
    for (let b = 0; b < out.nBases; b++) {
      let total = 0;
      for (let k = 0; k < len; k++) total += values[b * len + k];
      if (total === 0) continue;
      for (let s = 0; s < len; s++) {
        const count = counts[b * len + s];
        if (count === 0) continue;
        const f = count / (out.channels * total);
        for (let k = 0; k + s < outLength; k++) histogram[k + s] += f * values[b * len + k];
      }
    }
    let apl = 0;
    for (let k = 0; k < outLength; k++) apl += k * histogram[k];
    return { histogram, apl };
  }
}

/** out += w * (sum over channels of their shifted base vectors), given the channel count per (base, shift). */
function addGroupedSum(values: Float64Array, nBases: number, counts: Float64Array, len: number, w: number, out: Float64Array): void {
  for (let b = 0; b < nBases; b++) {
    const row = b * len;
    for (let s = 0; s < len; s++) {
      const count = counts[row + s];
      if (count === 0) continue;
      const f = w * count;
      for (let k = 0; k + s < len; k++) out[k + s] += f * values[row + k];
    }
  }
}

/** Keeps stored values near 1 and moves the scale into logScale. */
function rescale(layer: LayerPaths, v: number): void {
  const values = layer.bases[v];
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === 0 || !Number.isFinite(max)) return;
  for (let i = 0; i < values.length; i++) values[i] /= max;
  layer.logScale[v] += Math.log(max);
}
