import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { attachScreenshot, collectPageErrors, waitForStepAtLeast } from './helpers';

// The Compare tab opens on a tiny lab run; the presets bring their own settings.
const START = '/?v=2&data=xor&points=200&hidden=4&epochs=1';

async function presetsAt(page: Page, testInfo: TestInfo, id: string): Promise<void> {
  for (const [width, height] of [[1440, 1000], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId(`preset-${id}`).scrollIntoViewIfNeeded();
    await attachScreenshot(page, testInfo, `preset-${id}-${width}`, `preset-${id}`);
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

test('"When does the kernel settle?" opens in the lab: the kernel panel draws its velocity, the prior comes on later', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(START);
  await page.getByTestId('tab-compare').click();
  const card = page.getByTestId('preset-kernel-settle');
  // The text says what the findings found, and where it did not hold.
  await expect(card).toContainText(/fell below a quarter of its peak by steps? [\d–]+ \(within the first fifth of training on \d of 4 seeds\)/);
  await expect(card).toContainText('where the claim does not hold');
  await expect(page.getByTestId('preset-run-kernel-settle')).toHaveCount(0);
  await presetsAt(page, testInfo, 'kernel-settle');
  await page.getByTestId('preset-open-kernel-settle').click();

  await expect(page).toHaveURL(/data=spirals.*classes=5.*hidden=12-12-12-12-12-12.*lambda=10.*ton=20&tunit=epoch/);
  await waitForStepAtLeast(page, 220);
  await page.getByTestId('play-button').click(); // pause, so the screenshots hold still
  const panel = page.getByTestId('panel-kernel');
  // Measured at steps 100 and 200 at least: velocity from both, the prior (step 1,500) not yet on.
  await expect(panel.getByTestId('kernel-series-velocity')).toHaveAttribute('d', /^M[^M]+L/);
  await expect(panel.getByTestId('kernel-series-distance')).toHaveAttribute('d', /^M[^M]+L[^M]+L/);
  await attachScreenshot(page, testInfo, 'kernel-settle-lab-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await attachScreenshot(page, testInfo, 'kernel-settle-panel-390', 'panel-kernel');
  expect(errors).toEqual([]);
});

test('"Linearize the weights early vs late" starts the real network and the network linearized at each step in Compare', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(START);
  await page.getByTestId('tab-compare').click();
  const card = page.getByTestId('preset-linearize');
  await expect(card).toContainText(/Linearized at step 0 it ended [+−\d. to]+ points below the real network \(\d of 3 seeds\)/);
  await expect(card).toContainText('not measured on the image tasks');
  await presetsAt(page, testInfo, 'linearize');
  await page.getByTestId('preset-run-linearize').click();
  // The kernel section's form now describes the preset's runs, and its queue runs them.
  await expect(page.getByTestId('linearize-steps')).toHaveValue('0,1500');
  const status = page.getByTestId('queue-status').filter({ hasText: 'of 3 runs' });
  await expect(status).toContainText('0 of 3 runs done');
  await expect(page).toHaveURL(/data=spirals.*classes=5/);
  // A few hundred steps of the first run (the real network; 3,000 steps in all), then stop: what finished stays.
  await expect(status.locator('progress')).toHaveAttribute('value', /^0\.0[2-9]|^0\.[1-9]/, { timeout: 120_000 });
  await status.getByTestId('queue-stop').click();
  await expect(status).toContainText('0 of 3 runs done');
  await expect(status.getByTestId('queue-stop')).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'preset-linearize-stopped', 'compare-view');
  expect(errors).toEqual([]);
});

test('"Wider is more linear" sweeps the width in Compare', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(START);
  await page.getByTestId('tab-compare').click();
  const card = page.getByTestId('preset-widths');
  await expect(card).toContainText(/had moved [\d.–]+ from its start at width 12 and [\d.–]+ at width 48/);
  // MNIST as the report found it: shown on at least 3 of 3 seeds, or said not to hold.
  await expect(card).toContainText(/On MNIST \(widths 16 and 64\) it moved less at the wider (too, on 3 of 3 seeds|on only [0-2] of 3 seeds .* where the claim does not hold)/);
  await presetsAt(page, testInfo, 'widths');
  await page.getByTestId('preset-run-widths').click();
  await expect(page.getByTestId('width-list')).toHaveValue('12,48');
  const status = page.getByTestId('queue-status').filter({ hasText: 'of 2 runs' });
  await expect(status).toContainText('0 of 2 runs done');
  await expect(status.locator('progress')).toHaveAttribute('value', /^0\.0[1-9]|^0\.[1-9]/, { timeout: 120_000 });
  await status.getByTestId('queue-stop').click();
  await expect(status.getByTestId('queue-stop')).toHaveCount(0);
  expect(errors).toEqual([]);
});
