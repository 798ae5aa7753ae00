/** View models the analyses hand to the UI. Plain data: numbers and arrays, structured-clone friendly. */

export interface PathLengthDistribution {
  /** h[k] = P(a path meets exactly k nonlinear channels); sums to 1. */
  histogram: number[];
  /** The mean of `histogram`. */
  apl: number;
}

export interface AplResult {
  normalized: PathLengthDistribution;
  unnormalized: PathLengthDistribution;
}

export interface CoreNode {
  /** Channel index within its layer. */
  channel: number;
  /** 1 - a: 1 for a ReLU, 0 for a linear channel. */
  strength: number;
}

export interface CoreLayer {
  name: string;
  channels: number;
  nonlinear: CoreNode[];
  /** How many channels count as linear: drawn as one bundle. */
  linearCount: number;
}

export interface CoreEdge {
  /** Gated layer index of the source; the target is in layer + 1. */
  layer: number;
  from: number;
  to: number;
  /** Weight magnitude (|w| for dense, kernel-slice L2 norm for conv), divided by the largest in the net. */
  weight: number;
}

export interface CoreNetworkView {
  layers: CoreLayer[];
  /** Edges between consecutive gated layers' nonlinear channels, capped per layer pair: by layer, each pair's strongest first. */
  edges: CoreEdge[];
  /** Gated layers that keep at least one nonlinear channel. */
  effectiveDepth: number;
  /** Per gated layer, the number of nonlinear channels. */
  effectiveWidth: number[];
}
