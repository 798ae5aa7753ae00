/**
 * Long lists of problems (a link with 50,000 unknown keys, an import with thousands of bad rows) are
 * shown as their first few and a count, never in full: a notice stays a few lines tall.
 */

const count = new Intl.NumberFormat('en-US');

export interface Summary<T> {
  shown: T[];
  /** How many were left out (0 when all are shown). */
  more: number;
}

export function summarize<T>(items: readonly T[], limit: number): Summary<T> {
  if (items.length <= limit) return { shown: [...items], more: 0 };
  return { shown: items.slice(0, limit), more: items.length - limit };
}

/** "and 49,990 more". */
export function moreText(more: number, noun = ''): string {
  return `and ${count.format(more)} more${noun ? ` ${noun}` : ''}`;
}
