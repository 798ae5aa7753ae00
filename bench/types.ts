import type { DatasetOpenRaw } from './appStart';
import type { KernelCost } from './measure/kernelCost';
/** What one benchmark run measures; bench/results.json holds a BenchResults. */
import type { Spread } from './stats';

export type ModelName = 'mlp' | 'cnn';

/** A figure, or why there is none ("n/a: …"). */
export type Measured<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ThroughputRow {
  /** "wasm", "webgl", … in the browser; "node-wasm", "node-cpu" for the CLI's engine in Node. */
  backend: string;
  model: ModelName;
  batch: number;
  /** examples/s of the lab's engine (Trainer: gates, prior on), one figure per timed step. */
  examplesPerSecond: Measured<Spread>;
}

export interface LabVersusBare {
  backend: string;
  model: ModelName;
  batch: number;
  /** The lab as users run it: App with live panels, training worker, snapshots; examples/s per window. */
  lab: Measured<Spread>;
  /** A plain tfjs loop of the same architecture with ReLU, same backend: each phase's median step. */
  bare: Measured<Spread>;
  /**
   * The same bare phases by their throughput (all timed steps over their summed time), as the lab's
   * phases are measured. Absent in results from before 2026-12-02's fourth round.
   */
  bareThroughput?: Measured<Spread>;
  /** Which convolution the bare loop used (tf.conv2d where it trains, else the lab's). */
  bareConv?: string;
  /** Each lab phase against the bare phases' median steps around it. */
  ratio: Measured<Spread>;
  /** Each lab phase against the bare phases' throughputs around it: what the rule (≥ 0.85) is judged on. Absent in older results. */
  throughputRatio?: Measured<Spread>;
  /** How long each phase after the first bare one started steps (longer where a step takes seconds). */
  phaseSeconds?: number;
  /** Main-thread long tasks (> 50 ms) while the lab trained: count and durations. */
  longTasks: Measured<{ count: number; totalMs: number; longestMs: number; seconds: number }>;
}

export interface AppStart {
  model: ModelName;
  /** What the lab chose by itself, and its reason. */
  picked: Measured<{ backend: string; reason: string }>;
  /** ms from navigation start to the first finished training step. */
  firstStepMs: Measured<number>;
  longTasks: Measured<{ count: number; totalMs: number; longestMs: number; seconds: number }>;
  /** Throughput of the picked backend over the fastest measured (engine, batch 64). */
  pickedOverFastest: Measured<Spread & { fastest: string }>;
}

export interface AnalysisTiming {
  network: string;
  /** APL + histogram + core network from read-back slopes and the device's shortlist (the lab's path), ms. */
  aplAndCore: Measured<Spread>;
  /** APL alone, ms. */
  apl: Measured<Spread>;
  /** The device part: magnitudes, nonlinear mask and top-k per pair, read back, ms. */
  deviceShortlist: Measured<Spread>;
  /** For comparison, the old path: every magnitude read back and scanned, ms. */
  fullRead: Measured<Spread>;
  backend: string;
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface VersusTorchRow {
  id: string;
  label: string;
  batch: number;
  /** The target for lab / PyTorch. */
  target: number;
  /** examples/s, every timed step of every round. */
  lab: Spread | null;
  /** PyTorch on its default thread count (torch.get_num_threads()). */
  torch: Spread | null;
  /** PyTorch with a thread per core. */
  torchAllCores: Spread | null;
  /** Per round: the lab's median over PyTorch's (default threads), measured one after the other. */
  ratio: Spread | null;
  ratioAllCores: Spread | null;
  reason?: string;
}

export type VersusTorch =
  | { available: false; reason: string }
  | { available: true; torch: string; torchThreads: number; allCores: number; labDetail: string; rounds: number; rows: VersusTorchRow[] };

export interface WasmThreads {
  threadedDetail: string;
  singleDetail: string;
  /** examples/s per round's median; ratio per round: threaded / one thread. */
  rows: { label: string; batch: number; threaded: Spread | null; single: Spread | null; ratio: Spread | null }[];
  /** The network after 25 steps, hashed, on each side. */
  fingerprints: { model: string; threaded: string; single: string }[];
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string; loadAverage: number[] };
  versions: Record<string, string>;
  browser: string;
  /** Per backend: started or why not, and the adapter/renderer seen. */
  backends: { backend: string; started: boolean; detail: string }[];
  throughput: ThroughputRow[];
  labVersusBare: LabVersusBare[];
  appStart: AppStart[];
  analysis: AnalysisTiming[];
  /** The tangent kernel's cost against training (Node, WASM); absent in older results. */
  kernelCost?: KernelCost[];
  /** The lab against PyTorch on this CPU (absent in older results). */
  versusTorch?: VersusTorch;
  /** Opening a Fashion-MNIST link, cold and warm (absent in older results). */
  datasetOpen?: DatasetOpenRaw[];
  /** Multi-threaded WASM against one thread (absent in older results). */
  wasmThreads?: WasmThreads;
  bundle: BundleSize[];
  durationSeconds: number;
}
