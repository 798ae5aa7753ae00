import { describe, expect, it } from 'vitest';
import { parseExportTorchArgs } from './exportTorch';

describe('npm run export-torch arguments', () => {
  it('takes a config, -o and --init', () => {
    expect(parseExportTorchArgs(['v=2&data=xor', '-o', 'run.py', '--init', 'init.json'])).toEqual({ source: 'v=2&data=xor', out: 'run.py', init: 'init.json' });
    expect(parseExportTorchArgs(['cfg.json', '--out', 'x.py'])).toEqual({ source: 'cfg.json', out: 'x.py', init: null });
    expect(parseExportTorchArgs(['cfg.json'])).toEqual({ source: 'cfg.json', out: null, init: null });
  });

  it('says what is wrong', () => {
    expect(parseExportTorchArgs([])).toEqual({ error: expect.stringContaining('missing config') });
    expect(parseExportTorchArgs(['cfg.json', '-o'])).toEqual({ error: '-o needs a file name' });
    expect(parseExportTorchArgs(['cfg.json', '--init', '-o'])).toEqual({ error: '--init needs a file name' });
    expect(parseExportTorchArgs(['cfg.json', '--gpu'])).toEqual({ error: 'unknown option --gpu' });
  });
});
