import { expect, test } from '@playwright/test';

const TINY = '/?v=2&name=Unsaved%20run&data=xor&points=200&hidden=6&lr=0.01&bs=32&epochs=2&eval=2&seed=4';

test.describe('storage that is full', () => {
  test.beforeEach(async ({ page }) => {
    // Every write to IndexedDB fails as it does when the browser's quota is used up.
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
  });

  test('runs it could not save are listed, marked unsaved, and the lab says why', async ({ page }) => {
    await page.goto(TINY);
    await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
    await expect(page.getByTestId('storage-notice')).toContainText('Browser storage is full');
    const row = page.getByTestId('run-row').filter({ hasText: 'Unsaved run' });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('run-unsaved')).toHaveText('not saved');
    await expect(page.getByTestId('runs-panel')).toContainText('1 run');
    await expect(page.getByTestId('runs-unsaved-count')).toContainText('1 not saved');
    await page.getByTestId('runs-panel').screenshot({ path: test.info().outputPath('runs-unsaved.png') });
  });

  test('an import says the runs were not stored, and lists them anyway', async ({ page }) => {
    await page.goto(TINY);
    await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
    const file = {
      format: 'nonlinear-lab-runs',
      formatVersion: 1,
      kind: 'run',
      exportedAt: new Date().toISOString(),
      runs: [{ name: 'From a file', config: 'v=2&data=circles', step: 0, totalSteps: 0, finished: false, diverged: null, metrics: [], gates: null }],
    };
    await page.getByTestId('import-input').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect(page.getByTestId('import-report')).toContainText('Read 1 run, but the browser would not store it');
    await expect(page.getByTestId('import-report')).not.toContainText('Imported 1 run');
    await expect(page.getByTestId('run-row').filter({ hasText: 'From a file' }).getByTestId('run-unsaved')).toBeVisible();
  });
});

test.describe('links that try too much', () => {
  test('a bidi override cannot disguise a name, and 700 unknown keys make a short notice', async ({ page }) => {
    // As many as fit under the lab's 8,192-character limit on links (budget.spec.ts shows a longer one refused).
    const keys = Array.from({ length: 700 }, (_, i) => `k${i}=1`).join('&');
    await page.goto(`/?v=2&data=xor&epochs=1&name=%E2%80%AEgnp.exe&backend=${'w'.repeat(1_500)}&${keys}`);
    await expect(page.getByTestId('share-name')).toHaveText('gnp.exe');
    const notice = page.getByTestId('link-notice');
    await expect(notice).toContainText('and 690 more unknown settings in the link ignored');
    const box = await notice.boundingBox();
    expect(box!.height).toBeLessThan(600);
    // The forced backend's name is echoed cut short, in the badge and the address bar.
    await expect(page.getByTestId('backend-badge')).toContainText('(your choice) is unknown', { timeout: 60_000 });
    expect((await page.getByTestId('backend-badge').textContent())!.length).toBeLessThan(600);
    expect(page.url().length).toBeLessThan(1_000);
  });
});
