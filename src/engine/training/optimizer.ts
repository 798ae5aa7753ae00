/**
 * The optimizer of a run: Adam, SGD with momentum, or plain SGD, with tfjs's exact update rules
 * (tfjs-core's AdamOptimizer, MomentumOptimizer and SGDOptimizer, op for op). Every op is
 * elementwise, so the rule gives the same numbers element for element whether it runs on each
 * variable or on all of them at once, and the run picks the layout that is faster on its backend
 * (measured in BENCHMARKS.md):
 * - 'flat': the gradients and variables are concatenated into one vector, updated with one set of
 *   kernels and split back. tfjs updates one variable at a time, about 14 kernels per variable for
 *   Adam, and the lab's nets are small, so on WASM and the CPU per-kernel overhead, not arithmetic,
 *   sets the step time (a third of the MLP's kernels per step were Adam's).
 * - 'largeApart': each large variable (a weight matrix) on its own, as tfjs does, and the small
 *   ones (biases, slopes) flat. On the GPU backends flattening a weight matrix is not free: WebGL
 *   copies a packed matrix to reshape it to a vector and back, WebGPU's Concat and Slice programs
 *   cost more than the elementwise kernels they save. Over a few small vectors they do not.
 */

import * as tf from '../tf';
import { flattenAll, unflatten, wasmFlatCopiesActive } from '../backend/wasmFlatCopies';
import type { OptimizerConfig } from '../config/types';

/**
 * A projection of the last `variables` of the list (the network's slopes: clip to [0, 1], frozen
 * channels at 1), applied to their updated values as one flat vector before they are written back:
 * one pass instead of a few kernels per variable after the update. Elementwise, so the values are
 * the same as projecting each variable after the step.
 */
export interface TailConstraint {
  variables: number;
  project(updated: tf.Tensor1D): tf.Tensor;
}

export interface RunOptimizer {
  /**
   * One update of `variables` (the same list in the same order at every call) from their gradients,
   * the trailing ones projected by `constraint` before they are written.
   */
  apply(variables: tf.Variable[], gradients: tf.Tensor[], constraint?: TailConstraint): void;
  /** Live: used from the next apply on. */
  setLearningRate(learningRate: number): void;
  /**
   * Everything the optimizer carries from step to step (Adam's bias-correction accumulators, then
   * the moment slots once the first update made them), for a checkpoint. Fixed order.
   */
  stateVariables(): tf.Variable[];
  dispose(): void;
}

export type UpdateLayout = 'flat' | 'largeApart';

/** The layout measured faster on a tfjs backend (see the file comment). */
export function updateLayoutFor(backend: string): UpdateLayout {
  return backend === 'webgl' || backend === 'webgpu' ? 'largeApart' : 'flat';
}

/** In the 'largeApart' layout, variables of more values than this are updated on their own. */
export const LARGE_VARIABLE = 4096;

/**
 * Which variables are updated together (indices, in order): all of them, or each large one alone
 * and the rest (biases, slopes) as one vector. The constrained tail always stays in one group, at
 * its end, so that group projects it with one slice.
 */
