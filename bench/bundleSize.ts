/** The shipped app's files (dist/ without the data), raw and gzipped. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BundleSize } from './types';

export function bundleSizes(distDir: string): BundleSize[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'data') walk(path);
      } else if (/\.(js|css|html|wasm|svg)$/.test(name)) files.push(path);
    }
  };
  walk(distDir);
  return files.sort().map((path) => {
    const content = readFileSync(path);
    return { file: relative(distDir, path), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
}
