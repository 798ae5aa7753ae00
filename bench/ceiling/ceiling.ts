/**
 * `npx tsx bench/ceiling/ceiling.ts [--only=opcodes,peaks,isa,profile,steps] [--rounds=3]` (issue #17): how
 * fast this CPU can multiply-add in the lab's engine (WASM SIMD 128-bit, one thread, in Chromium) and
 * natively (what PyTorch's oneDNN uses), and how much of each peak the default CNN's training step
 * gets, so that the best lab / PyTorch ratio within reach is a measured figure, not a guess.
 *
 * - peaks: the peak f32 multiply-add throughput of one thread: WASM SIMD mul+add, relaxed SIMD
 *   f32x4.relaxed_madd and scalar WASM, in Chromium (Playwright, as bench/run.ts launches it) and in
 *   this Node; native scalar, SSE, AVX2 and AVX-512, with and without FMA (./nativePeak.cpp, compiled
 *   now with g++); the core clock; a large matrix product in tfjs's WASM (XNNPACK; Node) and in
 *   PyTorch (one thread), the best each library's own kernels reach.
 * - opcodes: do tfjs 4.22's prebuilt .wasm files use relaxed SIMD? (every instruction decoded)
 * - isa: which oneDNN implementation (ISA) PyTorch runs for the default CNN's convolutions (ONEDNN_VERBOSE).
 * - steps: the CNNs' training step, the lab in Chromium (the bench page's worker, as `--only=torch`
 *   runs it) and PyTorch with one thread (bench/torch/torchSteps.py), alternating, as GFLOP/s (FLOPs
 *   counted from the model's shapes, ./flops.ts) and as a share of each side's peak; the same from
 *   the quiet run's figures (bench/results-2026-12-02-quiet.json).
 * - profile: per op, the lab's step in Node WASM (tf.profile) and PyTorch's (torch.profiler), CPU
 *   ms and GFLOP/s per layer and pass (./opGroups.ts), against each side's peak from `peaks`.
 * Adds its figures to bench/ceiling/lastRun.json (not committed) and prints the tables. A bench, not a test: nothing fails because
 * something is slow. BENCH_PORT=n serves the bench page on n + 1 (4310 unless set).
 */
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import * as tf from '../../src/engine/tf';
import { setNodeBackend } from '../../src/node/tfNode';
import { pythonWithTorch } from '../../src/node/torchPython';
import { torchScript } from '../../src/engine/export/torchScript';
import { Trainer } from '../../src/engine/training/trainer';
import { profileStepKernels } from '../measure/kernelProfile';
import { randomImageDataset } from '../measure/randomDataset';
import { torchCases, type TorchCase } from '../measure/torchCases';
import type { StepBudget } from '../measure/stepBudget';
import type { BenchReply, BenchTask } from '../page/protocol';
import { TorchProcess } from '../torch/torchProcess';
import { summarize } from '../stats';
import { gflops, layerWork, mnistTrainingFlops, trainingGflops } from './flops';
import { countOpcodes, RELAXED_SIMD_NAMES } from './wasmOpcodes';
import { coarseGroups, cpuMsOf, defaultCnnGroups, isLabKernel, type OpTime } from './opGroups';
import { peakModule, runWasmPeak, SETUP_WASM_PEAK_SOURCE, setUpWasmPeak, WASM_LANES, type WasmPeakRequest, type WasmVariant } from './wasmPeak';
import { largestIncrease, rendererMainThreadsCpu, processCpu } from './threadCpu';
import { planArchitecture } from '../../src/engine/model/architecture';

const root = join(import.meta.dirname, '..', '..');
const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4310) + 1;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 3);
const wants = (part: string) => !only || only.split(',').includes(part);

