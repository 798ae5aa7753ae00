import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { RunRecord } from '../history/runRecord';
import { metricsFromCsv, metricsToCsv } from './metricsCsv';
import { EXPORT_FORMAT, exportRunsJson, parseRunsImport } from './runExport';

const points: EvalPoint[] = [
  { step: 0, epoch: 0, trainLoss: 1.0986, trainAccuracy: 0.33, testLoss: 1.1, testAccuracy: 0.31, fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0 },
  { step: 5, epoch: 0.5, trainLoss: 0.7, trainAccuracy: 0.6, testLoss: null, testAccuracy: null, fractionNonlinear: 0.5, aplNormalized: 1.25, aplUnnormalized: 1.5, lambda: 0.1 },
  { step: 10, epoch: 1, trainLoss: NaN, trainAccuracy: 0.2, testLoss: NaN, testAccuracy: 0.1, fractionNonlinear: 0, aplNormalized: 0, aplUnnormalized: 0, lambda: 10 },
];

const run: RunRecord = {
  recordVersion: 2,
  id: 'r1',
  name: 'Spirals with a strong prior',
  createdAt: Date.UTC(2025, 0, 2),
  updatedAt: Date.UTC(2025, 0, 2),
  config: { ...defaultConfig(), name: 'spir<al>', note: 'a note & more', dataset: { ...defaultConfig().dataset, kind: 'spirals' }, prior: { ...defaultConfig().prior, lambda: 10 } },
  backend: 'wasm',
  history: points,
  gates: [{ name: 'dense 1', slopes: [0, 0.5, 1], fractionNonlinear: 2 / 3 }],
  step: 10,
  totalSteps: 10,
  finished: true,
  diverged: null,
  source: 'trained',
  group: null,
};

describe('JSON export and import', () => {
  it('carries the config as its URL encoding with a format name and version', () => {
    const file = JSON.parse(exportRunsJson([run]));
    expect(file.format).toBe(EXPORT_FORMAT);
    expect(file.formatVersion).toBe(2);
    expect(file.kind).toBe('run');
    expect(file.runs[0].config).toMatch(/^v=3&name=spir%3Cal%3E&note=a%20note%20%26%20more&data=spirals&/);
  });

  it('round-trips a run: config, metrics (NaN included), gates and state', () => {
    const { runs, problems } = parseRunsImport(exportRunsJson([run]));
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    const back = runs[0];
    expect(back.config).toEqual(run.config);
    expect(back.name).toBe(run.name);
    expect(back.history).toEqual(run.history);
    expect(back.gates).toEqual(run.gates);
    expect([back.step, back.totalSteps, back.finished, back.backend, back.createdAt]).toEqual([10, 10, true, 'wasm', run.createdAt]);
    expect(back.source).toBe('imported');
  });

  it('keeps the tangent-kernel readings of newer runs and still reads runs without them', () => {
    const withKernel: EvalPoint[] = [
      { ...points[0], ntkDistance: 0, ntkVelocity: null, ntkAlignment: 0.1 },
      { ...points[1], ntkDistance: 0.3, ntkVelocity: 0.12, ntkAlignment: 0.25 },
    ];
    const newer = parseRunsImport(exportRunsJson([{ ...run, history: withKernel }]));
    expect(newer.problems).toEqual([]);
    expect(newer.runs[0].history).toEqual(withKernel);
    const older = parseRunsImport(exportRunsJson([run]));
    expect(older.runs[0].history[0]).not.toHaveProperty('ntkDistance');
    const broken = JSON.parse(exportRunsJson([{ ...run, history: withKernel }]));
    broken.runs[0].metrics[1].ntkDistance = 'far';
    expect(parseRunsImport(JSON.stringify(broken)).problems).toEqual([expect.stringMatching(/1 of 2 metric rows were not valid/)]);
  });

  it('exports several runs as a sweep', () => {
    const text = exportRunsJson([run, { ...run, id: 'r2', name: 'second' }]);
    expect(JSON.parse(text).kind).toBe('sweep');
    expect(parseRunsImport(text).runs.map((r) => r.name)).toEqual([run.name, 'second']);
  });

  it('carries a comparison: its runs import as one new group, in their places, apart from the group they came from', () => {
    const group = { id: 'group-a', kind: 'comparison' as const, name: 'Early versus late', member: 'early', label: 'early (prior from step 0)', index: 0, size: 2, linearizeAt: null, width: null };
    const late = { ...group, member: 'late@10epoch', label: 'late (prior from epoch 10)', index: 1 };
    const text = exportRunsJson([{ ...run, group }, { ...run, id: 'r2', group: late }, { ...run, id: 'r3' }], 'comparison');
    expect(JSON.parse(text).kind).toBe('comparison');
    const { runs, problems } = parseRunsImport(text, 36 ** 3);
    expect(problems).toEqual([]);
    expect(runs.map((r) => r.group)).toEqual([{ ...group, id: 'group-a~1000' }, { ...late, id: 'group-a~1000' }, null]);
    expect(runs.every((r) => r.recordVersion === 2)).toBe(true);
  });

  it('reads a format 1 file as runs of no group, and a damaged group as a run of its own', () => {
    const v1 = JSON.parse(exportRunsJson([run]));
    v1.formatVersion = 1;
    delete v1.runs[0].group;
    const old = parseRunsImport(JSON.stringify(v1));
    expect(old.problems).toEqual([]);
    expect(old.runs[0].group).toBeNull();
    v1.runs[0].group = { id: 'g', kind: 'tournament', member: 'x', index: 0, size: 1 };
    const damaged = parseRunsImport(JSON.stringify(v1));
    expect(damaged.runs[0].group).toBeNull();
    expect(damaged.problems).toEqual([expect.stringMatching(/Run 1 "Spirals with a strong prior": its comparison or sweep is not readable; imported as a run of its own/)]);
  });

  it('says clearly what junk is, and imports nothing from it', () => {
    expect(parseRunsImport('not json {').problems[0]).toMatch(/not JSON/);
    expect(parseRunsImport('[1,2]').problems[0]).toMatch(/no export object/);
    expect(parseRunsImport('{"format":"something-else","runs":[]}').problems[0]).toMatch(/not a Nonlinear Lab run export/);
    expect(parseRunsImport(`{"format":"${EXPORT_FORMAT}","formatVersion":1}`).problems).toContain('The file has no list of runs; nothing was imported.');
    for (const junk of ['not json {', '[1,2]', 'null', '""']) expect(parseRunsImport(junk).runs).toEqual([]);
  });

  it('keeps what it can of a damaged run and names each problem', () => {
    const file = JSON.parse(exportRunsJson([run]));
    file.formatVersion = 7;
    file.runs[0].config = file.runs[0].config.replace('lambda=10', 'lambda=banana').replace('eps=0.001', 'eps=5') + '&wat=1';
    file.runs[0].metrics[1] = { step: 'five' };
    file.runs.push(42);
    const { runs, problems } = parseRunsImport(JSON.stringify(file));
    expect(runs).toHaveLength(1);
    expect(runs[0].config.prior.lambda).toBe(defaultConfig().prior.lambda);
    expect(runs[0].config.dataset.kind).toBe('spirals');
    expect(runs[0].history.map((p) => p.step)).toEqual([0, 10]);
    const text = problems.join('\n');
    expect(text).toMatch(/newer lab \(format version 7\)/);
    expect(text).toMatch(/Run 1 "Spirals with a strong prior": prior strength λ: "banana" is not a number/);
    expect(text).toMatch(/unknown setting "wat"/);
    expect(text).toMatch(/Linear threshold|eps|ε/i);
    expect(text).toMatch(/1 of 3 metric rows were not valid/);
    expect(text).toMatch(/Run 2 is not a run object; skipped/);
  });
});

