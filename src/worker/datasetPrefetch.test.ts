import { describe, expect, it } from 'vitest';
import { defaultConfig, defaultsForDataset } from '../engine/config/defaults';
import type { ExperimentConfig } from '../engine/config/types';
import { generatePlaneDataset } from '../engine/data/synthetic';
import type { Dataset } from '../engine/data/types';
import { DatasetPrefetch } from './datasetPrefetch';

/** An opener that counts what it opens (by dataset kind and seed) and answers with a real 2-D data set. */
function counting(fail = false) {
  const opened: string[] = [];
  const open = (config: ExperimentConfig): Promise<Dataset> => {
    opened.push(`${config.dataset.kind}/${config.training.seed}`);
    if (fail) return Promise.reject(new Error('MNIST data missing: run npm run prepare-data'));
    return Promise.resolve(generatePlaneDataset({ ...config.dataset, kind: 'xor' }, config.training.seed));
  };
  return { opened, open };
}

describe('DatasetPrefetch', () => {
  it('gives the load of the prepared run the data it started opening, without opening the file again', async () => {
    const opener = counting();
    const prefetch = new DatasetPrefetch(opener.open);
    const config = defaultConfig();
    prefetch.start(config);
    expect(opener.opened).toEqual(['mnist/1']); // started at once, before any load
    const dataset = await prefetch.load(structuredClone(config));
    expect(opener.opened).toEqual(['mnist/1']);
    expect(dataset.train.count).toBeGreaterThan(0);
  });

  it('opens its own data for a load of another run (another dataset or seed), and a prefetch is used once', async () => {
    const opener = counting();
    const prefetch = new DatasetPrefetch(opener.open);
    const config = defaultConfig();
    prefetch.start(config);
    const otherSeed = structuredClone(config);
    otherSeed.training.seed = 2;
    await prefetch.load(otherSeed);
    await prefetch.load(defaultsForDataset('fashion-mnist'));
    await prefetch.load(config); // the prefetch was dropped by the first load: opened again
    expect(opener.opened).toEqual(['mnist/1', 'mnist/2', 'fashion-mnist/1', 'mnist/1']);
  });

  it('leaves a config the load would refuse to the load, which reports it', () => {
    const opener = counting();
    const prefetch = new DatasetPrefetch(opener.open);
    const bad = defaultConfig() as unknown as { dataset: { kind: string } };
    bad.dataset.kind = 'cifar';
    prefetch.start(bad as unknown as ExperimentConfig);
    prefetch.start(null as unknown as ExperimentConfig);
    expect(opener.opened).toEqual([]);
  });

  it('hands a failed download to the load that takes it, with its message', async () => {
    const opener = counting(true);
    const prefetch = new DatasetPrefetch(opener.open);
    prefetch.start(defaultConfig());
    await new Promise((resolve) => setTimeout(resolve, 0)); // no unhandled rejection meanwhile (vitest would fail the run)
    await expect(prefetch.load(defaultConfig())).rejects.toThrow('MNIST data missing: run npm run prepare-data');
  });
});
