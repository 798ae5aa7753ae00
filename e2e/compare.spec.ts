import { expect, test } from '@playwright/test';
import { attachScreenshot, collectPageErrors } from './helpers';

// A tiny early-vs-late: XOR, an 8-8 MLP, 200 steps per run, the prior strong enough to bite within them.
const TINY = '/?v=1&data=xor&points=400&hidden=8-8&bs=32&epochs=20&lr=0.01&lambda=20&ton=10&tunit=epoch&eval=20';

test.describe('compare view', () => {
  test('early vs late runs both schedules, overlays their curves and reads them at matched APL', async ({ page }, testInfo) => {
    const errors = collectPageErrors(page);
    await page.goto(TINY);
    await page.getByTestId('tab-compare').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await expect(page.getByTestId('panel-gates')).toBeHidden();
    // The presets are links to their configs.
    await expect(page.getByTestId('preset-link-early-late')).toHaveAttribute('href', /data=spirals.*ton=20/);

    await page.getByTestId('late-start').fill('10');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('queue-progress-text')).toContainText('2 of 2 runs done', { timeout: 100_000 });

    for (const metric of ['accuracy', 'fraction', 'apl']) {
      for (const run of [0, 1]) {
        await expect(page.getByTestId(`compare-series-${metric}-${run}`)).toHaveAttribute('d', /^M.+L/);
      }
    }
    const legend = page.getByTestId('compare-legend');
    await expect(legend).toContainText('early (prior from step 0)');
    await expect(legend).toContainText('late (prior from epoch 10)');

    // The readout names the matched APL and gives each run's accuracy there (or says why it cannot).
    const readout = page.getByTestId('matched-apl-text');
    await expect(readout).toContainText(/APL|never had the same APL/);
    const text = (await readout.textContent()) ?? '';
    if (!/never had the same APL/.test(text)) {
      for (const run of [0, 1]) await expect(page.getByTestId(`matched-accuracy-${run}`)).toHaveText(/\d+\.\d%/);
      await expect(page.getByTestId('matched-apl-line')).toBeAttached();
    }
    await attachScreenshot(page, testInfo, 'compare-early-late', 'compare-view');
    expect(errors).toEqual([]);
  });
});

test('the "Linearize early vs late" preset runs both schedules and shows the late run ahead at matched APL', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await page.goto('/?v=1&data=xor&points=200&hidden=4&epochs=1');
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('preset-run-early-late').click();
  await expect(page.getByTestId('queue-progress-text')).toContainText('2 of 2 runs done', { timeout: 280_000 });

  const legend = page.getByTestId('compare-legend');
  await expect(legend).toContainText('early (prior from step 0)');
  await expect(legend).toContainText('late (prior from epoch 20)');
  await expect(page.getByTestId('late-start')).toHaveValue('20');
  for (const run of [0, 1]) await expect(page.getByTestId(`compare-series-accuracy-${run}`)).toHaveAttribute('d', /^M.+L/);
  // The preset's claim, as a person reads it off the page: at the same APL the late run is clearly ahead.
  const accuracy = async (run: number) => parseFloat(((await page.getByTestId(`matched-accuracy-${run}`).textContent()) ?? '').replace(/[^\d.]/g, ''));
  const early = await accuracy(0);
  const late = await accuracy(1);
  expect(late - early).toBeGreaterThan(5);
  await attachScreenshot(page, testInfo, 'preset-early-late', 'compare-view');
  expect(errors).toEqual([]);
});

test('the "Is the core special?" preset trains the sparsified net and both plain ones and reads their ends', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  await page.goto('/?v=2&data=xor&points=200&hidden=4&epochs=1');
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('preset-core-special')).toContainText('on this task the claim does not hold');
  await page.getByTestId('preset-run-core-special').click();
  await expect(page.getByTestId('queue-progress-text')).toContainText('3 of 3 runs done', { timeout: 400_000 });
  const legend = page.getByTestId('compare-legend');
  for (const label of ['sparsified: 6 × 12, λ 10 late', 'plain 1 × 12', 'plain 1 × 105 (same parameters)']) await expect(legend).toContainText(label);
  // The readout lists each run's final accuracy and APL: the plain nets keep every channel nonlinear.
  const rows = page.getByTestId('matched-apl').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(/\d+\.\d%/);
  await expect(rows.nth(2)).toContainText('1.00');
  await attachScreenshot(page, testInfo, 'preset-core-special', 'compare-view');
  expect(errors).toEqual([]);
});

test('a frontier sweep plots one curve per schedule and a point shows its run as it ended', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('sweep-min').fill('2');
  await page.getByTestId('sweep-max').fill('200');
  await page.getByTestId('sweep-count').fill('2');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('queue-status').last()).toContainText('4 of 4 runs done', { timeout: 100_000 });
  await expect(page.getByTestId('frontier-curve-early').getByTestId('frontier-point')).toHaveCount(2);
  await expect(page.getByTestId('frontier-curve-late10epoch').getByTestId('frontier-point')).toHaveCount(2);

  const point = page.getByTestId('frontier-curve-late10epoch').getByTestId('frontier-point').first();
  const label = (await point.getAttribute('aria-label')) ?? '';
  const lambda = /λ = ([\d.e+-]+)/.exec(label)?.[1];
  await point.click();
  // Its end state, in place (e2e/savedComparisons.spec.ts follows it further); training it again is asked for.
  await expect(page.getByTestId('finished-run').getByTestId('gates-row-0')).toBeVisible();
  await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('finished-run-train').click();
  await expect(page.getByTestId('tab-lab')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-gates')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe(lambda);
  expect(new URL(page.url()).searchParams.get('ton')).toBe('10');
  expect(errors).toEqual([]);
});
