// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from './Metrics';
import { evalPoint, snapshotFixture } from './testFixtures';

afterEach(cleanup);

describe('Metrics', () => {
  it('shows a diverged loss as 2.03e28, short enough for its card, and a NaN test loss as NaN', () => {
    const history = [evalPoint(0), evalPoint(10, { trainLoss: 2.0305437613045987e28, testLoss: NaN })];
    render(<Metrics snapshot={snapshotFixture({ history })} />);
    expect(screen.getByTestId('train-loss').textContent).toBe('2.03e28');
    expect(screen.getByTestId('train-loss').parentElement!.textContent).toContain('test NaN');
  });
});
