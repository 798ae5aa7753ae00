/**
 * Peak-throughput WASM modules for the ceiling bench, written as bytes (no toolchain, nothing
 * committed but this source). Each module exports `run(iterations: i32, m: f32, a: f32): f32`: a loop
 * in which each of `chains` independent accumulators does `acc = acc * m + a` `unroll` times per
 * iteration; with m = 0.5 and a = 0.25 every accumulator (accumulator j starts at a + j/64) tends
 * to 0.5 (no overflow, no denormals).
 * Enough independent chains hide the latency, so the loop runs at the core's throughput for that
 * instruction mix:
 *  - 'simd-muladd': f32x4.mul then f32x4.add (WASM SIMD 128-bit has no fused multiply-add);
 *  - 'simd-relaxed': f32x4.relaxed_madd (relaxed SIMD; V8 emits vfmadd on a CPU with FMA);
 *  - 'scalar-muladd': f32.mul then f32.add.
 * m and a are parameters so that no compiler can fold them.
 */

export type WasmVariant = 'simd-muladd' | 'simd-relaxed' | 'scalar-muladd';

export const WASM_LANES: Record<WasmVariant, number> = { 'simd-muladd': 4, 'simd-relaxed': 4, 'scalar-muladd': 1 };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function f32Bytes(x: number): number[] {
  return [...new Uint8Array(Float32Array.of(x).buffer)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Opcodes.
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_SUB = 0x6b;
const F32_CONST = 0x43;
const F32_ADD = 0x92;
const F32_MUL = 0x94;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const simd = (op: number) => [0xfd, ...uleb(op)];
const F32X4_SPLAT = simd(0x13);
const F32X4_EXTRACT_LANE_0 = [...simd(0x1f), 0];
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_RELAXED_MADD = simd(0x105);

/** The module's bytes. Locals: 0 iterations, 1 m, 2 a (params); then the accumulators (and m, a as vectors). */
export function peakModule(variant: WasmVariant, chains: number, unroll: number): Uint8Array<ArrayBuffer> {
  if (!(chains >= 1 && unroll >= 1)) throw new RangeError('chains and unroll must be >= 1');
  const vector = variant !== 'scalar-muladd';
  const type = vector ? V128 : F32;
  const acc = (j: number) => 3 + j;
  const mv = vector ? 3 + chains : 1;
  const av = vector ? 4 + chains : 2;
  const body: number[] = [];
  // Locals: the accumulators, plus m and a splatted for the vector variants.
  body.push(1, ...uleb(chains + (vector ? 2 : 0)), type);
  if (vector) {
    body.push(LOCAL_GET, 1, ...F32X4_SPLAT, LOCAL_SET, ...uleb(mv));
    body.push(LOCAL_GET, 2, ...F32X4_SPLAT, LOCAL_SET, ...uleb(av));
  }
  // Accumulator j starts at a + j/64 (any normal value converges to a / (1 - m)): chains that started
  // equal would be one computation, which a compiler may merge (value numbering).
  for (let j = 0; j < chains; j++) {
    body.push(LOCAL_GET, 2, F32_CONST, ...f32Bytes(j / 64), F32_ADD);
    if (vector) body.push(...F32X4_SPLAT);
    body.push(LOCAL_SET, ...uleb(acc(j)));
  }
  body.push(LOOP, VOID);
  for (let u = 0; u < unroll; u++) {
    for (let j = 0; j < chains; j++) {
      body.push(LOCAL_GET, ...uleb(acc(j)), LOCAL_GET, ...uleb(mv));
      if (variant === 'simd-relaxed') body.push(LOCAL_GET, ...uleb(av), ...F32X4_RELAXED_MADD);
      else if (vector) body.push(...F32X4_MUL, LOCAL_GET, ...uleb(av), ...F32X4_ADD);
      else body.push(F32_MUL, LOCAL_GET, ...uleb(av), F32_ADD);
      body.push(LOCAL_SET, ...uleb(acc(j)));
    }
  }
  // iterations -= 1; loop while it is not 0.
  body.push(LOCAL_GET, 0, I32_CONST, 1, I32_SUB, LOCAL_TEE, 0, BR_IF, 0, END);
  // The sum of the accumulators (lane 0), so that none is dead.
  body.push(LOCAL_GET, ...uleb(acc(0)));
  for (let j = 1; j < chains; j++) body.push(LOCAL_GET, ...uleb(acc(j)), ...(vector ? F32X4_ADD : [F32_ADD]));
  if (vector) body.push(...F32X4_EXTRACT_LANE_0);
  body.push(END);

  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 3, I32, F32, F32, 1, F32]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('run'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}

export interface WasmPeakRequest {
  variant: WasmVariant;
  chains: number;
  unroll: number;
  bytes: number[];
  /** Iterations per timed call, and how many timed calls (the fastest counts). */
  iterations: number;
  calls: number;
}

/**
 * Sets the module up in whatever JS engine runs it (Node, or a page through Playwright's evaluate):
 * validates, instantiates, calls it a few times so that V8 tiers it up from Liftoff to TurboFan, and
 * leaves `globalThis.__peakRun()`, one call of `iterations`, for the caller to time by the CPU time of
 * the thread that runs it. A string of plain JavaScript (an async function of a WasmPeakRequest), so
 * that no TypeScript transform can put helpers into it that a page does not have. Resolves to null,
 * or to why the engine rejected the module (e.g. no relaxed SIMD).
 */
export const SETUP_WASM_PEAK_SOURCE = `async (req) => {
  const bytes = new Uint8Array(req.bytes);
  if (!WebAssembly.validate(bytes)) return 'WebAssembly.validate rejected the module';
  const { instance } = await WebAssembly.instantiate(bytes);
  const run = instance.exports.run;
  let sink = 0;
  for (let i = 0; i < 6; i++) sink += run(Math.max(1, Math.floor(req.iterations / 4)), 0.5, 0.25);
  if (!Number.isFinite(sink)) return 'the peak loop diverged';
  globalThis.__peakRun = () => run(req.iterations, 0.5, 0.25);
  return null;
}`;

/** The same in this process (Node): null or the reason. */
export async function setUpWasmPeak(req: WasmPeakRequest): Promise<string | null> {
  const fn = (0, eval)(SETUP_WASM_PEAK_SOURCE) as (r: WasmPeakRequest) => Promise<string | null>;
  return fn(req);
}

/** One call of the module set up last. */
export function runWasmPeak(): number {
  return (globalThis as unknown as { __peakRun: () => number }).__peakRun();
}
