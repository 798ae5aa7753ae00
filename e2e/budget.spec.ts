import { expect, test } from '@playwright/test';
import { attachScreenshot, waitForStepAtLeast } from './helpers';

test.describe("the lab's budget", () => {
  test("a link over the budget opens a config that fits, and the notice names the fields and the suggestion", async ({ page }) => {
    // The example: eight 128-channel stages with residual blocks at batch 1,024 (about 200 GB).
    await page.goto('/?v=1&data=mnist&model=cnn&conv=128,128,128,128,128,128,128,128&res=1&bs=1024&train=500&backend=wasm');
    const notice = page.getByTestId('link-notice');
    await expect(notice).toContainText("this CNN is over the lab's budget");
    await expect(notice).toContainText('Change batch size (bs=) and CNN stages (conv=)');
    await expect(notice).toContainText('using the nearest config that fits: bs=64&conv=16,16,16');
    // The address bar holds what was opened, and the estimate beside the controls says it fits.
    await expect.poll(() => new URL(page.url()).searchParams.get('conv')).toBe('16,16,16');
    expect(new URL(page.url()).searchParams.get('bs')).toBe('64');
    await expect(page.getByTestId('budget-estimate')).toContainText('of 1 GB memory');
    await expect(page.getByTestId('budget-estimate')).not.toContainText('Not started');
  });

  test('a link over 8,192 characters is not read', async ({ page }) => {
    await page.goto(`/?v=2&data=xor&points=200&hidden=4&epochs=1&note=${'x'.repeat(9000)}`);
    await expect(page.getByTestId('link-notice')).toContainText('characters long, over the limit of 8,192; it was not read, and the defaults are used');
    await expect(page.getByTestId('dataset-select')).toHaveValue('mnist');
  });

  test('the estimate sits beside the architecture controls and refuses a model over the budget', async ({ page }, testInfo) => {
    await page.goto('/?v=2&data=xor&points=200&hidden=8&epochs=1000&backend=wasm');
    await waitForStepAtLeast(page, 1);
    const estimate = page.getByTestId('budget-estimate');
    await expect(estimate).toContainText('parameters');
    await expect(estimate).toContainText(/≈ [\d.]+ ms a step on WASM/);
    await page.getByTestId('play-button').click(); // pause
    await attachScreenshot(page, testInfo, 'budget-fits', 'budget-estimate');

    // Twenty layers of 1,024: the controls take it, the estimate and the lab refuse to start it.
    const hidden = page.getByTestId('hidden-input');
    await hidden.fill(new Array(20).fill(1024).join('-'));
    await hidden.press('Enter');
    await expect(estimate).toContainText("Not started: this MLP is over the lab's budget: 20 million parameters (at most 10 million)");
    await expect(estimate).toContainText('a config that fits: hidden=512-512');
    await expect(page.getByTestId('error-message')).toContainText("Not started: this MLP is over the lab's budget");
    await attachScreenshot(page, testInfo, 'budget-over-laptop');
    await page.setViewportSize({ width: 390, height: 844 });
    await attachScreenshot(page, testInfo, 'budget-over-phone');

    // Back within the budget, it trains again.
    await page.setViewportSize({ width: 1440, height: 900 });
    await hidden.fill('16-16');
    await hidden.press('Enter');
    await expect(estimate).not.toContainText('Not started');
    await page.getByTestId('play-button').click();
    await waitForStepAtLeast(page, 5);
  });
});
