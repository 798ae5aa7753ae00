/**
 * Products with the Jacobian J = ∂f(x; θ)/∂θ of a Network's logits, exact, in reverse mode only
 * (tfjs has no forward mode):
 * - vjp: Jᵀ u, the gradient of ⟨u, f(x; θ)⟩ over the trainable variables (one backward pass);
 * - jvp: J v by the double-backward trick: Jᵀ u is linear in u, so ⟨Jᵀ u, v⟩ = ⟨u, J v⟩ and
 *   J v = ∂/∂u ⟨Jᵀ u, v⟩, a gradient of a gradient (a forward and two backward passes). It is the
 *   derivative of the very backward pass training uses, so at a kink (a ReLU at 0, tied maxima) it
 *   follows the same branch as the gradients do.
 */

import * as tf from '../tf';
import type { Network } from '../model/network';

/** Jᵀ u: per trainable variable (network.trainableVariables() order), u: [B, numClasses]. */
export function vjp(network: Network, x: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor[] {
  return tf.tidy(() => {
    const variables = network.trainableVariables();
    const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(network.forward(x), u)), variables);
    return variables.map((v) => grads[v.name]);
  });
}

/** J v: [B, numClasses], v: one tensor per trainable variable, in trainableVariables() order. */
export function jvp(network: Network, x: tf.Tensor2D, v: readonly tf.Tensor[]): tf.Tensor2D {
  return tf.tidy(() => {
    const variables = network.trainableVariables();
    if (v.length !== variables.length) throw new RangeError(`jvp: ${v.length} directions for ${variables.length} variables`);
    const pairing = (u: tf.Tensor): tf.Scalar => {
      const logits = (): tf.Tensor => network.forward(x, { twiceDifferentiable: true });
      const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(logits(), u)), variables);
      return tf.addN(variables.map((w, k) => tf.sum(tf.mul(grads[w.name], v[k])))) as tf.Scalar;
    };
    return tf.grad(pairing)(tf.zeros([x.shape[0], network.plan.numClasses])) as tf.Tensor2D;
  });
}
