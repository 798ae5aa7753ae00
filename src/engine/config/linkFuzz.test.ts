/**
 * 10,000 generated links through the decoder: mostly plausible settings pushed to their extremes
 * (the widths, depths, stages and batch sizes that make a model big), mixed with garbage, repeated
 * and unknown keys, prototype keys and over-long links. Whatever a link says, what decodes is a
 * valid config inside the lab's budget, and decoding never throws.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { checkBudget } from './budget';
import { FIELDS, type Field } from './fields';
import { BUDGET_ISSUE_FIELD } from './fitBudget';
import { decodeConfig, MAX_LINK_LENGTH } from './urlCodec';
import { validateConfig } from './validate';

const LINKS = 10_000;

function generator(seed: number) {
  const rng = createRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const width = () => pick([1, 2, 8, 16, 64, 128, 256, 512, 1000, 1024, 1024, int(1, 1024)]);
  const garbage = () => pick(['', 'NaN', '-1', '1e999', 'abc', '%', '%E0%A4%A', '__proto__', '0x10', ' 5 ', '1-', '-', ',', '[]', '{}']);

  function value(field: Field): string {
    if (rng() < 0.1) return garbage();
    switch (field.type) {
      case 'number':
      case 'int':
        return String(pick([field.min, field.max, int(field.min, Math.min(field.max, 2048)), field.max + 1, field.min - 1, rng() * field.max]));
      case 'enum':
        return rng() < 0.9 ? pick(field.values) : 'bogus';
      case 'bool':
        return pick(['0', '1', 'true', 'false', '2']);
      case 'string':
        return encodeURIComponent('é<b>'.repeat(int(0, field.maxLength / 2)));
      case 'intList':
        return Array.from({ length: int(1, 22) }, width).join('-');
      case 'convStages':
        return Array.from({ length: int(1, 9) }, () => `${pick([1, 4, 16, 32, 64, 128, 128, int(1, 160)])}${pick(['', '', '', 's2'])}${pick(['', '', '', 'mp', 'ap'])}`).join(',');
    }
  }

  return function link(): string {
    const parts: string[] = [];
    if (rng() < 0.9) parts.push(`v=${pick(['1', '2', '2', '3', 'x'])}`);
    // Big models are what the budget is for: ask for the model and batch fields more often.
    const wanted = FIELDS.filter((f) => rng() < (['hidden', 'conv', 'model', 'res', 'bs', 'data'].includes(f.key) ? 0.8 : 0.25));
    for (const field of wanted) {
      if (field.key === 'model') parts.push(`model=${rng() < 0.5 ? 'cnn' : 'mlp'}`);
      else if (field.key === 'data') parts.push(`data=${rng() < 0.7 ? pick(['mnist', 'fashion-mnist']) : pick(['spirals', 'xor', 'blobs', 'circles', 'nope'])}`);
      else parts.push(`${field.key}=${value(field)}`);
      if (rng() < 0.03) parts.push(`${field.key}=${value(field)}`);
    }
    if (rng() < 0.05) parts.push(pick(['__proto__[polluted]=1', 'constructor.prototype.polluted=1', 'toString=1', 'hide=core,x', 'backend=webgpu', '=1', '&&&']));
    if (rng() < 0.005) parts.push(`note=${'x'.repeat(MAX_LINK_LENGTH)}`);
    const query = parts.sort(() => rng() - 0.5).join('&');
    return pick(['', '?', 'https://lab.example/?', 'http://localhost:5173/index.html?']) + query;
  };
}

describe('10,000 fuzzed links through the decoder', () => {
  it('never throw, never pollute a prototype, and always decode to a valid config inside the budget', () => {
    const next = generator(20261201);
    let refusedForBudget = 0;
    let refusedForLength = 0;
    const failures: string[] = [];
    for (let i = 0; i < LINKS; i++) {
      const link = next();
      let decoded: ReturnType<typeof decodeConfig>;
      try {
        decoded = decodeConfig(link);
      } catch (e) {
        failures.push(`threw ${(e as Error).message}: ${link.slice(0, 200)}`);
        continue;
      }
      if (decoded.issues.some((issue) => issue.field === BUDGET_ISSUE_FIELD)) refusedForBudget++;
      if (decoded.issues.some((issue) => issue.field === '(link)')) refusedForLength++;
      const { over } = checkBudget(decoded.config);
      if (over.length > 0) failures.push(`over the budget (${over.join(', ')}): ${link.slice(0, 200)}`);
      const again = validateConfig(decoded.config).issues;
      if (again.length > 0) failures.push(`decoded to an invalid config (${again[0].message}): ${link.slice(0, 200)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The fuzz reaches the budget and the length limit, so the checks above were exercised.
    expect(refusedForBudget).toBeGreaterThan(LINKS / 20);
    expect(refusedForLength).toBeGreaterThan(0);
  });
});
