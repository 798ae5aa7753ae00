// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { format } from 'd3-format';
import { afterEach, describe, expect, it } from 'vitest';
import { fitDomain, LinePlot, type LinePlotModel } from './LinePlot';

afterEach(cleanup);

// A 200 x 100 frame whose plot area is x 20..190, y 10..90.
const frame = { width: 200, height: 100, margin: { top: 10, right: 10, bottom: 10, left: 20 } };

function model(overrides: Partial<LinePlotModel> = {}): LinePlotModel {
  return {
    frame,
    x: { domain: [0, 10], ticks: 5, format: format('d') },
    y: { domain: [0, 1], ticks: 4, format: format('.1f') },
    series: [],
    ...overrides,
  };
}

function draw(m: LinePlotModel) {
  return render(
    <svg>
      <LinePlot model={m} />
    </svg>,
  ).container;
}

const texts = (root: Element, selector: string) => [...root.querySelectorAll(selector)].map((t) => t.textContent);
const num = (el: Element | null, attr: string) => Number(el?.getAttribute(attr));

describe('LinePlot', () => {
  it('draws a path per series in its colour through its points', () => {
    const root = draw(
      model({
        series: [
          { key: 'a', testId: 'a', color: '#111111', points: [{ x: 0, y: 0 }, { x: 10, y: 1 }] },
          { key: 'b', testId: 'b', color: '#222222', dashed: true, points: [{ x: 0, y: 0.5 }, { x: 5, y: 0.5 }, { x: 10, y: 0.5 }] },
        ],
      }),
    );
    const a = root.querySelector('[data-testid="a"]')!;
    const b = root.querySelector('[data-testid="b"]')!;
    // (0, 0) is the plot area's bottom left, (10, 1) its top right.
    expect(a.getAttribute('d')).toBe('M20,90L190,10');
    expect(a.getAttribute('stroke')).toBe('#111111');
    expect(b.getAttribute('d')).toBe('M20,50L105,50L190,50');
    expect(b.getAttribute('stroke-dasharray')).toBe('4 3');
    expect(a.getAttribute('stroke-dasharray')).toBeNull();
  });

  it('breaks a line where a value is missing, NaN or infinite', () => {
    const ys = [0.1, NaN, 0.2, Infinity, 0.3, 0.4, null, -Infinity, 0.5];
    const root = draw(model({ series: [{ key: 's', testId: 's', color: 'red', points: ys.map((y, x) => ({ x, y })) }] }));
    const d = root.querySelector('[data-testid="s"]')!.getAttribute('d')!;
    // Pieces: {0}, {2}, {4, 5}, {8}: four moves, one drawn segment.
    expect(d.match(/M/g)).toHaveLength(4);
    expect(d.match(/L/g)).toHaveLength(1);
    expect(d).not.toMatch(/NaN|Infinity/);
  });

  it('says what is missing when no series has a line to draw', () => {
    const onePoint = { key: 's', color: 'red', points: [{ x: 0, y: null }, { x: 5, y: 0.5 }] };
    const root = draw(model({ series: [onePoint], empty: ['Nothing to draw yet:', 'it takes two readings.'] }));
    expect(texts(root, '[data-testid="plot-empty"] tspan')).toEqual(['Nothing to draw yet:', 'it takes two readings.']);
    // With no series at all, too.
    cleanup();
    expect(texts(draw(model({ empty: ['No runs.'] })), '[data-testid="plot-empty"]')).toEqual(['No runs.']);
  });

  it('says nothing once a series draws a segment, or a dot', () => {
    const line = { key: 's', color: 'red', points: [{ x: 0, y: 0.1 }, { x: 5, y: 0.5 }] };
    expect(draw(model({ series: [line], empty: ['Nothing'] })).querySelector('[data-testid="plot-empty"]')).toBeNull();
    cleanup();
    const dot = { key: 's', color: 'red', points: [{ x: 5, y: 0.5 }], dots: { on: 'every' as const, r: 2 } };
    expect(draw(model({ series: [dot], empty: ['Nothing'] })).querySelector('[data-testid="plot-empty"]')).toBeNull();
    cleanup();
    // And a plot given no empty text stays quiet.
    expect(draw(model()).querySelector('[data-testid="plot-empty"]')).toBeNull();
  });

  it('labels the axes at round ticks placed on the scale', () => {
    const root = draw(model());
    expect(texts(root, '.axis-grid text')).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(texts(root, '.axis-x text')).toEqual(['0', '2', '4', '6', '8', '10']);
    const half = [...root.querySelectorAll('.axis-grid line')][2];
    // 0.4 sits 40% up the 80-pixel-high plot area.
    expect(num(half, 'y1')).toBeCloseTo(90 - 0.4 * 80, 6);
    const six = [...root.querySelectorAll('.axis-x text')][3];
    expect(num(six, 'x')).toBeCloseTo(20 + 0.6 * 170, 6);
  });

  it('rounds a fitted domain out to nice ticks and labels chosen values on a log axis', () => {
    const root = draw(
      model({
        x: { domain: [8, 128], log: true, ticks: 4, tickValues: [8, 32, 128], format: format('d'), title: 'width' },
        y: { domain: [0, 0.93], nice: 4, ticks: 4, format: format('.1f') },
      }),
    );
    expect(texts(root, '.axis-grid text').at(-1)).toBe('1.0');
    expect(texts(root, '.axis-x text')).toEqual(['8', '32', '128', 'width']);
    // 32 is half-way between 8 and 128 on a log axis.
    expect(num(root.querySelectorAll('.axis-x text')[1], 'x')).toBeCloseTo(105, 6);
  });

  it('draws markers inside the x domain only, across the plot or as a tick on the axis', () => {
    const root = draw(
      model({
        markers: [
          { key: 'a', x: 5, kind: 'line', className: 'm', testId: 'line', label: 'prior on' },
          { key: 'b', x: 2, kind: 'tick', className: 'm', testId: 'tick', color: 'blue' },
          { key: 'c', x: 11, kind: 'line', className: 'm', testId: 'outside' },
        ],
      }),
    );
    const line = root.querySelector('[data-testid="line"]');
    expect([num(line, 'x1'), num(line, 'y1'), num(line, 'y2')]).toEqual([105, 6, 90]);
    expect(texts(root, '.m text')).toEqual(['prior on']);
    const tick = root.querySelector('[data-testid="tick"]');
    expect([num(tick, 'x1'), num(tick, 'y1'), num(tick, 'y2')]).toEqual([54, 90, 82]);
    expect(tick?.getAttribute('stroke')).toBe('blue');
    expect(root.querySelector('[data-testid="outside"]')).toBeNull();
  });

  it('puts dots on every finite point or the last one, and a reading beside the title', () => {
    const points = [{ x: 0, y: 0 }, { x: 5, y: NaN }, { x: 10, y: 1 }];
    const root = draw(
      model({
        title: 'Loss',
        value: { text: '0.5', testId: 'value' },
        series: [
          { key: 'every', color: 'red', points, dots: { on: 'every', r: 2, testId: 'every' } },
          { key: 'last', color: 'blue', points, dots: { on: 'last', r: 3, testId: 'last' } },
        ],
      }),
    );
    expect(root.querySelectorAll('[data-testid="every"]')).toHaveLength(2);
    const last = root.querySelectorAll('[data-testid="last"]');
    expect(last).toHaveLength(1);
    expect([num(last[0], 'cx'), num(last[0], 'cy')]).toEqual([190, 10]);
    expect(root.querySelector('.multiple-title')?.textContent).toBe('Loss0.5');
    expect(root.querySelector('[data-testid="value"]')?.textContent).toBe('0.5');
  });

  it('hands its scales to the overlays drawn on top', () => {
    const root = render(
      <svg>
        <LinePlot model={model()}>{({ x, y }) => <circle data-testid="overlay" cx={x(10)} cy={y(0)} />}</LinePlot>
      </svg>,
    ).container;
    const dot = root.querySelector('[data-testid="overlay"]');
    expect([num(dot, 'cx'), num(dot, 'cy')]).toEqual([190, 90]);
  });
});

describe('fitDomain', () => {
  it('spans zero and the finite values, ignoring missing ones', () => {
    expect(fitDomain([0.5, null, NaN, 2, Infinity])).toEqual([0, 2]);
    expect(fitDomain([-1, 3])).toEqual([-1, 3]);
    expect(fitDomain([])).toEqual([0, 1]);
    expect(fitDomain([0, 0])).toEqual([0, 1e-6]);
  });
});