export function updateGroups(sizes: number[], tail: number, layout: UpdateLayout): number[][] {
  const all = sizes.map((_, i) => i);
  if (layout === 'flat') return [all];
  const apart = (i: number) => i < sizes.length - tail && sizes[i] > LARGE_VARIABLE;
  const together = all.filter((i) => !apart(i));
  return [...all.filter(apart).map((i) => [i]), ...(together.length > 0 ? [together] : [])];
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

export function createOptimizer(config: OptimizerConfig, layout: UpdateLayout = 'flat'): RunOptimizer {
  const rule = config.kind === 'adam' ? new AdamRule() : new MomentumRule(config.momentum);
  return new GroupedOptimizer(rule, config.learningRate, layout);
}

/**
 * One optimizer's update of a group of parameters (one variable, or several flat) with its own
 * state slots, which it assigns itself; returns the new parameter values.
 */
interface UpdateRule {
  readonly slotCount: number;
  /** Once per apply, before the groups (shared terms such as Adam's bias corrections). */
  beginStep(): void;
  update(params: tf.Tensor, gradient: tf.Tensor, slots: tf.Variable[], learningRate: number): tf.Tensor;
  /** Once per apply, after the groups. */
  endStep(): void;
  /** State the rule keeps outside the slots. */
  state(): tf.Variable[];
  dispose(): void;
}

class GroupedOptimizer implements RunOptimizer {
  /** Built at the first update, when the sizes are known: the groups and, per group, the rule's state slots. */
  private built: { sizes: number[]; tail: number; groups: number[][]; slots: tf.Variable[][] } | null = null;

  constructor(
    private readonly rule: UpdateRule,
    private learningRate: number,
    private readonly layout: UpdateLayout,
  ) {}

  apply(variables: tf.Variable[], gradients: tf.Tensor[], constraint?: TailConstraint): void {
    tf.tidy(() => {
      const { groups, slots } = this.build(variables, constraint?.variables ?? 0);
      const tailStart = variables.length - (constraint?.variables ?? 0);
      this.rule.beginStep();
      groups.forEach((members, g) => {
        const vars = members.map((i) => variables[i]);
        if (members.length === 1 && members[0] < tailStart) {
          vars[0].assign(this.rule.update(vars[0], gradients[members[0]], slots[g], this.learningRate));
          return;
        }
        const updated = this.rule.update(flatten(vars), flatten(members.map((i) => gradients[i])), slots[g], this.learningRate);
        // updateGroups keeps the whole constrained tail at the end of one group.
        assignFlat(vars, updated as tf.Tensor1D, members[members.length - 1] >= tailStart ? constraint : undefined);
      });
      this.rule.endStep();
    });
  }

  private build(variables: tf.Variable[], tail: number): { groups: number[][]; slots: tf.Variable[][] } {
    const sizes = variables.map((v) => v.size);
    if (!this.built) {
      const groups = updateGroups(sizes, tail, this.layout);
      const slots = groups.map((members) => {
        const shape = members.length === 1 ? variables[members[0]].shape : [members.reduce((n, i) => n + sizes[i], 0)];
        return Array.from({ length: this.rule.slotCount }, () => tf.variable(tf.zeros(shape), false));
      });
      this.built = { sizes, tail, groups, slots };
    }
    const built = this.built;
    if (tail !== built.tail || sizes.length !== built.sizes.length || sizes.some((size, i) => size !== built.sizes[i])) {
      throw new Error(`The optimizer was built for ${describe(built.sizes, built.tail)}, not ${describe(sizes, tail)}.`);
    }
    return built;
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  stateVariables(): tf.Variable[] {
    return [...this.rule.state(), ...(this.built?.slots.flat() ?? [])];
  }

  dispose(): void {
    for (const group of this.built?.slots ?? []) for (const slot of group) slot.dispose();
    this.built = null;
    this.rule.dispose();
  }
}

function describe(sizes: number[], tail: number): string {
  return `${sizes.reduce((a, b) => a + b, 0)} parameters (${sizes.join(', ')}${tail > 0 ? `, the last ${tail} constrained` : ''})`;
}

/** One vector of the tensors' values: on WASM one kernel of the lab's own (../backend/wasmFlatCopies.ts), elsewhere reshapes and a concat. */
function flatten(tensors: tf.Tensor[]): tf.Tensor1D {
  if (wasmFlatCopiesActive()) return flattenAll(tensors);
  return tf.concat(tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1])) as tf.Tensor1D));
}

/**
 * Writes `flat` back into the variables it was flattened from (slices, not split: see
 * fastWasmSlice.ts), the trailing `constraint.variables` of them through `constraint.project`.
 */
function assignFlat(variables: tf.Variable[], flat: tf.Tensor1D, constraint?: TailConstraint): void {
  const free = variables.length - (constraint?.variables ?? 0);
  if (wasmFlatCopiesActive()) {
    // One cut for the free variables and the tail as one vector, one more for the projected tail.
    const tailSize = variables.slice(free).reduce((n, v) => n + v.size, 0);
    const shapes = variables.slice(0, free).map((v) => v.shape);
    const parts = unflatten(flat, tailSize > 0 ? [...shapes, [tailSize]] : shapes);
    variables.slice(0, free).forEach((v, i) => v.assign(parts[i]));
    if (!constraint || free === variables.length) return;
    const tail = variables.slice(free);
    const projected = constraint.project(parts[free] as tf.Tensor1D) as tf.Tensor1D;
    unflatten(projected, tail.map((v) => v.shape)).forEach((part, i) => tail[i].assign(part));
    return;
  }
  const freeSize = writeSlices(variables.slice(0, free), flat);
  if (!constraint || free === variables.length) return;
  writeSlices(variables.slice(free), constraint.project(tf.slice(flat, freeSize, flat.size - freeSize)) as tf.Tensor1D);
}

