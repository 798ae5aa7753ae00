import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { decodeConfig, encodeConfig } from '../config/urlCodec';
import { labInit, planOf } from './labInit';
import { torchScript } from './torchScript';
import { Network } from '../model/network';

/** The config as the script's own json.loads would read it back (r'''...''' is taken verbatim). */
function embeddedConfig(script: string): unknown {
  const m = /LAB_CONFIG_JSON = r'''([\s\S]*?)'''/.exec(script);
  if (!m) throw new Error('no embedded config');
  return JSON.parse(m[1]);
}

describe('torchScript', () => {
  it('embeds the config in today\'s schema and its link, whatever its name holds', () => {
    const config = { ...defaultConfig(), name: `it's "odd" ''' \\ name`, note: 'a\nnote' };
    const script = torchScript(config);
    expect(embeddedConfig(script)).toEqual(config);
    expect(script).toContain(`LAB_LINK = ${JSON.stringify(encodeConfig(config))}`);
    expect(script.startsWith('#!/usr/bin/env python3')).toBe(true);
    // A docstring that a name cannot end early.
    expect(script.split('\n')[2]).toBe(`r"""Nonlinear Lab experiment "it's 'odd' ''' / name", exported for PyTorch.`);
  });

  it('imports torchvision only inside the CIFAR reader', () => {
    const script = torchScript(defaultConfig());
    const imports = script.split('\n').filter((l) => /^\s*import torchvision/.test(l));
    expect(imports).toEqual(['        import torchvision  # only here: the lab\'s own tasks need no torchvision']);
  });
});

describe('labInit', () => {
  it("holds the engine network's initial weights, layer by layer, in the lab's layout", async () => {
    const { config } = decodeConfig('v=2&data=mnist&model=cnn&conv=3s2,2mp&res=1&seed=9');
    const init = labInit(config);
    const plan = planOf(config);
    const network = Network.create(plan, 9);
    try {
      const weighted = plan.layers.map((l, i) => ({ l, i })).filter(({ i }) => network.weightOf(i) !== null);
      expect(init.layers.map((l) => l.name)).toEqual(weighted.map(({ l }) => l.name));
      for (const [k, { i }] of weighted.entries()) {
        const w = network.weightOf(i)!;
        expect([init.layers[k].rows, init.layers[k].cols]).toEqual(w.shape);
        expect(init.layers[k].weight).toEqual(Array.from(await w.data()));
        expect(init.layers[k].bias.every((b) => b === 0)).toBe(true);
      }
      expect(init.slopes.map((s) => s.length)).toEqual(plan.gatedChannels);
      expect(init.config).toBe(encodeConfig(config));
    } finally {
      network.dispose();
    }
  });
});
