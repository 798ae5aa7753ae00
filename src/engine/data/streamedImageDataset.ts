/**
 * An image dataset that trains while its file downloads. The host opens the file as a stream of
 * bytes (the worker: fetch's response body; tests: chunks of a file in memory); this decodes it as it
 * arrives (gunzipping when it is gzip) and hands out the Dataset once the test split and the first
 * training samples a run needs are in. Its `arrival` says how far the training split has got, and
 * waits for more. A download that fails keeps what arrived; retry() downloads again and goes on from
 * there.
 */
import type { ImageDatasetKind } from '../config/types';
import { DatasetFormatError, isGzip } from './imageFormat';
import { ImageDatasetStream } from './imageDatasetStream';
import { datasetFromFile } from './loadImageDataset';
import type { DataArrival, Dataset } from './types';

/** Opens the file from its start: its bytes as served (gzipped or raw), in order. */
export type OpenDataStream = () => Promise<AsyncIterable<Uint8Array>>;

export interface StreamedImageOptions {
  /** As loadImageDataset's: 0 = the whole training split. */
  trainSize: number;
  /** Training samples (a prefix) that must be in before the Dataset is handed out, given the split's size. */
  startWith(trainCount: number): number;
  /** A display name for messages, e.g. 'Fashion-MNIST'. */
  name: string;
}

/** Resolves once the test split and the first `startWith` training samples are in. */
export async function openStreamedImageDataset(kind: ImageDatasetKind, options: StreamedImageOptions, open: OpenDataStream): Promise<Dataset> {
  const arrival = new StreamedArrival(open, options.name);
  arrival.start();
  await arrival.whenTestReady();
  const dataset = datasetFromFile(arrival.stream.views(), kind, { trainSize: options.trainSize });
  arrival.limitTo(dataset.train.count);
  await arrival.whenArrived(options.startWith(dataset.train.count));
  return { ...dataset, arrival };
}

interface Waiter {
  count: number;
  resolve(): void;
  reject(error: Error): void;
}

class StreamedArrival implements DataArrival {
  readonly stream = new ImageDatasetStream();
  private waiters: Waiter[] = [];
  private testWaiters: Waiter[] = [];
  private error: Error | null = null;
  private downloading = false;
  /** Training samples the run uses (the first trainSize). */
  private needed = Number.POSITIVE_INFINITY;

  constructor(
    private readonly open: OpenDataStream,
    private readonly name: string,
  ) {}

  get trainArrived(): number {
    return Math.min(this.stream.trainArrived, this.needed);
  }

  get bytesArrived(): number {
    return this.stream.bytesReceived;
  }

  get bytesTotal(): number {
    return this.stream.bytesTotal ?? 0;
  }

  get failure(): Error | null {
    return this.error;
  }

  start(): void {
    if (this.downloading) return;
    this.downloading = true;
    this.error = null;
    void this.download().then(
      () => this.settle(null),
      (error: unknown) => this.settle(this.describe(error)),
    );
  }

  retry(): void {
    if (this.error && !this.done) this.start();
  }

  limitTo(trainCount: number): void {
    this.needed = trainCount;
    this.notify();
  }

  whenTestReady(): Promise<void> {
    if (this.stream.testReady) return Promise.resolve();
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.testWaiters.push({ count: 0, resolve, reject }));
  }

  whenArrived(count: number): Promise<void> {
    if (this.trainArrived >= count) return Promise.resolve();
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.waiters.push({ count, resolve, reject }));
  }

  private get done(): boolean {
    return this.stream.complete || (this.stream.testReady && this.stream.trainArrived >= this.needed);
  }

  private async download(): Promise<void> {
    let offset = 0;
    const source = await this.open();
    for await (const chunk of decompressed(source)) {
      this.stream.pushAt(offset, chunk);
      offset += chunk.length;
      this.notify();
      // Read to the end even when a smaller training set is in: a cancelled response is not kept by
      // the browser's HTTP cache, and the next visit would download it again.
    }
    this.stream.finish();
  }

  private settle(error: Error | null): void {
    this.downloading = false;
    this.error = error;
    if (error) {
      for (const waiter of [...this.waiters, ...this.testWaiters]) waiter.reject(error);
      this.waiters = [];
      this.testWaiters = [];
    }
    this.notify();
  }

  private notify(): void {
    if (this.stream.testReady) {
      for (const waiter of this.testWaiters) waiter.resolve();
      this.testWaiters = [];
    }
    const arrived = this.trainArrived;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.count > arrived) return true;
      waiter.resolve();
      return false;
    });
  }

  private describe(error: unknown): Error {
    if (error instanceof DatasetFormatError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    const total = this.stream.bytesTotal;
    const got = total ? `${mb(this.stream.bytesReceived)} of ${mb(total)} MB` : `${mb(this.stream.bytesReceived)} MB`;
    return new Error(`The ${this.name} download stopped after ${got}: ${detail}`, { cause: error });
  }
}

/** The bytes of the file: as they come, or gunzipped as they come when they are gzip. */
export async function* decompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  if (!isGzip(first.value)) {
    try {
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  const gunzip = new DecompressionStream('gzip');
  const writer = gunzip.writable.getWriter();
  const reader = gunzip.readable.getReader();
  // A failure of the source (the network) is told apart from one of the gzip data.
  let sourceError: { error: unknown } | null = null;
  const pump = (async () => {
    let chunk: Uint8Array | null = first.value;
    while (chunk) {
      await writer.write(chunk as Uint8Array<ArrayBuffer>);
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        sourceError = { error };
        throw error;
      }
      chunk = next.done ? null : next.value;
    }
    await writer.close();
  })();
  pump.catch(() => writer.abort().catch(() => undefined));
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        await pump.catch(() => undefined);
        if (sourceError) throw (sourceError as { error: unknown }).error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new DatasetFormatError(`gzip data is truncated or corrupt (${detail})`);
      }
      if (result.done) break;
      yield result.value;
    }
    await pump;
  } finally {
    // Stopped early (the run needs no more) or failed: let the source go.
    await reader.cancel().catch(() => undefined);
    await iterator.return?.();
  }
}

