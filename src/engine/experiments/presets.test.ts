import { describe, expect, it } from 'vitest';
import { decodeConfig, encodeConfig } from '../config/urlCodec';
import { validateConfig } from '../config/validate';
import { PRESETS } from './presets';
import { differOnlyInSchedule } from './schedules';

describe('teaching presets', () => {
  it('has the three the issue asks for, each with a few sentences', () => {
    expect(PRESETS.map((p) => p.title)).toEqual(['Linearize early vs late', 'How small is the core?', 'Harder task, bigger core']);
    for (const p of PRESETS) {
      const sentences = p.explanation.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 3);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
    }
  });

  it('passes validateConfig with no issues, its link and every run it compares', () => {
    for (const p of PRESETS) {
      expect(validateConfig(p.config).issues).toEqual([]);
      for (const run of p.runs) expect(validateConfig(run.config).issues).toEqual([]);
      const decoded = decodeConfig(encodeConfig(p.config));
      expect(decoded.issues).toEqual([]);
      expect(decoded.config).toEqual(p.config);
    }
  });

  it('early vs late differs only in the prior start, with the prior on', () => {
    const preset = PRESETS.find((p) => p.id === 'early-late');
    const configs = preset?.runs.map((r) => r.config) ?? [];
    expect(configs).toHaveLength(2);
    expect(differOnlyInSchedule(configs)).toBe(true);
    expect(configs.map((c) => c.prior.start)).toEqual([0, preset?.config.prior.start]);
    expect(configs[0].prior.lambda).toBeGreaterThan(0);
  });

  it('the core preset trains first and ramps λ after; the task preset differs only in the task', () => {
    const core = PRESETS.find((p) => p.id === 'core-size')?.config;
    expect(core?.prior.start).toBeGreaterThan(0);
    expect(core?.prior.ramp).toBeGreaterThan(0);
    const [easy, hard] = PRESETS.find((p) => p.id === 'harder-task')?.runs.map((r) => r.config) ?? [];
    expect({ ...easy, name: '', dataset: null }).toEqual({ ...hard, name: '', dataset: null });
    expect(hard.dataset.classes).toBeGreaterThan(easy.dataset.classes);
  });
});
