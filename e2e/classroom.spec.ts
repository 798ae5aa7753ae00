import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, metricShown, stepShown, waitForStepAtLeast } from './helpers';

/** Text elements whose content is cut (clipped or ellipsed) rather than shown whole. */
async function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.app *')]
      .filter((el) => el.children.length === 0 && (el.textContent ?? '').trim() !== '' && !el.closest('.visually-hidden'))
      .filter((el) => {
        const style = getComputedStyle(el);
        return style.overflow !== 'visible' && el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => `${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`),
  );
}

test.describe('a lab a class can use', () => {
  test('a link naming only spirals trains 60 epochs to ≥ 90 % test accuracy, evaluated from step 0; Play after the end trains on', async ({ page }) => {
    await page.goto('/?v=2&data=spirals');
    await expect(page.getByTestId('step-counter')).toContainText('/ 60');
    await expect(page.getByTestId('status-line').or(page.locator('.status')).first()).toContainText(/Finished/, { timeout: 170_000 });
    expect(await metricShown(page, 'test-accuracy')).toBeGreaterThanOrEqual(90);
    await expect(page.getByTestId('test-accuracy').locator('..')).toContainText('eval at step 1,500');
    await expect(page.getByTestId('speed')).toHaveText('–');
    await expect(page.getByTestId('lambda-hint')).toContainText('Run finished');
    const play = page.getByTestId('play-button');
    await expect(play).toBeEnabled();
    await play.click();
    await waitForStepAtLeast(page, 1510);
    await expect(page.getByTestId('step-counter')).toContainText('/ 120');
  });

  test('choosing a dataset loads its settings and trains at once, like a first visit', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300');
    await waitForStepAtLeast(page, 5);
    await page.getByTestId('play-button').click();
    await page.getByTestId('dataset-select').selectOption('xor');
    await expect(page).toHaveURL(/data=xor.*epochs=40/);
    await expect(page.getByTestId('step-counter')).toContainText('/ 40');
    await waitForStepAtLeast(page, 5);
    await expect(page.getByTestId('play-button')).toHaveText(/Pause/);
  });

  test('slow mode travels in links: pace=slow opens slow, switching it off drops it from the address', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300&pace=slow');
    const slow = page.getByTestId('slow-button');
    await expect(slow).toHaveAttribute('aria-pressed', 'true');
    await waitForStepAtLeast(page, 2);
    await expect(page.locator('.status')).toContainText('slowly');
    await expect(page).toHaveURL(/pace=slow/);
    await slow.click();
    await expect(page).not.toHaveURL(/pace=slow/);
  });

  test('"How small is the core?" opens slow; Skip to the prior trains the warm-up at full speed, then every step is shown again', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.getByTestId('tab-compare').click();
    await expect(page.getByTestId('preset-pace-core-size')).toContainText('Skip to the prior');
    await page.getByTestId('preset-open-core-size').click();
    await expect(page.getByTestId('slow-button')).toHaveAttribute('aria-pressed', 'true');
    const skip = page.getByTestId('skip-to-prior');
    const title = (await skip.getAttribute('title')) ?? '';
    const priorStep = Number(/to step ([\d,]+)/.exec(title)?.[1].replace(/,/g, ''));
    expect(priorStep).toBeGreaterThan(100);
    expect(await stepShown(page)).toBeLessThan(priorStep);
    await skip.click();
    await expect(page.locator('.status')).toContainText(`Training at full speed to step ${priorStep.toLocaleString('en-US')}, then slowly`);
    await waitForStepAtLeast(page, priorStep);
    // From there, slowly again: the prior is on, and the button has gone.
    await expect(page.locator('.status')).toContainText('Training slowly');
    await expect(skip).toHaveCount(0);
    // Four steps a second at most (a loaded machine only slows it): not full speed.
    const at = await stepShown(page);
    await page.waitForTimeout(2000);
    expect((await stepShown(page)) - at).toBeLessThanOrEqual(10);
    await expect(page.getByTestId('lambda-hint')).toContainText('In force now');
    await expect(page.getByTestId('slow-button')).toHaveAttribute('aria-pressed', 'true');
    await attachScreenshot(page, testInfo, 'core-size-after-skip');
  });

  test('phone, 390 × 844: one column, panels before the controls, no horizontal scroll on either tab', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?v=2&data=spirals&points=300');
    await waitForStepAtLeast(page, 10);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    const panelTop = (await page.locator('.panel-core').boundingBox())!.y;
    const controlsTop = (await page.locator('.sidebar').boundingBox())!.y;
    expect(panelTop).toBeLessThan(controlsTop);
    await attachScreenshot(page, testInfo, 'phone-390');
    await page.getByTestId('tab-compare').click();
    expect(await overflow()).toBe(0);
  });

  test('projector, 1920 × 1080 in large-text mode: every text in the panels is at least 18 px, and the toggle travels in the link', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?v=2&data=spirals&points=300');
    await waitForStepAtLeast(page, 10);
    await page.getByTestId('large-text-button').click();
    await expect(page).toHaveURL(/text=large/);
    await page.getByTestId('play-button').click();
    await expect(page.getByTestId('play-button')).toHaveText(/Play/);
    const small = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll('.panels *, .metrics *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!own || el.getBoundingClientRect().width === 0) continue;
        let px = parseFloat(getComputedStyle(el).fontSize);
        const svg = (el as SVGElement).ownerSVGElement;
        if (svg) px *= svg.getScreenCTM()?.a ?? 1; // drawing units scaled to the screen
        if (px < 17.95) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}: "${(el.textContent ?? '').trim().slice(0, 30)}" ${px.toFixed(1)} px`);
      }
      return out;
    });
    expect(small).toEqual([]);
    expect(await cutText(page)).toEqual([]);
    await attachScreenshot(page, testInfo, 'projector-1920-large-text');
    await page.reload();
    await expect(page.getByTestId('large-text-button')).toHaveAttribute('aria-pressed', 'true');
  });

  for (const [width, height] of [[1280, 720], [1440, 900], [1920, 1080]]) {
    test(`no text cut off at ${width} × ${height}`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto('/?v=2&data=spirals&points=300');
      await waitForStepAtLeast(page, 10);
      expect(await cutText(page)).toEqual([]);
      expect(await stepShown(page)).toBeGreaterThan(0);
    });
  }
});
