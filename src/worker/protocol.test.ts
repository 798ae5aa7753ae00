import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../engine/config/defaults';
import { parseCommand } from './protocol';

describe('parseCommand', () => {
  it('accepts every well-formed command', () => {
    const config = defaultConfig();
    expect(parseCommand({ type: 'load', config, backend: 'wasm' })).toEqual({ ok: true, command: { type: 'load', config, backend: 'wasm' } });
    expect(parseCommand({ type: 'load', config, backend: null })).toEqual({ ok: true, command: { type: 'load', config, backend: null } });
    expect(parseCommand({ type: 'prepare', config })).toEqual({ ok: true, command: { type: 'prepare', config } });
    for (const type of ['play', 'pause', 'step', 'reset', 'snap']) {
      expect(parseCommand({ type })).toEqual({ ok: true, command: { type } });
    }
    expect(parseCommand({ type: 'change', change: { prior: { lambda: 0.05 } } })).toEqual({ ok: true, command: { type: 'change', change: { prior: { lambda: 0.05 } } } });
    expect(parseCommand({ type: 'change', change: { optimizer: { learningRate: 0.01 } } })).toEqual({
      ok: true,
      command: { type: 'change', change: { optimizer: { learningRate: 0.01 } } },
    });
    expect(parseCommand({ type: 'change', change: { prior: { eps: 0.01, startUnit: 'epoch', snap: true, mode: 'proximal' } } })).toEqual({
      ok: true,
      command: { type: 'change', change: { prior: { eps: 0.01, startUnit: 'epoch', snap: true, mode: 'proximal' } } },
    });
    expect(parseCommand({ type: 'setPace', pace: 'slow' })).toEqual({ ok: true, command: { type: 'setPace', pace: 'slow' } });
    expect(parseCommand({ type: 'setPace', pace: 'full' })).toEqual({ ok: true, command: { type: 'setPace', pace: 'full' } });
    expect(parseCommand({ type: 'snapshotDrawn', ms: 42.5 })).toEqual({ ok: true, command: { type: 'snapshotDrawn', ms: 42.5 } });
  });

  it('rejects malformed messages with a message that names the problem', () => {
    expect(parseCommand('play')).toEqual({ ok: false, error: 'Bad message to the training worker: expected a command object, got "play"' });
    expect(parseCommand({ type: 'fly' })).toEqual({ ok: false, error: 'Bad message to the training worker: unknown command "fly"' });
    expect(parseCommand({ type: 'prepare', config: 'mnist' })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: prepare: expected a config object, got "mnist"',
    });
    expect(parseCommand({ type: 'load', config: null, backend: null })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: load: expected a config object, got null',
    });
    expect(parseCommand({ type: 'change', change: { prior: { lambda: Number.NaN } } })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: change: prior strength λ: expected a number, got NaN',
    });
    expect(parseCommand({ type: 'change', change: { optimizer: { learningRate: 0 } } }).ok).toBe(false);
    expect(parseCommand({ type: 'change', change: { prior: { mode: 'proximal' } } })).toEqual({ ok: true, command: { type: 'change', change: { prior: { mode: 'proximal' } } } });
    expect(parseCommand({ type: 'change', change: { prior: { mode: 'prox' } } })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: change: prior form: "prox" is not one of loss, proximal',
    });
    // The same limits as a link's: validateConfig refuses these too.
    expect(parseCommand({ type: 'change', change: { prior: { eps: 5 } } })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: change: linear threshold ε: 5 is above the maximum 0.5',
    });
    expect(parseCommand({ type: 'change', change: { prior: { start: 1.5 } } }).ok).toBe(false);
    expect(parseCommand({ type: 'change', change: { prior: { ramp: 1e12 } } }).ok).toBe(false);
    expect(parseCommand({ type: 'change', change: { prior: { temperature: 2 } } })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: change: "prior.temperature" cannot change while a run trains',
    });
    expect(parseCommand({ type: 'setPace', pace: 'ludicrous' })).toEqual({
      ok: false,
      error: 'Bad message to the training worker: setPace: pace must be "full" or "slow", got "ludicrous"',
    });
    expect(parseCommand({ type: 'skipTo', step: 940 })).toEqual({ ok: true, command: { type: 'skipTo', step: 940 } });
    for (const step of [-1, 2.5, '940', Number.POSITIVE_INFINITY, undefined]) {
      expect(parseCommand({ type: 'skipTo', step })).toMatchObject({ ok: false, error: expect.stringContaining('skipTo: step must be a whole number >= 0') });
    }
    expect(parseCommand({ type: 'snapshotDrawn', ms: -1 })).toMatchObject({ ok: false, error: expect.stringContaining('snapshotDrawn: ms must be') });
    expect(parseCommand({ type: 'snapshotDrawn' })).toMatchObject({ ok: false });
  });
});
