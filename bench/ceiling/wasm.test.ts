import { describe, expect, it } from 'vitest';
import { countOpcodes } from './wasmOpcodes';
import { peakModule, runWasmPeak, setUpWasmPeak } from './wasmPeak';

describe('the peak loops as WASM bytes', () => {
  it('compute acc = acc * m + a per chain, chain j from a + j/64: 3 chains, 1 iteration of 1 step', async () => {
    for (const variant of ['simd-muladd', 'scalar-muladd'] as const) {
      const bytes = peakModule(variant, 3, 1);
      expect(WebAssembly.validate(bytes)).toBe(true);
      const { instance } = await WebAssembly.instantiate(bytes);
      const run = instance.exports.run as (n: number, m: number, a: number) => number;
      // (0.25 + j/64) * 0.5 + 0.25 = 0.375 + j/128 for j = 0, 1, 2: 1.125 + 3/128.
      expect(run(1, 0.5, 0.25)).toBe(1.1484375);
      // Two iterations of two steps each (unroll 2): 0.25 -> 0.375 -> 0.4375 -> 0.46875 -> 0.484375.
      const { instance: unrolled } = await WebAssembly.instantiate(peakModule(variant, 1, 2));
      expect((unrolled.exports.run as (n: number, m: number, a: number) => number)(2, 0.5, 0.25)).toBe(0.484375);
    }
  });

  it('set up in this engine from the source string, then run: 2 chains after 100 iterations are both 0.5', async () => {
    expect(await setUpWasmPeak({ variant: 'simd-muladd', chains: 2, unroll: 1, bytes: [...peakModule('simd-muladd', 2, 1)], iterations: 100, calls: 3 })).toBeNull();
    expect(runWasmPeak()).toBe(1);
    expect(await setUpWasmPeak({ variant: 'simd-muladd', chains: 2, unroll: 1, bytes: [0, 97, 115, 109, 1, 0, 0, 0, 99], iterations: 1, calls: 1 })).toMatch(/rejected/);
  });
});

describe('opcode counts of a WASM binary', () => {
  it('find f32x4.relaxed_madd only in the relaxed module, and its multiplies and adds in the other', () => {
    // 2 chains, unroll 3: 6 multiply-adds in the loop; the final sum adds 1 more f32x4.add.
    const relaxed = countOpcodes(peakModule('simd-relaxed', 2, 3));
    expect(relaxed.functions).toBe(1);
    expect(relaxed.relaxedTotal).toBe(6);
    expect(relaxed.relaxed.get(0x105)).toBe(6);
    expect(relaxed.simd.get(0xe6)).toBeUndefined();
    const plain = countOpcodes(peakModule('simd-muladd', 2, 3));
    expect(plain.relaxedTotal).toBe(0);
    expect(plain.simd.get(0xe6)).toBe(6);
    expect(plain.simd.get(0xe4)).toBe(7);
    // Splats of m, a and the 2 accumulators' starts; one extract_lane.
    expect(plain.simd.get(0x13)).toBe(4);
    expect(plain.simd.get(0x1f)).toBe(1);
  });

  it('decode immediates: a scalar module has no SIMD and the right instruction count', () => {
    // Body: the accumulator's start (get, const, add, set) (4), loop (1), 1 step x (get, get, mul, get, add, set) (6),
    // the counter (get, const, sub, tee, br_if) (5), end (1), the result's get (1), end (1) = 17.
    const c = countOpcodes(peakModule('scalar-muladd', 1, 1));
    expect(c.simdTotal).toBe(0);
    expect(c.instructions).toBe(19);
  });
});
