/**
 * The one cleaner for text that comes from outside (a link's name and note, app parameters, imported
 * run names and messages): no characters that reorder or hide what is shown, and a length cap.
 *
 * Bidi controls (U+202A–202E embeddings and overrides, U+2066–2069 isolates, and the marks U+200E,
 * U+200F, U+061C) let `gnp.exe` after U+202E display as "exe.png"; control characters (C0 and C1)
 * mangle a rendered line. Line breaks and tabs stay only in multi-line text (a note).
 */

const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c';
const SINGLE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'g');
const MULTI_LINE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'g');

export interface CleanTextOptions {
  /** Keep line breaks and tabs (a note); otherwise they are removed too. */
  multiline?: boolean;
}

/** Removes what cleanText removes, without a cap (to tell whether the rest is too long). */
export function stripUnsafeCharacters(raw: string, { multiline = false }: CleanTextOptions = {}): string {
  return raw.replace(multiline ? MULTI_LINE : SINGLE_LINE, '');
}

/**
 * `raw` without unsafe characters, cut to at most `maxLength` UTF-16 units (never inside a surrogate
 * pair) with "…" marking the cut. Only the first 4 × maxLength characters are looked at, so a
 * megabyte of text costs no more than a short one.
 */
export function cleanText(raw: string, maxLength: number, options: CleanTextOptions = {}): string {
  const clean = stripUnsafeCharacters(raw.length > maxLength * 4 ? raw.slice(0, maxLength * 4) : raw, options);
  if (clean.length <= maxLength && raw.length <= maxLength * 4) return clean;
  return cutAt(clean, maxLength - 1) + '…';
}

/** Cleaned text, or null when `raw` is not a string. */
export function cleanOptionalText(raw: unknown, maxLength: number, options: CleanTextOptions = {}): string | null {
  return typeof raw === 'string' ? cleanText(raw, maxLength, options) : null;
}

function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  const endsInHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, endsInHighSurrogate ? length - 1 : length);
}
