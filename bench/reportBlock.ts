/** A block of BENCHMARKS.md that one bench command owns, between its own markers (pure). */

/** Replaces the block between the markers, or appends it when the file has none. */
export function spliceBlock(existing: string, block: string, start: string, end: string): string {
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  if (from >= 0 && to > from) return existing.slice(0, from) + block + existing.slice(to + end.length);
  return `${existing.trimEnd()}\n\n${block}\n`;
}
