/** Messages between the bench page and its measuring worker. */
import type { ExperimentConfig } from '../../src/engine/config/types';
import type { ModelName } from '../types';
import type { AnalysisSamples } from '../measure/analysisTiming';
import type { StepBudget } from '../measure/stepBudget';
import type { LabRunResult } from './labRun';
import type { LateLabResult } from './lateLabRun';

export type BenchTask =
  | { kind: 'init'; backend: string; wasmThreads?: boolean }
  | { kind: 'engine'; model: ModelName; batch: number; budget: StepBudget }
  /** Any config's Trainer (the side-by-side with PyTorch, bench/measure/torchCases.ts). */
  | { kind: 'engineConfig'; config: ExperimentConfig; budget: StepBudget }
  /** The network after `steps` steps of this config, as a hash of its logits and slopes. */
  | { kind: 'fingerprint'; config: ExperimentConfig; steps: number }
  | { kind: 'bare'; model: ModelName; batch: number; budget: StepBudget }
  | { kind: 'analysis' };

export type BenchReply =
  | { ok: true; kind: 'init'; detail: string }
  | { ok: true; kind: 'engine' | 'engineConfig' | 'bare'; stepMs: number[]; conv?: string }
  | { ok: true; kind: 'analysis'; samples: AnalysisSamples }
  | { ok: true; kind: 'fingerprint'; hash: string }
  | { ok: false; reason: string };

/** What the page leaves in window.__bench for bench/run.ts. */
export interface StepsOutcome {
  model: ModelName;
  batch: number;
  stepMs: number[];
  reason?: string;
}

export interface PageResult {
  backend: string;
  started: boolean;
  detail: string;
  engine: StepsOutcome[];
  lab: (LabRunResult & { model: ModelName; batch: number })[];
  analysis: AnalysisSamples | null;
  analysisReason?: string;
  /** ?mode=late: the lab against the bare loop early and late in one run. */
  late?: LateLabResult;
  done: boolean;
}

