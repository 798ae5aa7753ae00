/// <reference lib="webworker" />
/**
 * The import Web Worker: reads and checks a runs file off the page's thread (readRunsFile.ts), so a
 * file of thousands of runs leaves the page free to draw and answer clicks. The page stops it with
 * terminate(): nothing is stored until the worker has read the whole file.
 */
import type { ImportWorkerEvent, ReadFileCommand } from './importProtocol';
import { blobChunks, readRunsFile } from './readRunsFile';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener(
  'message',
  (event: MessageEvent<ReadFileCommand>) => {
    const { file, now } = event.data;
    void readRunsFile(blobChunks(file), file.size, now, (e: ImportWorkerEvent) => self.postMessage(e));
  },
  { once: true },
);
