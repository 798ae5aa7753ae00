/**
 * What a snapshot says about a run, computed from what the trainer read back (its slopes, the
 * strongest weights between gated layers, the preview) and its bookkeeping: the gates per layer,
 * the share of nonlinear channels, the APL histogram, the core network, λ and the prior's schedule.
 * Plain numbers in, plain data out (no tensors), so it is tested on hand-made networks
 * (buildSnapshot.test.ts); Trainer.snapshot() does the reading.
 */
import { computeApl } from '../analysis/apl';
import { gatedLayers, nonlinearMask, type ChannelGraph } from '../analysis/channelGraph';
import { extractCoreNetwork, type CoreNetworkInput } from '../analysis/coreNetwork';
import type { AplResult } from '../analysis/types';
import type { PriorConfig } from '../config/types';
import type { Dataset } from '../data/types';
import { lambdaAt, priorStartStep } from './prior';
import type { BackendInfo, DatasetInfo, Snapshot, TrainerSnapshot } from './snapshot';

export interface TrainerState {
  step: number;
  stepsPerEpoch: number;
  totalSteps: number;
  finished: boolean;
  /** The prior in force (its λ, schedule and ε): live changes included. */
  prior: Pick<PriorConfig, 'lambda' | 'start' | 'startUnit' | 'ramp' | 'eps'>;
  /** The first step trained with λ > 0, or null. */
  priorOnStep: number | null;
  graph: ChannelGraph;
  /** Per gated layer (gate order), per channel, the slope a in [0, 1]. */
  slopes: ArrayLike<number>[];
  /** The weights between consecutive gated layers, for the core network (extractCoreNetwork). */
  edgeMagnitudes: CoreNetworkInput['edgeMagnitudes'];
  /** The APL with every channel nonlinear: fixed for a run, so computed once. */
  aplAllNonlinear: AplResult;
  examplesPerSecond: number;
  backend: BackendInfo;
  preview: Snapshot['preview'];
  /** The step the preview was computed at. */
  previewStep: number;
  dataset: DatasetInfo;
  diverged: string | null;
  checkpointStep: number | null;
}

/** `running` is always false: the host that drives the steps sets it. */
export function buildTrainerSnapshot(state: TrainerState): TrainerSnapshot {
  const { step, stepsPerEpoch, prior, slopes, graph } = state;
  const { eps } = prior;
  const gateNames = gatedLayers(graph).map((l) => l.name);
  const lambda = lambdaAt(prior, step, stepsPerEpoch);
  return {
    step,
    epoch: step / stepsPerEpoch,
    stepsPerEpoch,
    totalSteps: state.totalSteps,
    running: false,
    finished: state.finished,
    lambda,
    priorActive: lambda > 0,
    priorStartStep: priorStartStep(prior, stepsPerEpoch),
    priorOnStep: state.priorOnStep,
    eps,
    gates: slopes.map((layer, g) => ({ name: gateNames[g], slopes: Array.from(layer), fractionNonlinear: fractionNonlinear([layer], eps) })),
    fractionNonlinear: fractionNonlinear(slopes, eps),
    apl: computeApl(graph, nonlinearMask(slopes, eps)),
    aplAllNonlinear: state.aplAllNonlinear,
    core: extractCoreNetwork({ graph, slopes, eps, edgeMagnitudes: state.edgeMagnitudes }),
    examplesPerSecond: state.examplesPerSecond,
    backend: state.backend,
    preview: state.preview,
    previewStep: state.previewStep,
    dataset: state.dataset,
    diverged: state.diverged,
    checkpointStep: state.checkpointStep,
  };
}

/** The share of channels that count as nonlinear (a < 1 - eps), over every layer given; 0 when there are none. */
export function fractionNonlinear(slopes: ArrayLike<number>[], eps: number): number {
  let channels = 0;
  let nonlinear = 0;
  for (const layer of slopes) {
    for (let i = 0; i < layer.length; i++) if (layer[i] < 1 - eps) nonlinear++;
    channels += layer.length;
  }
  return channels === 0 ? 0 : nonlinear / channels;
}

/** The dataset as a snapshot describes it. */
export function datasetInfo(dataset: Dataset): DatasetInfo {
  return {
    kind: dataset.kind,
    classNames: dataset.classNames,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    dropped: dataset.dropped,
  };
}
