import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults';
import { FIELDS, getAt } from './fields';
import type { ExperimentConfig } from './types';
import { decodeConfig, encodeConfig } from './urlCodec';
import { validateConfig } from './validate';
import { createRng } from '../random';

/** A config in which every field differs from its default. */
function unusualConfig(): ExperimentConfig {
  return {
    version: 3,
    name: 'Früh & spät: run #1?',
    note: 'a=b&c; 100% <b>not bold</b>',
    dataset: { kind: 'fashion-mnist', trainSize: 1234, points: 777, noise: 0.25, classes: 5, order: 'shuffled' },
    model: {
      kind: 'cnn',
      hidden: [300, 7],
      conv: [
        { channels: 8, stride: 2, pool: 'none' },
        { channels: 24, stride: 1, pool: 'max' },
        { channels: 5, stride: 1, pool: 'avg' },
      ],
      residual: true,
    },
    optimizer: { kind: 'sgd', learningRate: 0.0123456789, momentum: 0.5 },
    training: { batchSize: 17, epochs: 3, seed: 2147483647 },
    prior: { lambda: 3.3e-5, mode: 'proximal', start: 2, startUnit: 'epoch', ramp: 250, eps: 0.01, snap: true },
    evalEvery: 33,
  };
}

describe('URL encoding', () => {
  it('round-trips every field exactly', () => {
    const config = unusualConfig();
    for (const field of FIELDS) {
      if (field.path[0] === 'version') continue;
      expect(getAt(config, field.path), field.key).not.toEqual(getAt(defaultConfig(), field.path));
    }
    const decoded = decodeConfig(encodeConfig(config));
    expect(decoded.issues).toEqual([]);
    expect(decoded.config).toEqual(config);
  });

  it('round-trips the defaults and is readable', () => {
    const query = encodeConfig(defaultConfig());
    expect(query).toContain('v=3&');
    expect(query).toContain('order=streamed');
    expect(query).toContain('prior=loss');
    expect(query).toContain('data=mnist');
    expect(query).toContain('hidden=64-64-64');
    expect(query).toContain('conv=16,32s2');
    expect(decodeConfig(query)).toEqual({ config: defaultConfig(), issues: [], appParams: {} });
  });

  it('reads a whole share link and keeps app parameters apart', () => {
    const link = `https://lab.example/?${encodeConfig(defaultConfig())}&backend=wasm&hide=curves#top`;
    const decoded = decodeConfig(link);
    expect(decoded.issues).toEqual([]);
    expect(decoded.appParams).toEqual({ backend: 'wasm', hide: 'curves' });
  });

  it('names each bad field and uses its default', () => {
    const decoded = decodeConfig('v=3&lambda=abc&bs=0&data=cifar&hidden=64-x&snap=maybe&zzz=1&lr=0');
    const fields = decoded.issues.map((i) => i.field).sort();
    expect(fields).toEqual(['dataset.kind', 'model.hidden', 'optimizer.learningRate', 'prior.lambda', 'prior.snap', 'training.batchSize', 'zzz'].sort());
    expect(decoded.config).toEqual(defaultConfig());
    const lambdaIssue = decoded.issues.find((i) => i.field === 'prior.lambda')!;
    expect(lambdaIssue.message).toBe('prior strength λ: "abc" is not a number; using 0');
    expect(decoded.issues.find((i) => i.field === 'training.batchSize')!.message).toBe(
      'batch size: 0 is below the minimum 1; using 64',
    );
  });

  it('says when a link has no version or comes from a newer lab', () => {
    expect(decodeConfig('lambda=0.5').issues.map((i) => i.message)).toEqual(['the link has no version (v=); read as v3']);
    // A link that only asks for a view (a projector's large text, slow mode) names no setting to version.
    expect(decodeConfig('text=large&pace=slow')).toMatchObject({ issues: [], appParams: { text: 'large', pace: 'slow' } });
    expect(decodeConfig('lambda=0.5').config.prior).toMatchObject({ lambda: 0.5, mode: 'loss' });
    const newer = decodeConfig('v=7&lambda=0.5');
    expect(newer.issues.map((i) => i.field)).toEqual(['version']);
    expect(newer.issues[0].message).toContain('newer version');
    expect(newer.config.version).toBe(3);
  });

  it('reads a v2 link or file, made before the streamed order, in the shuffled order it trained in', () => {
    const old = decodeConfig('v=2&data=fashion-mnist&model=mlp&hidden=32&epochs=1');
    expect(old.issues).toEqual([]);
    expect(old.config.dataset.order).toBe('shuffled');
    expect(encodeConfig(old.config)).toContain('v=3&data=fashion-mnist&train=0&order=shuffled&');
    expect(decodeConfig(encodeConfig(old.config)).config).toEqual(old.config);
    expect(validateConfig({ version: 2, dataset: { kind: 'fashion-mnist' } }).config.dataset.order).toBe('shuffled');
    // Today's links and files, and those that say nothing of their version, stream.
    expect(decodeConfig('v=3&data=fashion-mnist').config.dataset.order).toBe('streamed');
    expect(validateConfig({ dataset: { kind: 'fashion-mnist' } }).config.dataset.order).toBe('streamed');
    expect(decodeConfig('v=3&order=sorted').issues.map((i) => i.field)).toEqual(['dataset.order']);
  });

  it('reads a v1 link, made when the prior was a proximal step, as that prior in a v3 config', () => {
    const old = decodeConfig('v=1&data=xor&lambda=30');
    expect(old.issues).toEqual([]);
    // v1's defaults were MNIST's for every dataset: 5 epochs, an evaluation every 100 steps, Adam at 0.001.
    const v1 = { ...defaultConfig(), training: { batchSize: 64, epochs: 5, seed: 1 }, evalEvery: 100 };
    expect(old.config).toEqual({ ...v1, dataset: { ...v1.dataset, kind: 'xor', order: 'shuffled' }, prior: { ...v1.prior, lambda: 30, mode: 'proximal' } });
    // Re-encoded, it says so explicitly and decodes to the same config.
    const again = encodeConfig(old.config);
    expect(again).toContain('v=3&');
    expect(again).toContain('prior=proximal');
    expect(again).toContain('order=shuffled');
    expect(decodeConfig(again).config).toEqual(old.config);
    // The same holds for files (exports, the CLI's config.json): version 1 means the proximal prior.
    expect(validateConfig({ version: 1, prior: { lambda: 30 } }).config.prior.mode).toBe('proximal');
    expect(validateConfig({ version: 2, prior: { lambda: 30 } }).config.prior.mode).toBe('loss');
    expect(validateConfig({ prior: { lambda: 30 } }).config.prior.mode).toBe('loss');
    expect(decodeConfig('v=3&prior=prox').issues.map((i) => i.field)).toEqual(['prior.mode']);
  });

  it('keeps text as plain text', () => {
    const decoded = decodeConfig('v=2&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(decoded.config.name).toBe('<script>alert(1)</script>');
  });

  it('survives 1,000 random and mutated links without throwing, naming the bad fields', () => {
    const rng = createRng(42);
    const base = encodeConfig(unusualConfig());
    const junk = ['', '%', '%E0%A4%A', '&&', '=', '==', 'NaN', '-1', '1e999', '[]', '{}', '\u0000', '💥', 'null', ' ', '0x10', '3.5'];
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
    for (let i = 0; i < 1000; i++) {
      let link: string;
      if (i % 4 === 0) {
        link = Array.from({ length: Math.floor(rng() * 60) }, () => String.fromCharCode(Math.floor(rng() * 0x2fff))).join('');
      } else {
        const parts = base.split('&');
        for (let m = 0; m < 1 + Math.floor(rng() * 4); m++) {
          const idx = Math.floor(rng() * parts.length);
          const [key] = parts[idx].split('=');
          const action = rng();
          if (action < 0.5) parts[idx] = `${key}=${pick(junk)}`;
          else if (action < 0.7) parts.splice(idx, 1);
          else if (action < 0.85) parts.push(`${pick(junk)}x=${pick(junk)}`);
          else parts[idx] = parts[idx].slice(0, Math.floor(rng() * parts[idx].length));
        }
        link = parts.join('&');
      }
      let result: ReturnType<typeof decodeConfig> | undefined;
      expect(() => (result = decodeConfig(link)), link).not.toThrow();
      const { config, issues } = result!;
      expect(validateConfig(config).issues, `decoded config must itself be valid for ${link}`).toEqual([]);
      for (const issue of issues) {
        expect(issue.field.length).toBeGreaterThan(0);
        expect(issue.message.length).toBeGreaterThan(0);
      }
      // A field whose value changed from what the link said must be named.
      const params = new URLSearchParams(link.includes('?') ? link.slice(link.indexOf('?') + 1) : link);
      for (const field of FIELDS) {
        const given = params.get(field.key);
        if (given === null) continue;
        const roundTrip = new URLSearchParams(encodeConfig(config)).get(field.key) ?? '';
        const changed = roundTrip !== given;
        const named = issues.some((x) => x.field === field.path.join('.') || (field.key === 'v' && x.field === 'version'));
        if (changed && !named) {
          // Equivalent spellings (e.g. "1e-3" vs "0.001", "true" vs "1") are not bad values.
          expect(decodeConfig(`${field.key}=${encodeURIComponent(given)}`).issues.some((x) => x.field !== 'version')).toBe(false);
        }
      }
    }
  });
});

describe('validation', () => {
  it('accepts the defaults and partial input silently', () => {
    expect(validateConfig(defaultConfig())).toEqual({ config: defaultConfig(), issues: [] });
    const partial = validateConfig({ prior: { lambda: 0.2 } });
    expect(partial.issues).toEqual([]);
    expect(partial.config.prior.lambda).toBe(0.2);
    expect(partial.config.training).toEqual(defaultConfig().training);
  });

  it('reports every field out of range, of the wrong type, or unknown — and never throws', () => {
    for (const field of FIELDS) {
      const bad: unknown[] = [{ nope: 1 }];
      if (field.type === 'number' || field.type === 'int') bad.push('1', field.min - 1, field.max + 1, NaN, Infinity);
      if (field.type === 'int') bad.push(field.min + 0.5);
      if (field.type === 'enum') bad.push('unknown-value', 3);
      if (field.type === 'bool') bad.push('yes', 1);
      if (field.type === 'string') bad.push(5, 'x'.repeat(field.maxLength + 1));
      if (field.type === 'intList') bad.push([], [0], [field.max + 1], ['8'], Array(field.maxItems + 1).fill(8), 64);
      if (field.type === 'convStages') bad.push([], [{ channels: 0 }], [{ channels: 8, stride: 3 }], [{ channels: 8, pool: 'min' }], [{ channels: 8, x: 1 }], '16');
      for (const value of bad) {
        const input: Record<string, unknown> = {};
        let cur = input;
        field.path.slice(0, -1).forEach((p) => (cur = (cur[p] = {}) as Record<string, unknown>));
        cur[field.path[field.path.length - 1]] = value;
        const result = validateConfig(input);
        const path = field.path.join('.');
        expect(result.issues.map((i) => i.field), `${path} = ${String(value)}`).toContain(path);
        expect(getAt(result.config, field.path)).toEqual(getAt(defaultConfig(), field.path));
      }
    }
  });

  it('reports unknown keys at every level', () => {
    const result = validateConfig({ colour: 'red', prior: { lambda: 1, lamda: 2 }, model: { depth: 3 } });
    expect(result.issues.map((i) => i.field).sort()).toEqual(['colour', 'model.depth', 'prior.lamda']);
    expect(result.config.prior.lambda).toBe(1);
  });

  it('turns non-objects into defaults with one message', () => {
    for (const input of [null, undefined, 3, 'config', [1, 2]]) {
      const result = validateConfig(input);
      expect(result.config).toEqual(defaultConfig());
      expect(result.issues).toHaveLength(1);
    }
  });

  it('rejects a CNN on a 2-D task and a CNN that shrinks images away', () => {
    const cnnOnPlane = validateConfig({ dataset: { kind: 'spirals' }, model: { kind: 'cnn' } });
    expect(cnnOnPlane.config.model.kind).toBe('mlp');
    expect(cnnOnPlane.issues[0].field).toBe('model.kind');
    const tooSmall = validateConfig({ model: { kind: 'cnn', conv: Array(5).fill({ channels: 4, stride: 2 }) } });
    expect(tooSmall.issues.map((i) => i.field)).toEqual(['model.conv']);
    expect(tooSmall.config.model.conv).toEqual(defaultConfig().model.conv);
  });

  it('removes control characters from text; a note keeps its line breaks, a name is one line', () => {
    expect(validateConfig({ name: 'a\u0000b\u001bc\nd\u0085' }).config.name).toBe('abcd');
    expect(validateConfig({ note: 'a\u0000b\u001bc\nd' }).config.note).toBe('abc\nd');
  });

  it('removes bidi controls, so a name cannot disguise itself (U+202E makes "gnp.exe" read "exe.png")', () => {
    expect(decodeConfig('v=2&name=%E2%80%AEgnp.exe').config.name).toBe('gnp.exe');
    const everyControl = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    expect(validateConfig({ name: `a${everyControl}b`, note: `c${everyControl}d` }).config).toMatchObject({ name: 'ab', note: 'cd' });
  });

  it('names the first unknown keys of a long link and counts the rest; app parameters are cut short', () => {
    // Under the 8,192-character limit on links (a longer one is not read at all: budget.test.ts).
    const keys = Array.from({ length: 700 }, (_, i) => `k${i}=1`).join('&');
    const { issues, appParams } = decodeConfig(`v=2&${keys}&backend=${'w'.repeat(2_000)}&hide=core`);
    expect(issues).toHaveLength(11);
    expect(issues.at(-1)!.message).toBe('and 690 more unknown settings in the link ignored');
    expect(appParams.backend.length).toBeLessThanOrEqual(200);
    expect(appParams.hide).toBe('core');
  });
});
