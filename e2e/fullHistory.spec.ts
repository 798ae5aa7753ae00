import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';

/**
 * More evaluations than the page keeps (2,000, chartHistory.ts): an evaluation at every step of a
 * tiny network, 2,600 steps (130 points at batch 5: 20 steps an epoch × 130 epochs, if the split
 * keeps 100 for training; the test reads the real count from the run).
 */
const LONG = '/?v=2&name=Many%20evaluations&data=xor&points=130&hidden=4&bs=5&epochs=130&eval=1&seed=2&backend=wasm';

test('a run with more evaluations than the page keeps exports every one of them, and deleting it deletes them', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await page.goto(LONG);
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 240_000 });
  const row = page.getByTestId('run-row').first();
  await expect(row.getByTestId('run-state')).toHaveText('finished');
  const steps = Number(/step ([\d,]+)/.exec((await row.getByTestId('run-figures').textContent()) ?? '')?.[1].replace(/,/g, ''));
  expect(steps).toBeGreaterThan(2000);

  // The page keeps the charts' thinned history only...
  await row.getByTestId('run-details').click();
  const kept = await row.getByTestId('eval-row').count();
  expect(kept).toBeLessThanOrEqual(2000);

  // ...while the CSV and the JSON carry an evaluation for every step, 0 to the last.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), row.getByTestId('run-export-csv').click()]);
  const rows = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\n').slice(1);
  expect(rows.map((r) => Number(r.split(',')[0]))).toEqual(Array.from({ length: steps + 1 }, (_, i) => i));
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), row.getByTestId('run-export-json').click()]);
  const exported = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
  expect(exported.runs[0].metrics).toHaveLength(steps + 1);
  await expect(page.getByTestId('runs-problem')).toHaveCount(0);

  // The full record lives in its own database; deleting the run deletes its chunks there.
  const chunksOf = (id: string) =>
    page.evaluate(
      (runId) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('nonlinear-lab-evaluations');
          open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
          open.onsuccess = () => {
            const count = open.result.transaction('chunks').objectStore('chunks').count(IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]));
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error ?? new Error('IndexedDB failed'));
          };
        }),
      id,
    );
  const id = (await row.getAttribute('data-run-id')) ?? '';
  expect(await chunksOf(id)).toBeGreaterThanOrEqual(Math.ceil((steps + 1) / 500));
  await row.getByTestId('run-delete').click();
  await expect(page.locator(`[data-run-id="${id}"]`)).toHaveCount(0);
  await expect.poll(() => chunksOf(id)).toBe(0);
  expect(errors).toEqual([]);
});
