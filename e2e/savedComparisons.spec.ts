import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { attachScreenshot, collectPageErrors, stepShown, waitForStepAtLeast } from './helpers';

// A tiny 2-D task: XOR, an 8-8 MLP, 10 short epochs, the late prior from epoch 5.
const TINY = '/?v=1&data=xor&points=400&hidden=8-8&bs=32&epochs=10&lr=0.01&lambda=20&ton=5&tunit=epoch&eval=10';

async function labFinished(page: Page) {
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
}

/** What a person sees with `testId` scrolled to the top of the window. */
async function viewportShot(page: Page, testInfo: TestInfo, name: string, testId: string) {
  await page.getByTestId(testId).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The Runs list's row of a comparison or sweep (one row for all its runs). */
const groupRow = (page: Page, name: string | RegExp) => page.getByTestId('run-group-row').filter({ has: page.getByTestId('run-group-name').filter({ hasText: name }) });

/** The rows of a group's runs, the group opened to them. */
async function groupRows(page: Page, name: string | RegExp) {
  const toggle = groupRow(page, name).getByTestId('run-group-toggle');
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return groupRow(page, name).getByTestId('run-row');
}

test('a sweep is kept: its runs are in Runs, it survives a reload, and a point shows its run as it ended without training', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await labFinished(page);
  await expect(page.getByTestId('run-row')).toHaveCount(1);

  await page.getByTestId('tab-compare').click();
  await page.getByTestId('sweep-min').fill('2');
  await page.getByTestId('sweep-max').fill('200');
  await page.getByTestId('sweep-count').fill('2');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('queue-status').last()).toContainText('4 of 4 runs done', { timeout: 150_000 });
  // One row in Runs (on the lab's tab) for the sweep, opening to its four.
  await page.getByTestId('tab-lab').click();
  await expect(page.getByTestId('run-group-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  const sweepRows = await groupRows(page, 'Frontier sweep');
  await expect(sweepRows).toHaveCount(4);
  await expect(sweepRows.getByTestId('run-state')).toHaveText(['finished', 'finished', 'finished', 'finished']);

  await page.reload();
  await labFinished(page); // the lab's own run trains again into its record
  // Every run once: the lab's and the sweep's four, no duplicate.
  await expect(page.getByTestId('run-group-row')).toHaveCount(1);
  await expect(page.locator('.runs-sub')).toContainText('· 5 runs');
  await expect(await groupRows(page, 'Frontier sweep')).toHaveCount(4);
  await expect(page.getByTestId('run-row')).toHaveCount(5);
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('frontier-curve-early').getByTestId('frontier-point')).toHaveCount(2);
  await expect(page.getByTestId('frontier-curve-late5epoch').getByTestId('frontier-point')).toHaveCount(2);
  await expect(page.getByTestId('queue-status').filter({ hasText: 'Frontier sweep' })).toContainText('4 of 4 runs finished');

  // A point opens its run as it ended, here, with nothing trained: the lab's step stays and no run starts.
  const stepBefore = await stepShown(page);
  const urlBefore = page.url();
  const point = page.getByTestId('frontier-curve-late5epoch').getByTestId('frontier-point').first();
  const lambda = /λ = ([\d.e+-]+)/.exec((await point.getAttribute('aria-label')) ?? '')?.[1];
  await point.click();
  const finished = page.getByTestId('finished-run');
  await expect(finished).toBeVisible();
  // It opens at the top of the window, the panels under it, whatever their height.
  await expect(finished.getByTestId('run-panels')).toBeInViewport();
  await expect.poll(() => finished.evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeGreaterThanOrEqual(0);
  await expect.poll(() => finished.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(100);
  const label = `late (prior from epoch 5), λ = ${lambda}`;
  await expect(finished.getByTestId('run-panels')).toContainText(label);
  // The step it ended at, as its record in Runs says.
  const figures = (await page.getByTestId('run-row').filter({ hasText: label }).getByTestId('run-figures').textContent()) ?? '';
  const endStep = /step ([\d,]+) \/ \1/.exec(figures)?.[1];
  expect(endStep).toBeTruthy();
  await expect(finished.getByTestId('run-panels')).toContainText(`at step ${endStep}`);
  await expect(finished.getByTestId('gates-row-0')).toBeVisible();
  await expect(finished.getByTestId('apl-bar').first()).toBeAttached();
  await expect(finished.getByTestId('panel-run-core')).toBeVisible();
  await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
  expect(await stepShown(page)).toBe(stepBefore);
  await expect(page.getByTestId('status-line')).toContainText('Finished');
  await expect(page.getByTestId('run-row')).toHaveCount(5);
  expect(page.url()).toBe(urlBefore);
  await attachScreenshot(page, testInfo, 'sweep-point-as-it-ended', 'finished-run');

  // Asked for, it trains again in the lab: at the top of the lab, without the notice of the link the page opened with.
  await expect(page.getByTestId('share-notice')).toBeVisible();
  await finished.getByTestId('finished-run-train').click();
  await expect(page.getByTestId('tab-lab')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe(lambda);
  await expect(page.getByTestId('share-notice')).toHaveCount(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await waitForStepAtLeast(page, 1);
  expect(errors).toEqual([]);
});

test('a comparison exports and imports back as a comparison; finished, it fits a phone', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('late-start').fill('5');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('queue-progress-text').first()).toContainText('2 of 2 runs done', { timeout: 120_000 });

  // A comparison's run opens as it ended too.
  await page.getByTestId('comparison-run-view').first().click();
  await expect(page.getByTestId('finished-run').getByTestId('gates-row-0')).toBeVisible();
  await viewportShot(page, testInfo, 'comparison-finished-1440', 'matched-apl');
  await viewportShot(page, testInfo, 'comparison-finished-run-1440', 'finished-run');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await viewportShot(page, testInfo, 'comparison-finished-390', 'compare-legend');
  await viewportShot(page, testInfo, 'comparison-finished-run-390', 'finished-run');
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByTestId('tab-lab').click();
  const rows = await groupRows(page, 'Early versus late');
  await expect(rows).toHaveCount(2);
  for (const select of await rows.getByTestId('run-select').all()) await select.check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-selected-button').click()]);
  const path = await download.path();
  const file = JSON.parse(await readFile(path, 'utf8'));
  expect(file.kind).toBe('comparison');
  expect(file.formatVersion).toBe(2);
  expect(file.runs.map((r: { group: { label: string } }) => r.group.label).sort()).toEqual(['early (prior from step 0)', 'late (prior from epoch 5)']);

  await rows.first().getByTestId('run-delete').click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByTestId('run-delete').click();
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('run-group-row')).toHaveCount(0);
  await page.getByTestId('import-input').setInputFiles(path);
  await expect(page.getByTestId('import-report')).toContainText('Imported 2 runs.');
  await expect(groupRow(page, 'Early versus late').getByTestId('run-group-summary')).toContainText('comparison (imported) · 2 runs · all finished');
  const imported = await groupRows(page, 'Early versus late');
  await expect(imported.getByTestId('run-group')).toHaveText(['run 1 of 2', 'run 2 of 2']);
  await expect(imported.getByTestId('run-state')).toHaveText(['finished', 'finished']);

  // After a reload the Compare tab shows the imported comparison, both runs overlaid.
  await page.reload();
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('queue-status').first()).toContainText('Imported: Early versus late');
  for (const run of [0, 1]) await expect(page.getByTestId(`compare-series-accuracy-${run}`)).toHaveAttribute('d', /^M.+L/);
  await expect(page.getByTestId('compare-legend')).toContainText('late (prior from epoch 5)');
  expect(errors).toEqual([]);
});

test('a paused run does not read "training", and its name follows λ', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(TINY.replace('epochs=10', 'epochs=400'));
  await waitForStepAtLeast(page, 20);
  const row = page.getByTestId('run-row').first();
  await expect(row.getByTestId('run-state')).toHaveText('training');
  await expect(row.getByTestId('run-name')).toContainText('λ 20 ·');
  await page.getByTestId('lambda-input').fill('3');
  await page.getByTestId('lambda-input').press('Enter');
  await expect(row.getByTestId('run-name')).toContainText('λ 3 ·');
  await page.getByTestId('play-button').click(); // pause
  await expect(page.getByTestId('status-line')).toContainText('Paused');
  await expect(row.getByTestId('run-state')).toHaveText('paused');
  expect(errors).toEqual([]);
});
