import { expect, test } from '@playwright/test';
import { attachScreenshot, collectPageErrors, waitForStepAtLeast } from './helpers';

// XOR on an 8-8 MLP: 10 steps an epoch, the prior on from epoch 10 (step 100).
const TINY = '/?v=2&data=xor&points=400&hidden=8-8&bs=32&epochs=30&lr=0.01&lambda=20&ton=10&tunit=epoch&eval=20';

test('the tangent kernel panel draws distance, velocity and alignment against step with the prior marker', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(TINY);
  await waitForStepAtLeast(page, 220);
  await page.getByTestId('play-button').click(); // pause, so the screenshots hold still
  const panel = page.getByTestId('panel-kernel');
  await expect(panel).toBeVisible();
  // Measured at steps 0, 100 and 200 at least: three points of distance, two of velocity.
  await expect(panel.getByTestId('kernel-series-distance')).toHaveAttribute('d', /^M[^M]+L[^M]+L/);
  await expect(panel.getByTestId('kernel-series-velocity')).toHaveAttribute('d', /^M[^M]+L/);
  await expect(panel.getByTestId('kernel-series-alignment')).toHaveAttribute('d', /^M[^M]+L/);
  await expect(panel.getByTestId('kernel-prior-marker')).toHaveCount(3);
  const distance = parseFloat((await panel.getByTestId('kernel-distance-value').textContent()) ?? '');
  expect(distance).toBeGreaterThan(0);
  expect(distance).toBeLessThanOrEqual(2);
  await attachScreenshot(page, testInfo, 'kernel-panel-1440', 'panel-kernel');
  await attachScreenshot(page, testInfo, 'lab-1440');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await attachScreenshot(page, testInfo, 'lab-1920');
  await page.setViewportSize({ width: 390, height: 844 });
  await attachScreenshot(page, testInfo, 'kernel-panel-390', 'panel-kernel');
  expect(errors).toEqual([]);
});

test('hide=kernel leaves the tangent kernel panel out', async ({ page }) => {
  await page.goto(`${TINY}&hide=kernel`);
  await expect(page.getByTestId('panel-gates')).toBeVisible();
  await expect(page.getByTestId('panel-kernel')).toHaveCount(0);
});

test('early vs late overlays both runs’ kernel velocity and says how settled each kernel was when its prior switched on', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(TINY.replace('epochs=30', 'epochs=25'));
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('late-start').fill('15');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('queue-progress-text')).toContainText('2 of 2 runs done', { timeout: 120_000 });
  for (const run of [0, 1]) {
    await expect(page.getByTestId(`compare-kernel-series-velocity-${run}`)).toHaveAttribute('d', /^M[^M]+L/);
    await expect(page.getByTestId(`compare-kernel-series-distance-${run}`)).toHaveAttribute('d', /^M[^M]+L/);
  }
  await expect(page.getByTestId('compare-kernel-velocity').getByTestId('plot-empty')).toHaveCount(0);
  const settling = page.getByTestId('compare-kernel-settling');
  await expect(settling).toContainText(/early \(prior from step 0\): when its prior switched on \(step 0\), the kernel moved [\d.e-]+ per 100 steps/);
  await expect(settling).toContainText(/late \(prior from epoch 15\): when its prior switched on \(step 150\), the kernel moved [\d.e-]+ per 100 steps, \d+% of its fastest/);
  await attachScreenshot(page, testInfo, 'compare-kernel', 'compare-kernel');
  expect(errors).toEqual([]);
});

test('a comparison of runs too short for two kernel readings says why its velocity chart is blank', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  // 80 steps a run: the kernel is read at step 0 and at the end, one velocity each, no line.
  await page.goto(TINY.replace('epochs=30', 'epochs=8'));
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('late-start').fill('4');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('queue-progress-text')).toContainText('2 of 2 runs done', { timeout: 120_000 });
  await expect(page.getByTestId('compare-kernel-velocity').getByTestId('plot-empty')).toHaveText(/No velocity line yet.*every 100 steps.*more than 100 steps/);
  await expect(page.getByTestId('compare-kernel-distance').getByTestId('plot-empty')).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'compare-kernel-short', 'compare-kernel');
  expect(errors).toEqual([]);
});

// 160 training points in batches of 32: 5 steps an epoch, 100 steps in all.
const SMALL = '/?v=2&data=xor&points=200&hidden=8-8&bs=32&epochs=20&lr=0.01&eval=20';

test('linearizing the whole network at a few steps plots final accuracy against t beside the real network', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(SMALL);
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('linearize-steps').fill('0,50');
  await page.getByTestId('linearize-run').click();
  await expect(page.getByTestId('queue-progress-text').filter({ hasText: 'of 3 runs' })).toContainText('3 of 3 runs done', { timeout: 150_000 });
  const plot = page.getByTestId('linearize-plot');
  await expect(plot.getByTestId('result-point')).toHaveCount(2);
  await expect(plot.getByTestId('real-reference')).toBeAttached();
  await expect(page.getByTestId('linearize-readout')).toContainText(/t = 0: [\d.]+% · t = 50: [\d.]+% · real network: [\d.]+%/);
  await page.getByTestId('linearize-steps').fill('0,x');
  await expect(page.getByTestId('linearize-run')).toBeDisabled();
  await expect(page.getByText('Steps: give whole numbers of at least 0, separated by commas.')).toBeVisible();
  await attachScreenshot(page, testInfo, 'compare-linearize', 'linearize-plot');
  expect(errors).toEqual([]);
});

test('the width sweep plots the kernel’s distance from init at the end against width', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(SMALL);
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('width-list').fill('4,32');
  await page.getByTestId('width-run').click();
  await expect(page.getByTestId('queue-progress-text').filter({ hasText: 'of 2 runs' })).toContainText('2 of 2 runs done', { timeout: 120_000 });
  await expect(page.getByTestId('width-plot').getByTestId('result-point')).toHaveCount(2);
  await expect(page.getByTestId('width-readout')).toContainText(/width 4: \d\.\d{3} · width 32: \d\.\d{3}/);
  await attachScreenshot(page, testInfo, 'compare-width', 'width-plot');
  expect(errors).toEqual([]);
});
