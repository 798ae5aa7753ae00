import { describe, expect, it } from 'vitest';
import { cleanText } from './cleanText';

describe('cleanText', () => {
  it('drops bidi overrides, isolates and marks, so text reads as it is stored', () => {
    expect(cleanText('\u202egnp.exe', 80)).toBe('gnp.exe');
    expect(cleanText('a\u2066b\u2069c\u200fd\u061ce\u202af\u202cg', 80)).toBe('abcdefg');
  });

  it('drops C0 and C1 control characters; line breaks stay only in multi-line text', () => {
    expect(cleanText('a\u0000b\u0007c\u009bd\u007fe\nf\tg', 80)).toBe('abcdefg');
    expect(cleanText('a\u0000b\nc\td', 80, { multiline: true })).toBe('ab\nc\td');
  });

  it('caps the length with an ellipsis, never splitting a surrogate pair', () => {
    expect(cleanText('abcdef', 4)).toBe('abc…');
    expect(cleanText('abcd', 4)).toBe('abcd');
    expect(cleanText('ab💥cd', 4)).toBe('ab…'); // "💥" is two UTF-16 units: cutting at 3 would split it
    const megabyte = 'x'.repeat(1_000_000);
    expect(cleanText(megabyte, 120)).toHaveLength(120);
    expect(cleanText('\u202e'.repeat(1_000_000), 120)).toBe('…');
  });
});
