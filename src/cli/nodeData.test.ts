import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../engine/data/loadDataset';
import { readDataFile } from './nodeData';

describe('readDataFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlds-node-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts a missing file first, then serves it to loadDataset', async () => {
    expect(existsSync(join(dir, 'mnist.nlds'))).toBe(false);
    const config = { kind: 'mnist' as const, trainSize: 500, points: 0, noise: 0, classes: 10, order: 'streamed' as const };
    const dataset = await loadDataset(config, 1, (name) => readDataFile(name, dir));
    expect(existsSync(join(dir, 'mnist.nlds'))).toBe(true);
    expect(dataset.train.count).toBe(500);
    expect(dataset.test.count).toBe(2_000);
    expect(dataset.train.features.length).toBe(500 * 784);
  });

  it('refuses a file name it does not know', async () => {
    await expect(readDataFile('../secrets.nlds', dir)).rejects.toThrow(/Unknown data file/);
  });
});
