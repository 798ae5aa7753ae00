import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeImageDataset,
  decodeRawImageDataset,
  encodeImageDataset,
  isGzip,
  NLDS_VERSION,
  readImageDatasetHeader,
} from './imageFormat';

// Three 2x2 images in 3 classes; the last one is the test split.
const sample = {
  count: 3,
  testCount: 1,
  rows: 2,
  cols: 2,
  numClasses: 3,
  dropped: 4,
  source: 'unit@1.0.0',
  labels: new Uint8Array([2, 0, 1]),
  pixels: new Uint8Array([0, 1, 2, 3, 10, 20, 30, 40, 255, 254, 253, 252]),
};

describe('NLDS image format', () => {
  it('lays out magic, header, then the test split and the training split (version 2) as documented', () => {
    const bytes = encodeImageDataset(sample);
    const sourceLength = 'unit@1.0.0'.length;
    const body = 36 + sourceLength;
    expect(NLDS_VERSION).toBe(2);
    expect(bytes.length).toBe(body + 3 + 12);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('NLDS');
    const view = new DataView(bytes.buffer);
    expect([4, 8, 12, 16, 20, 24, 28, 32].map((o) => view.getUint32(o, true))).toEqual([
      NLDS_VERSION, 3, 1, 2, 2, 3, 4, sourceLength,
    ]);
    // test label, test pixels, the two training labels, their pixels
    expect([...bytes.subarray(body)]).toEqual([1, 255, 254, 253, 252, 2, 0, 0, 1, 2, 3, 10, 20, 30, 40]);
  });

  it('still reads version 1 (all labels, then all pixels, the test split last)', async () => {
    const v1 = encodeImageDataset(sample, 1);
    const body = 36 + 'unit@1.0.0'.length;
    expect([...v1.subarray(body)]).toEqual([2, 0, 1, ...sample.pixels]);
    const decoded = await decodeImageDataset(v1);
    expect(decoded.version).toBe(1);
    expect([...decoded.train.labels]).toEqual([2, 0]);
    expect([...decoded.test.pixels]).toEqual([255, 254, 253, 252]);
  });

  it('round-trips raw and gzipped bytes', async () => {
    const raw = encodeImageDataset(sample);
    for (const bytes of [raw, new Uint8Array(gzipSync(raw))]) {
      const decoded = await decodeImageDataset(bytes);
      expect(decoded).toMatchObject({ version: NLDS_VERSION, count: 3, testCount: 1, rows: 2, cols: 2 });
      expect(decoded.numClasses).toBe(3);
      expect(decoded.dropped).toBe(4);
      expect(decoded.source).toBe('unit@1.0.0');
      expect([...decoded.train.labels]).toEqual([2, 0]);
      expect([...decoded.test.labels]).toEqual([1]);
      expect([...decoded.train.pixels]).toEqual([0, 1, 2, 3, 10, 20, 30, 40]);
      expect([...decoded.test.pixels]).toEqual([255, 254, 253, 252]);
    }
    expect(isGzip(raw)).toBe(false);
    expect(isGzip(gzipSync(raw))).toBe(true);
  });

  it('decodes bytes that sit at an offset inside a larger buffer', () => {
    const raw = encodeImageDataset(sample);
    const padded = new Uint8Array(raw.length + 5);
    padded.set(raw, 5);
    expect([...decodeRawImageDataset(padded.subarray(5)).train.pixels]).toEqual([0, 1, 2, 3, 10, 20, 30, 40]);
  });

  it('reads the header from a prefix of the file', () => {
    const raw = encodeImageDataset(sample);
    expect(readImageDatasetHeader(raw.subarray(0, 46)).source).toBe('unit@1.0.0');
  });

  it('rejects inconsistent input when encoding', () => {
    expect(() => encodeImageDataset({ ...sample, labels: new Uint8Array([0, 1]) })).toThrow(/labels/);
    expect(() => encodeImageDataset({ ...sample, pixels: new Uint8Array(11) })).toThrow(/pixels/);
    expect(() => encodeImageDataset({ ...sample, labels: new Uint8Array([0, 3, 1]) })).toThrow(/numClasses/);
  });

  it('explains corrupt and truncated files', async () => {
    const raw = encodeImageDataset(sample);
    const withMagic = raw.slice();
    withMagic[0] = 'X'.charCodeAt(0);
    await expect(decodeImageDataset(withMagic)).rejects.toThrow(/not an NLDS file/);
    await expect(decodeImageDataset(raw.subarray(0, 20))).rejects.toThrow(/truncated header/);
    await expect(decodeImageDataset(raw.subarray(0, raw.length - 1))).rejects.toThrow(/truncated/);
    await expect(decodeImageDataset(new Uint8Array([...raw, 0]))).rejects.toThrow(/1 unexpected bytes/);

    const futureVersion = raw.slice();
    new DataView(futureVersion.buffer).setUint32(4, NLDS_VERSION + 1, true);
    await expect(decodeImageDataset(futureVersion)).rejects.toThrow(/version 3 is not supported/);

    const badLabel = raw.slice();
    badLabel[36 + 'unit@1.0.0'.length + 1 + 4 + 1] = 7; // the second training label
    await expect(decodeImageDataset(badLabel)).rejects.toThrow(/label 7 of train sample 1/);

    const badSplit = raw.slice();
    new DataView(badSplit.buffer).setUint32(12, 9, true);
    await expect(decodeImageDataset(badSplit)).rejects.toThrow(/test count 9 exceeds/);
  });

  it('explains a truncated or corrupt gzip stream', async () => {
    const gz = new Uint8Array(gzipSync(encodeImageDataset(sample)));
    await expect(decodeImageDataset(gz.subarray(0, gz.length - 10))).rejects.toThrow(/gzip data is truncated or corrupt/);
    const scrambled = gz.slice();
    for (let i = 10; i < scrambled.length - 8; i++) scrambled[i] ^= 0x5a;
    await expect(decodeImageDataset(scrambled)).rejects.toThrow(/gzip data is truncated or corrupt/);
  });
});
