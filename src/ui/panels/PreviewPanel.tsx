import { memo, useEffect, useRef } from 'react';
import type { DecisionBoundaryView, ImagePredictionsView } from '../../engine/training/snapshot';
import { classColor } from '../colors';
import { viewModelsEqual } from '../equality';
import { decisionRaster, imageAccuracy, imageRaster, planeToPixel } from './previewModel';

export interface PreviewPanelProps {
  preview: DecisionBoundaryView | ImagePredictionsView | null;
  classNames: string[];
}

export const PreviewPanel = memo(function PreviewPanel({ preview, classNames }: PreviewPanelProps) {
  if (!preview) return <p className="empty">The first evaluation will show the network's predictions here.</p>;
  return preview.kind === 'plane' ? (
    <DecisionBoundaryCanvas view={preview} classNames={classNames} />
  ) : (
    <ImageStrip view={preview} />
  );
}, viewModelsEqual);

const PLANE_PX = 360;

function DecisionBoundaryCanvas({ view, classNames }: { view: DecisionBoundaryView; classNames: string[] }) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const n = view.resolution;
    const raster = document.createElement('canvas');
    raster.width = n;
    raster.height = n;
    const rctx = raster.getContext('2d');
    ctx.clearRect(0, 0, PLANE_PX, PLANE_PX);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, PLANE_PX, PLANE_PX);
    if (rctx && n > 0) {
      rctx.putImageData(new ImageData(decisionRaster(view), n, n), 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(raster, 0, 0, PLANE_PX, PLANE_PX);
    }
    for (const p of view.points) {
      const [px, py] = planeToPixel(view, PLANE_PX, p.x, p.y);
      ctx.beginPath();
      ctx.arc(px, py, 3.2, 0, Math.PI * 2);
      ctx.fillStyle = classColor(p.label);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
  }, [view]);

  return (
    <div className="plane" data-testid="preview-plane">
      <canvas
        ref={ref}
        width={PLANE_PX}
        height={PLANE_PX}
        role="img"
        aria-label={`Decision regions over the plane with ${view.points.length} test points`}
      />
      <div className="legend">
        {Array.from({ length: view.numClasses }, (_, c) => (
          <span key={c}>
            <span className="swatch" style={{ background: classColor(c) }} /> {classNames[c] ?? `class ${c}`}
          </span>
        ))}
        <span className="muted">· shade = confidence · dots = test points</span>
      </div>
    </div>
  );
}

function ImageStrip({ view }: { view: ImagePredictionsView }) {
  const { correct, total } = imageAccuracy(view);
  return (
    <div className="images" data-testid="preview-images">
      <div className="images-summary">
        {correct} of {total} right
      </div>
      <ul className="image-grid">
        {view.images.map((im, i) => {
          const right = im.predicted === im.label;
          const name = (c: number) => view.classNames[c] ?? String(c);
          return (
            <li
              key={i}
              className={right ? 'image right' : 'image wrong'}
              data-testid="preview-image"
              data-correct={right ? 'true' : 'false'}
              title={`predicted ${name(im.predicted)} (${Math.round(im.confidence * 100)}%), true ${name(im.label)}`}
            >
              <ImageCanvas pixels={im.pixels} width={view.width} height={view.height} />
              <span className="image-pred">
                {right ? '' : '✗ '}
                {name(im.predicted)}
              </span>
              {!right && <span className="image-true">true: {name(im.label)}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ImageCanvas({ pixels, width, height }: { pixels: number[]; width: number; height: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<{ pixels: number[]; width: number } | null>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || width <= 0 || height <= 0) return;
    // Every snapshot brings the same test images in new arrays: paint only when the pixels differ.
    if (drawn.current && drawn.current.width === width && samePixels(drawn.current.pixels, pixels)) return;
    ctx.putImageData(new ImageData(imageRaster(pixels, width, height), width, height), 0, 0);
    drawn.current = { pixels, width };
  }, [pixels, width, height]);
  return <canvas ref={ref} width={width} height={height} aria-hidden="true" />;
}

function samePixels(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
