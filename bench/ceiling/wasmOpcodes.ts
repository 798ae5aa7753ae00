/**
 * Counts the instructions of a WASM binary's code section by opcode, decoding every instruction and
 * its immediates (no byte pattern guessing), for the question whether tfjs 4.22's prebuilt XNNPACK
 * binaries use relaxed SIMD (opcodes 0xfd 0x100-0x113) or only 128-bit SIMD with separate multiply and
 * add (f32x4.mul 0xfd 0xe6, f32x4.add 0xfd 0xe4). Pure.
 */

export interface OpcodeCounts {
  functions: number;
  instructions: number;
  /** Instructions with the 0xfd prefix (SIMD, relaxed SIMD included), by sub-opcode. */
  simd: Map<number, number>;
  simdTotal: number;
  /** Relaxed SIMD (0xfd 0x100-0x113), by sub-opcode. */
  relaxed: Map<number, number>;
  relaxedTotal: number;
  /** 0xfe (threads: atomics). */
  atomics: number;
}

export const RELAXED_SIMD_NAMES: Record<number, string> = {
  0x100: 'i8x16.relaxed_swizzle',
  0x101: 'i32x4.relaxed_trunc_f32x4_s',
  0x102: 'i32x4.relaxed_trunc_f32x4_u',
  0x103: 'i32x4.relaxed_trunc_f64x2_s_zero',
  0x104: 'i32x4.relaxed_trunc_f64x2_u_zero',
  0x105: 'f32x4.relaxed_madd',
  0x106: 'f32x4.relaxed_nmadd',
  0x107: 'f64x2.relaxed_madd',
  0x108: 'f64x2.relaxed_nmadd',
  0x109: 'i8x16.relaxed_laneselect',
  0x10a: 'i16x8.relaxed_laneselect',
  0x10b: 'i32x4.relaxed_laneselect',
  0x10c: 'i64x2.relaxed_laneselect',
  0x10d: 'f32x4.relaxed_min',
  0x10e: 'f32x4.relaxed_max',
  0x10f: 'f64x2.relaxed_min',
  0x110: 'f64x2.relaxed_max',
  0x111: 'i16x8.relaxed_q15mulr_s',
  0x112: 'i16x8.relaxed_dot_i8x16_i7x16_s',
  0x113: 'i32x4.relaxed_dot_i8x16_i7x16_add_s',
};

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

class Reader {
  constructor(
    private readonly b: Uint8Array,
    public pos = 0,
  ) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new RangeError(`read past the end at ${this.pos}`);
    return this.b[this.pos++];
  }

  /** An unsigned LEB128 of at most 32 bits. */
  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** Skips a signed or unsigned LEB128 of any length. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }

  skip(n: number): void {
    this.pos += n;
  }
}

function memarg(r: Reader): void {
  r.uleb();
  r.uleb();
}

/** The immediates of a 0xfd instruction. */
function simdImmediates(op: number, r: Reader): void {
  if (op <= 0x0b || op === 0x5c || op === 0x5d) memarg(r);
  else if (op === 0x0c || op === 0x0d) r.skip(16);
  else if (op >= 0x15 && op <= 0x22) r.skip(1);
  else if (op >= 0x54 && op <= 0x5b) {
    memarg(r);
    r.skip(1);
  }
}

function fcImmediates(op: number, r: Reader): void {
  if (op <= 7) return;
  if (op === 8) {
    r.uleb();
    r.skip(1);
  } else if (op === 9 || op === 13 || op >= 15) r.uleb();
  else if (op === 10) r.skip(2);
  else if (op === 11) r.skip(1);
  else if (op === 12 || op === 14) {
    r.uleb();
    r.uleb();
  }
}

/** Decodes one function body's instructions (from after its locals to its end). */
function decodeBody(r: Reader, end: number, counts: OpcodeCounts): void {
  while (r.pos < end) {
    const op = r.byte();
    counts.instructions++;
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      const t = r.byte();
      if (t !== 0x40 && !VALTYPES.has(t)) {
        r.pos--;
        r.skipLeb();
      }
    } else if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || (op >= 0x20 && op <= 0x26) || op === 0xd2) r.uleb();
    else if (op === 0x0e) {
      const n = r.uleb();
      for (let i = 0; i <= n; i++) r.uleb();
    } else if (op === 0x11 || op === 0x13) {
      r.uleb();
      r.uleb();
    } else if (op === 0x1c) r.skip(r.uleb());
    else if (op >= 0x28 && op <= 0x3e) memarg(r);
    else if (op === 0x3f || op === 0x40 || op === 0xd0) r.skip(1);
    else if (op === 0x41 || op === 0x42) r.skipLeb();
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xfc) fcImmediates(r.uleb(), r);
    else if (op === 0xfd) {
      const sub = r.uleb();
      counts.simd.set(sub, (counts.simd.get(sub) ?? 0) + 1);
      counts.simdTotal++;
      if (sub >= 0x100 && sub <= 0x113) {
        counts.relaxed.set(sub, (counts.relaxed.get(sub) ?? 0) + 1);
        counts.relaxedTotal++;
      }
      simdImmediates(sub, r);
    } else if (op === 0xfe) {
      counts.atomics++;
      const sub = r.uleb();
      if (sub === 0x03) r.skip(1);
      else memarg(r);
    }
  }
  if (r.pos !== end) throw new Error(`a function body ended at ${r.pos}, expected ${end}: the decoder lost its place`);
}

export function countOpcodes(bytes: Uint8Array): OpcodeCounts {
  const counts: OpcodeCounts = { functions: 0, instructions: 0, simd: new Map(), simdTotal: 0, relaxed: new Map(), relaxedTotal: 0, atomics: 0 };
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (!magic.every((m, i) => bytes[i] === m)) throw new Error('not a WASM binary');
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.uleb();
    const end = r.pos + size;
    if (id === 10) {
      const n = r.uleb();
      for (let f = 0; f < n; f++) {
        const bodySize = r.uleb();
        const bodyEnd = r.pos + bodySize;
        const groups = r.uleb();
        for (let g = 0; g < groups; g++) {
          r.uleb();
          r.byte();
        }
        decodeBody(r, bodyEnd, counts);
        counts.functions++;
      }
    }
    r.pos = end;
  }
  return counts;
}
