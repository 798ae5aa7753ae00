/**
 * Reads the converted image data files that Vite serves from public/data/. A missing file must say
 * how to fix it; Vite's dev server answers unknown paths with index.html (200, text/html), so that
 * counts as missing too. The lab streams them (createDataStreamOpener): training starts on what has
 * arrived (src/engine/data/streamedImageDataset.ts).
 */
import { streamChunks } from '../engine/streamChunks';
import { imageKindForFile } from '../engine/data/imageDatasets';
import type { OpenDataStream } from '../engine/data/streamedImageDataset';

const DISPLAY_NAMES: Record<string, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };

export type Fetch = (url: string) => Promise<Response>;

/** A data file's name for people: 'Fashion-MNIST' for fashion-mnist.nlds. */
export function dataFileDisplayName(fileName: string): string {
  const kind = imageKindForFile(fileName);
  return (kind && DISPLAY_NAMES[kind]) ?? fileName;
}

/** `baseUrl` is absolute (e.g. new URL(import.meta.env.BASE_URL, self.location.origin).href). */
export function createDataFileReader(baseUrl: string, fetchFile: Fetch): (fileName: string) => Promise<Uint8Array> {
  return async (fileName) => new Uint8Array(await (await openDataFile(baseUrl, fetchFile, fileName)).arrayBuffer());
}

/** Opens a data file as a stream of its bytes as they arrive; each call downloads it again from the start. */
export function createDataStreamOpener(baseUrl: string, fetchFile: Fetch): (fileName: string) => OpenDataStream {
  return (fileName) => async () => {
    const response = await openDataFile(baseUrl, fetchFile, fileName);
    if (!response.body) throw new Error(`${dataFileDisplayName(fileName)}: the server sent no data`);
    return streamChunks(response.body);
  };
}

async function openDataFile(baseUrl: string, fetchFile: Fetch, fileName: string): Promise<Response> {
  const url = new URL(`data/${fileName}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  const missing = `${dataFileDisplayName(fileName)} data missing: run npm run prepare-data`;
  let response: Response;
  try {
    response = await fetchFile(url);
  } catch (error) {
    throw new Error(`${missing} (could not fetch ${url}: ${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!response.ok) throw new Error(`${missing} (${url} answered HTTP ${response.status})`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`${missing} (${url} is not there; the server sent a web page instead)`);
  }
  return response;
}
