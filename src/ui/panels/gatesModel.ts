import type { GateLayerView } from '../../engine/training/snapshot';
import { LINEAR_COLOR, slopeColor } from '../colors';

export interface GateCell {
  channel: number;
  slope: number;
  /** a >= 1 - eps: the channel counts as linear and is drawn marked. */
  linear: boolean;
  color: string;
}

export interface GateRow {
  name: string;
  cells: GateCell[];
  /** Fraction of the row's channels that count as nonlinear, recomputed with the eps in force. */
  fractionNonlinear: number;
  nonlinearCount: number;
}

/** The heatmap's cells: colour by slope, linear channels (a >= 1 - eps) marked. */
export function gateRows(gates: GateLayerView[], eps: number): GateRow[] {
  return gates.map((layer) => {
    const cells = layer.slopes.map((slope, channel) => {
      const linear = slope >= 1 - eps;
      return { channel, slope, linear, color: linear ? LINEAR_COLOR : slopeColor(slope) };
    });
    const nonlinearCount = cells.filter((c) => !c.linear).length;
    return {
      name: layer.name,
      cells,
      nonlinearCount,
      fractionNonlinear: cells.length === 0 ? 0 : nonlinearCount / cells.length,
    };
  });
}

/** Which channel sits under a horizontal position in a row of `channels` equal cells. */
export function channelAt(offsetX: number, rowWidth: number, channels: number): number | null {
  if (rowWidth <= 0 || channels <= 0 || offsetX < 0 || offsetX >= rowWidth) return null;
  return Math.min(channels - 1, Math.floor((offsetX / rowWidth) * channels));
}