/** FLOPs per timed peak call: 0.05-0.3 s of CPU at the rates this CPU reaches (scalar WASM: a quarter). */
const PEAK_FLOPS_PER_CALL = 6e9;
const PEAK_CALLS = 5;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
const log = (line: string) => console.log(`[ceiling ${new Date().toISOString().slice(11, 19)}, load ${load()}] ${line}`);
const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Peak {
  where: string;
  variant: string;
  chains: number;
  gflops: number;
  /** GFLOP/s of every timed call (the best is the figure). */
  calls: number[];
  note?: string;
}

// ---------- peaks ----------

function wasmRequests(): WasmPeakRequest[] {
  const requests: WasmPeakRequest[] = [];
  const variants: [WasmVariant, number[]][] = [
    ['simd-muladd', [8, 12, 14]],
    ['simd-relaxed', [8, 12, 14]],
    ['scalar-muladd', [8, 12]],
  ];
  for (const [variant, chainCounts] of variants) {
    for (const chains of chainCounts) {
      const unroll = Math.max(1, Math.round(48 / chains));
      const iterations = Math.round(PEAK_FLOPS_PER_CALL / (2 * chains * unroll * WASM_LANES[variant]) / (variant === 'scalar-muladd' ? 4 : 1));
      requests.push({ variant, chains, unroll, bytes: [...peakModule(variant, chains, unroll)], iterations, calls: PEAK_CALLS });
    }
  }
  return requests;
}

function wasmPeak(where: string, req: WasmPeakRequest, seconds: number[], reason: string | null): Peak {
  const flops = 2 * req.iterations * req.chains * req.unroll * WASM_LANES[req.variant];
  const calls = seconds.map((s) => gflops(flops, s));
  return { where, variant: `wasm ${req.variant}`, chains: req.chains, gflops: calls.length ? Math.max(...calls) : NaN, calls, note: reason ?? undefined };
}

/** Each timed call by the CPU time of the renderer's main thread, which runs it. */
async function chromiumPeaks(browser: Browser): Promise<Peak[]> {
  const page = await browser.newPage();
  const peaks: Peak[] = [];
  try {
    await page.goto('about:blank');
    for (const req of wasmRequests()) {
      const reason = await page.evaluate<string | null>(`(${SETUP_WASM_PEAK_SOURCE})(${JSON.stringify(req)})`);
      const seconds: number[] = [];
      for (let c = 0; !reason && c < req.calls; c++) {
        const before = rendererMainThreadsCpu();
        await page.evaluate('globalThis.__peakRun()');
        seconds.push(largestIncrease(before, rendererMainThreadsCpu()));
      }
      peaks.push(wasmPeak(`Chromium ${browser.version()}`, req, seconds, reason));
      log(`  Chromium ${req.variant} x${req.chains}: ${fmt(peaks.at(-1)!.gflops)} GFLOP/s${reason ? ` (${reason})` : ''}`);
    }
  } finally {
    await page.close();
  }
  return peaks;
}

/** Each timed call by this process's CPU time. */
async function nodePeaks(): Promise<Peak[]> {
  const peaks: Peak[] = [];
  for (const req of wasmRequests()) {
    const reason = await setUpWasmPeak(req);
    const seconds: number[] = [];
    for (let c = 0; !reason && c < req.calls; c++) {
      const t0 = processCpu();
      runWasmPeak();
      seconds.push(processCpu() - t0);
    }
    peaks.push(wasmPeak(`Node ${process.version}`, req, seconds, reason));
    log(`  Node ${req.variant} x${req.chains}: ${fmt(peaks.at(-1)!.gflops)} GFLOP/s${reason ? ` (${reason})` : ''}`);
  }
  return peaks;
}

