import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { attachScreenshot, collectPageErrors } from './helpers';

// A tiny 2-D task: XOR, an 8-8 MLP, 40 short epochs (400 steps, a few seconds a run), the late prior from epoch 5.
const TINY = '/?v=1&data=xor&points=400&hidden=8-8&bs=32&epochs=40&lr=0.01&lambda=20&ton=5&tunit=epoch&eval=20';

test('a sweep is one row of Runs: its name and count, it opens to its runs and in Compare, and it is deleted with one confirmation; it fits a phone', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('sweep-min').fill('2');
  await page.getByTestId('sweep-max').fill('200');
  await page.getByTestId('sweep-count').fill('2');
  await page.getByTestId('sweep-run').click();

  // While it trains, Runs says so and will not delete it (its queue would write its runs again).
  await page.getByTestId('tab-lab').click();
  const training = page.getByTestId('run-group-row');
  await expect(training.getByTestId('run-group-state')).toHaveText('training');
  await expect(training.getByTestId('run-group-delete')).toBeDisabled();
  await expect(page.locator('section[aria-labelledby="sweep-title"]').getByTestId('queue-progress-text')).toContainText('4 of 4 runs done', { timeout: 150_000 });
  await expect(training.getByTestId('run-group-state')).toHaveCount(0);
  await expect(training.getByTestId('run-group-delete')).toBeEnabled();

  // One row for the sweep, above the lab's run (it is newer); its four runs are not rows of their own.
  const runs = page.getByTestId('runs-panel');
  const group = runs.getByTestId('run-group-row');
  await expect(group).toHaveCount(1);
  await expect(runs.locator('.runs-list > li').first()).toHaveAttribute('data-testid', 'run-group-row');
  await expect(group.getByTestId('run-group-name')).toHaveText('Frontier sweep, λ 2 to 200');
  await expect(group.getByTestId('run-group-summary')).toContainText('sweep · 4 runs · all finished · ');
  await expect(runs.getByTestId('run-row')).toHaveCount(1);
  await expect(runs.locator('.runs-sub')).toContainText('· 5 runs');

  // Opened from the keyboard, it shows its runs as rows, each with its own actions.
  const toggle = group.getByTestId('run-group-toggle');
  await expect(toggle).toHaveText('Show 4 runs');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const members = group.getByTestId('run-row');
  await expect(members).toHaveCount(4);
  await expect(members.getByTestId('run-group')).toHaveText(['run 1 of 4', 'run 2 of 4', 'run 3 of 4', 'run 4 of 4']);
  await expect(members.getByTestId('run-state')).toHaveText(['finished', 'finished', 'finished', 'finished']);
  for (const action of ['run-open', 'run-rename', 'run-export-json', 'run-delete']) await expect(members.getByTestId(action)).toHaveCount(4);

  // Opened in Compare, it shows there as it was kept: its four points, nothing trained.
  await group.getByTestId('run-group-compare').click();
  await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
  const sweepSection = page.locator('section[aria-labelledby="sweep-title"]');
  await expect(sweepSection.getByTestId('queue-status')).toContainText('Kept: Frontier sweep, λ 2 to 200');
  await expect(sweepSection.getByTestId('queue-status')).toContainText('4 of 4 runs finished');
  await expect(sweepSection.getByTestId('frontier-point')).toHaveCount(4);
  await expect(page.locator('#sweep-title')).toBeInViewport();
  await page.getByTestId('tab-lab').click();
  await expect(members).toHaveCount(4);

  await group.getByTestId('run-group-select').check();
  await expect(page.getByTestId('runs-panel')).toContainText('Compared: 4 runs');
  await runs.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await attachScreenshot(page, testInfo, 'runs-sweep-open-1440', 'runs-panel');
  await group.getByTestId('run-group-delete').click();
  await expect(group.getByTestId('run-group-confirm')).toContainText('Delete the 4 runs of “Frontier sweep, λ 2 to 200”');
  await attachScreenshot(page, testInfo, 'runs-sweep-delete-1440', 'runs-panel');
  // The group's row, its runs and the question pass axe-core (serious and critical WCAG A/AA).
  const axe = await new AxeBuilder({ page }).include('[data-testid=runs-panel]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  for (const testId of ['run-group-row', 'run-group-confirm', 'run-row', 'run-name']) {
    for (const right of await runs.getByTestId(testId).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right))) expect(right).toBeLessThanOrEqual(390);
  }
  // A run's name under the group keeps a readable width.
  for (const width of await members.getByTestId('run-name').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width))) expect(width).toBeGreaterThan(150);
  await runs.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await attachScreenshot(page, testInfo, 'runs-sweep-delete-390', 'runs-panel');
  await group.getByTestId('run-group-delete-cancel').click();
  await members.nth(1).evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  await attachScreenshot(page, testInfo, 'runs-sweep-open-390', 'runs-panel');
  await page.setViewportSize({ width: 1440, height: 900 });

  // "Keep them" kept them; asked again and confirmed, the group goes, every run of it, and stays gone after a reload.
  await expect(group.getByTestId('run-group-confirm')).toHaveCount(0);
  await expect(members).toHaveCount(4);
  await group.getByTestId('run-group-delete').click();
  await group.getByTestId('run-group-delete-confirm').click();
  await expect(runs.getByTestId('run-group-row')).toHaveCount(0);
  await expect(runs.getByTestId('run-row')).toHaveCount(1);
  await expect(runs.locator('.runs-sub')).toContainText('· 1 run');
  await expect(page.getByTestId('runs-panel')).not.toContainText('Compared:');
  // A run without a group, on a phone: its name keeps its width, the state and figures under it.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => runs.getByTestId('run-name').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(150);
  await attachScreenshot(page, testInfo, 'runs-plain-run-390', 'runs-panel');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-group-row')).toHaveCount(0);
  expect(errors).toEqual([]);
});
