/**
 * The gate's gradient on WebGL from two small shader programs of our own. tfjs's PReLU gradient is
 * Greater, Mul, Select, ZerosLike, Mul, Select and a sum; Select has no packed WebGL program, so
 * each of its inputs is unpacked and its output packed again: ~12 programs per gate. Here it is
 * two packed programs and the same sum, with the same values (see gate.ts).
 */

import * as tf from '../tf';

interface PackedProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: true;
  packedOutput: true;
}

/** The part of tfjs-backend-webgl's MathBackendWebGL used here (kept structural: the engine imports tfjs-core only). */
interface WebGLProgramRunner {
  runWebGLProgram(program: PackedProgram, inputs: tf.TensorInfo[], outputDtype: 'float32'): tf.TensorInfo;
}

function runPacked(userCode: string, inputs: [string, tf.Tensor][], outputShape: number[]): tf.Tensor {
  const program: PackedProgram = { variableNames: inputs.map(([name]) => name), outputShape, userCode, packedInputs: true, packedOutput: true };
  const info = (tf.backend() as unknown as WebGLProgramRunner).runWebGLProgram(program, inputs.map(([, t]) => t), 'float32');
  return tf.engine().makeTensorFromTensorInfo(info);
}

// x > 0: dy (dy * 1, exact); else dy * a (dy * (0 + 1 * a), exact): tfjs's where(x > 0, dy, dy * a).
const INPUT_GRADIENT = `
  void main() {
    vec4 dy = getDyAtOutCoords();
    vec4 positive = vec4(greaterThan(getXAtOutCoords(), vec4(0.)));
    setOutput(dy * (positive + (vec4(1.) - positive) * getAlphaAtOutCoords()));
  }
`;

// x <= 0: dy * x; else dy * 0: tfjs's where(x > 0, 0, dy * x) up to the sign of zeros.
const SLOPE_TERMS = `
  void main() {
    setOutput(getDyAtOutCoords() * min(getXAtOutCoords(), vec4(0.)));
  }
`;

/** d(prelu(x, alpha))/dx and d/d alpha for upstream gradient dy; alpha is 1-D over x's last axis. */
export function preluGradientsWebgl(dy: tf.Tensor, x: tf.Tensor, alpha: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const dx = runPacked(INPUT_GRADIENT, [['dy', dy], ['x', x], ['alpha', alpha]], x.shape);
  const terms = runPacked(SLOPE_TERMS, [['dy', dy], ['x', x]], x.shape);
  const batchAxes = x.shape.slice(0, -1).map((_, axis) => axis);
  return [dx, tf.sum(terms, batchAxes)];
}
