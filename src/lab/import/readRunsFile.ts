/**
 * The import worker's work: decode the file's bytes as they are read, feed them to a RunsFileReader,
 * and tell the page how far it got, handing over the checked runs a chunk at a time (no single
 * message carries the whole file). Runs in the worker; plain async code, so Node tests drive it.
 */
import { streamChunks } from '../../engine/streamChunks';
import type { ImportWorkerEvent } from './importProtocol';
import { RunsFileReader } from './runsFileReader';

export async function readRunsFile(chunks: AsyncIterable<Uint8Array>, totalBytes: number, now: number, post: (event: ImportWorkerEvent) => void): Promise<void> {
  const reader = new RunsFileReader(now);
  // Like Blob.text(): UTF-8, a byte-order mark dropped, bad bytes replaced.
  const decoder = new TextDecoder();
  let bytesRead = 0;
  try {
    for await (const chunk of chunks) {
      bytesRead += chunk.byteLength;
      reader.feed(decoder.decode(chunk, { stream: true }));
      if (reader.stopped) break;
      const runs = reader.takeRuns();
      if (runs.length) post({ type: 'runs', runs });
      post({ type: 'progress', bytesRead, totalBytes, runsChecked: reader.runsChecked });
    }
    if (!reader.stopped) reader.feed(decoder.decode());
  } catch (e) {
    post({ type: 'done', refused: true, problems: [`The file could not be read (${e instanceof Error ? e.message : String(e)}); nothing was imported.`], runsInFile: 0, runsKept: 0 });
    return;
  }
  const summary = reader.finish();
  const runs = reader.takeRuns();
  if (runs.length) post({ type: 'runs', runs });
  post({ type: 'progress', bytesRead, totalBytes, runsChecked: reader.runsChecked });
  post({ type: 'done', ...summary });
}

/** A Blob's bytes as they are read (the browser's chunks, typically 64 kB); stopping early (a refused file) reads no more. */
export function blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  return streamChunks(blob.stream());
}
