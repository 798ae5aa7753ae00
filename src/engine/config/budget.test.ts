import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchConfig } from '../../../bench/measure/engineThroughput';
import * as tf from '../tf';
import { setNodeBackend } from '../../node/tfNode';
import type { Dataset } from '../data/types';
import { PRESETS } from '../experiments/presets';
import { EVAL_BATCH_SIZE as ENGINE_EVAL_BATCH, EVAL_SAMPLE_LIMIT as ENGINE_EVAL_LIMIT } from '../training/evaluate';
import { PREVIEW_RESOLUTION } from '../training/preview';
import { Trainer } from '../training/trainer';
import { BUDGET, checkBudget, EVAL_BATCH_SIZE, EVAL_SAMPLE_LIMIT, estimateBudget, PLANE_PREVIEW_POINTS, stepMsOn } from './budget';
import { defaultConfig } from './defaults';
import { BUDGET_ISSUE_FIELD, refuseOverBudget } from './fitBudget';
import type { ExperimentConfig } from './types';
import { decodeConfig, encodeConfig, MAX_LINK_LENGTH } from './urlCodec';
import { validateConfig } from './validate';

function configWith(edit: (c: ExperimentConfig) => void): ExperimentConfig {
  const c = defaultConfig();
  edit(c);
  return c;
}

describe('the estimate, against hand-computed counts', () => {
  it('default MLP 784-64-64-64-10: 59,402 parameters, 6 FLOPs per multiply-add and example', () => {
    const e = estimateBudget(defaultConfig());
    // weights + biases: 784*64+64 + 2*(64*64+64) + 64*10+10 = 59,210; slopes 3*64 = 192.
    expect(e.parameters).toBe(59_210 + 192);
    // forward multiply-adds 784*64 + 2*64*64 + 64*10 = 59,008; x2 FLOPs, x3 with both gradients; batch 64.
    expect(e.stepFlops).toBe(64 * 6 * 59_008);
    // Adam: two slots per parameter.
    expect(e.optimizerStateBytes).toBe(2 * 59_402 * 4);
    // variables plus the frozen masks (one per gated channel).
    expect(e.weightBytes).toBe((59_402 + 192) * 4);
  });

  it('default CNN 16, 32s2 on 28x28: parameters and FLOPs per stage', () => {
    const e = estimateBudget(configWith((c) => (c.model.kind = 'cnn')));
    // conv1 9*1*16+16 = 160; conv2 9*16*32+32 = 4,640; dense 14*14*32*10+10 = 62,730; slopes 48.
    expect(e.parameters).toBe(160 + 4_640 + 62_730 + 48);
    // multiply-adds: 28*28*16*9 + 14*14*32*9*16 + 14*14*32*10 = 112,896 + 903,168 + 62,720.
    expect(e.stepFlops).toBe(64 * 6 * (112_896 + 903_168 + 62_720));
  });

  it('activations grow with the batch, parameters do not; SGD without momentum keeps no optimizer state', () => {
    const small = estimateBudget(configWith((c) => (c.training.batchSize = 32)));
    const large = estimateBudget(configWith((c) => (c.training.batchSize = 256)));
    expect(large.trainingActivationBytes).toBeCloseTo(8 * small.trainingActivationBytes, 6);
    expect(large.parameters).toBe(small.parameters);
    expect(estimateBudget(configWith((c) => Object.assign(c.optimizer, { kind: 'sgd', momentum: 0 }))).optimizerStateBytes).toBe(0);
    expect(estimateBudget(configWith((c) => Object.assign(c.optimizer, { kind: 'sgd', momentum: 0.9 }))).optimizerStateBytes).toBe(59_402 * 4);
  });

  it('uses the evaluation and preview batches the engine uses', () => {
    expect(EVAL_BATCH_SIZE).toBe(ENGINE_EVAL_BATCH);
    expect(EVAL_SAMPLE_LIMIT).toBe(ENGINE_EVAL_LIMIT);
    expect(PLANE_PREVIEW_POINTS).toBe(PREVIEW_RESOLUTION ** 2);
  });

  it('time per step: more on a slower backend, null for one never measured', () => {
    const config = configWith((c) => (c.model.kind = 'cnn'));
    const wasm = stepMsOn(config, 'wasm') as number;
    expect(wasm).toBeGreaterThan(0);
    expect(stepMsOn(config, 'webgpu')).toBeGreaterThan(wasm);
    expect(stepMsOn(config, 'no-such-backend')).toBeNull();
  });
});

/** Random uint8 images: the memory a step takes does not depend on the pixels. */
function fakeImages(train: number, test: number): Dataset {
  const split = (count: number) => ({
    features: new Uint8Array(count * 784).map((_, i) => (i * 37) % 256),
    labels: new Uint8Array(count).map((_, i) => i % 10),
    count,
  });
  return { kind: 'mnist', inputShape: [28, 28, 1], numClasses: 10, classNames: [...'0123456789'], featureScale: 1 / 255, train: split(train), test: split(test), dropped: 0 };
}

