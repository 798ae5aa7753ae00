import { describe, expect, it } from 'vitest';
import { createDataFileReader } from './fetchDataFile';

function respond(body: BodyInit | null, init: ResponseInit) {
  const urls: string[] = [];
  const fetchFile = (url: string) => {
    urls.push(url);
    return Promise.resolve(new Response(body, init));
  };
  return { fetchFile, urls };
}

describe('createDataFileReader', () => {
  it('fetches data/<file> under the base URL and returns its bytes', async () => {
    const server = respond(new Uint8Array([78, 76, 68, 83]), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    const read = createDataFileReader('http://localhost:5173/lab/', server.fetchFile);
    expect(Array.from(await read('mnist.nlds'))).toEqual([78, 76, 68, 83]);
    expect(server.urls).toEqual(['http://localhost:5173/lab/data/mnist.nlds']);
  });

  it('says how to fix a missing file: a 404', async () => {
    const read = createDataFileReader('http://localhost:4173/', respond('nope', { status: 404 }).fetchFile);
    await expect(read('mnist.nlds')).rejects.toThrow(
      'MNIST data missing: run npm run prepare-data (http://localhost:4173/data/mnist.nlds answered HTTP 404)',
    );
  });

  it("treats the dev server's index.html fallback as missing", async () => {
    const server = respond('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const read = createDataFileReader('http://localhost:5173', server.fetchFile);
    await expect(read('fashion-mnist.nlds')).rejects.toThrow('Fashion-MNIST data missing: run npm run prepare-data');
  });

  it('reports a network failure', async () => {
    const read = createDataFileReader('http://localhost:5173/', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(read('mnist.nlds')).rejects.toThrow('MNIST data missing: run npm run prepare-data (could not fetch http://localhost:5173/data/mnist.nlds: Failed to fetch)');
  });
});
