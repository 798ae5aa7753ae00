import { describe, expect, it } from 'vitest';
import { decodeConfig, encodeConfig } from '../config/urlCodec';
import { validateConfig } from '../config/validate';
import { plainDepth } from './findings/claims';
import { runConfig } from './findings/tasks';
import findings from '../../../docs/findings.json';
import { aplRange, distanceRange, measured, MNIST_WIDTH_FALL_SHOWS, percentRange, pointsRange, PRESETS, stepRange } from './presets';
import { differOnlyInSchedule } from './schedules';

const unnamed = (c: object) => ({ ...c, name: '' });

describe('teaching presets', () => {
  it('are the seven the lab teaches, each with two or three sentences', () => {
    expect(PRESETS.map((p) => p.title)).toEqual([
      'Linearize early vs late', 'How small is the core?', 'Harder task, bigger core', 'Is the core special?',
      'When does the kernel settle?', 'Linearize the weights early vs late', 'Wider is more linear',
    ]);
    for (const p of PRESETS) {
      const sentences = p.explanation.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 3);
      expect(sentences.length, p.id).toBeGreaterThanOrEqual(2);
      expect(sentences.length, p.id).toBeLessThanOrEqual(3);
    }
  });

  it('pass validateConfig with no issues, their links and every run they compare', () => {
    for (const p of PRESETS) {
      expect(validateConfig(p.config).issues).toEqual([]);
      for (const run of p.runs) expect(validateConfig(run.config).issues).toEqual([]);
      const decoded = decodeConfig(encodeConfig(p.config));
      expect(decoded.issues).toEqual([]);
      expect(decoded.config).toEqual(p.config);
    }
  });

  it('are the settings npm run findings measures (seed 1), so the report speaks for them', () => {
    for (const p of PRESETS) {
      const measuredConfigs = p.settings.map((s) => unnamed(runConfig(s)));
      expect(measuredConfigs, p.id).toContainEqual(unnamed(p.config));
      for (const run of p.runs) expect(measuredConfigs, `${p.id}/${run.id}`).toContainEqual(unnamed(run.config));
    }
  });

  it('quote the findings report: every number in the text is a measured range over 3 seeds or more, every effect shown on at least three quarters of them', () => {
    for (const p of PRESETS) {
      for (const e of p.evidence) {
        const m = measured(e.claim, e.key);
        expect(m.seeds, e.key).toBeGreaterThanOrEqual(3);
        const quoted = [pointsRange(m), percentRange(m), aplRange(m), distanceRange(m), stepRange(m)].some((text) => p.explanation.includes(text));
        expect(quoted, `${p.id} quotes ${e.key}`).toBe(true);
        if (e.effect) expect(m.positive, `${p.id}: ${e.key}`).toBeGreaterThanOrEqual(Math.ceil(0.75 * m.seeds));
      }
    }
  });

  it('"Wider is more linear" says the claim does not hold on MNIST exactly when the report finds it does not', () => {
    const text = PRESETS.find((p) => p.id === 'widths')?.explanation ?? '';
    expect(MNIST_WIDTH_FALL_SHOWS).toBe(findings.claims.widths.verdict === 'holds');
    expect(text.includes('does not hold')).toBe(!MNIST_WIDTH_FALL_SHOWS);
  });

  it('early vs late differs only in the prior start, with the prior on', () => {
    const preset = PRESETS.find((p) => p.id === 'early-late');
    const configs = preset?.runs.map((r) => r.config) ?? [];
    expect(configs).toHaveLength(2);
    expect(differOnlyInSchedule(configs)).toBe(true);
    expect(configs.map((c) => c.prior.start)).toEqual([0, preset?.config.prior.start]);
    expect(configs[0].prior.lambda).toBeGreaterThan(0);
  });

  it('the task preset differs only in the task; the core preset trains first', () => {
    expect(PRESETS.find((p) => p.id === 'core-size')?.config.prior.start).toBeGreaterThan(0);
    const [easy, hard] = PRESETS.find((p) => p.id === 'harder-task')?.runs.map((r) => r.config) ?? [];
    expect({ ...easy, name: '', dataset: null }).toEqual({ ...hard, name: '', dataset: null });
    expect(hard.dataset.classes).toBeGreaterThan(easy.dataset.classes);
  });

  it('"Is the core special?" compares plain networks as deep as the core on every seed', () => {
    const apl = measured('harder-task', 'spirals5 λ 10 final APL');
    expect(plainDepth(apl.min)).toBe(plainDepth(apl.max));
    const runs = PRESETS.find((p) => p.id === 'core-special')?.runs ?? [];
    expect(runs.map((r) => r.config.model.hidden.length)).toEqual([6, plainDepth(apl.mean), plainDepth(apl.mean)]);
    expect(runs.slice(1).every((r) => r.config.prior.lambda === 0)).toBe(true);
  });

  it('the kernel presets: the settle preset is the late run the findings read without its prior, the others run the kernel comparisons', () => {
    const settle = PRESETS.find((p) => p.id === 'kernel-settle');
    expect(settle?.runs).toEqual([]);
    expect(settle?.config.prior.start).toBeGreaterThan(0);
    // Up to its prior's start the late run is the run without the prior: they differ only in λ.
    const plain = settle?.settings.find((s) => s.schedule === 'none');
    expect(plain).toBeDefined();
    expect({ ...unnamed(runConfig(plain!)), prior: null }).toEqual({ ...unnamed(settle!.config), prior: null });

    const linearize = PRESETS.find((p) => p.id === 'linearize');
    expect(linearize?.comparison).toBe('linearize');
    expect(linearize?.runs.map((r) => r.linearizeAt ?? null)).toEqual([null, 0, 1500]);
    expect(linearize?.config.prior.lambda).toBe(0);

    const widths = PRESETS.find((p) => p.id === 'widths');
    expect(widths?.comparison).toBe('widths');
    expect(widths?.runs.map((r) => [r.width, r.config.model.hidden])).toEqual([12, 48].map((w) => [w, new Array(6).fill(w)]));
  });
});
