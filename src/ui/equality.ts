/**
 * Structural equality for view models (plain numbers, strings, arrays, objects). Snapshots arrive
 * as fresh structured clones several times a second; comparing them is far cheaper than redrawing,
 * so panels are memoized on content, not identity.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** React.memo comparator: props equal when every prop is structurally equal (functions by identity). */
export function viewModelsEqual<P extends object>(prev: P, next: P): boolean {
  return deepEqual(prev, next);
}