describe('the memory estimate, against tf.profile on the WASM backend', () => {
  const cases: [string, (c: ExperimentConfig) => void][] = [
    ['MLP 256-256 residual, batch 128', (c) => Object.assign(c.model, { hidden: [256, 256], residual: true }) && (c.training.batchSize = 128)],
    ['default CNN, batch 64', (c) => (c.model.kind = 'cnn')],
    ['CNN 8, 8 max-pool, 16, batch 32', (c) => {
      c.model.kind = 'cnn';
      c.model.conv = [{ channels: 8, stride: 1, pool: 'none' }, { channels: 8, stride: 1, pool: 'max' }, { channels: 16, stride: 1, pool: 'none' }];
      c.training.batchSize = 32;
    }],
  ];

  it.each(cases)('%s: a training step and an evaluation stay under the estimate, and within 2x of it', async (_, edit) => {
    await setNodeBackend('wasm');
    try {
      const config = configWith(edit);
      config.prior.lambda = 1;
      const trainer = Trainer.create(config, fakeImages(config.training.batchSize * 2, EVAL_BATCH_SIZE), { name: 'wasm', reason: 'test', attempts: [] });
      try {
        trainer.trainStep(); // builds the optimizer's slots
        await trainer.flush();
        const resident = tf.memory().numBytes;
        // tf.profile hands back one shared record: read each peak before the next profile.
        const stepPeak = (await tf.profile(() => trainer.trainStep())).peakBytes - resident;
        await trainer.flush();
        const evalPeak = (await tf.profile(async () => void (await trainer.evaluate()))).peakBytes - resident;
        const e = estimateBudget(config);
        const stepEstimate = e.gradientBytes + e.trainingActivationBytes;
        expect(stepPeak).toBeLessThanOrEqual(stepEstimate);
        expect(stepPeak).toBeGreaterThan(stepEstimate / 2);
        // The first evaluation also takes the checkpoint (a copy of the weights and the optimizer's state) and
        // measures the tangent kernel on its probes; the peak holds all of it.
        expect(evalPeak).toBeLessThanOrEqual(e.inferenceActivationBytes + e.checkpointBytes + e.kernelProbeBytes);
        expect(evalPeak).toBeGreaterThan(e.inferenceActivationBytes / 2);
        expect(resident).toBeLessThanOrEqual(e.weightBytes + e.optimizerStateBytes + e.kernelProbeBytes + 2 * 784 * 4 * config.training.batchSize);
      } finally {
        trainer.dispose();
      }
    } finally {
      await setNodeBackend('cpu');
    }
  });
});

/** Every `/?v=...` link written out in the end-to-end tests (but budget.spec.ts's, there to be refused). */
function e2eLinks(): string[] {
  const links: string[] = [];
  for (const file of readdirSync('e2e').filter((f) => f.endsWith('.ts') && f !== 'budget.spec.ts')) {
    const text = readFileSync(`e2e/${file}`, 'utf8');
    for (const m of text.matchAll(/['`](\/\?v=[^'`]*)['`]/g)) if (!m[1].includes('${')) links.push(m[1]);
  }
  return links;
}

describe('what the lab ships fits the budget', () => {
  it('the defaults, every dataset, with an MLP and (on images) the default CNN', () => {
    for (const kind of ['mnist', 'fashion-mnist', 'spirals', 'circles', 'xor', 'blobs'] as const) {
      for (const model of kind.includes('mnist') ? (['mlp', 'cnn'] as const) : (['mlp'] as const)) {
        const config = configWith((c) => Object.assign(c.dataset, { kind }) && (c.model.kind = model));
        expect(checkBudget(config).over, `${kind} ${model}`).toEqual([]);
      }
    }
  });

  it('every preset and every run it overlays', () => {
    const configs = PRESETS.flatMap((p) => [p.config, ...p.runs.map((r) => r.config)]);
    expect(configs.length).toBeGreaterThanOrEqual(5);
    for (const config of configs) expect(validateConfig(config).issues, config.name).toEqual([]);
  });

  it('every link in the end-to-end tests', () => {
    const links = e2eLinks();
    expect(links.length).toBeGreaterThanOrEqual(10);
    for (const link of links) {
      expect(decodeConfig(link).issues.filter((i) => i.field === BUDGET_ISSUE_FIELD), link).toEqual([]);
    }
  });

  it('every benchmark config (default MLP and CNN at batch 64 and 256)', () => {
    for (const model of ['mlp', 'cnn'] as const) {
      for (const batch of [64, 256]) expect(validateConfig(benchConfig(model, batch)).issues, `${model} ${batch}`).toEqual([]);
    }
  });

  it('the largest model the controls offer at the default batch: an MLP of three 1,024-wide layers', () => {
    expect(checkBudget(configWith((c) => (c.model.hidden = [1024, 1024, 1024]))).over).toEqual([]);
  });
});

