/**
 * Reads the converted image data files that Vite serves from public/data/. A missing file must say
 * how to fix it; Vite's dev server answers unknown paths with index.html (200, text/html), so that
 * counts as missing too.
 */
import { imageKindForFile } from '../engine/data/imageDatasets';

const DISPLAY_NAMES: Record<string, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };

export type Fetch = (url: string) => Promise<Response>;

/** `baseUrl` is absolute (e.g. new URL(import.meta.env.BASE_URL, self.location.origin).href). */
export function createDataFileReader(baseUrl: string, fetchFile: Fetch): (fileName: string) => Promise<Uint8Array> {
  return async (fileName) => {
    const url = new URL(`data/${fileName}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
    const kind = imageKindForFile(fileName);
    const missing = `${(kind && DISPLAY_NAMES[kind]) ?? fileName} data missing: run npm run prepare-data`;
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
    return new Uint8Array(await response.arrayBuffer());
  };
}
