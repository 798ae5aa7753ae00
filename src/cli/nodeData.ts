import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareImageDataset } from '../../scripts/prepareData';
import { imageKindForFile } from '../engine/data/imageDatasets';

export const NODE_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/data');

/** Node's DataFileReader for loadDataset: reads public/data/<fileName>, converting the package first if the file is missing. */
export async function readDataFile(fileName: string, dataDir: string = NODE_DATA_DIR): Promise<Uint8Array> {
  const kind = imageKindForFile(fileName);
  if (!kind) throw new Error(`Unknown data file "${fileName}"`);
  const path = join(dataDir, fileName);
  if (!existsSync(path)) prepareImageDataset(kind, dataDir);
  return readFile(path);
}
