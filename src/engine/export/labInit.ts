/**
 * The lab's initial weights for a config, as the PyTorch script's --init-from reads them
 * ("nonlinear-lab-init"): per weighted layer its weight in the lab's layout ([taps * inChannels,
 * channels], row-major) and bias, and the slopes. The same numbers Network.create puts in its
 * variables (same plan, same seeded init), computed without tfjs.
 */
import type { ExperimentConfig } from '../config/types';
import { isImageDataset } from '../config/types';
import { encodeConfig } from '../config/urlCodec';
import { IMAGE_DATASETS } from '../data/imageDatasets';
import { planArchitecture, weightedSummand, type ArchitecturePlan } from '../model/architecture';
import { glorotUniform, heNormal } from '../model/init';

export const INIT_FORMAT = 'nonlinear-lab-init';

export interface LabInitLayer {
  name: string;
  rows: number;
  cols: number;
  weight: number[];
  bias: number[];
}

export interface LabInitFile {
  format: typeof INIT_FORMAT;
  config: string;
  layers: LabInitLayer[];
  slopes: number[][];
}

/** The network's input shape and class count from the config alone (no data file needed). */
export function inputOf(config: ExperimentConfig): { inputShape: number[]; numClasses: number } {
  const { dataset } = config;
  if (isImageDataset(dataset.kind)) {
    const info = IMAGE_DATASETS[dataset.kind];
    return { inputShape: [info.rows, info.cols, 1], numClasses: info.classNames.length };
  }
  return { inputShape: [2], numClasses: dataset.kind === 'spirals' || dataset.kind === 'blobs' ? dataset.classes : 2 };
}

export function planOf(config: ExperimentConfig): ArchitecturePlan {
  const { inputShape, numClasses } = inputOf(config);
  return planArchitecture(config.model, inputShape, numClasses);
}

export function labInit(config: ExperimentConfig): LabInitFile {
  const plan = planOf(config);
  const seed = config.training.seed;
  const layers: LabInitLayer[] = [];
  for (const layer of plan.layers) {
    const summand = weightedSummand(layer);
    if (!summand) continue;
    const rows = summand.taps * summand.inChannels;
    const init = layer.init === 'glorot' ? glorotUniform : heNormal;
    layers.push({ name: layer.name, rows, cols: layer.channels, weight: Array.from(init(seed, layer.name, rows, layer.channels)), bias: new Array<number>(layer.channels).fill(0) });
  }
  return { format: INIT_FORMAT, config: encodeConfig(config), layers, slopes: plan.gatedChannels.map((c) => new Array<number>(c).fill(0)) };
}
