import { describe, expect, it } from 'vitest';
import { createDataFileReader, createDataStreamOpener } from './fetchDataFile';

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

describe('createDataStreamOpener', () => {
  it('hands out the body chunk by chunk, and each opening fetches again', async () => {
    const urls: string[] = [];
    const fetchFile = (url: string) => {
      urls.push(url);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2]));
          controller.enqueue(new Uint8Array([3]));
          controller.close();
        },
      });
      return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } }));
    };
    const open = createDataStreamOpener('http://localhost:4173/', fetchFile)('fashion-mnist.nlds');
    for (let attempt = 0; attempt < 2; attempt++) {
      const chunks: number[][] = [];
      for await (const chunk of await open()) chunks.push([...chunk]);
      expect(chunks).toEqual([[1, 2], [3]]);
    }
    expect(urls).toEqual(['http://localhost:4173/data/fashion-mnist.nlds', 'http://localhost:4173/data/fashion-mnist.nlds']);
  });

  it('says how to fix a missing file, as the whole-file reader does', async () => {
    const open = createDataStreamOpener('http://localhost:4173/', respond('nope', { status: 404 }).fetchFile)('fashion-mnist.nlds');
    await expect(open()).rejects.toThrow('Fashion-MNIST data missing: run npm run prepare-data (http://localhost:4173/data/fashion-mnist.nlds answered HTTP 404)');
  });
});
