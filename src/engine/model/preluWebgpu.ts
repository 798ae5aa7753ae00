/**
 * The gate's gradient on WebGPU from two small compute shaders of our own. tfjs's PReLU gradient is
 * Greater, Mul, Select, ZerosLike, Mul, Select and a sum (a transpose, then a reduction): eight
 * dispatches per gate where these take two and the same reduction, with the same values (see
 * gate.ts): the second shader writes the slopes' terms already transposed, so tf.sum reduces exactly
 * what it did after its own transpose.
 */

import * as tf from '../tf';

/** The fields of tfjs-backend-webgpu's WebGPUProgram used here (structural: the engine imports tfjs-core only). */
interface ElementwiseProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: true;
  getUserCode(): string;
}

interface WebGPUProgramRunner {
  runWebGPUProgram(program: ElementwiseProgram, inputs: tf.TensorInfo[], outputDtype: 'float32'): tf.TensorInfo;
}

const WORKGROUP = 128;

function runElementwise(shaderKey: string, body: string, inputs: [string, tf.Tensor][], outputShape: number[]): tf.Tensor {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const program: ElementwiseProgram = {
    variableNames: inputs.map(([name]) => name),
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, axis) => axis) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          ${body}
        }
      }
    `,
  };
  const info = (tf.backend() as unknown as WebGPUProgramRunner).runWebGPUProgram(program, inputs.map(([, t]) => t), 'float32');
  return tf.engine().makeTensorFromTensorInfo(info);
}

// tfjs's where(x > 0, dy, dy * a).
const INPUT_GRADIENT = `
  let dy = getDyByOutputCoords(coords);
  setOutputAtIndex(index, select(dy * getAlphaByOutputCoords(coords), dy, getXByOutputCoords(coords) > 0.0));
`;

// Output [C, N] from dy and x viewed as [N, C]: tfjs's where(x > 0, 0, dy * x) up to the sign of zeros, transposed.
const SLOPE_TERMS_TRANSPOSED = `
  setOutputAtIndex(index, getDy(coords[1], coords[0]) * min(getX(coords[1], coords[0]), 0.0));
`;

/** d(prelu(x, alpha))/dx and d/d alpha for upstream gradient dy; alpha is 1-D over x's last axis. */
export function preluGradientsWebgpu(dy: tf.Tensor, x: tf.Tensor, alpha: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const dx = runElementwise('labPreluInputGradient', INPUT_GRADIENT, [['dy', dy], ['x', x], ['alpha', alpha]], x.shape);
  const channels = x.shape[x.rank - 1];
  const rows = x.size / channels;
  const terms = runElementwise('labPreluSlopeTermsTransposed', SLOPE_TERMS_TRANSPOSED, [['dy', tf.reshape(dy, [rows, channels])], ['x', tf.reshape(x, [rows, channels])]], [channels, rows]);
  return [dx, tf.sum(terms, 1)];
}