describe('metrics CSV', () => {
  it('has one header and one row per evaluation, empty cells for missing test numbers', () => {
    const lines = metricsToCsv(points).trim().split('\n');
    expect(lines[0]).toBe('step,epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,fractionNonlinear,aplNormalized,aplUnnormalized,lambda');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('5,0.5,0.7,0.6,,,0.5,1.25,1.5,0.1');
  });

  it('round-trips', () => {
    expect(metricsFromCsv(metricsToCsv(points))).toEqual(points);
  });

  it('adds the tangent-kernel columns when the run measured them, and round-trips them', () => {
    const withKernel: EvalPoint[] = [
      { ...points[0], ntkDistance: 0, ntkVelocity: null, ntkAlignment: 0.1 },
      { ...points[1], ntkDistance: 0.3, ntkVelocity: 0.12, ntkAlignment: 0.25 },
    ];
    const text = metricsToCsv(withKernel);
    expect(text.split('\n')[0]).toMatch(/,lambda,ntkDistance,ntkVelocity,ntkAlignment$/);
    expect(metricsFromCsv(text)).toEqual(withKernel);
  });

  it('rejects a CSV without the metric columns or with text in a number cell', () => {
    expect(() => metricsFromCsv('a,b\n1,2')).toThrow(/lacks the columns step, epoch/);
    expect(() => metricsFromCsv(metricsToCsv(points).replace('0.7', 'seven'))).toThrow(/Row 3: trainLoss "seven" is not a number/);
  });

  it('cleans imported text as links are cleaned: no control or bidi characters, no megabyte strings', () => {
    const file = JSON.parse(exportRunsJson([run]));
    Object.assign(file.runs[0], {
      name: '\u202egnp.exe\u0000\u0007',
      backend: 'wasm\u2066' + 'w'.repeat(1_000_000),
      diverged: 'x\u001b'.repeat(1_000_000),
    });
    file.runs[0].gates[0].name = 'dense\u202e 1' + 'y'.repeat(1_000_000);
    const { runs } = parseRunsImport(JSON.stringify(file));
    expect(runs[0].name).toBe('gnp.exe');
    expect(runs[0].backend).toHaveLength(20);
    expect(runs[0].backend).toMatch(/^wasmw+…$/);
    expect(runs[0].diverged!.length).toBeLessThanOrEqual(300);
    expect(runs[0].diverged).not.toContain('\u001b');
    expect(runs[0].gates![0].name).toMatch(/^dense 1y+…$/);
    expect(runs[0].gates![0].name.length).toBeLessThanOrEqual(40);
  });
});
