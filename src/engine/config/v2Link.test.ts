import { describe, expect, it } from 'vitest';
import { runConfig, TASKS } from '../experiments/findings/tasks';
import { defaultConfig } from './defaults';
import { v2LinkOf } from './v2Link';
import { decodeConfig } from './urlCodec';

describe('v2LinkOf', () => {
  it("gives the v2 link that decodes to the same config for the shuffled order, and none for the streamed", () => {
    const config = runConfig({ task: TASKS.fashion, learningRate: 0.003, lambda: 1, schedule: 'late', seed: 2 });
    const link = v2LinkOf(config)!;
    expect(link).toMatch(/^v=2&name=[^&]+&data=fashion-mnist&train=8000&points=/);
    expect(link).not.toContain('order=');
    const { config: decoded, issues } = decodeConfig(link);
    expect(issues).toEqual([]);
    expect(decoded).toEqual(config);
    expect(v2LinkOf(defaultConfig())).toBeNull();
  });
});
