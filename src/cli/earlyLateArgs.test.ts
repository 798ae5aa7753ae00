import { describe, expect, it } from 'vitest';
import { parseEarlyLateArgs } from './earlyLateArgs';

describe('npm run early-late arguments', () => {
  it('takes a config with optional λ and seed lists', () => {
    expect(parseEarlyLateArgs(['?v=1&data=xor'])).toEqual({ source: '?v=1&data=xor', lambdas: null, seeds: null });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '20,25', '--seeds', '1, 2,3'])).toEqual({ source: 'c.json', lambdas: [20, 25], seeds: [1, 2, 3] });
  });

  it('names what is wrong', () => {
    expect(parseEarlyLateArgs([])).toEqual({ error: 'missing config: give a config.json path or a share link' });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '20,x'])).toEqual({ error: '--lambdas takes a comma-separated list, e.g. --lambdas 20,25; got 20,x' });
    expect(parseEarlyLateArgs(['c.json', '--seeds'])).toEqual({ error: '--seeds takes a comma-separated list, e.g. --seeds 1,2,3; got nothing' });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '-3'])).toMatchObject({ error: expect.stringContaining('got -3') });
    expect(parseEarlyLateArgs(['c.json', '--fast'])).toEqual({ error: 'unknown option --fast' });
    expect(parseEarlyLateArgs(['a.json', 'b.json'])).toEqual({ error: 'one config at a time; got a.json and b.json' });
  });
});
