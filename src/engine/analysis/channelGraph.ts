/**
 * The channel graph of method.md: nodes are channels, grouped into layers listed in topological
 * order. A layer's channels are the sum of its summands (more than one summand = a residual add);
 * a summand is either `full` (every channel of `from` feeds every channel here: dense or conv) or
 * `identity` (channel i of `from` feeds channel i here; same width).
 */

export type Connection = 'full' | 'identity';

export interface Summand {
  from: number;
  connection: Connection;
}

export interface ChannelLayer {
  name: string;
  channels: number;
  /** Layers with no summands are inputs. */
  summands: Summand[];
  /** Index into the gated layers (and into `slopes`), or -1 for a layer without gates (input, output, a bare add). */
  gate: number;
}

export interface ChannelGraph {
  /** Topological order; the last layer is the output. */
  layers: ChannelLayer[];
}

/** Gate state of the gated layers: per layer, per channel, true where the channel is nonlinear. */
export type NonlinearMask = ArrayLike<boolean>[];

/** A channel is nonlinear unless its slope a counts as linear (a >= 1 - eps). */
export function nonlinearMask(slopes: ArrayLike<number>[], eps: number): boolean[][] {
  const threshold = 1 - eps;
  return slopes.map((layer) => {
    // A plain loop: Array.from(typedArray, fn) goes through the iterator and was most of the APL's time.
    const mask = new Array<boolean>(layer.length);
    for (let c = 0; c < layer.length; c++) mask[c] = layer[c] < threshold;
    return mask;
  });
}

export function gatedLayers(graph: ChannelGraph): ChannelLayer[] {
  return graph.layers.filter((l) => l.gate >= 0).sort((a, b) => a.gate - b.gate);
}
