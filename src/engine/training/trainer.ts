/**
 * One training run: the network, its optimizer, the data order and the prior, stepped by the host
 * (the Web Worker or the CLI), which decides when to flush, evaluate and snapshot.
 *
 * Losses stay on the device: every step's [loss, correct] pair is queued and read back in one
 * asynchronous batch by flush(), never with a blocking read per step.
 *
 * Reset is dispose() and Trainer.create() again with the same config: the init and the data order
 * come from the config's seed, so the new run repeats the old one step for step.
 */

import * as tf from '../tf';
import { computeApl } from '../analysis/apl';
import { nonlinearMask } from '../analysis/channelGraph';
import type { AplResult } from '../analysis/types';
import { applyLiveChange, type LiveChange } from '../config/liveChange';
import type { ExperimentConfig } from '../config/types';
import { createBatchSampler, gatherBatch, type BatchSampler } from '../data/batches';
import { featureSize, type Dataset } from '../data/types';
import { planArchitecture } from '../model/architecture';
import { strongestEdges } from '../model/edgeMagnitudes';
import { Network } from '../model/network';
import { KERNEL_SPACING_STEPS } from '../ntk/kernelCurve';
import { KernelTracker } from '../ntk/kernelTracker';
import { LinearizedNetwork } from '../ntk/linearizedNetwork';
import { DEFAULT_PROBE_COUNT } from '../ntk/probes';
import { deriveSeed } from '../random';
import { evaluateSplit } from './evaluate';
import { correctCount, crossEntropy } from './loss';
import { createOptimizer, updateLayoutFor, type RunOptimizer, type TailConstraint } from './optimizer';
import { predictLogits } from './predict';
import { imagePreview, planePreview, previewImageIndices } from './preview';
import { lambdaAt, proximalStep } from './prior';
import { priorLossTerm } from './priorLossTerm';
import { allFinite, Checkpoint } from './checkpoint';
import { snapLinearChannels } from './snap';
import { buildTrainerSnapshot, datasetInfo, fractionNonlinear } from './buildSnapshot';
import type { BackendInfo, EvalPoint, Snapshot, TrainerSnapshot } from './snapshot';

// The kernel's spacing lives with its readings (the charts that draw them say it too).
export { KERNEL_SPACING_STEPS };

export interface TrainerOptions {
  /** Probe examples of the tangent kernel measured at every evaluation; 0 measures none. */
  kernelProbes?: number;
}

interface PendingStep {
  step: number;
  /** [task loss, correct predictions] of the step's batch, still on the device. */
  record: tf.Tensor1D;
}

export class Trainer {
  private stepCount = 0;
  private pending: PendingStep[] = [];
  private divergedMessage: string | null = null;
  /** Train loss/accuracy since the last evaluation: the EvalPoint's "running" train figures. */
  private window = { loss: 0, correct: 0, examples: 0, steps: 0 };
  private lastTrain: { loss: number; accuracy: number } | null = null;
  private throughput = { busyMs: 0, examples: 0, perSecond: 0 };
  private readonly previewIndices: number[];
  private lastPreview: { view: Snapshot['preview']; ms: number; step: number } | null = null;
  private priorOnStep: number | null = null;
  private readonly aplAllNonlinear: AplResult;
  /** The state at the last evaluation where the losses and every weight were finite. */
  private checkpoint: Checkpoint<{ step: number; lastTrain: { loss: number; accuracy: number } | null }> | null = null;
  private disposed = false;
  private lastKernelStep = -Infinity;
  /** Set by linearize(): from then on the run trains and evaluates f_lin instead of f. */
  private linear: { network: LinearizedNetwork; step: number } | null = null;
  /** Set by holdStart(): the run's state and settings at step 0, for its evaluation after the first steps. */
  private heldStart: { state: Checkpoint<null>; config: ExperimentConfig } | null = null;

  private constructor(
    private config: ExperimentConfig,
    private readonly dataset: Dataset,
    private readonly backend: BackendInfo,
    private readonly network: Network,
    private readonly sampler: BatchSampler,
    private readonly optimizer: RunOptimizer,
    private readonly kernel: KernelTracker | null,
  ) {
    this.previewIndices = dataset.inputShape.length === 3 ? previewImageIndices(dataset) : [];
    this.aplAllNonlinear = computeApl(
      network.graph,
      network.plan.gatedChannels.map((c) => new Array<boolean>(c).fill(true)),
    );
  }

