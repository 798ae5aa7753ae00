import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults';
import { applyLiveChange, checkLiveChange } from './liveChange';
import { validateConfig } from './validate';

describe('applyLiveChange', () => {
  it('sets the changed fields and leaves the rest and the input alone', () => {
    const config = defaultConfig();
    const next = applyLiveChange(config, { prior: { lambda: 30, eps: 0.01 }, optimizer: { learningRate: 0.05 } });
    expect(next.prior).toEqual({ ...config.prior, lambda: 30, eps: 0.01 });
    expect(next.optimizer).toEqual({ ...config.optimizer, learningRate: 0.05 });
    expect(next.model).toBe(config.model);
    expect(config.prior.lambda).toBe(0);
    expect(config.optimizer.learningRate).toBe(0.001);
  });

  it('keeps a group that the change does not name as the same object', () => {
    const config = defaultConfig();
    const next = applyLiveChange(config, { prior: { snap: true } });
    expect(next.optimizer).toBe(config.optimizer);
    expect(next.prior.snap).toBe(true);
  });
});

describe('checkLiveChange', () => {
  it('accepts what the field table accepts', () => {
    const change = { prior: { lambda: 1e4, mode: 'proximal', start: 3, startUnit: 'epoch', ramp: 0, eps: 0.5, snap: true }, optimizer: { learningRate: 1 } };
    expect(checkLiveChange(change)).toEqual({ ok: true, change });
    expect(validateConfig(applyLiveChange(defaultConfig(), change as never)).issues).toEqual([]);
  });

  it.each([
    [{ prior: { eps: 5 } }, 'linear threshold ε: 5 is above the maximum 0.5'],
    [{ prior: { start: 1.5 } }, 'prior start t_on: expected a whole number, got 1.5'],
    [{ prior: { ramp: 1e12 } }, 'prior ramp: 1000000000000 is above the maximum 1000000'],
    [{ prior: { lambda: -1 } }, 'prior strength λ: -1 is below the minimum 0'],
    [{ prior: { lambda: Number.NaN } }, 'prior strength λ: expected a number, got NaN'],
    [{ prior: { mode: 'both' } }, 'prior form: "both" is not one of loss, proximal'],
    [{ optimizer: { learningRate: 0 } }, 'learning rate: 0 is below the minimum above 0'],
    [{ optimizer: { kind: 'sgd' } }, '"optimizer.kind" cannot change while a run trains'],
    [{ prior: { temperature: 2 } }, '"prior.temperature" cannot change while a run trains'],
    [{ model: { hidden: [4] } }, '"model" cannot change while a run trains'],
    [{ prior: 3 }, 'prior: expected an object'],
    [null, 'expected a change object'],
  ])('refuses %j: %s', (raw, error) => {
    expect(checkLiveChange(raw)).toEqual({ ok: false, error });
  });

  it('refuses keys inherited from Object.prototype', () => {
    expect(checkLiveChange({ constructor: {} }).ok).toBe(false);
    expect(checkLiveChange(JSON.parse('{"prior": {"__proto__": {"lambda": 1}}}')).ok).toBe(false);
  });
});
