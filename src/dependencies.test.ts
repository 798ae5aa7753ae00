/**
 * Dependencies point one way: engine <- worker <- lab <- ui (cli and bench on the engine), read from
 * every source file's imports. The page's own code (lab, ui) never loads TensorFlow.js: training
 * is the worker's, and tfjs reads the page's address for flags of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

/** Which layers each layer may import (its own always). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: [],
  worker: ['engine'],
  lab: ['engine', 'worker'],
  ui: ['engine', 'lab'],
  node: ['engine'],
  cli: ['engine', 'node', 'scripts'],
  // The bench's Node side times the engine and drives its page (bench/page), which runs the whole lab;
  // bench/labShare.ts runs the worker's TrainingSession (free of worker globals) in Node to time its parts.
  bench: ['engine', 'node', 'bench-page', 'worker'],
  // Entry points that wire the layers together.
  main: ['engine', 'worker', 'lab', 'ui'],
  'bench-page': ['engine', 'worker', 'lab', 'ui', 'bench'],
  scripts: ['engine', 'node'],
};

function layerOf(path: string): string | null {
  const rel = relative(ROOT, path).split('\\').join('/');
  if (rel === 'src/main.tsx') return 'main';
  if (rel.startsWith('bench/page/')) return 'bench-page';
  const m = /^(?:src\/(engine|worker|lab|ui|node|cli)|(bench|scripts))\//.exec(rel);
  return m ? (m[1] ?? m[2]) : null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Import {
  from: string;
  spec: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({ from: file, spec: m[3], typeOnly: m[2] !== undefined }));
}

const files = ['src', 'bench', 'scripts'].flatMap((d) => sourceFiles(join(ROOT, d)));
const imports = files.flatMap(importsOf);

function target(i: Import): string | null {
  return i.spec.startsWith('.') ? resolve(dirname(i.from), i.spec) : null;
}

describe('dependencies', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.spec === '../worker/labApi')).toBe(true);
  });

  it('point one way between layers', () => {
    const wrong = imports.flatMap((i) => {
      const to = target(i);
      const from = layerOf(i.from);
      const toLayer = to ? layerOf(to) : null;
      if (!from || !toLayer || toLayer === from || ALLOWED[from]?.includes(toLayer)) return [];
      return [`${relative(ROOT, i.from)} (${from}) imports ${i.spec} (${toLayer})`];
    });
    expect(wrong).toEqual([]);
  });

  it('the engine uses no DOM library (React, d3)', () => {
    const wrong = imports.filter((i) => layerOf(i.from) === 'engine' && /^(react|react-dom|d3)(\/|$)/.test(i.spec));
    expect(wrong.map((i) => `${relative(ROOT, i.from)}: ${i.spec}`)).toEqual([]);
  });

  it('the page (lab, ui) never loads TensorFlow.js, not even through the engine', () => {
    const runtime = new Map<string, string[]>();
    for (const i of imports) {
      if (i.typeOnly) continue;
      const list = runtime.get(i.from) ?? [];
      list.push(target(i) ?? i.spec);
      runtime.set(i.from, list);
    }
    const resolveFile = (path: string) => [path, `${path}.ts`, `${path}.tsx`].find((p) => runtime.has(p) || files.includes(p)) ?? path;
    const reachesTf = (start: string): string[] | null => {
      const seen = new Map<string, string | null>([[start, null]]);
      const queue = [start];
      while (queue.length) {
        const file = queue.shift()!;
        for (const dep of runtime.get(file) ?? []) {
          const next = dep.startsWith('/') ? resolveFile(dep) : dep;
          if (seen.has(next)) continue;
          seen.set(next, file);
          if (next.startsWith('@tensorflow/')) {
            const chain = [next];
            for (let at = seen.get(next); at; at = seen.get(at) ?? null) chain.push(relative(ROOT, at));
            return chain;
          }
          if (next.startsWith('/') && !/\/worker\//.test(next)) queue.push(next);
        }
      }
      return null;
    };
    const pageFiles = files.filter((f) => ['lab', 'ui'].includes(layerOf(f) ?? ''));
    const chains = pageFiles.map(reachesTf).filter((c): c is string[] => c !== null).map((c) => c.join(' <- '));
    expect(chains).toEqual([]);
  });
});