  /** Builds the run on the current tf backend. The config is copied: later edits go through applyChange. */
  static create(config: ExperimentConfig, dataset: Dataset, backend: BackendInfo, options: TrainerOptions = {}): Trainer {
    const own = structuredClone(config);
    const plan = planArchitecture(own.model, dataset.inputShape, dataset.numClasses);
    const sampler = createBatchSampler(dataset.train.count, own.training.batchSize, deriveSeed(own.training.seed, 'batches'), own.dataset.order);
    const network = Network.create(plan, own.training.seed);
    const optimizer = createOptimizer(own.optimizer, updateLayoutFor(tf.getBackend()));
    const probes = options.kernelProbes ?? DEFAULT_PROBE_COUNT;
    const kernel = probes > 0 && dataset.test.count > 1 ? KernelTracker.create(dataset, own.training.seed, probes) : null;
    return new Trainer(own, dataset, backend, network, sampler, optimizer, kernel);
  }

  get stepsPerEpoch(): number {
    return this.sampler.stepsPerEpoch;
  }

  get totalSteps(): number {
    return this.config.training.epochs * this.sampler.stepsPerEpoch;
  }

  get step(): number {
    return this.stepCount;
  }

  /**
   * Training samples (a prefix of the split) the next step reads: a host whose data is still
   * arriving waits for them (dataset.arrival) before calling trainStep. 0 once finished.
   */
  get nextStepNeeds(): number {
    return this.finished ? 0 : this.sampler.samplesNeeded(this.stepCount);
  }

  /** All epochs done, or training stopped because the loss diverged. */
  get finished(): boolean {
    return this.divergedMessage !== null || this.stepCount >= this.totalSteps;
  }

  get diverged(): string | null {
    return this.divergedMessage;
  }

  /** The lambda the next step applies (schedule and ramp included). */
  get lambda(): number {
    return lambdaAt(this.config.prior, this.stepCount, this.stepsPerEpoch);
  }

  /**
   * One optimizer step with the prior in force now: on task + lambda * prior ('loss'), or on the task
   * loss followed by the proximal step ('proximal'). Slopes end clipped to [0, 1]. No-op once finished.
   */
  trainStep(): void {
    if (this.finished) return;
    this.takeInitialKernel(); // the kernel at init, unless the step-0 evaluation took it (or will, holdStart)
    const lambda = this.lambda;
    if (lambda > 0 && this.priorOnStep === null) this.priorOnStep = this.stepCount;
    if (this.config.prior.mode === 'proximal') {
      this.optimizerStep(proximalStep(this.network, this.config.optimizer.learningRate, lambda), 0);
    } else {
      this.optimizerStep(this.network.slopeConstraint(), lambda);
    }
  }

