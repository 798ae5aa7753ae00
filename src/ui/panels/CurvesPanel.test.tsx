// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { evalPoint, historyFixture } from '../testFixtures';
import { CurvesPanel } from './CurvesPanel';

afterEach(cleanup);

const num = (el: Element, attr: string) => Number(el.getAttribute(attr));

describe('CurvesPanel', () => {
  it('draws four small multiples with the prior marker at priorStartStep', () => {
    render(<CurvesPanel history={historyFixture} priorStartStep={200} totalSteps={500} />);
    for (const key of ['loss', 'accuracy', 'fraction', 'apl']) {
      const multiple = screen.getByTestId(`curve-${key}`);
      const area = multiple.querySelector('[data-testid="plot-area"]')!;
      const marker = multiple.querySelector('[data-testid="prior-marker"]')!;
      // Step 200 of a 500-step run: 40% across the plot area.
      expect(num(marker, 'x1')).toBeCloseTo(num(area, 'x') + 0.4 * num(area, 'width'), 6);
    }
  });

  it('draws a line per series, skipping evaluations without a test score', () => {
    const history = [evalPoint(0), evalPoint(100, { testLoss: null, testAccuracy: null }), evalPoint(200)];
    render(<CurvesPanel history={history} priorStartStep={0} totalSteps={200} />);
    const train = screen.getByTestId('series-accuracy-train').getAttribute('d')!;
    const test = screen.getByTestId('series-accuracy-test').getAttribute('d')!;
    // Train is one segment through 3 points; test breaks around the missing one into 2 moves.
    expect(train.match(/M/g)).toHaveLength(1);
    expect(test.match(/M/g)).toHaveLength(2);
  });

  it('leaves the marker out when the prior starts after the run', () => {
    render(<CurvesPanel history={historyFixture} priorStartStep={10_000} totalSteps={500} />);
    expect(screen.queryAllByTestId('prior-marker')).toHaveLength(0);
  });

  it('labels a diverging loss axis with exponents, not rows of zeros', () => {
    const history = [evalPoint(0, { trainLoss: 0.7 }), evalPoint(100, { trainLoss: 2.0305437613045987e28, testLoss: 1.2e28 })];
    render(<CurvesPanel history={history} priorStartStep={0} totalSteps={200} />);
    const labels = [...screen.getByTestId('curve-loss').querySelectorAll('.axis-grid text')].map((t) => t.textContent ?? '');
    expect(labels).toContain('2e28');
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(7);
    expect(screen.getByTestId('curve-loss').querySelector('.multiple-value')!.textContent).toBe('2.03e28 / 1.2e28');
  });
});
