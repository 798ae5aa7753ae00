/** MNIST-shaped random images: throughput does not depend on the pixel values, and nothing needs loading. */
import type { Dataset } from '../../src/engine/data/types';

export function randomImageDataset(count: number, seed = 1): Dataset {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const features = Uint8Array.from({ length: count * 784 }, () => next() & 255);
  const labels = Uint8Array.from({ length: count }, () => next() % 10);
  const split = { features, labels, count };
  return {
    kind: 'mnist',
    inputShape: [28, 28, 1],
    numClasses: 10,
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    featureScale: 1 / 255,
    train: split,
    test: split,
    dropped: 0,
  };
}
