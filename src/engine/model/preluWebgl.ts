/**
 * The gate's gradient on WebGL from two small shader programs of our own. tfjs's PReLU gradient is
 * Greater, Mul, Select, ZerosLike, Mul, Select and a sum (a transpose, then a reduction); Select has
 * no packed WebGL program, so each of its inputs is unpacked and its output packed again. Here it is
 * two packed programs and the same reduction, with the same values (see gate.ts): the second program
 * writes the slopes' terms already transposed, so tf.sum reduces exactly what it did after its own
 * transpose.
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

/**
 * Output [C, N] from dy and x viewed as [N, C]: x <= 0: dy * x; else dy * 0, tfjs's
 * where(x > 0, 0, dy * x) up to the sign of zeros, transposed. A packed texel holds rows c, c + 1 and
 * columns n, n + 1 (as TransposePackedProgram reads them).
 */
function slopeTermsTransposed(channels: number, rows: number): string {
  return `
    float term(int n, int c) {
      vec2 inner = vec2(n, c);
      return getChannel(getDy(n, c), inner) * min(getChannel(getX(n, c), inner), 0.);
    }

    void main() {
      ivec2 rc = getOutputCoords();
      int c = rc.x;
      int n = rc.y;
      vec4 result = vec4(0.);
      result[0] = term(n, c);
      if (n + 1 < ${rows}) result[1] = term(n + 1, c);
      if (c + 1 < ${channels}) {
        result[2] = term(n, c + 1);
        if (n + 1 < ${rows}) result[3] = term(n + 1, c + 1);
      }
      setOutput(result);
    }
  `;
}

/** d(prelu(x, alpha))/dx and d/d alpha for upstream gradient dy; alpha is 1-D over x's last axis. */
export function preluGradientsWebgl(dy: tf.Tensor, x: tf.Tensor, alpha: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const dx = runPacked(INPUT_GRADIENT, [['dy', dy], ['x', x], ['alpha', alpha]], x.shape);
  const channels = x.shape[x.rank - 1];
  const rows = x.size / channels;
  const terms = runPacked(slopeTermsTransposed(channels, rows), [['dy', tf.reshape(dy, [rows, channels])], ['x', tf.reshape(x, [rows, channels])]], [channels, rows]);
  return [dx, tf.sum(terms, 1)];
}
