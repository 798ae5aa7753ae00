/** The engine the CLI (`npm run experiment`) trains with, timed in this Node process on its backends. */
import * as tf from '../src/engine/tf';
import { setNodeBackend } from '../src/node/tfNode';
import { timeAnalysis, type AnalysisSamples } from './measure/analysisTiming';
import { timeTrainerSteps } from './measure/engineThroughput';
import { timeKernelCost, type KernelCost } from './measure/kernelCost';
import { randomImageDataset } from './measure/randomDataset';
import type { StepBudget } from './measure/stepBudget';
import type { StepsOutcome } from './page/protocol';
import type { ModelName } from './types';

export async function measureNodeEngine(
  backend: 'wasm' | 'cpu',
  runs: { model: ModelName; batch: number }[],
  budget: StepBudget,
): Promise<StepsOutcome[]> {
  await setNodeBackend(backend);
  const dataset = randomImageDataset(2048);
  const out: StepsOutcome[] = [];
  for (const { model, batch } of runs) {
    try {
      out.push({ model, batch, stepMs: await timeTrainerSteps(model, batch, backend, dataset, budget) });
    } catch (error) {
      out.push({ model, batch, stepMs: [], reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

export async function measureNodeAnalysis(): Promise<AnalysisSamples> {
  await setNodeBackend('wasm');
  return timeAnalysis();
}

export function nodeTfVersion(): string {
  return tf.version_core;
}

export async function measureNodeKernelCost(models: ModelName[]): Promise<KernelCost[]> {
  await setNodeBackend('wasm');
  const dataset = randomImageDataset(512);
  const out: KernelCost[] = [];
  for (const model of models) out.push(await timeKernelCost(model, dataset));
  return out;
}
