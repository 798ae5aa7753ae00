import { describe, expect, it } from 'vitest';
import { evaluationLine, jsonLine } from './jsonLine';

describe('CLI JSON lines', () => {
  it('writes NaN and infinite values as strings and flags the evaluation as diverged', () => {
    const line = evaluationLine({ step: 7, trainLoss: NaN, testLoss: Infinity, testAccuracy: null, aplNormalized: -Infinity });
    expect(JSON.parse(line)).toEqual({ step: 7, trainLoss: 'NaN', testLoss: 'Infinity', testAccuracy: null, aplNormalized: '-Infinity', diverged: true });
  });

  it('leaves a healthy evaluation as it is: null still means "not measured"', () => {
    const point = { step: 4, trainLoss: 0.5, testLoss: null };
    expect(evaluationLine(point)).toBe(JSON.stringify(point));
    expect(JSON.parse(jsonLine({ summary: { final: { trainLoss: NaN } } }))).toEqual({ summary: { final: { trainLoss: 'NaN' } } });
  });
});
