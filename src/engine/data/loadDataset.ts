import { isImageDataset, type DatasetConfig } from '../config/types';
import { IMAGE_DATASETS } from './imageDatasets';
import { samplesToStart } from './batches';
import { loadImageDataset } from './loadImageDataset';
import { openStreamedImageDataset, type OpenDataStream } from './streamedImageDataset';
import { generatePlaneDataset } from './synthetic';
import type { Dataset } from './types';

/** Reads a converted data file by name (e.g. 'mnist.nlds'): fetch in the browser, fs in Node. */
export type DataFileReader = (fileName: string) => Promise<Uint8Array>;

/** Image tasks come from their converted file; 2-D tasks are generated from the seed. */
export async function loadDataset(config: DatasetConfig, seed: number, readFile: DataFileReader): Promise<Dataset> {
  if (!isImageDataset(config.kind)) return generatePlaneDataset(config, seed);
  const { fileName } = IMAGE_DATASETS[config.kind];
  let bytes: Uint8Array;
  try {
    bytes = await readFile(fileName);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not read ${fileName} (run npm run prepare-data): ${detail}`, { cause: error });
  }
  return loadImageDataset(bytes, config.kind, { trainSize: config.trainSize });
}

/**
 * As loadDataset, but an image task's file is streamed: the Dataset comes as soon as the run can
 * start (the test split and samplesToStart training samples), and the rest keeps arriving
 * (dataset.arrival).
 */
export async function openDataset(config: DatasetConfig, seed: number, openFile: (fileName: string) => OpenDataStream): Promise<Dataset> {
  if (!isImageDataset(config.kind)) return generatePlaneDataset(config, seed);
  const { fileName, displayName } = IMAGE_DATASETS[config.kind];
  const startWith = (trainCount: number) => samplesToStart(config.order, trainCount);
  return openStreamedImageDataset(config.kind, { trainSize: config.trainSize, name: displayName, startWith }, openFile(fileName));
}
