import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, waitForStepAtLeast } from './helpers';

const TINY = '/?v=1&name=Kept%20run&data=spirals&classes=2&points=200&hidden=6-6&lr=0.01&bs=32&epochs=2&seed=3&eval=2';

async function waitFinished(page: Page) {
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
}

test.describe('run history and export', () => {
  test('a finished run survives a reload and can be renamed, compared and deleted', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto(TINY);
    await waitFinished(page);
    const row = page.getByTestId('run-row').first();
    await expect(row.getByTestId('run-state')).toHaveText('finished');
    await expect(row.getByTestId('run-name')).toHaveText('Kept run');
    const id = await row.getAttribute('data-run-id');
    const figures = await row.getByTestId('run-figures').textContent();

    await page.reload();
    const kept = page.locator(`[data-run-id="${id}"]`);
    await expect(kept.getByTestId('run-state')).toHaveText('finished');
    await expect(kept.getByTestId('run-figures')).toHaveText(figures ?? '');

    await kept.getByTestId('run-rename').click();
    await kept.getByTestId('run-name-input').fill('Two arms, small');
    await kept.getByTestId('run-name-input').press('Enter');
    await expect(kept.getByTestId('run-name')).toHaveText('Two arms, small');
    // On a phone the name reads along its row, not a letter a line beside the run's figures.
    await page.setViewportSize({ width: 390, height: 844 });
    const lines = await kept.getByTestId('run-name').evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    expect(lines).toBeLessThanOrEqual(1.5);
    await page.setViewportSize({ width: 1440, height: 900 });

    // The reload trained the same config again, into the same record: still one run.
    await waitFinished(page);
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    // Another seed is another run: compare the two.
    await page.getByTestId('seed-input').fill('4');
    await page.getByTestId('seed-input').press('Enter');
    await expect(page.getByTestId('run-row')).toHaveCount(2, { timeout: 90_000 });
    await expect(page.getByTestId('run-state')).toHaveText(['finished', 'finished'], { timeout: 90_000 });
    for (const r of await page.getByTestId('run-select').all()) await r.check();
    await expect(page.getByTestId('compare-series-accuracy')).toHaveCount(2);
    // Oldest first, as they were trained (and coloured): the renamed run, then the new seed's.
    await expect(page.getByTestId('compare-legend-item')).toContainText(['Two arms, small', 'Kept run']);

    await page.reload();
    await expect(page.locator(`[data-run-id="${id}"]`).getByTestId('run-name')).toHaveText('Two arms, small');
    await page.locator(`[data-run-id="${id}"]`).getByTestId('run-delete').click();
    await expect(page.locator(`[data-run-id="${id}"]`)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('run-row').first()).toBeVisible();
    await expect(page.locator(`[data-run-id="${id}"]`)).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a reload mid-run continues the same record, never a second one', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto(TINY.replace('epochs=2', 'epochs=400'));
    await waitForStepAtLeast(page, 20);
    await expect(page.getByTestId('run-row')).toHaveCount(1, { timeout: 30_000 });
    const id = await page.getByTestId('run-row').first().getAttribute('data-run-id');
    await page.reload();
    await waitForStepAtLeast(page, 100);
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', id ?? '');
    expect(errors).toEqual([]);
  });

  test('a run exports as JSON and CSV, panels as PNG and SVG, and the JSON imports back', async ({ page }) => {
    await page.goto(TINY);
    await waitFinished(page);
    const row = page.getByTestId('run-row').first();

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), row.getByTestId('run-export-json').click()]);
    expect(jsonDownload.suggestedFilename()).toBe('kept-run.json');
    const jsonPath = await jsonDownload.path();
    const exported = JSON.parse(await readFile(jsonPath, 'utf8'));
    expect(exported.format).toBe('nonlinear-lab-runs');
    expect(exported.runs[0].config).toContain('data=spirals');
    expect(exported.runs[0].metrics.length).toBeGreaterThan(3);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), row.getByTestId('run-export-csv').click()]);
    const csv = await readFile(await csvDownload.path(), 'utf8');
    // The tangent kernel's columns come with it: the lab measures the kernel at the first evaluation (step 0).
    expect(csv.split('\n')[0]).toBe('step,epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,fractionNonlinear,aplNormalized,aplUnnormalized,lambda,ntkDistance,ntkVelocity,ntkAlignment');
    expect(csv.trim().split('\n')).toHaveLength(exported.runs[0].metrics.length + 1);

    for (const [panel, format] of [['training-curves', 'png'], ['gates', 'svg'], ['predictions', 'png']] as const) {
      await page.getByTestId('export-menu').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}-${panel}`).click()]);
      expect(download.suggestedFilename()).toBe(`nonlinear-lab-${panel}.${format}`);
      const bytes = await readFile(await download.path());
      if (format === 'png') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      else expect(bytes.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(bytes.length).toBeGreaterThan(1000);
    }

    // Delete it, then bring it back from the file.
    await row.getByTestId('run-delete').click();
    await expect(page.getByTestId('run-name').filter({ hasText: 'Kept run' })).toHaveCount(0);
    await page.getByTestId('import-input').setInputFiles(jsonPath);
    await expect(page.getByTestId('import-report')).toContainText('Imported 1 run.');
    const back = page.getByTestId('run-row').filter({ hasText: 'Kept run' });
    await expect(back.getByTestId('run-state')).toHaveText('finished');
    await back.getByTestId('run-details').click();
    await expect(back.getByTestId('eval-row')).toHaveCount(exported.runs[0].metrics.length);

    await page.getByTestId('import-input').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"runs": 12') });
    await expect(page.getByTestId('import-report')).toContainText('Imported 0 runs');
    await expect(page.getByTestId('import-report')).toContainText('not JSON');
  });

  test('without IndexedDB (private mode) the lab says so and keeps working', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.goto(TINY);
    await expect(page.getByTestId('storage-notice')).toContainText(/no IndexedDB/);
    await waitFinished(page);
    await expect(page.getByTestId('run-row').first().getByTestId('run-state')).toHaveText('finished');
    await expect(page.getByTestId('runs-panel')).toContainText('kept until the page closes');
  });
});
