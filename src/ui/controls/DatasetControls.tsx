import { enumField, numberField } from '../../engine/config/fields';
import type { DatasetConfig, DatasetKind, ImageDatasetKind } from '../../engine/config/types';
import { IMAGE_DATASETS } from '../../engine/data/imageDatasets';
import { isImageDataset } from '../../engine/config/types';
import { formatInteger } from '../format';
import { Field, IntInput, ReleaseSlider } from './inputs';

export const DATASET_LABELS: Record<DatasetKind, string> = {
  mnist: 'MNIST digits',
  'fashion-mnist': 'Fashion-MNIST',
  spirals: 'Spirals (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  blobs: 'Blobs (2-D)',
};

const TRAIN_SIZE = numberField('dataset.trainSize');
const TRAIN_SIZES = [0, 1000, 2000, 5000, 10000, 30000].filter((n) => n >= TRAIN_SIZE.min && n <= TRAIN_SIZE.max);
const DATASET_KINDS = enumField('dataset.kind').values as readonly DatasetKind[];

/** The sizes a split can offer (always including the current choice). */
function trainSizeOptions(dataset: DatasetConfig): number[] {
  const available = isImageDataset(dataset.kind) ? IMAGE_DATASETS[dataset.kind].trainCount : 0;
  const sizes = TRAIN_SIZES.filter((n) => n < available);
  return [...new Set([...sizes, dataset.trainSize])].sort((a, b) => a - b);
}

export function DatasetControls({
  dataset,
  onChange,
}: {
  dataset: DatasetConfig;
  onChange: (dataset: DatasetConfig) => void;
}) {
  const image = isImageDataset(dataset.kind);
  const hasClasses = dataset.kind === 'spirals' || dataset.kind === 'blobs';
  return (
    <fieldset className="controls-group">
      <legend>Data</legend>
      <Field label="Dataset" id="dataset-select">
        <select
          id="dataset-select"
          value={dataset.kind}
          data-testid="dataset-select"
          data-field="dataset.kind"
          onChange={(e) => onChange({ ...dataset, kind: e.target.value as DatasetKind })}
        >
          {DATASET_KINDS.map((k) => (
            <option key={k} value={k}>
              {DATASET_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>
      {image ? (
        <Field label="Training examples" id="train-size-select">
          <select
            id="train-size-select"
            value={dataset.trainSize}
            data-testid="train-size-select"
            data-field="dataset.trainSize"
            onChange={(e) => onChange({ ...dataset, trainSize: Number(e.target.value) })}
          >
            {trainSizeOptions(dataset).map((n) => (
              <option key={n} value={n}>
                {n === 0 ? `all (${formatInteger(IMAGE_DATASETS[dataset.kind as ImageDatasetKind].trainCount)})` : formatInteger(n)}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <>
          {hasClasses && (
            <Field label={dataset.kind === 'spirals' ? 'Arms (classes)' : 'Blobs (classes)'} id="classes-input">
              <IntInput id="classes-input" field={numberField('dataset.classes')} value={dataset.classes} testId="classes-input" onCommit={(classes) => onChange({ ...dataset, classes })} />
            </Field>
          )}
          <Field label="Noise (std. dev.)" id="noise-slider">
            <ReleaseSlider
              id="noise-slider"
              field={numberField('dataset.noise')}
              step={0.01}
              value={dataset.noise}
              testId="noise-slider"
              render={(v) => v.toFixed(2)}
              onCommit={(noise) => onChange({ ...dataset, noise })}
            />
          </Field>
          <Field label="Points (train + test)" id="points-input">
            <IntInput id="points-input" field={numberField('dataset.points')} value={dataset.points} testId="points-input" onCommit={(points) => onChange({ ...dataset, points })} />
          </Field>
        </>
      )}
    </fieldset>
  );
}