/** Writes consecutive slices of `flat` into `variables`; returns how many values were taken. */
function writeSlices(variables: tf.Variable[], flat: tf.Tensor1D): number {
  let offset = 0;
  for (const v of variables) {
    const part = v.size === flat.size ? flat : tf.slice(flat, offset, v.size);
    v.assign(v.rank === 1 ? part : tf.reshape(part, v.shape));
    offset += v.size;
  }
  return offset;
}

/** tfjs's AdamOptimizer (beta1 0.9, beta2 0.999, the backend's epsilon). Slots: first and second moment. */
class AdamRule implements UpdateRule {
  readonly slotCount = 2;
  private readonly accBeta1 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA1), false));
  private readonly accBeta2 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA2), false));
  /**
   * The rule's constants as scalars made once: tf.mul(t, 0.9) makes a new scalar tensor at every
   * call (a WASM allocation and a write), ten a step. The same float32 values, so the same bits.
   */
  private readonly constants = {
    one: tf.keep(tf.scalar(1)),
    beta1: tf.keep(tf.scalar(ADAM_BETA1)),
    beta2: tf.keep(tf.scalar(ADAM_BETA2)),
    oneMinusBeta1: tf.keep(tf.scalar(1 - ADAM_BETA1)),
    oneMinusBeta2: tf.keep(tf.scalar(1 - ADAM_BETA2)),
    epsilon: tf.keep(tf.scalar(tf.backend().epsilon())),
  };
  /** -learningRate as a scalar, for the learning rate it was made for. */
  private step: { learningRate: number; scalar: tf.Scalar } | null = null;
  private oneMinusAccBeta1: tf.Scalar | null = null;
  private oneMinusAccBeta2: tf.Scalar | null = null;

  beginStep(): void {
    this.oneMinusAccBeta1 = tf.sub<tf.Scalar>(this.constants.one, this.accBeta1);
    this.oneMinusAccBeta2 = tf.sub<tf.Scalar>(this.constants.one, this.accBeta2);
  }

  update(params: tf.Tensor, gradient: tf.Tensor, [m, v]: tf.Variable[], learningRate: number): tf.Tensor {
    const k = this.constants;
    const newM = tf.add(tf.mul(m, k.beta1), tf.mul(gradient, k.oneMinusBeta1));
    const newV = tf.add(tf.mul(v, k.beta2), tf.mul(tf.square(gradient), k.oneMinusBeta2));
    const correctedM = tf.div(newM, this.oneMinusAccBeta1 as tf.Scalar);
    const correctedV = tf.div(newV, this.oneMinusAccBeta2 as tf.Scalar);
    m.assign(newM);
    v.assign(newV);
    return tf.add(tf.mul(tf.div(correctedM, tf.add(tf.sqrt(correctedV), k.epsilon)), this.negativeRate(learningRate)), params);
  }

  private negativeRate(learningRate: number): tf.Scalar {
    if (this.step?.learningRate !== learningRate) {
      this.step?.scalar.dispose();
      this.step = { learningRate, scalar: tf.keep(tf.scalar(-learningRate)) };
    }
    return this.step.scalar;
  }

  endStep(): void {
    this.accBeta1.assign(tf.mul(this.accBeta1, this.constants.beta1));
    this.accBeta2.assign(tf.mul(this.accBeta2, this.constants.beta2));
  }

  state(): tf.Variable[] {
    return [this.accBeta1, this.accBeta2];
  }

  dispose(): void {
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    tf.dispose(Object.values(this.constants));
    this.step?.scalar.dispose();
    this.step = null;
  }
}

/** tfjs's MomentumOptimizer (no Nesterov), or its SGDOptimizer when momentum is 0. Slot: the accumulation. */
class MomentumRule implements UpdateRule {
  readonly slotCount: number;

  constructor(private readonly momentum: number) {
    this.slotCount = momentum > 0 ? 1 : 0;
  }

  beginStep(): void {}

  update(params: tf.Tensor, gradient: tf.Tensor, slots: tf.Variable[], learningRate: number): tf.Tensor {
    let direction = gradient;
    if (this.momentum > 0) {
      direction = tf.add(tf.mul(tf.scalar(this.momentum), slots[0]), gradient);
      slots[0].assign(direction);
    }
    return tf.add(tf.mul(tf.scalar(-learningRate), direction), params);
  }

  endStep(): void {}

  state(): tf.Variable[] {
    return [];
  }

  dispose(): void {}
}
