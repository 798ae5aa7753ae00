/** Small builders for common channel graphs (plain chains, residual chains), used by tests and benchmarks. */

import type { ChannelGraph, ChannelLayer } from './channelGraph';

/**
 * input -> gated fully connected layers of the given widths -> fully connected output (not gated).
 * Gate indices follow the hidden layers: hidden layer i has gate i.
 */
export function chainGraph(inputChannels: number, widths: number[], outputChannels: number): ChannelGraph {
  const layers: ChannelLayer[] = [{ name: 'input', channels: inputChannels, summands: [], gate: -1 }];
  widths.forEach((channels, i) => {
    layers.push({ name: `hidden${i + 1}`, channels, summands: [{ from: layers.length - 1, connection: 'full' }], gate: i });
  });
  layers.push({ name: 'output', channels: outputChannels, summands: [{ from: layers.length - 1, connection: 'full' }], gate: -1 });
  return { layers };
}

export interface ResidualGraphOptions {
  /** Width of the input and of every block (identity skips need equal widths). */
  width: number;
  blocks: number;
  /** Gated fully connected layers in each block's branch. */
  branchDepth: number;
  /** If given, a fully connected, ungated output layer of this width follows the last add; otherwise the last add is the output. */
  outputChannels?: number;
}

/**
 * input -> `blocks` residual blocks x + F(x), where F is `branchDepth` gated fully connected layers and
 * the add (ungated) sums an identity skip from the block's input and an identity from the branch's last layer.
 */
export function residualBlockGraph({ width, blocks, branchDepth, outputChannels }: ResidualGraphOptions): ChannelGraph {
  const layers: ChannelLayer[] = [{ name: 'input', channels: width, summands: [], gate: -1 }];
  let gate = 0;
  let blockInput = 0;
  for (let b = 0; b < blocks; b++) {
    for (let d = 0; d < branchDepth; d++) {
      layers.push({
        name: `block${b + 1}.fc${d + 1}`,
        channels: width,
        summands: [{ from: layers.length - 1, connection: 'full' }],
        gate: gate++,
      });
    }
    layers.push({
      name: `block${b + 1}.add`,
      channels: width,
      summands: [
        { from: blockInput, connection: 'identity' },
        { from: layers.length - 1, connection: 'identity' },
      ],
      gate: -1,
    });
    blockInput = layers.length - 1;
  }
  if (outputChannels !== undefined) {
    layers.push({ name: 'output', channels: outputChannels, summands: [{ from: layers.length - 1, connection: 'full' }], gate: -1 });
  }
  return { layers };
}
