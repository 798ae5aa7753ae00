/**
 * The analyses a run file may carry beside its gates (the PyTorch script writes them): the path
 * length distributions and the core network with its edges, which need the weights the file does
 * not hold. Read loosely: anything malformed is dropped and the lab computes what it can instead.
 */
import type { AplResult, CoreNetworkView, PathLengthDistribution } from '../../engine/analysis/types';

export interface RunAnalysis {
  apl: AplResult | null;
  aplAllNonlinear: AplResult | null;
  core: CoreNetworkView | null;
}

export function readRunAnalysis(raw: Record<string, unknown>): RunAnalysis | null {
  const analysis: RunAnalysis = { apl: readApl(raw.apl), aplAllNonlinear: readApl(raw.aplAllNonlinear), core: readCore(raw.core) };
  return analysis.apl || analysis.aplAllNonlinear || analysis.core ? analysis : null;
}

function readApl(raw: unknown): AplResult | null {
  if (!isObject(raw)) return null;
  const normalized = readDistribution(raw.normalized);
  const unnormalized = readDistribution(raw.unnormalized);
  return normalized && unnormalized ? { normalized, unnormalized } : null;
}

function readDistribution(raw: unknown): PathLengthDistribution | null {
  if (!isObject(raw) || !isFiniteNumber(raw.apl) || !Array.isArray(raw.histogram) || raw.histogram.length > 10_000) return null;
  if (!raw.histogram.every((h) => isFiniteNumber(h) && h >= 0)) return null;
  return { apl: raw.apl, histogram: raw.histogram as number[] };
}

function readCore(raw: unknown): CoreNetworkView | null {
  if (!isObject(raw) || !Array.isArray(raw.layers) || !Array.isArray(raw.edges)) return null;
  const layers: CoreNetworkView['layers'] = [];
  for (const layer of raw.layers) {
    if (!isObject(layer) || typeof layer.name !== 'string' || !isCount(layer.channels) || !isCount(layer.linearCount) || !Array.isArray(layer.nonlinear)) return null;
    const nonlinear = layer.nonlinear.filter(
      (n): n is { channel: number; strength: number } => isObject(n) && isCount(n.channel) && isFiniteNumber(n.strength),
    );
    if (nonlinear.length !== layer.nonlinear.length) return null;
    layers.push({ name: layer.name, channels: layer.channels, linearCount: layer.linearCount, nonlinear: nonlinear.map(({ channel, strength }) => ({ channel, strength })) });
  }
  const edges = raw.edges.filter(
    (e): e is CoreNetworkView['edges'][number] => isObject(e) && isCount(e.layer) && isCount(e.from) && isCount(e.to) && isFiniteNumber(e.weight),
  );
  if (edges.length !== raw.edges.length) return null;
  const effectiveWidth = layers.map((l) => l.nonlinear.length);
  return {
    layers,
    edges: edges.map(({ layer, from, to, weight }) => ({ layer, from, to, weight })),
    effectiveDepth: effectiveWidth.filter((w) => w > 0).length,
    effectiveWidth,
  };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
