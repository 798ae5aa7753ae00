import { describe, expect, it } from 'vitest';
import { MIN_STEPS_PER_PHASE, planPhases } from './measure/phasePlan';

describe('planPhases', () => {
  it('keeps the default phases and rounds where steps are short', () => {
    // 2.5 s beats 3.5 × 10 ms; a round: 2 × 2500 + 3 × 10 + 300 = 5330 ms, 5 would fit, 4 asked.
    expect(planPhases(10, { rounds: 4, phaseMs: 2500 }, 30_000, 300)).toEqual({ rounds: 4, phaseMs: 2500, roundMs: 5330 });
  });

  it('stretches phases to hold several steps where a step takes seconds, and fits fewer rounds', () => {
    expect(MIN_STEPS_PER_PHASE).toBe(4);
    // WebGPU CNN: 11 s steps, 3.5 × 11 = 38.5 s phases; 77 + 33 + 0.3 = 110.3 s a round; 240 s hold 2.
    expect(planPhases(11_000, { rounds: 3, phaseMs: 3000 }, 240_000, 300)).toEqual({ rounds: 2, phaseMs: 38_500, roundMs: 110_300 });
    // CPU CNN: 4 s steps, 14 s phases; 28 + 12 + 0.3 = 40.3 s a round; 95 s hold 2.
    expect(planPhases(4000, { rounds: 3, phaseMs: 3000 }, 95_000, 300)).toEqual({ rounds: 2, phaseMs: 14_000, roundMs: 40_300 });
    // WebGL CNN: 1.2 s steps, 4.2 s phases; 8.4 + 3.6 = 12 s a round; 3 of them in 40 s.
    expect(planPhases(1200, { rounds: 3, phaseMs: 3000 }, 40_000)).toEqual({ rounds: 3, phaseMs: 4200, roundMs: 12_000 });
  });

  it('plans no round when not even one fits what is left', () => {
    expect(planPhases(11_000, { rounds: 3, phaseMs: 3000 }, 100_000, 300).rounds).toBe(0);
    expect(planPhases(10, { rounds: 4, phaseMs: 2500 }, -500).rounds).toBe(0);
  });

  it('falls back to the default phases when the step time is unknown', () => {
    // 2 × 3000 + 0 = 6000 ms a round.
    for (const stepMs of [0, NaN, -1, Infinity]) {
      expect(planPhases(stepMs, { rounds: 3, phaseMs: 3000 }, 20_000)).toEqual({ rounds: 3, phaseMs: 3000, roundMs: 6000 });
    }
  });
});
