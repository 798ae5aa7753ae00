import type { DecisionBoundaryView, ImagePredictionsView } from '../../engine/training/snapshot';
import { classColor, clamp01, parseRgb } from '../colors';

/**
 * Confidence as opacity: chance level (1 / classes) is nearly transparent, certainty is strong.
 * Mapping the range above chance keeps a 2-class and a 5-class plane equally readable.
 */
export function confidenceAlpha(confidence: number, numClasses: number): number {
  const chance = 1 / Math.max(2, numClasses);
  const t = clamp01((confidence - chance) / (1 - chance));
  return 0.1 + 0.65 * t;
}

/** RGBA bytes of the resolution x resolution decision image, row 0 at the top. */
export function decisionRaster(view: DecisionBoundaryView): Uint8ClampedArray<ArrayBuffer> {
  const n = view.resolution;
  const out = new Uint8ClampedArray(n * n * 4);
  const rgb = new Map<number, [number, number, number]>();
  for (let i = 0; i < n * n; i++) {
    const cls = view.predicted[i] ?? 0;
    let c = rgb.get(cls);
    if (!c) {
      c = parseRgb(classColor(cls));
      rgb.set(cls, c);
    }
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = Math.round(255 * confidenceAlpha(view.confidence[i] ?? 0, view.numClasses));
  }
  return out;
}

/** Data coordinates -> canvas pixels (y up in data, down on screen). */
export function planeToPixel(view: DecisionBoundaryView, size: number, x: number, y: number): [number, number] {
  const [x0, x1] = view.xDomain;
  const [y0, y1] = view.yDomain;
  return [((x - x0) / (x1 - x0)) * size, ((y1 - y) / (y1 - y0)) * size];
}

/** Greyscale RGBA of one image, ink dark on white; accepts pixels in [0, 1] or [0, 255]. */
export function imageRaster(pixels: number[], width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(width * height * 4);
  let max = 0;
  for (const p of pixels) if (p > max) max = p;
  const scale = max > 1 ? 1 / 255 : 1;
  for (let i = 0; i < width * height; i++) {
    const ink = clamp01((pixels[i] ?? 0) * scale);
    const v = Math.round(255 * (1 - ink));
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function imageAccuracy(view: ImagePredictionsView): { correct: number; total: number } {
  const correct = view.images.filter((im) => im.predicted === im.label).length;
  return { correct, total: view.images.length };
}
