/**
 * Fort et al.'s linearized network around the weights θ_t of step t:
 *   f_lin(x; θ) = f(x; θ_t) + J(x; θ_t) (θ − θ_t),
 * with θ the live network's trainable variables (weights, biases, slopes) and θ_t a frozen copy.
 * Its gradient over θ is J(x; θ_t)ᵀ ∂L/∂f_lin, taken at θ_t: training it is kernel regression with
 * the tangent kernel frozen at step t.
 */

import * as tf from '../tf';
import { Network } from '../model/network';
import { jvp, vjp } from './jacobianProducts';

export class LinearizedNetwork {
  private constructor(
    /** θ: trained on from step t. */
    private readonly live: Network,
    /** θ_t: never trained. */
    private readonly anchor: Network,
  ) {}

  /** Anchors at `live`'s current values (weights, biases, slopes and frozen masks). */
  static around(live: Network, seed: number): LinearizedNetwork {
    const anchor = Network.create(live.plan, seed);
    tf.tidy(() => {
      const from = live.trainableVariables();
      anchor.trainableVariables().forEach((v, k) => v.assign(from[k]));
      live.frozen.forEach((f, g) => anchor.frozen[g].assign(f));
    });
    return new LinearizedNetwork(live, anchor);
  }

  /** f_lin(x; θ): [B, numClasses]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const anchorVars = this.anchor.trainableVariables();
      const step = this.live.trainableVariables().map((v, k) => tf.sub(v, anchorVars[k]));
      return tf.add<tf.Tensor2D>(this.anchor.forward(x), jvp(this.anchor, x, step));
    });
  }

  /** Gradients over the live variables of ⟨u, f_lin(x; θ)⟩: J(x; θ_t)ᵀ u. */
  backward(x: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor[] {
    return vjp(this.anchor, x, u);
  }

  dispose(): void {
    this.anchor.dispose();
  }
}
