import type { ImageDatasetKind } from '../config/types';

/** What the lab knows about each image task: its converted file (under public/data/) and its class names. */
export interface ImageDatasetInfo {
  fileName: string;
  /** Its name in messages. */
  displayName: string;
  rows: number;
  cols: number;
  classNames: string[];
  /** The fixed split made at conversion (scripts/prepareData.ts): how many samples each side gets. */
  trainCount: number;
  testCount: number;
}

export const IMAGE_DATASETS: Record<ImageDatasetKind, ImageDatasetInfo> = {
  mnist: {
    fileName: 'mnist.nlds',
    displayName: 'MNIST',
    trainCount: 8_000,
    testCount: 2_000,
    rows: 28,
    cols: 28,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  'fashion-mnist': {
    fileName: 'fashion-mnist.nlds',
    displayName: 'Fashion-MNIST',
    trainCount: 60_000,
    testCount: 10_000,
    rows: 28,
    cols: 28,
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
  },
};

export function imageKindForFile(fileName: string): ImageDatasetKind | undefined {
  const kinds = Object.keys(IMAGE_DATASETS) as ImageDatasetKind[];
  return kinds.find((kind) => IMAGE_DATASETS[kind].fileName === fileName);
}
