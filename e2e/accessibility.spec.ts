import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { waitForStepAtLeast } from './helpers';

/** Serious and critical WCAG 2.x A/AA violations (axe-core), listed so a failure says what and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

test.describe('accessibility', () => {
  test('no serious or critical axe-core violations on the Lab tab and the Compare tab, training and paused', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300');
    await waitForStepAtLeast(page, 20);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('play-button').click(); // pause: the Pause state's colours were the worst
    await expect(page.getByTestId('play-button')).toHaveText(/Play/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('tab-compare').click();
    await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('no serious violations in large-text mode either', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300&text=large');
    await waitForStepAtLeast(page, 20);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('arrow keys move between the tabs, and only the selected tab is a tab stop', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300');
    const lab = page.getByTestId('tab-lab');
    const compare = page.getByTestId('tab-compare');
    await lab.focus();
    await page.keyboard.press('ArrowRight');
    await expect(compare).toBeFocused();
    await expect(compare).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('early-late-run').or(page.locator('.compare-view')).first()).toBeVisible();
    await expect(lab).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('ArrowLeft');
    await expect(lab).toBeFocused();
    await expect(lab).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(compare).toBeFocused();
    await page.keyboard.press('Home');
    await expect(lab).toBeFocused();
  });

  test('gate details are reachable by keyboard: tab to a layer, arrow keys pick a channel', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300&hidden=4-4');
    await waitForStepAtLeast(page, 5);
    await page.getByTestId('play-button').click();
    const firstLayer = page.getByTestId('gates-row-0').locator('canvas');
    await firstLayer.focus();
    await expect(page.getByTestId('gates-tooltip')).toContainText('channel 0 · slope a =');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('gates-tooltip')).toContainText('channel 2 · slope a =');
    await page.keyboard.press('End');
    await expect(page.getByTestId('gates-tooltip')).toContainText('channel 3 · slope a =');
    await expect(firstLayer).toHaveAttribute('aria-valuetext', /channel 3, slope a = /);
  });

  test('λ can be typed exactly: 25 is 25, not the slider\'s 25.1', async ({ page }) => {
    await page.goto('/?v=2&data=spirals&points=300');
    await waitForStepAtLeast(page, 5);
    const input = page.getByTestId('lambda-input');
    await input.fill('25');
    await input.press('Enter');
    await expect(page.getByTestId('lambda-value')).toHaveText(/^25\b/);
    await expect(page).toHaveURL(/[?&]lambda=25&/);
    await input.fill('-3');
    await input.press('Enter');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/[?&]lambda=25&/);
  });
});
