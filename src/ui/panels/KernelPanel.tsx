import { format } from 'd3-format';
import { memo, useMemo } from 'react';
import { kernelCurve, type KernelCurvePoint } from '../../engine/ntk/kernelCurve';
import type { EvalPoint } from '../../engine/training/snapshot';
import { KERNEL_COLORS, SERIES } from '../colors';
import { viewModelsEqual } from '../equality';
import { isFiniteNumber } from '../finite';
import { fitDomain, LinePlot, type LinePlotModel } from '../LinePlot';
import { PlotLegend } from '../PlotLegend';

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

const MULTIPLES: Multiple[] = [
  { key: 'distance', title: 'Distance from init', value: (p) => p.distance, color: KERNEL_COLORS.distance, format: format('.2~f') },
  { key: 'velocity', title: 'Velocity per 100 steps', value: (p) => p.velocity, color: KERNEL_COLORS.velocity, format: format('.2~g') },
  { key: 'alignment', title: 'Alignment with labels', value: (p) => p.alignment, color: KERNEL_COLORS.alignment, format: format('.2~f') },
];

const W = 300;
const H = 170;
const M = { top: 26, right: 10, bottom: 22, left: 40 };
const FRAME = { width: W, height: H, margin: M };

/**
 * The tangent kernel on the probe set against step: how far it has moved from initialization, how
 * fast it moves, how well it lines up with the labels; the step the prior switches on is marked.
 */
export const KernelPanel = memo(function KernelPanel({ history, priorStartStep, totalSteps }: KernelPanelProps) {
  const curve = useMemo(() => kernelCurve(history), [history]);
  const lastStep = history.at(-1)?.step ?? 0;
  const xMax = Math.max(1, Math.min(Math.max(totalSteps, lastStep), Math.max(lastStep * 1.25, priorStartStep * 1.1, 20)));
  if (curve.length === 0) {
    return (
      <div className="placeholder" data-testid="kernel-panel-empty">
        No tangent-kernel readings yet: the kernel is measured at step 0, every 100 steps and at the end.
      </div>
    );
  }
  return (
    <div className="kernel-panel" data-testid="kernel-panel">
      <div className="kernel-multiples">
        {MULTIPLES.map((m) => (
          <svg key={m.key} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Tangent kernel: ${m.title.toLowerCase()} against step`} data-testid={`kernel-${m.key}`}>
            <LinePlot model={multipleModel(m, curve, xMax, priorStartStep)} />
          </svg>
        ))}
      </div>
      <PlotLegend
        items={[
          { key: 'prior', kind: 'dash', color: SERIES.prior, label: 'prior on' },
          { key: 'kernel', kind: 'note', label: 'K(x, x′) = ⟨∂f(x)/∂θ, ∂f(x′)/∂θ⟩ on up to 64 test examples chosen by the seed · d(K₁, K₂) = 1 − cos(K₁, K₂)' },
        ]}
      />
    </div>
  );
}, viewModelsEqual);

function multipleModel(m: Multiple, curve: KernelCurvePoint[], xMax: number, priorStartStep: number): LinePlotModel {
  const last = [...curve].reverse().find((p) => isFiniteNumber(m.value(p)));
  return {
    frame: FRAME,
    title: m.title,
    value: last && { text: m.format(m.value(last) as number), testId: `kernel-${m.key}-value` },
    x: { domain: [0, xMax], ticks: 3, format: format('~s') },
    y: { domain: fitDomain(curve.map(m.value)), nice: 3, ticks: 3, format: m.format },
    series: [{ key: m.key, testId: `kernel-series-${m.key}`, points: curve.map((p) => ({ x: p.step, y: m.value(p) })), color: m.color, dots: { on: 'every', r: 2 } }],
    markers: priorStartStep >= 0 ? [{ key: 'prior', x: priorStartStep, kind: 'line', className: 'prior-marker', testId: 'kernel-prior-marker' }] : [],
  };
}
