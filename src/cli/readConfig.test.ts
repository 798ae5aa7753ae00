import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './readConfig';

const dir = () => mkdtempSync(join(tmpdir(), 'nll-read-'));
const errorOf = (source: string) => {
  const result = readConfig(source);
  return 'error' in result ? result.error : null;
};

describe('readConfig: input that is not a config is refused with a clear message', () => {
  it('refuses a FIFO at once instead of waiting on it forever', () => {
    const fifo = join(dir(), 'config.json');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(fifo)).toMatch(/is not a regular file \(a pipe, socket or device\)/);
  });

  it('names a directory as one (not "EISDIR")', () => {
    const folder = join(dir(), 'configs');
    mkdirSync(folder);
    expect(errorOf(folder)).toBe(`${folder} is a directory, not a config file`);
  });

  it('refuses a link without a query, or whose query holds no setting', () => {
    expect(errorOf('http://localhost:5173/')).toMatch(/has no query/);
    expect(errorOf('https://example.org/lab')).toMatch(/has no query/);
    expect(errorOf('http://localhost:5173/?backend=wasm&utm=1')).toMatch(/holds no experiment settings/);
    expect(errorOf('foo=bar')).toMatch(/holds no experiment settings/);
  });

  it('says a missing .json file is missing, even when its name looks like a query', () => {
    expect(errorOf('runs/lr=0.1.json')).toBe('no such config file: runs/lr=0.1.json');
  });

  it('refuses JSON that is not a config object', () => {
    const list = join(dir(), 'list.json');
    writeFileSync(list, '[1, 2]');
    expect(errorOf(list)).toMatch(/holds a list, not a config object/);
  });

  it('accepts a file that starts with a UTF-8 byte-order mark', () => {
    const file = join(dir(), 'bom.json');
    writeFileSync(file, '\uFEFF' + JSON.stringify({ dataset: { kind: 'xor' }, prior: { lambda: 3 } }));
    const result = readConfig(file);
    expect(result).not.toHaveProperty('error');
    expect(result).toMatchObject({ config: { dataset: { kind: 'xor' }, prior: { lambda: 3 } }, issues: [] });
  });

  it('still reads links, bare queries and their bad fields', () => {
    expect(readConfig('http://localhost:5173/?v=2&data=xor&lambda=2')).toMatchObject({ config: { dataset: { kind: 'xor' }, prior: { lambda: 2 } } });
    expect(readConfig('?v=2&data=circles')).toMatchObject({ config: { dataset: { kind: 'circles' } } });
    expect(readConfig('data=blobs&bogus=1')).toMatchObject({ config: { dataset: { kind: 'blobs' } }, issues: expect.arrayContaining([expect.objectContaining({ field: 'bogus' })]) });
  });
});
