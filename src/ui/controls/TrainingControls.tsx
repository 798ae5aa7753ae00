import { numberField } from '../../engine/config/fields';
import type { OptimizerConfig, TrainingConfig } from '../../engine/config/types';
import { formatSci } from '../format';
import { LEARNING_RATE_SLIDER } from '../scales';
import { Field, IntInput, LogSlider } from './inputs';

const BATCH_SIZE = numberField('training.batchSize');
const BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024].filter((n) => n >= BATCH_SIZE.min && n <= BATCH_SIZE.max);

export function TrainingControls({
  optimizer,
  training,
  onOptimizer,
  onTraining,
  onLearningRate,
}: {
  optimizer: OptimizerConfig;
  training: TrainingConfig;
  /** Structural: reloads the run. */
  onOptimizer: (optimizer: OptimizerConfig) => void;
  onTraining: (training: TrainingConfig) => void;
  /** Live. */
  onLearningRate: (learningRate: number) => void;
}) {
  return (
    <fieldset className="controls-group">
      <legend>Training</legend>
      <div className="field-pair">
        <Field label="Optimizer" id="optimizer-select">
          <select
            id="optimizer-select"
            value={optimizer.kind}
            data-testid="optimizer-select"
            data-field="optimizer.kind"
            onChange={(e) => onOptimizer({ ...optimizer, kind: e.target.value === 'sgd' ? 'sgd' : 'adam' })}
          >
            <option value="adam">Adam</option>
            <option value="sgd">SGD + momentum</option>
          </select>
        </Field>
        <Field label="Batch size" id="batch-select">
          <select
            id="batch-select"
            value={training.batchSize}
            data-testid="batch-select"
            data-field="training.batchSize"
            onChange={(e) => onTraining({ ...training, batchSize: Number(e.target.value) })}
          >
            {[...new Set([...BATCH_SIZES, training.batchSize])].sort((a, b) => a - b).map((b) => (
              <option key={b} value={b}>
                {b} examples
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Learning rate" id="lr-slider" value={<span data-testid="lr-value">{formatSci(optimizer.learningRate)}</span>}>
        <LogSlider
          id="lr-slider"
          field="optimizer.learningRate"
          scale={LEARNING_RATE_SLIDER}
          value={optimizer.learningRate}
          name="learning rate"
          testId="lr-slider"
          onChange={onLearningRate}
        />
      </Field>
      <div className="field-pair">
        <Field label="Epochs" id="epochs-input">
          <IntInput id="epochs-input" field={numberField('training.epochs')} value={training.epochs} testId="epochs-input" onCommit={(epochs) => onTraining({ ...training, epochs })} />
        </Field>
        <Field label="Seed" id="seed-input">
          <IntInput id="seed-input" field={numberField('training.seed')} value={training.seed} testId="seed-input" onCommit={(seed) => onTraining({ ...training, seed })} />
        </Field>
      </div>
    </fieldset>
  );
}
