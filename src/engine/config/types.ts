/**
 * The experiment config: one typed description of a run. The URL, presets, exports and the CLI all
 * carry exactly this, encoded by ./urlCodec.ts and checked by ./validate.ts.
 */

/**
 * v2: the prior is a term of the loss by default (`prior.mode`); v1 links and files, made when the
 * prior was a proximal step, decode to `mode: 'proximal'` and so reproduce exactly (./migrate.ts).
 */
/**
 * v3: the data order is a field (`dataset.order`), 'streamed' by default so an image task's link can
 * start training on the first part of its file (src/engine/data/batches.ts); v1 and v2 links decode
 * to 'shuffled', the order they trained in.
 */
export const CONFIG_VERSION = 3;

export type ImageDatasetKind = 'mnist' | 'fashion-mnist';
export type PlaneDatasetKind = 'spirals' | 'circles' | 'xor' | 'blobs';
export type DatasetKind = ImageDatasetKind | PlaneDatasetKind;

export interface DatasetConfig {
  kind: DatasetKind;
  /** Image tasks: how many training examples to use (0 = the whole training split). */
  trainSize: number;
  /** 2-D tasks: number of points generated (train and test together). */
  points: number;
  /** 2-D tasks: standard deviation of the Gaussian noise added to each point. */
  noise: number;
  /** 2-D tasks: spiral arms or blob clusters, which is also the number of classes. */
  classes: number;
  /**
   * The order training visits the samples in (src/engine/data/batches.ts): 'streamed' takes epoch 0
   * part by part in file order, 'shuffled' every epoch in one permutation. They differ only for a
   * training split of more than 10,000 samples (Fashion-MNIST).
   */
  order: DataOrder;
}

export type DataOrder = 'streamed' | 'shuffled';

export type PoolKind = 'none' | 'max' | 'avg';

export interface ConvStage {
  /** Output feature maps of the stage's 3x3 convolution. */
  channels: number;
  /** 1 or 2: the convolution's stride. */
  stride: 1 | 2;
  /** A 2x2 pooling after the gate. */
  pool: PoolKind;
}

export type ModelKind = 'mlp' | 'cnn';

export interface ModelConfig {
  kind: ModelKind;
  /** MLP hidden widths, one gated layer each. */
  hidden: number[];
  /** CNN convolution stages, each a gated layer; a dense layer to the classes follows. */
  conv: ConvStage[];
  /** After every hidden layer or conv stage, a residual block x + F(x) of two gated layers of the same width. */
  residual: boolean;
}

export type OptimizerKind = 'adam' | 'sgd';

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only. */
  momentum: number;
}

export interface TrainingConfig {
  batchSize: number;
  epochs: number;
  seed: number;
}

export type ScheduleUnit = 'step' | 'epoch';

/**
 * How the prior acts (method.md, "Sparsity prior"): 'loss' adds lambda * (1/N) * sum(1 - a) to the
 * loss, so its gradient goes through the run's optimizer with the weights'; 'proximal' moves every
 * slope by lr * lambda / N after the optimizer's step, whatever the task needs.
 */
export type PriorMode = 'loss' | 'proximal';

export interface PriorConfig {
  /** The pressure on the number of nonlinear channels: the prior's weight in the loss. */
  lambda: number;
  mode: PriorMode;
  /** t_on: the prior is off before this step or epoch. */
  start: number;
  startUnit: ScheduleUnit;
  /** Steps over which lambda ramps linearly from 0 to its value after t_on (0 = at once). */
  ramp: number;
  /** A channel counts as linear when its slope a >= 1 - eps. */
  eps: number;
  /** Make channels that count as linear exactly linear and freeze them, at every evaluation. */
  snap: boolean;
}

export interface ExperimentConfig {
  version: typeof CONFIG_VERSION;
  /** A run's name and note: plain text, shown as text only. */
  name: string;
  note: string;
  dataset: DatasetConfig;
  model: ModelConfig;
  optimizer: OptimizerConfig;
  training: TrainingConfig;
  prior: PriorConfig;
  /** Evaluate on the test split every this many steps. */
  evalEvery: number;
}

export function isImageDataset(kind: DatasetKind): kind is ImageDatasetKind {
  return kind === 'mnist' || kind === 'fashion-mnist';
}