  /**
   * One optimizer step on the task loss plus `priorWeight` times the prior (none when 0) on every
   * variable; the slopes written through `slopes` (clip, frozen channels, a proximal step).
   */
  private optimizerStep(slopes: TailConstraint, priorWeight: number): void {
    const started = performance.now();
    const indices = this.sampler.indices(this.stepCount);
    const batch = gatherBatch(this.dataset, this.dataset.train, indices);
    const size = indices.length;
    const record = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [size, featureSize(this.dataset)]);
      const y = tf.tensor1d(batch.y, 'int32');
      const kept: tf.Scalar[] = []; // the forward pass's own tidy would dispose the count otherwise
      const variables = this.network.trainableVariables();
      if (this.linear) {
        this.optimizer.apply(variables, this.linearGradients(this.linear.network, x, y, priorWeight, kept), slopes);
      } else {
        const { grads } = tf.variableGrads(() => {
          const logits = this.network.forward(x);
          const task = crossEntropy(logits, y);
          kept.push(tf.keep(task), tf.keep(correctCount(logits, y)));
          return priorWeight > 0 ? tf.add(task, priorLossTerm(this.network.slopes, priorWeight)) : task;
        }, variables);
        this.optimizer.apply(variables, variables.map((v) => grads[v.name]), slopes);
      }
      const packed = tf.stack(kept) as tf.Tensor1D;
      for (const t of kept) t.dispose();
      return packed;
    });
    this.pending.push({ step: this.stepCount, record });
    this.stepCount++;
    this.throughput.busyMs += performance.now() - started;
    this.throughput.examples += size;
  }

  /**
   * Gradients of the task loss (plus the prior) of the linearized network over the live variables:
   * J(x; θ_t)ᵀ ∂L/∂f_lin with ∂L/∂f_lin = (softmax(f_lin) − onehot(y)) / B for the mean cross-entropy.
   */
  private linearGradients(linear: LinearizedNetwork, x: tf.Tensor2D, y: tf.Tensor1D, priorWeight: number, kept: tf.Scalar[]): tf.Tensor[] {
    const logits = linear.forward(x);
    kept.push(tf.keep(crossEntropy(logits, y)), tf.keep(correctCount(logits, y)));
    const dLogits = tf.div<tf.Tensor2D>(tf.sub(tf.softmax(logits), tf.oneHot(y, logits.shape[1])), x.shape[0]);
    const grads = linear.backward(x, dLogits);
    if (priorWeight > 0) {
      const slopes = this.network.slopes;
      const { grads: prior } = tf.variableGrads(() => priorLossTerm(slopes, priorWeight), slopes);
      const first = grads.length - slopes.length; // the slopes are the last trainable variables
      slopes.forEach((a, g) => (grads[first + g] = tf.add(grads[first + g], prior[a.name])));
    }
    return grads;
  }

  /**
   * From now on train and evaluate the network linearized in its weights around their values now
   * (Fort et al.): same optimizer (its state kept), same data order, same prior. The tangent kernel
   * of f_lin is the one at this step, so it is no longer measured.
   */
  linearize(): void {
    if (this.linear) return;
    this.takeInitialKernel();
    this.linear = { network: LinearizedNetwork.around(this.network, this.config.training.seed), step: this.stepCount };
  }

  /** The step the run was linearized at, or null. */
  get linearizedAt(): number | null {
    return this.linear?.step ?? null;
  }

  /** Reads the queued losses in one batch: running train figures, throughput, divergence. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const started = performance.now();
    const steps = this.pending;
    this.pending = [];
    const packed = tf.concat(steps.map((s) => s.record));
    for (const s of steps) s.record.dispose();
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const batchSize = this.sampler.batchSize;
    steps.forEach((s, i) => {
      const loss = values[2 * i];
      if (!Number.isFinite(loss)) {
        this.divergedMessage ??= `The loss became ${String(loss)} at step ${s.step + 1}: training stopped. Try a lower learning rate.`;
        return;
      }
      this.window.loss += loss;
      this.window.correct += values[2 * i + 1];
      this.window.examples += batchSize;
      this.window.steps++;
    });
    this.throughput.busyMs += performance.now() - started;
    if (this.throughput.busyMs > 0 && this.throughput.examples > 0) {
      const measured = (this.throughput.examples * 1000) / this.throughput.busyMs;
      this.throughput.perSecond = this.throughput.perSecond === 0 ? measured : 0.7 * this.throughput.perSecond + 0.3 * measured;
    }
    this.throughput.busyMs = 0;
    this.throughput.examples = 0;
  }

  /**
   * Test loss and accuracy on the first EVAL_SAMPLE_LIMIT (2,000) test samples, with the train loss
   * and accuracy averaged over the steps since the last evaluation (before the first step: measured
   * on the first 2,000 training samples). Snaps first when the config asks for it. The host keeps the points.
   */
  async evaluate(): Promise<EvalPoint> {
    if (this.heldStart) {
      if (this.stepCount > 0) throw new Error('The held step-0 evaluation comes first: call evaluateHeldStart() before evaluate().');
      this.dropHeldStart(); // evaluated at step 0 after all
    }
    await this.flush();
    if (this.config.prior.snap) await this.snap();
    const model = this.linear?.network ?? this.network;
    const test = await evaluateSplit(model, this.dataset, this.dataset.test);
    if (this.window.steps > 0) {
      this.lastTrain = { loss: this.window.loss / this.window.steps, accuracy: this.window.correct / this.window.examples };
    } else if (this.lastTrain === null) {
      this.lastTrain = (await evaluateSplit(model, this.dataset, this.dataset.train)) ?? { loss: NaN, accuracy: NaN };
    }
    this.window = { loss: 0, correct: 0, examples: 0, steps: 0 };
    const slopes = await this.readSlopes();
    const apl = computeApl(this.network.graph, nonlinearMask(slopes, this.config.prior.eps));
    const kernelDue =
      this.stepCount === 0 || this.finished || Math.floor(this.stepCount / KERNEL_SPACING_STEPS) > Math.floor(this.lastKernelStep / KERNEL_SPACING_STEPS);
    const kernel = this.kernel && kernelDue && !this.linear ? await this.kernel.measure(this.network, this.stepCount) : {};
    if (kernelDue) this.lastKernelStep = this.stepCount;
    const point: EvalPoint = {
      step: this.stepCount,
      epoch: this.stepCount / this.stepsPerEpoch,
      trainLoss: this.lastTrain.loss,
      trainAccuracy: this.lastTrain.accuracy,
      testLoss: test?.loss ?? null,
      testAccuracy: test?.accuracy ?? null,
      fractionNonlinear: fractionNonlinear(slopes, this.config.prior.eps),
      aplNormalized: apl.normalized.apl,
      aplUnnormalized: apl.unnormalized.apl,
      lambda: this.lambda,
      ...kernel,
    };
    await this.keepIfGood(point);
    return point;
  }

  /**
   * Keeps copies of the run's state and settings at step 0, so that the step-0 evaluation can run
   * after the first steps (evaluateHeldStart) instead of before them: a host that wants its first
   * step shown soon calls this instead of evaluate() at step 0. The tangent kernel at init is then
   * taken from those copies too, not before the first step. Only at step 0 before any evaluation,
   * and not once linearized; returns whether it holds the start.
   */
  holdStart(): boolean {
    if (this.heldStart) return true;
    if (this.stepCount !== 0 || this.checkpoint !== null || this.lastTrain !== null || this.linear || this.kernel?.hasInitial || this.disposed) return false;
    this.heldStart = { state: Checkpoint.take(this.stateVariables(), null), config: structuredClone(this.config) };
    return true;
  }

  /** Whether a step-0 evaluation is held (holdStart) and not taken yet. */
  get startHeld(): boolean {
    return this.heldStart !== null;
  }

  /**
   * The step-0 evaluation held by holdStart(), taken now: the state goes back to its copies at step 0,
   * evaluate() runs as it would have at step 0 (the same point, the checkpoint at step 0, the kernel at
   * init), then the state of now comes back, bit for bit. Null when nothing is held. A host calls it
   * before any other evaluation.
   */
  async evaluateHeldStart(): Promise<EvalPoint | null> {
    const held = this.heldStart;
    if (!held) return null;
    this.heldStart = null;
    await this.flush();
    const variables = this.stateVariables();
    const now = Checkpoint.take(variables, null);
    const saved = { step: this.stepCount, window: this.window, diverged: this.divergedMessage, config: this.config, priorOnStep: this.priorOnStep };
    try {
      held.state.restore(variables);
      this.network.frozenMasksChanged();
      this.stepCount = 0;
      this.window = { loss: 0, correct: 0, examples: 0, steps: 0 };
      this.divergedMessage = null;
      this.config = held.config;
      this.priorOnStep = null;
      return await this.evaluate();
    } finally {
      now.restore(variables);
      now.dispose();
      held.state.dispose();
      this.network.frozenMasksChanged();
      this.stepCount = saved.step;
      this.window = saved.window;
      // A step-0 state that was not finite stopped the run there, as it would have before the first step.
      this.divergedMessage ??= saved.diverged;
      this.config = saved.config;
      this.priorOnStep = saved.priorOnStep;
    }
  }

  private dropHeldStart(): void {
    this.heldStart?.state.dispose();
    this.heldStart = null;
  }

  /** The kernel at init before the network first changes, unless the held start (holdStart) will give it. */
  private takeInitialKernel(): void {
    if (!this.heldStart) this.kernel?.takeInitial(this.network);
  }

  /** After an evaluation: a checkpoint when all is finite, else the run counts as diverged. */
  private async keepIfGood(point: EvalPoint): Promise<void> {
    if (this.divergedMessage !== null) return;
    const losses = [point.trainLoss, point.testLoss ?? 0];
    if (!losses.every(Number.isFinite)) {
      this.divergedMessage = `The loss became ${String(losses.find((v) => !Number.isFinite(v)))} by step ${this.stepCount}: training stopped. Try a lower learning rate.`;
      return;
    }
    const variables = this.stateVariables();
    if (!(await allFinite(variables))) {
      this.divergedMessage = `The weights became NaN or infinite by step ${this.stepCount}: training stopped. Try a lower learning rate.`;
      return;
    }
    this.checkpoint?.dispose();
    this.checkpoint = Checkpoint.take(variables, { step: this.stepCount, lastTrain: this.lastTrain && { ...this.lastTrain } });
  }

  /** Step of the last good evaluation, the one rewind() returns to (null before the first). */
  get checkpointStep(): number | null {
    return this.checkpoint?.extra.step ?? null;
  }

  /**
   * Back to the last good evaluation after a divergence (or at any time): weights, slopes, frozen
   * channels, the optimizer's state and the step as they were then (the page drops the evaluations
   * it went back past: snapshotStream.ts). Live settings (λ,
   * learning rate) stay as they are now, so a lower learning rate can be tried from there.
   * Returns the step it went back to, or null when there is no good evaluation yet.
   */
  rewind(): number | null {
    const checkpoint = this.checkpoint;
    if (!checkpoint) return null;
    for (const s of this.pending) s.record.dispose();
    this.pending = [];
    checkpoint.restore(this.stateVariables());
    this.network.frozenMasksChanged();
    const { step, lastTrain } = checkpoint.extra;
    this.stepCount = step;
    if (this.priorOnStep !== null && this.priorOnStep > step) this.priorOnStep = null;
    this.lastTrain = lastTrain && { ...lastTrain };
    this.window = { loss: 0, correct: 0, examples: 0, steps: 0 };
    this.divergedMessage = null;
    return step;
  }

  /** Everything a checkpoint holds, in a fixed order. */
  private stateVariables(): tf.Variable[] {
    return [...this.network.trainableVariables(), ...this.network.frozen, ...this.optimizer.stateVariables()];
  }

  /**
   * Everything the UI shows. `running` is always false here: the host that drives the steps sets it.
   * With `preview: false` the predictions preview is the last one computed (the costliest part of a
   * snapshot where a forward pass is slow: ~0.3 s for the CNN on a software GPU).
   */
  async snapshot({ preview = true }: { preview?: boolean } = {}): Promise<TrainerSnapshot> {
    await this.flush();
    const slopes = await this.readSlopes();
    const edgeMagnitudes = await strongestEdges(this.network, slopes, this.config.prior.eps);
    const view = preview || !this.lastPreview ? await this.refreshPreview() : this.lastPreview.view;
    return buildTrainerSnapshot({
      step: this.stepCount,
      stepsPerEpoch: this.stepsPerEpoch,
      totalSteps: this.totalSteps,
      finished: this.finished,
      prior: this.config.prior,
      priorOnStep: this.priorOnStep,
      graph: this.network.graph,
      slopes,
      edgeMagnitudes,
      aplAllNonlinear: this.aplAllNonlinear,
      examplesPerSecond: this.throughput.perSecond,
      backend: this.backend,
      preview: view,
      previewStep: this.lastPreview?.step ?? this.stepCount,
      dataset: datasetInfo(this.dataset),
      diverged: this.divergedMessage,
      checkpointStep: this.checkpointStep,
    });
  }

  /** How long the last preview took to compute, in ms (0 before the first). */
  get previewMs(): number {
    return this.lastPreview?.ms ?? 0;
  }

  private async refreshPreview(): Promise<Snapshot['preview']> {
    const started = performance.now();
    const view = await this.preview();
    this.lastPreview = { view, ms: performance.now() - started, step: this.stepCount };
    return view;
  }

  private async preview(): Promise<Snapshot['preview']> {
    const { inputShape } = this.dataset;
    if (inputShape.length === 1 && inputShape[0] === 2) return planePreview(this.network, this.dataset);
    if (inputShape.length === 3) return imagePreview(this.network, this.dataset, this.previewIndices);
    return null;
  }

  /** Logits [count x numClasses] for `count` rows of network inputs (features already scaled). */
  predictLogits(x: Float32Array, count: number): Promise<Float32Array> {
    return predictLogits(this.network, x, count);
  }

  /** Current slopes per gated layer. */
  async readSlopes(): Promise<Float32Array[]> {
    return Promise.all(this.network.slopes.map(async (a) => Float32Array.from(await a.data())));
  }

  /**
   * Trains on past the planned length: `epochs` more epochs (the data order goes on epoch by epoch, as
   * it would have had the run been planned longer). Not after a divergence.
   */
  extend(epochs: number): void {
    if (this.divergedMessage !== null || !(epochs > 0)) return;
    const planned = Math.max(this.config.training.epochs, Math.ceil(this.stepCount / this.stepsPerEpoch)) + epochs;
    this.config = { ...this.config, training: { ...this.config.training, epochs: planned } };
  }

  /** Live (λ, the prior's schedule and form, ε, snap-at-evaluation, the learning rate): takes effect at the next step. */
  applyChange(change: LiveChange): void {
    this.config = applyLiveChange(this.config, change);
    if (change.optimizer?.learningRate !== undefined) this.optimizer.setLearningRate(change.optimizer.learningRate);
  }

  /** Makes every channel with a >= 1 - eps exactly linear and frozen; returns how many were newly frozen. */
  async snap(): Promise<number> {
    await this.flush();
    this.takeInitialKernel();
    return snapLinearChannels(this.network, this.config.prior.eps);
  }

  /** Frees every tensor: queued losses, weights, slopes, frozen masks and the optimizer's slots. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.pending) s.record.dispose();
    this.pending = [];
    this.checkpoint?.dispose();
    this.checkpoint = null;
    this.dropHeldStart();
    this.network.dispose();
    this.optimizer.dispose();
    this.kernel?.dispose();
    this.linear?.network.dispose();
  }
}
