import { expect, test } from '@playwright/test';
import { SLOW_STEPS_PER_SECOND } from '../src/worker/labApi';
import { attachScreenshot, collectPageErrors, metricShown, stepShown, waitForStepAtLeast } from './helpers';

test.describe('the lab a person opens', () => {
  test('opens on MNIST, trains, names its backend and the loss falls', async ({ page }, testInfo) => {
    const errors = collectPageErrors(page);
    await page.goto('/');
    await expect(page.getByTestId('backend-badge')).toContainText(/wasm|webgl|webgpu|cpu/i);
    await expect(page.getByTestId('backend-badge')).toContainText(/WebGPU: no adapter|fastest|only/i);
    await expect(page.getByTestId('panel-preview')).toContainText('mnist');
    await waitForStepAtLeast(page, 100);
    const early = await metricShown(page, 'train-loss');
    await waitForStepAtLeast(page, 400);
    await expect.poll(() => metricShown(page, 'train-loss')).toBeLessThan(early);
    expect(await metricShown(page, 'test-accuracy')).toBeGreaterThan(50);
    await attachScreenshot(page, testInfo, 'lab-mnist');
    // The address bar holds the experiment the lab runs.
    expect(new URL(page.url()).searchParams.get('data')).toBe('mnist');
    expect(errors).toEqual([]);
  });

  test('raising λ while it trains turns gates linear and lowers the APL', async ({ page }, testInfo) => {
    await page.goto('/?v=1&data=mnist&train=2000&hidden=32-32-32&epochs=200&eval=20');
    await waitForStepAtLeast(page, 40);
    expect(await metricShown(page, 'fraction-nonlinear')).toBe(100);
    const aplBefore = await metricShown(page, 'apl-value');
    expect(aplBefore).toBe(3);
    await expect(page.getByTestId('gates-fraction-0')).toHaveText(/100%/);
    await expect(page.getByTestId('apl-label')).toContainText('3.00');

    const dial = page.getByTestId('lambda-slider');
    await dial.focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('lambda-value')).toHaveText('1e4');

    // The prior is applied live: the run keeps going while the gates give way.
    await expect.poll(() => metricShown(page, 'fraction-nonlinear'), { timeout: 60_000 }).toBeLessThan(50);
    await expect.poll(() => metricShown(page, 'apl-value'), { timeout: 60_000 }).toBeLessThan(aplBefore);
    await expect(page.getByTestId('gates-fraction-0')).not.toHaveText(/100%/);
    const aplLabel = (await page.getByTestId('apl-label').textContent()) ?? '';
    expect(parseFloat(aplLabel.replace(/[^\d.]/g, ''))).toBeLessThan(3);
    await expect(page.getByTestId('core-depth')).not.toHaveText('3');

    await attachScreenshot(page, testInfo, 'lab-after-lambda');
    for (const panel of ['core', 'gates', 'pathlen', 'curves', 'preview']) {
      await attachScreenshot(page, testInfo, `panel-${panel}`, `panel-${panel}`);
    }
  });

  test('on a phone, λ stays at hand at the bottom of the screen while the gates are in view', async ({ page }, testInfo) => {
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?v=1&data=mnist&train=2000&hidden=32-32-32&epochs=200&eval=20');
    await waitForStepAtLeast(page, 40);
    await page.getByTestId('panel-gates').scrollIntoViewIfNeeded();
    const dock = page.getByTestId('lambda-dock');
    await expect(dock).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('panel-gates')).toBeInViewport();
    // The dock does not cover the end of the page: the last controls scroll clear of it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const dockTop = (await dock.boundingBox())!.y;
    const lastField = page.getByTestId('seed-input');
    const last = (await lastField.boundingBox())!;
    expect(last.y + last.height).toBeLessThanOrEqual(dockTop);
    await page.getByTestId('panel-gates').scrollIntoViewIfNeeded();

    await page.getByTestId('lambda-dock-slider').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('lambda-dock-value')).toHaveText('1e4');
    await expect(page.getByTestId('lambda-value')).toHaveText('1e4');
    await expect(page.getByTestId('gates-fraction-0')).not.toHaveText(/100%/, { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await attachScreenshot(page, testInfo, 'phone-lambda-dock');

    // A laptop has the sidebar's dial in view: no dock.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(dock).toBeHidden();
    expect(errors).toEqual([]);
  });

  test('pause stops the counter, step adds exactly one, reset returns to step 0', async ({ page }) => {
    await page.goto('/?v=1&data=xor&points=400&hidden=8-8&epochs=500&eval=50');
    await waitForStepAtLeast(page, 20);
    await page.getByTestId('play-button').click(); // pause
    await expect(page.getByTestId('status-line')).toContainText('Paused');
    // The counter agrees with the status the moment it says "Paused", and then stays put.
    const said = /Paused at step (\d+)/.exec((await page.getByTestId('status-line').textContent()) ?? '');
    expect(said).not.toBeNull();
    const paused = await stepShown(page);
    expect(paused).toBe(Number(said![1]));
    await page.waitForTimeout(1000);
    expect(await stepShown(page)).toBe(paused);

    await page.getByTestId('step-button').click();
    await expect.poll(() => stepShown(page)).toBe(paused + 1);
    await page.waitForTimeout(500);
    expect(await stepShown(page)).toBe(paused + 1);

    await page.getByTestId('reset-button').click();
    await expect.poll(() => stepShown(page)).toBe(0);
  });

  test('slow mode trains a few steps a second, each one shown, until it is switched off', async ({ page }) => {
    await page.goto('/?v=1&data=xor&points=400&hidden=8-8&epochs=1000&eval=50');
    await waitForStepAtLeast(page, 1);
    await page.getByTestId('slow-button').click();
    await expect(page.getByTestId('slow-button')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('status-line')).toContainText('slowly');

    const seen = new Set<number>();
    const from = await stepShown(page);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      seen.add(await stepShown(page));
      await page.waitForTimeout(100);
    }
    const to = await stepShown(page);
    // About two seconds at SLOW_STEPS_PER_SECOND: it moves, but step by step, and the counter shows most
    // of them. The bound follows the time that really passed (a loaded machine stretches the loop), with
    // two steps of slack for the step under way at each end; full pace would be hundreds.
    const seconds = (Date.now() - started) / 1000;
    expect(to).toBeGreaterThan(from);
    expect(to - from).toBeLessThanOrEqual(Math.ceil(seconds * SLOW_STEPS_PER_SECOND) + 2);
    expect(seen.size).toBeGreaterThanOrEqual(Math.min(3, to - from));

    await page.getByTestId('slow-button').click();
    await waitForStepAtLeast(page, to + 200);
  });

  test('a 2-D task shows its decision boundary over the plane', async ({ page }, testInfo) => {
    await page.goto('/?v=1&data=spirals&classes=3&points=600&hidden=16-16&lr=0.01&bs=32&epochs=300&eval=25');
    await waitForStepAtLeast(page, 100);
    const plane = page.getByTestId('preview-plane');
    await expect(plane).toBeVisible();
    // The boundary is painted on a canvas: count distinct colours across it (three classes -> several hues).
    const colours = await plane.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(3);
    await attachScreenshot(page, testInfo, 'lab-spirals');
  });

  test('a CNN trains in the browser on the backend the lab picked', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/?v=1&data=mnist&model=cnn&conv=4s2,8s2&train=1000&bs=16&epochs=20&eval=10&lr=0.003');
    await waitForStepAtLeast(page, 30);
    await expect(page.getByTestId('core-width')).toContainText('4-8');
    const loss = await metricShown(page, 'train-loss');
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(Math.log(10)); // below chance: it learns
    await expect(page.getByTestId('diverged-banner')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
