/** The findings report's vocabulary: the runs a claim needs, what a run gives back, what a claim concludes. */
import type { ExperimentConfig } from '../../config/types';
import type { EvalPoint } from '../../training/snapshot';

export interface FindingRun {
  /** The run's config; runs with the same config (and linearization step) are trained once and shared between claims. */
  config: ExperimentConfig;
  /** Train the network linearized in its weights from this step on (Fort et al.); absent or null: the real network. */
  linearizeAt?: number | null;
  /**
   * The claim reads the run's tangent kernel: an outcome cached before the kernel was measured
   * (no `ntkDistance` in its history) is trained again.
   */
  kernel?: boolean;
}

export interface RunOutcome {
  history: EvalPoint[];
  /** Gated layers with at least one nonlinear channel at the end. */
  effectiveDepth: number;
  effectiveWidth: number[];
  diverged: string | null;
}

/** Looks up the outcome of a run by its config (and the step it was linearized at, if it was). */
export type Outcomes = (config: ExperimentConfig, linearizeAt?: number | null) => RunOutcome;

export type Verdict = 'holds' | 'holds in part' | 'does not hold';

export interface Table {
  caption?: string;
  headers: string[];
  rows: string[][];
}

export interface ClaimReport {
  id: string;
  title: string;
  /** What the paper says (method.md's list of findings). */
  claim: string;
  /** How it was measured here: the tasks, settings and the rule that decides. */
  method: string;
  verdict: Verdict;
  /** One or two sentences: what the numbers say. */
  summary: string;
  tables: Table[];
  /**
   * The numbers behind the verdict, by setting (e.g. "spirals5 lr 0.003 λ 30"), written to
   * docs/findings.json so presets can be held to them by a test.
   */
  measurements: Record<string, Measurement>;
}

/** One setting's effect over seeds: mean, range, and on how many seeds it had the claimed sign. */
export interface Measurement {
  mean: number;
  min: number;
  max: number;
  n: number;
  positive: number;
  seeds: number;
}

/**
 * A claim: the runs it needs (some may depend on the outcomes of earlier ones, e.g. a plain network as
 * deep as a sparsified one's core), and how it reads them.
 */
export interface Claim {
  id: string;
  title: string;
  runs(seeds: readonly number[]): FindingRun[];
  /** Runs that need earlier outcomes; [] when there are none. */
  followUps(seeds: readonly number[], outcomes: Outcomes): FindingRun[];
  analyze(seeds: readonly number[], outcomes: Outcomes): ClaimReport;
}
