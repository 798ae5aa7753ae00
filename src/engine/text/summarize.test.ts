import { describe, expect, it } from 'vitest';
import { moreText, summarize } from './summarize';

describe('summarize', () => {
  it('keeps a short list whole and cuts a long one to its first items and a count', () => {
    expect(summarize(['a', 'b'], 10)).toEqual({ shown: ['a', 'b'], more: 0 });
    const many = Array.from({ length: 50_000 }, (_, i) => `key${i}`);
    const { shown, more } = summarize(many, 10);
    expect(shown).toEqual(many.slice(0, 10));
    expect(more).toBe(49_990);
    expect(moreText(more)).toBe('and 49,990 more');
    expect(moreText(3, 'problems')).toBe('and 3 more problems');
  });
});
