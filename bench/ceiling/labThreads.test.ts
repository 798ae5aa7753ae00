import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labThreadsOn } from './vite.labThreads.config';

type Transform = (code: string, id: string) => string | null;

describe("the threaded bench page's build", () => {
  const transform = labThreadsOn.transform as unknown as Transform;
  const file = join(import.meta.dirname, '..', '..', 'src', 'worker', 'registerBackends.ts');
  const source = readFileSync(file, 'utf8');

  it('reads LAB_USES_WASM_THREADS as true in registerBackends.ts, and touches nothing else', () => {
    const out = transform(source, `${file}?worker_file`)!;
    expect(out).toContain('export const LAB_USES_WASM_THREADS = true;');
    expect(out).not.toContain('export const LAB_USES_WASM_THREADS = false;');
    expect(out.length).toBe(source.length + 'true'.length - 'false'.length);
    expect(transform(source, join(import.meta.dirname, 'other.ts'))).toBeNull();
  });

  it('fails loudly when the line it replaces is gone', () => {
    expect(() => transform('export const LAB_USES_WASM_THREADS = maybe;', file)).toThrow(/no longer has/);
  });
});