describe('a config over the budget is refused at decode time', () => {
  it("the issue's CNN (eight stages of 128, residual, batch 1,024): named fields and a suggestion that fits", () => {
    const link = '?v=1&model=cnn&conv=128,128,128,128,128,128,128,128&res=1&bs=1024';
    expect(checkBudget(decodeConfig(link, undefined, { budget: false }).config).over).toEqual(['memory', 'compute']);
    const { config, issues } = decodeConfig(link);
    const refusal = issues.find((i) => i.field === BUDGET_ISSUE_FIELD);
    expect(refusal?.message).toMatch(/^this CNN is over the lab's budget: [\d.]+ GB of memory at its peak \(at most 1 GB\), [\d.]+ TFLOP a training step \(at most 20 GFLOP\)\./);
    expect(refusal?.message).toContain('Change batch size (bs=) and CNN stages (conv=)');
    expect(checkBudget(config).over).toEqual([]);
    // The suggestion is spelled out as link fields, and it is what the decoded config holds.
    const suggested = /fits: (.*)$/.exec(refusal?.message ?? '')?.[1] ?? '';
    expect(encodeConfig(config)).toContain(suggested.split('&')[1]);
    expect(`&${encodeConfig(config)}`).toContain(`&${suggested.split('&')[0]}&`);
    expect(config.model.residual).toBe(true);
  });

  it('twenty hidden layers of 1,024: over 10 million parameters; narrower layers suggested, the batch kept', () => {
    const { config, issues } = decodeConfig(`v=2&hidden=${new Array<number>(20).fill(1024).join('-')}`);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toContain('20.8 million parameters (at most 10 million)');
    expect(issues[0].message).toContain('Change MLP hidden widths (hidden=);');
    expect(config.model.hidden).toEqual(new Array(20).fill(512));
    expect(config.training.batchSize).toBe(64);
  });

  it('a CNN over only at its batch size: only the batch size changes, to the largest that fits', () => {
    const refusal = refuseOverBudget(configWith((c) => {
      c.model.kind = 'cnn';
      c.model.conv = [{ channels: 64, stride: 1, pool: 'none' }, { channels: 64, stride: 2, pool: 'none' }, { channels: 128, stride: 1, pool: 'none' }];
      c.training.batchSize = 256;
    }));
    expect(refusal?.changed).toEqual(['training.batchSize']);
    expect(refusal?.suggestion.training.batchSize).toBe(128);
    expect(refusal?.message).toContain('using the nearest config that fits: bs=128');
  });

  it('config files and imports see the same budget (validateConfig); only budget: false lets one through', () => {
    const huge = configWith((c) => (c.model.hidden = new Array<number>(20).fill(1024)));
    expect(validateConfig(huge).issues.map((i) => i.field)).toEqual([BUDGET_ISSUE_FIELD]);
    expect(validateConfig(huge, { budget: false })).toEqual({ config: huge, issues: [] });
  });

  it('a config that reaches the worker over the budget (from the controls) gets advice, not a replacement', () => {
    // trainingSession.loadRun throws "Not started: <advice>." for it.
    const huge = configWith((c) => {
      c.training.batchSize = 1024;
      c.model.kind = 'cnn';
    });
    const refusal = refuseOverBudget(huge);
    expect(refusal?.advice).toMatch(/^this CNN is over the lab's budget: .*\. Change batch size \(bs=\); a config that fits: bs=512$/);
    expect(refuseOverBudget(defaultConfig())).toBeNull();
  });
});

describe('link length', () => {
  it('the longest valid config encodes well under the limit', () => {
    const longest = configWith((c) => {
      c.name = '語'.repeat(80);
      c.note = '語'.repeat(500);
      c.model.hidden = new Array<number>(20).fill(1000);
    });
    const link = `https://example.org/lab/?${encodeConfig(longest)}&hide=core,preview,gates,pathlen,curves,metrics,prior,data,architecture,training,runs&madeon=webgpu`;
    expect(link.length).toBeLessThan(MAX_LINK_LENGTH * 0.75);
    expect(decodeConfig(link).config.note).toBe(longest.note);
  });

  it('a longer link is refused before parsing: defaults, one message, nothing read from it', () => {
    const link = `?v=2&data=xor&hidden=8&note=${'x'.repeat(MAX_LINK_LENGTH)}&backend=cpu`;
    const { config, issues, appParams } = decodeConfig(link);
    expect(config).toEqual(defaultConfig());
    expect(appParams).toEqual({});
    expect(issues).toEqual([{ field: '(link)', message: `the link is ${(link.length).toLocaleString('en-US')} characters long, over the limit of 8,192; it was not read, and the defaults are used` }]);
  });
});

describe('BUDGET', () => {
  it('is what the README states', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(BUDGET).toEqual({ maxParameters: 10_000_000, maxMemoryBytes: 1024 ** 3, maxStepFlops: 20e9 });
    expect(readme).toContain('at most 10 million parameters');
    expect(readme).toContain('1 GB');
    expect(readme).toContain('20 GFLOP');
    expect(readme).toContain('8,192 characters');
  });
});
