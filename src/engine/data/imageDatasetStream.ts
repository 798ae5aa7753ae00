/**
 * Decodes an NLDS file (uncompressed bytes, imageFormat.ts) while it arrives: the header as soon as
 * it is in, then the test split, then the training split sample by sample. Labels are checked as
 * they arrive, so a corrupt file is refused at its first bad byte, not after the download.
 *
 * Bytes are placed by their offset in the file (`pushAt`), so a second download after a failure can
 * resend the file from its start: what is already in is skipped, never written twice.
 */
import { joinChunks } from '../streamChunks';
import {
  checkLabels,
  DatasetFormatError,
  headerLength,
  layoutOf,
  NLDS_MAGIC,
  readImageDatasetHeader,
  type ImageDatasetFile,
  type ImageDatasetHeader,
  type ImageDatasetLayout,
} from './imageFormat';

export class ImageDatasetStream {
  private headerBytes: Uint8Array[] = [];
  private headerReceived = 0;
  private file: Uint8Array | null = null;
  private parsed: { header: ImageDatasetHeader; layout: ImageDatasetLayout } | null = null;
  private received = 0;
  private labelsChecked = { test: 0, train: 0 };

  /** Bytes of the file taken in so far (a prefix of the file). */
  get bytesReceived(): number {
    return this.received;
  }

  /** The file's length as its header says, once the header is in. */
  get bytesTotal(): number | null {
    return this.parsed?.layout.totalBytes ?? null;
  }

  get header(): ImageDatasetHeader | null {
    return this.parsed?.header ?? null;
  }

  get complete(): boolean {
    return this.parsed !== null && this.received === this.parsed.layout.totalBytes;
  }

  /** The test split's labels and pixels are all in (for format version 1 only once the whole file is). */
  get testReady(): boolean {
    if (!this.parsed) return false;
    return this.received >= Math.max(this.parsed.layout.testLabels[1], this.parsed.layout.testPixels[1]);
  }

  /** Training samples whose label and pixels are both in: always samples 0 .. trainArrived - 1. */
  get trainArrived(): number {
    if (!this.parsed) return 0;
    const { header, layout } = this.parsed;
    const trainCount = header.count - header.testCount;
    if (this.received < layout.trainLabels[1]) return 0; // version 2 stores all training labels first
    const size = header.rows * header.cols;
    return Math.max(0, Math.min(trainCount, Math.floor((this.received - layout.trainPixels[0]) / size)));
  }

  /** Takes the next bytes of the file. */
  push(chunk: Uint8Array): void {
    this.pushAt(this.received, chunk);
  }

  /** Takes bytes that start at `offset` in the file; bytes already in are skipped. */
  pushAt(offset: number, chunk: Uint8Array): void {
    if (offset > this.received) throw new Error(`bytes from ${offset} arrived before those from ${this.received}`);
    const fresh = chunk.subarray(Math.min(chunk.length, this.received - offset));
    if (fresh.length === 0) return;
    if (!this.file) this.takeHeaderBytes(fresh);
    else this.takeBodyBytes(fresh);
  }

  /** The end of the download: throws unless the whole file is in. */
  finish(): void {
    if (!this.parsed) {
      throw new DatasetFormatError(`truncated header (${this.received} bytes)`);
    }
    if (this.received < this.parsed.layout.totalBytes) {
      throw new DatasetFormatError(`truncated (${this.received} bytes, header promises ${this.parsed.layout.totalBytes})`);
    }
  }

  /** Views of what has arrived into the file's buffer (the training split may still be filling). */
  views(): ImageDatasetFile {
    if (!this.parsed || !this.file) throw new Error('the header has not arrived yet');
    const file = this.file;
    const part = ([start, end]: [number, number]) => file.subarray(start, end);
    const { layout } = this.parsed;
    return {
      ...this.parsed.header,
      train: { labels: part(layout.trainLabels), pixels: part(layout.trainPixels) },
      test: { labels: part(layout.testLabels), pixels: part(layout.testPixels) },
    };
  }

  private takeHeaderBytes(bytes: Uint8Array): void {
    this.headerBytes.push(bytes);
    this.headerReceived += bytes.length;
    this.received += bytes.length;
    const joined = joinChunks(this.headerBytes, this.headerReceived);
    const length = headerLength(joined);
    if (length === null || joined.length < length) {
      // Not NLDS at all (a web page, another file): say so now rather than after the whole download.
      if (joined.length >= 4 && String.fromCharCode(...joined.subarray(0, 4)) !== NLDS_MAGIC) readImageDatasetHeader(joined);
      this.headerBytes = [joined];
      return;
    }
    const header = readImageDatasetHeader(joined);
    const layout = layoutOf(header);
    if (joined.length > layout.totalBytes) {
      throw new DatasetFormatError(`${joined.length - layout.totalBytes} unexpected bytes after the pixels`);
    }
    this.parsed = { header, layout };
    this.file = new Uint8Array(layout.totalBytes);
    this.file.set(joined);
    this.headerBytes = [];
    this.checkNewLabels();
  }

  private takeBodyBytes(bytes: Uint8Array): void {
    const file = this.file as Uint8Array;
    if (this.received + bytes.length > file.length) {
      throw new DatasetFormatError(`${this.received + bytes.length - file.length} unexpected bytes after the pixels`);
    }
    file.set(bytes, this.received);
    this.received += bytes.length;
    this.checkNewLabels();
  }

  private checkNewLabels(): void {
    const { header, layout } = this.parsed as { header: ImageDatasetHeader; layout: ImageDatasetLayout };
    const file = this.file as Uint8Array;
    for (const split of ['test', 'train'] as const) {
      const [start, end] = split === 'test' ? layout.testLabels : layout.trainLabels;
      const upTo = Math.min(end, this.received) - start;
      const from = this.labelsChecked[split];
      if (upTo <= from) continue;
      checkLabels(file.subarray(start + from, start + upTo), header.numClasses, split, from);
      this.labelsChecked[split] = upTo;
    }
  }
}