function nativePeaks(): { clockGhz: number; peaks: Peak[]; compiler: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ceiling-'));
  try {
    const exe = join(dir, 'nativePeak');
    const flags = ['-O2', '-march=native', '-ffp-contract=off', '-fno-tree-vectorize', '-fno-tree-slp-vectorize'];
    execFileSync('g++', [...flags, '-o', exe, join(import.meta.dirname, 'nativePeak.cpp')]);
    const compiler = `${execFileSync('g++', ['--version']).toString().split('\n')[0]} ${flags.join(' ')}`;
    const out = execFileSync(exe, [String(PEAK_FLOPS_PER_CALL), String(PEAK_CALLS)]).toString();
    let clockGhz = NaN;
    const peaks: Peak[] = [];
    for (const line of out.trim().split('\n')) {
      const o = JSON.parse(line) as { clockGhz?: number; variant: string; chains: number; gflops: number };
      if (o.clockGhz !== undefined) clockGhz = o.clockGhz;
      else peaks.push({ where: 'native (g++)', variant: o.variant, chains: o.chains, gflops: o.gflops, calls: [o.gflops] });
    }
    return { clockGhz, peaks, compiler };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fastest of 5 calls (after 2), by this process's CPU time (tfjs's WASM runs on the calling thread). */
async function fastestCall(call: () => tf.Tensor): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 7; i++) {
    const t0 = processCpu();
    const c = call();
    await c.data();
    const s = processCpu() - t0;
    c.dispose();
    if (i >= 2) best = Math.min(best, s);
  }
  return best;
}

/**
 * The best tfjs's WASM kernels (XNNPACK) reach: an n x n by n x n matMul, the same tensors again (its
 * packing of the right-hand operand is cached), and a 3x3 convolution of 64 to 64 channels on
 * [32, 28, 28] (same padding; 925 M multiply-adds).
 */
async function tfjsKernels(sizes: number[]): Promise<{ gemm: { n: number; gflops: number }[]; conv: number }> {
  const gemm = [];
  for (const n of sizes) {
    const [a, b] = [tf.randomNormal([n, n]), tf.randomNormal([n, n])];
    gemm.push({ n, gflops: gflops(2 * n ** 3, await fastestCall(() => tf.matMul(a, b))) });
    tf.dispose([a, b]);
  }
  const [x, w] = [tf.randomNormal<tf.Rank.R4>([32, 28, 28, 64]), tf.randomNormal<tf.Rank.R4>([3, 3, 64, 64])];
  const conv = gflops(2 * CONV_PEAK_MACS, await fastestCall(() => tf.conv2d(x, w, 1, 'same')));
  tf.dispose([x, w]);
  return { gemm, conv };
}

/** Multiply-adds of the convolution both libraries are timed on: 32 x 28 x 28 outputs x 64 channels x 3 x 3 x 64. */
const CONV_PEAK_MACS = 32 * 28 * 28 * 64 * 9 * 64;

/** Best GFLOP/s per variant over chain counts. */
function bestByVariant(peaks: Peak[]): Map<string, Peak> {
  const best = new Map<string, Peak>();
  for (const p of peaks) {
    const key = `${p.where}|${p.variant}`;
    const current = best.get(key);
    if (!current || (Number.isFinite(p.gflops) && !(current.gflops >= p.gflops))) best.set(key, p);
  }
  return best;
}

// ---------- opcodes ----------

interface OpcodeRow {
  file: string;
  functions: number;
  instructions: number;
  simd: number;
  f32x4Mul: number;
  f32x4Add: number;
  relaxed: number;
  relaxedOps: string;
}

function tfjsOpcodes(): OpcodeRow[] {
  const dir = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.wasm'))
    .map((file) => {
      const c = countOpcodes(new Uint8Array(readFileSync(join(dir, file))));
      return {
        file,
        functions: c.functions,
        instructions: c.instructions,
        simd: c.simdTotal,
        f32x4Mul: c.simd.get(0xe6) ?? 0,
        f32x4Add: c.simd.get(0xe4) ?? 0,
        relaxed: c.relaxedTotal,
        relaxedOps: [...c.relaxed].map(([op, n]) => `${RELAXED_SIMD_NAMES[op]} ${n}`).join(', '),
      };
    });
}

// ---------- steps ----------

