import { max, min } from 'd3-array';
import { format } from 'd3-format';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import { memo, useMemo } from 'react';
import { kernelCurve, type KernelCurvePoint } from '../../engine/ntk/kernelCurve';
import type { EvalPoint } from '../../engine/training/snapshot';
import { AxisX } from '../AxisX';
import { SERIES } from '../colors';
import { viewModelsEqual } from '../equality';
import { isFiniteNumber } from '../finite';
import { GridY } from '../GridY';

export interface KernelPanelProps {
  history: EvalPoint[];
  priorStartStep: number;
  totalSteps: number;
}

interface Multiple {
  key: 'distance' | 'velocity' | 'alignment';
  title: string;
  value: (p: KernelCurvePoint) => number | null;
  color: string;
  format: (v: number) => string;
}

export const KERNEL_COLORS = { distance: '#3d5a98', velocity: '#c0392b', alignment: '#2a9d8f' } as const;

const MULTIPLES: Multiple[] = [
  { key: 'distance', title: 'Distance from init', value: (p) => p.distance, color: KERNEL_COLORS.distance, format: format('.2~f') },
  { key: 'velocity', title: 'Velocity per 100 steps', value: (p) => p.velocity, color: KERNEL_COLORS.velocity, format: format('.2~g') },
  { key: 'alignment', title: 'Alignment with labels', value: (p) => p.alignment, color: KERNEL_COLORS.alignment, format: format('.2~f') },
];

const W = 300;
const H = 170;
const M = { top: 26, right: 10, bottom: 22, left: 40 };

/**
 * The tangent kernel on the probe set against step: how far it has moved from initialization, how
 * fast it moves, how well it lines up with the labels; the step the prior switches on is marked.
 */
export const KernelPanel = memo(function KernelPanel({ history, priorStartStep, totalSteps }: KernelPanelProps) {
  const curve = useMemo(() => kernelCurve(history), [history]);
  const lastStep = history.at(-1)?.step ?? 0;
  const xMax = Math.max(1, Math.min(Math.max(totalSteps, lastStep), Math.max(lastStep * 1.25, priorStartStep * 1.1, 20)));
  const x = useMemo(() => scaleLinear().domain([0, xMax]).range([M.left, W - M.right]), [xMax]);
  if (curve.length === 0) {
    return (
      <div className="placeholder" data-testid="kernel-panel-empty">
        No tangent-kernel readings yet: the kernel is measured at step 0, every 100 steps and at the end.
      </div>
    );
  }
  const showMarker = priorStartStep >= 0 && priorStartStep <= xMax;
  return (
    <div className="kernel-panel" data-testid="kernel-panel">
      <div className="kernel-multiples">
        {MULTIPLES.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Tangent kernel: ${m.title.toLowerCase()} against step`} data-testid={`kernel-${m.key}`}>
            <KernelMultiple m={m} curve={curve} x={x} />
            {showMarker && (
              <g className="prior-marker">
                <line data-testid="kernel-prior-marker" x1={x(priorStartStep)} x2={x(priorStartStep)} y1={M.top - 4} y2={H - M.bottom} />
              </g>
            )}
          </svg>
        ))}
      </div>
      <div className="legend">
        <span className="legend-item">
          <span className="swatch swatch-dash" style={{ borderColor: SERIES.prior }} /> prior on
        </span>
        <span className="legend-item">K(x, x′) = ⟨∂f(x)/∂θ, ∂f(x′)/∂θ⟩ on up to 64 test examples chosen by the seed · d(K₁, K₂) = 1 − cos(K₁, K₂)</span>
      </div>
    </div>
  );
}, viewModelsEqual);

function KernelMultiple({ m, curve, x }: { m: Multiple; curve: KernelCurvePoint[]; x: ScaleLinear<number, number> }) {
  const values = curve.map(m.value).filter(isFiniteNumber);
  const lo = Math.min(0, min(values) ?? 0);
  const hi = Math.max(max(values) ?? 1, 1e-6);
  const y = scaleLinear().domain([lo, hi]).nice(3).range([H - M.bottom, M.top]);
  const line = lineGenerator<KernelCurvePoint>()
    .defined((p) => isFiniteNumber(m.value(p)))
    .x((p) => x(p.step))
    .y((p) => y(m.value(p) as number));
  const last = [...curve].reverse().find((p) => isFiniteNumber(m.value(p)));
  return (
    <>
      <rect data-testid="plot-area" className="plot-area" x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
      <text className="multiple-title" x={M.left} y={M.top - 10}>
        {m.title}
        {last && (
          <tspan className="multiple-value" dx={6} data-testid={`kernel-${m.key}-value`}>
            {m.format(m.value(last) as number)}
          </tspan>
        )}
      </text>
      <GridY y={y} ticks={3} left={M.left} right={W - M.right} format={m.format} />
      <AxisX x={x} ticks={3} y={H - M.bottom + 13} format={format('~s')} />
      <path data-testid={`kernel-series-${m.key}`} className="series" d={line(curve) ?? ''} stroke={m.color} />
      {curve.map((p) =>
        isFiniteNumber(m.value(p)) ? <circle key={p.step} cx={x(p.step)} cy={y(m.value(p) as number)} r={2} fill={m.color} /> : null,
      )}
    </>
  );
}
