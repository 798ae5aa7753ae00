/**
 * What the lab's panels draw for a kept run (one trained in the browser, or a run file imported from
 * the PyTorch script): its last gates, path lengths, core network and curves. The file's own APL and
 * core network are used when it has them; otherwise they are computed from the gates and the
 * config's architecture. A run too large to draw whole is summarized, and the notes say how.
 */
import { computeApl } from '../../engine/analysis/apl';
import { nonlinearMask } from '../../engine/analysis/channelGraph';
import { extractCoreNetwork } from '../../engine/analysis/coreNetwork';
import type { AplResult, CoreNetworkView } from '../../engine/analysis/types';
import { channelGraphOf } from '../../engine/model/architecture';
import { planOf } from '../../engine/export/labInit';
import type { EvalPoint, GateLayerView } from '../../engine/training/snapshot';
import type { RunRecord } from './runRecord';

/** Above this many channels a layer's gates row shows evenly spaced channels only. */
export const MAX_DRAWN_GATES_PER_LAYER = 512;
/** Above this many nonlinear channels a core-network column shows the most nonlinear ones only. */
export const MAX_DRAWN_CORE_NODES_PER_LAYER = 128;

export interface RunPanelsView {
  gates: GateLayerView[];
  eps: number;
  apl: AplResult | null;
  aplAllNonlinear: AplResult | null;
  core: CoreNetworkView | null;
  history: EvalPoint[];
  priorStartStep: number;
  totalSteps: number;
}

export function runPanelsView(record: RunRecord): { view: RunPanelsView | null; notes: string[] } {
  const notes: string[] = [];
  const { gates, config } = record;
  if (!gates || gates.length === 0) return { view: null, notes: ['This run kept no gates, so there is nothing to draw but its numbers.'] };
  const eps = config.prior.eps;
  const slopes = gates.map((g) => g.slopes);
  let apl = record.analysis?.apl ?? null;
  let aplAllNonlinear = record.analysis?.aplAllNonlinear ?? null;
  let core = record.analysis?.core ?? null;
  if (!apl || !core) {
    const plan = safePlan(record);
    const matches = plan && plan.gatedChannels.length === gates.length && plan.gatedChannels.every((c, g) => c === gates[g].slopes.length);
    if (plan && matches) {
      const graph = channelGraphOf(plan);
      apl ??= computeApl(graph, nonlinearMask(slopes, eps));
      aplAllNonlinear ??= computeApl(graph, plan.gatedChannels.map((c) => new Array<boolean>(c).fill(true)));
      if (!core) {
        core = extractCoreNetwork({ graph, slopes, eps, edgeMagnitudes: [] });
        notes.push('The run keeps no weights: the core network shows its nonlinear channels without the weights between them.');
      }
    } else {
      notes.push("The run's gates do not fit the architecture of its config as the lab reads it: path lengths and core network are not drawn.");
    }
  }
  const stepsPerEpoch = record.history.find((p) => p.epoch > 0);
  const perEpoch = stepsPerEpoch ? stepsPerEpoch.step / stepsPerEpoch.epoch : 1;
  return {
    view: {
      gates: summarizeGates(gates, notes),
      eps,
      apl,
      aplAllNonlinear,
      core: core && summarizeCore(core, notes),
      history: record.history,
      priorStartStep: startStep(config.prior, perEpoch),
      totalSteps: record.totalSteps,
    },
    notes,
  };
}

/**
 * priorStartStep of engine/training/prior.ts, which cannot be imported here: it brings tfjs into the
 * page, whose start-up parses the address bar and throws on a malformed link.
 */
function startStep(prior: RunRecord['config']['prior'], stepsPerEpoch: number): number {
  const start = Math.max(0, prior.start);
  return prior.startUnit === 'epoch' ? Math.round(start * stepsPerEpoch) : Math.round(start);
}

function safePlan(record: RunRecord) {
  try {
    return planOf(record.config);
  } catch {
    return null;
  }
}

function summarizeGates(gates: GateLayerView[], notes: string[]): GateLayerView[] {
  const wide = gates.filter((g) => g.slopes.length > MAX_DRAWN_GATES_PER_LAYER);
  if (wide.length === 0) return gates;
  const channels = gates.reduce((n, g) => n + g.slopes.length, 0);
  notes.push(
    `Too large to draw whole (${channels.toLocaleString('en')} gated channels): in the ${wide.length} layer${wide.length === 1 ? '' : 's'} of more than ` +
      `${MAX_DRAWN_GATES_PER_LAYER} channels the gates panel shows ${MAX_DRAWN_GATES_PER_LAYER} evenly spaced channels; the fractions nonlinear count them all.`,
  );
  return gates.map((g) => {
    if (g.slopes.length <= MAX_DRAWN_GATES_PER_LAYER) return g;
    const step = g.slopes.length / MAX_DRAWN_GATES_PER_LAYER;
    return { ...g, slopes: Array.from({ length: MAX_DRAWN_GATES_PER_LAYER }, (_, i) => g.slopes[Math.floor(i * step)]) };
  });
}

function summarizeCore(core: CoreNetworkView, notes: string[]): CoreNetworkView {
  if (!core.layers.some((l) => l.nonlinear.length > MAX_DRAWN_CORE_NODES_PER_LAYER)) return core;
  notes.push(
    `The core network draws at most ${MAX_DRAWN_CORE_NODES_PER_LAYER} nonlinear channels per layer (the most nonlinear); ` +
      `its effective width counts them all: ${core.effectiveWidth.join(', ')}.`,
  );
  return {
    ...core,
    layers: core.layers.map((l) => {
      if (l.nonlinear.length <= MAX_DRAWN_CORE_NODES_PER_LAYER) return l;
      const kept = [...l.nonlinear].sort((a, b) => b.strength - a.strength || a.channel - b.channel).slice(0, MAX_DRAWN_CORE_NODES_PER_LAYER);
      return { ...l, nonlinear: kept.sort((a, b) => a.channel - b.channel) };
    }),
  };
}
