/**
 * The sparsity prior of method.md: loss = task + lambda * (1 / N) * sum_c (1 - a_c).
 * - mode 'loss' (the default): the term is added to the loss and its gradient (-lambda / N on every
 *   slope) is applied by the run's optimizer together with the task's, as one would in PyTorch.
 * - mode 'proximal' (config v1's only form): after the optimizer's step on the task loss, every slope
 *   moves up by lr * lambda / N, whatever the task's gradient on it.
 * Either way the slopes are then clipped to [0, 1], so a channel reaches exactly 1 and stays there.
 */

import type { PriorConfig } from '../config/types';
import type { Network } from '../model/network';
import type { TailConstraint } from './optimizer';

/** The step t_on at which the prior switches on (epoch units are converted with stepsPerEpoch). */
export function priorStartStep(prior: Pick<PriorConfig, 'start' | 'startUnit'>, stepsPerEpoch: number): number {
  const start = Math.max(0, prior.start);
  return prior.startUnit === 'epoch' ? Math.round(start * stepsPerEpoch) : Math.round(start);
}

/** Lambda in force at step s: 0 before t_on, then lambda * min(1, (s - t_on + 1) / ramp) (ramp 0 = at once). */
export function lambdaAt(prior: Pick<PriorConfig, 'lambda' | 'start' | 'startUnit' | 'ramp'>, step: number, stepsPerEpoch: number): number {
  const start = priorStartStep(prior, stepsPerEpoch);
  if (step < start) return 0;
  if (prior.ramp <= 0) return prior.lambda;
  return prior.lambda * Math.min(1, (step - start + 1) / prior.ramp);
}

/**
 * The proximal step a <- min(1, a + lr * lambda / N), then clipped to [0, 1] with frozen channels
 * exactly 1, as the projection the optimizer applies to the slopes when it writes them.
 */
export function proximalStep(network: Network, learningRate: number, lambda: number): TailConstraint {
  const n = network.gatedChannelCount;
  return network.slopeConstraint(n > 0 && lambda > 0 ? (learningRate * lambda) / n : 0);
}