const CNN_CASES = () => torchCases().filter((c) => c.id === 'cnn' || c.id === 'rescnn');
const BUDGET: StepBudget = { warmUp: 2, warmUpMs: 1000, maxSteps: 10, maxMs: 2500 };

interface StepRow {
  id: string;
  label: string;
  batch: number;
  flopsPerExample: number;
  lab: number[];
  torch: number[];
  ratios: number[];
}

async function alternatingSteps(browser: Browser): Promise<{ rows: StepRow[]; detail: string; torch: string }> {
  log('building the bench page');
  await build({ configFile: join(root, 'bench', 'vite.bench.config.ts'), logLevel: 'warn' });
  const server: PreviewServer = await preview({ configFile: join(root, 'bench', 'vite.bench.config.ts'), logLevel: 'warn', preview: { port: BENCH_PORT, strictPort: true, host: '127.0.0.1' } });
  const torch = await TorchProcess.start();
  if (!torch.ok) throw new Error(torch.reason);
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${BENCH_PORT}/bench.html?backend=wasm&drive=1`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench?.started === true || window.__bench?.detail !== '', null, { timeout: 60_000 });
    const detail = await page.evaluate(() => window.__bench?.detail ?? '');
    const drive = (task: BenchTask) => page.evaluate<BenchReply, readonly [BenchTask, number]>(([t, limit]) => window.__benchDrive!(t, limit), [task, 120_000] as const);
    const cases = CNN_CASES();
    const rows: StepRow[] = cases.map((c) => ({ id: c.id, label: c.label, batch: c.batch, flopsPerExample: mnistTrainingFlops(c.config.model), lab: [], torch: [], ratios: [] }));
    const rate = (ms: number[], batch: number) => summarize(ms.map((m) => (batch * 1000) / m))?.median ?? NaN;
    for (let round = 0; round < ROUNDS; round++) {
      const order = cases.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const c: TorchCase = cases[i];
        const lab = async () => {
          const reply = await drive({ kind: 'engineConfig', config: c.config, budget: BUDGET });
          if (!reply.ok || !('stepMs' in reply)) throw new Error(`lab: ${reply.ok ? 'no steps' : reply.reason}`);
          return reply.stepMs;
        };
        const py = async () => (await torch.process.timeSteps(c.config, c.batch, 1, BUDGET)).stepMs;
        let labMs: number[], pyMs: number[];
        if (round % 2 === 0) {
          labMs = await lab();
          pyMs = await py();
        } else {
          pyMs = await py();
          labMs = await lab();
        }
        rows[i].lab.push(rate(labMs, c.batch));
        rows[i].torch.push(rate(pyMs, c.batch));
        rows[i].ratios.push(rate(labMs, c.batch) / rate(pyMs, c.batch));
        log(`  round ${round + 1} ${c.id} ${c.batch}: lab ${fmt(rate(labMs, c.batch), 0)}, PyTorch ${fmt(rate(pyMs, c.batch), 0)} ex/s`);
      }
    }
    return { rows, detail, torch: torch.info.torch };
  } finally {
    torch.process.dispose();
    await page.close().catch(() => undefined);
    await server.close();
  }
}

/** The CNN rows of the quiet run's `npm run bench` (bench/results-2026-12-02-quiet.json; BENCHMARKS.md's generated table). */
function benchFigures(): { id: string; batch: number; lab: number; torch: number; when: string; load: number[] }[] {
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results-2026-12-02-quiet.json'), 'utf8')) as {
    date?: string;
    machine?: { loadAverage?: number[] };
    versusTorch?: { available: boolean; rows?: { id: string; batch: number; lab: { median: number } | null; torch: { median: number } | null }[] };
  };
  const rows = results.versusTorch?.rows ?? [];
  return rows
    .filter((r) => (r.id === 'cnn' || r.id === 'rescnn') && r.lab && r.torch)
    .map((r) => ({ id: r.id, batch: r.batch, lab: r.lab!.median, torch: r.torch!.median, when: results.date ?? '?', load: results.machine?.loadAverage ?? [] }));
}

// ---------- profile ----------


interface ProfileRow {
  side: 'lab' | 'PyTorch';
  id: string;
  batch: number;
  /** Unprofiled step, CPU ms (median). */
  stepMs: number;
  /** Profiled ops, ms per step (wall clock; median over the profiled steps for the lab). */
  ops: OpTime[];
}

async function labProfile(c: TorchCase, repeats = 5): Promise<ProfileRow> {
  const trainer = Trainer.create(c.config, randomImageDataset(2048), { name: 'wasm', reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
  try {
    const t0 = performance.now();
    while (performance.now() - t0 < 1000) {
      trainer.trainStep();
      await trainer.flush();
    }
    // Unprofiled step time by this process's CPU time (tfjs's WASM runs on this thread), the median of 9.
    const plain: number[] = [];
    for (let i = 0; i < 9; i++) {
      const s = processCpu();
      trainer.trainStep();
      await trainer.flush();
      plain.push((processCpu() - s) * 1000);
    }
    const perStep = await profileStepKernels(trainer, repeats);
    const ops = [...perStep].map(([key, totals]) => ({ name: key.split(' [')[0].trim(), shapes: key.includes(' [') ? key.slice(key.indexOf(' [') + 1) : '', ms: summarize(totals)!.median }));
    ops.sort((a, b) => b.ms - a.ms);
    return { side: 'lab', id: c.id, batch: c.batch, stepMs: summarize(plain)!.median, ops: ops.filter(isLabKernel) };
  } finally {
    trainer.dispose();
  }
}

interface TorchReply {
  torch: string;
  threads: number;
  gemm: { n: number; seconds: number; onednnSeconds: number }[];
  convSeconds: number;
  cases: { id: string; batch: number; stepMs: number[]; ops: { name: string; shapes: string; selfMs: number }[] }[];
}

/** PyTorch (./torchCeiling.py, one thread): GEMMs, steps, profiles; with ONEDNN_VERBOSE, the ISA oneDNN ran. */
function runTorch(cases: TorchCase[], gemm: number[], steps: number, profiledSteps: number, verbose = false): { reply: TorchReply; isa: string[] } {
  const request = { cases: cases.map((c) => ({ id: c.id, batch: c.batch, script: torchScript(c.config) })), gemm, steps, profiledSteps };
  const out = execFileSync(pythonWithTorch(), [join(import.meta.dirname, 'torchCeiling.py')], {
    input: `${JSON.stringify(request)}\n`,
    env: { ...process.env, OMP_NUM_THREADS: '1', ...(verbose ? { ONEDNN_VERBOSE: '1', DNNL_VERBOSE: '1' } : {}) },
    maxBuffer: 256 * 2 ** 20,
  }).toString();
  const lines = out.split('\n');
  const json = lines.find((l) => l.startsWith('CEILING_JSON '));
  if (!json) throw new Error(`torchCeiling.py gave no result: ${out.slice(0, 500)}`);
  // oneDNN's verbose lines: onednn_verbose,exec,cpu,<primitive>,<implementation>,<prop kind>,...
  const isa = new Set<string>();
  for (const l of lines) {
    const f = l.split(',');
    if ((f[0] === 'onednn_verbose' || f[0] === 'dnnl_verbose') && f[1] === 'exec') isa.add(`${f[3]} ${f[4]} ${f[5]}`);
    if ((f[0] === 'onednn_verbose' || f[0] === 'dnnl_verbose') && f[1] === 'info' && /cpu,runtime|isa/i.test(l)) isa.add(l.trim());
  }
  return { reply: JSON.parse(json.slice('CEILING_JSON '.length)) as TorchReply, isa: [...isa] };
}

function torchProfileRow(c: TorchReply['cases'][number]): ProfileRow {
  return { side: 'PyTorch', id: c.id, batch: c.batch, stepMs: summarize(c.stepMs)!.median, ops: c.ops.map((o) => ({ name: o.name, shapes: o.shapes, ms: o.selfMs })) };
}

/** The peaks each side's step is held to: the lab's WASM SIMD mul+add in Chromium, PyTorch's AVX-512 FMA (oneDNN runs avx512_core). */
function peaksOf(out: Record<string, unknown>): { lab: number; torch: number } | null {
  const peaks = out.peaks as { all: Peak[] } | undefined;
  if (!peaks) return null;
  const best = (where: RegExp, variant: string) => Math.max(...peaks.all.filter((p) => where.test(p.where) && p.variant === variant && Number.isFinite(p.gflops)).map((p) => p.gflops));
  return { lab: best(/^Chromium/, 'wasm simd-muladd'), torch: best(/^native/, 'avx512-fma') };
}

// ---------- main ----------

async function main(): Promise<void> {
  // Each part adds its figures to the last run's file (--only runs a part at a time).
  const file = join(import.meta.dirname, 'lastRun.json');
  const out: Record<string, unknown> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  out.cpu = cpus()[0]?.model;
  out.cores = cpus().length;
  const runInfo = { startedAt: new Date().toISOString(), parts: only ?? 'all', loadAtStart: loadavg(), loadAtEnd: [] as number[] };
  out.runs = [...((out.runs as unknown[] | undefined) ?? []), runInfo];
  log(`${cpus().length} x ${cpus()[0]?.model}; flags: ${['avx2', 'fma', 'avx512f'].filter((f) => readFileSync('/proc/cpuinfo', 'utf8').includes(` ${f}`)).join(', ')}`);
  let browser: Browser | null = null;
  const launch = async () => (browser ??= await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }));
  try {
    if (wants('opcodes')) {
      const rows = tfjsOpcodes();
      out.opcodes = rows;
      console.log('\n| tfjs-backend-wasm 4.22 binary | functions | instructions | SIMD (0xfd) | f32x4.mul | f32x4.add | relaxed SIMD |');
      console.log('| --- | --- | --- | --- | --- | --- | --- |');
      for (const r of rows) console.log(`| ${r.file} | ${r.functions} | ${r.instructions} | ${r.simd} | ${r.f32x4Mul} | ${r.f32x4Add} | ${r.relaxed}${r.relaxedOps ? ` (${r.relaxedOps})` : ''} |`);
    }
    if (wants('peaks')) {
      log('native peaks (g++)');
      const native = nativePeaks();
      log(`  clock ≈ ${native.clockGhz.toFixed(2)} GHz; ${native.peaks.map((p) => `${p.variant} x${p.chains} ${fmt(p.gflops)}`).join('; ')}`);
      log('WASM peaks in Chromium');
      const inChromium = await chromiumPeaks(await launch());
      log('WASM peaks in Node');
      const inNode = await nodePeaks();
      log('GEMM: tfjs WASM (XNNPACK, Node) and PyTorch (1 thread)');
      await setNodeBackend('wasm');
      const gemmSizes = [256, 512, 1024];
      const tfjsK = await tfjsKernels(gemmSizes);
      const tfjsGemms = tfjsK.gemm;
      const torch = runTorch([], gemmSizes, 0, 0);
      const torchGemms = torch.reply.gemm.map((g) => ({ n: g.n, gflops: gflops(2 * g.n ** 3, g.seconds), onednn: gflops(2 * g.n ** 3, g.onednnSeconds) }));
      const torchConv = gflops(2 * CONV_PEAK_MACS, torch.reply.convSeconds);
      const all = [...native.peaks, ...inChromium, ...inNode];
      out.peaks = { clockGhz: native.clockGhz, compiler: native.compiler, all, tfjsGemms, torchGemms, tfjsConv: tfjsK.conv, torchConv };
      console.log(`\nCore clock while running (dependent integer adds): ${native.clockGhz.toFixed(2)} GHz. Best of ${PEAK_CALLS} calls per row; chains = independent accumulators.`);
      console.log('\n| where | kernel | GFLOP/s (best chain count) | FLOP per cycle | chains tried: GFLOP/s |');
      console.log('| --- | --- | --- | --- | --- |');
      for (const p of bestByVariant(all).values()) {
        const tried = all.filter((q) => q.where === p.where && q.variant === p.variant).map((q) => `${q.chains}: ${Number.isFinite(q.gflops) ? fmt(q.gflops) : (q.note ?? 'n/a')}`);
        console.log(`| ${p.where} | ${p.variant} | ${Number.isFinite(p.gflops) ? fmt(p.gflops) : (p.note ?? 'n/a')} | ${Number.isFinite(p.gflops) ? fmt(p.gflops / native.clockGhz) : ''} | ${tried.join('; ')} |`);
      }
      console.log('\n| one thread, CPU time, fastest of 5 | tfjs 4.22 WASM (XNNPACK, Node) GFLOP/s | PyTorch torch.mm (its BLAS) GFLOP/s | PyTorch oneDNN GFLOP/s |');
      console.log('| --- | --- | --- | --- |');
      for (const g of gemmSizes) {
        const t = torchGemms.find((x) => x.n === g)!;
        console.log(`| matMul ${g} x ${g} x ${g} | ${fmt(tfjsGemms.find((x) => x.n === g)!.gflops)} | ${fmt(t.gflops)} | ${fmt(t.onednn)} (as a 1x1 convolution) |`);
      }
      console.log(`| 3x3 convolution [32, 28, 28] 64 -> 64 | ${fmt(tfjsK.conv)} | | ${fmt(torchConv)} |`);
    }
    if (wants('isa')) {
      log('oneDNN: which implementation PyTorch runs (ONEDNN_VERBOSE)');
      const cnn = CNN_CASES().filter((c) => c.batch === 64);
      const { isa } = runTorch(cnn, [], 1, 0, true);
      out.onednn = isa;
      for (const l of isa) console.log(`  ${l}`);
    }
    if (wants('steps')) {
      const flops = CNN_CASES().map((c) => ({ id: c.id, batch: c.batch, flops: mnistTrainingFlops(c.config.model), layers: layerWork(planArchitecture(c.config.model, [28, 28, 1], 10)) }));
      out.flops = flops;
      const fig = benchFigures();
      out.benchFigures = fig;
      console.log(`\nFrom bench/results-2026-12-02-quiet.json (${fig[0]?.when ?? '?'}, load at its start ${fig[0]?.load.join(' / ') ?? '?'}):`);
      console.log('| model | batch | MFLOP per example | lab ex/s | lab GFLOP/s | PyTorch ex/s | PyTorch GFLOP/s |');
      console.log('| --- | --- | --- | --- | --- | --- | --- |');
      for (const f of fig) {
        const per = flops.find((x) => x.id === f.id)!.flops;
        console.log(`| ${f.id} | ${f.batch} | ${fmt(per / 1e6, 2)} | ${fmt(f.lab, 0)} | ${fmt(trainingGflops(per, f.lab))} | ${fmt(f.torch, 0)} | ${fmt(trainingGflops(per, f.torch))} |`);
      }
      log(`the CNNs' steps: lab in Chromium against PyTorch (1 thread), ${ROUNDS} alternating rounds`);
      const steps = await alternatingSteps(await launch());
      out.steps = steps;
      console.log(`\nLab: ${steps.detail}; PyTorch ${steps.torch}, 1 thread. Per round: median examples/s of its steps.`);
      console.log('| model | batch | lab ex/s (median, range of rounds) | lab GFLOP/s (median, best) | PyTorch ex/s | PyTorch GFLOP/s (median, best) | lab / PyTorch |');
      console.log('| --- | --- | --- | --- | --- | --- | --- |');
      for (const r of steps.rows) {
        const l = summarize(r.lab)!;
        const t = summarize(r.torch)!;
        const q = summarize(r.ratios)!;
        console.log(
          `| ${r.id} | ${r.batch} | ${fmt(l.median, 0)} (${fmt(l.low, 0)}–${fmt(l.high, 0)}) | ${fmt(trainingGflops(r.flopsPerExample, l.median))}, ${fmt(trainingGflops(r.flopsPerExample, l.high))} | ${fmt(t.median, 0)} (${fmt(t.low, 0)}–${fmt(t.high, 0)}) | ${fmt(trainingGflops(r.flopsPerExample, t.median))}, ${fmt(trainingGflops(r.flopsPerExample, t.high))} | ${fmt(q.median, 2)} (${fmt(q.low, 2)}–${fmt(q.high, 2)}) |`,
        );
      }
    }
    if (wants('profile')) {
      log('per op: the lab (Node WASM, tf.profile) and PyTorch (torch.profiler), one thread');
      await setNodeBackend('wasm');
      const cases = CNN_CASES();
      const rows: ProfileRow[] = [];
      const torch = runTorch(cases, [], 10, 5);
      for (const c of cases) {
        rows.push(await labProfile(c));
        rows.push(torchProfileRow(torch.reply.cases.find((t) => t.id === c.id && t.batch === c.batch)!));
      }
      out.profile = rows;
      const peaks = peaksOf(out);
      console.log(`\nPer op, CPU ms per step: each group's share of the profiled step times the unprofiled step's CPU time. Peaks${peaks ? `: lab ${fmt(peaks.lab)} (WASM SIMD mul+add, Chromium), PyTorch ${fmt(peaks.torch)} (AVX-512 FMA) GFLOP/s` : ' not measured yet (--only=peaks)'}.`);
      console.log('| model | batch | ops | lab CPU ms | lab GFLOP/s (% of peak) | PyTorch CPU ms | PyTorch GFLOP/s (% of peak) | lab / PyTorch time |');
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
      const groupRows = [];
      for (const c of cases) {
        const lab = rows.find((r) => r.side === 'lab' && r.id === c.id && r.batch === c.batch)!;
        const py = rows.find((r) => r.side === 'PyTorch' && r.id === c.id && r.batch === c.batch)!;
        const perStep = mnistTrainingFlops(c.config.model) * c.batch;
        const groups = [{ name: 'whole step', flops: perStep, lab: () => true, torch: () => true }, ...(c.id === 'cnn' ? defaultCnnGroups(c.batch) : coarseGroups(perStep))];
        for (const g of groups) {
          const labMs = cpuMsOf(lab.ops, g.lab, lab.stepMs);
          const pyMs = cpuMsOf(py.ops, g.torch, py.stepMs);
          const rate = (ms: number, peak?: number) => (g.flops > 0 && ms > 0 ? `${fmt(gflops(g.flops, ms / 1000))}${peak ? ` (${fmt((100 * gflops(g.flops, ms / 1000)) / peak, 0)} %)` : ''}` : '');
          groupRows.push({ id: c.id, batch: c.batch, group: g.name, flops: g.flops, labMs, pyMs });
          console.log(`| ${c.id} | ${c.batch} | ${g.name} | ${fmt(labMs)} | ${rate(labMs, peaks?.lab)} | ${fmt(pyMs)} | ${rate(pyMs, peaks?.torch)} | ${fmt(labMs / pyMs, 2)} |`);
        }
      }
      out.profileGroups = groupRows;
      for (const r of rows) {
        console.log(`\n${r.side} ${r.id} ${r.batch}: top ops, ms per step (profiled, wall clock)`);
        for (const t of r.ops.slice(0, 12)) console.log(`  ${fmt(t.ms, 2).padStart(8)}  ${t.name} ${t.shapes}`);
      }
    }
  } finally {
    if (browser) await (browser as Browser).close();
  }
  runInfo.loadAtEnd = loadavg();
  writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  log('wrote bench/ceiling/lastRun.json');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
