import { expect, test, type Page } from '@playwright/test';
import { defaultConfig } from '../src/engine/config/defaults';
import { collectPageErrors } from './helpers';

const TINY = '/?v=2&name=Trained%20here&data=xor&points=200&hidden=6&lr=0.01&bs=32&epochs=2&eval=2&seed=4';

/** Runs stored before the lab opens: enough that reading every record whole blocked the page for seconds (bench/runsOpen.ts). */
const STORED = 6_000;
/** The first runs stored make up a sweep, which Compare shows again after a reload. */
const SWEEP = 4;

/** A page of the lab's origin that runs none of the lab: the database is written before the lab first opens it. */
async function openBlank(page: Page) {
  await page.route('**/__blank', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto('/__blank');
}

/**
 * Writes `count` runs into the lab's database as the lab before run summaries stored them (database
 * version 1, one whole record per run, 5 evaluations each); the oldest one as a lab before record
 * versions wrote it (no recordVersion, config version 1), which the lab migrates when it reads it.
 */
async function seedVersion1(page: Page, count: number) {
  const defaults = defaultConfig();
  const current = { ...defaults, dataset: { ...defaults.dataset, kind: 'xor' as const } };
  const { mode: _m, ...priorV1 } = current.prior;
  const v1 = { ...current, version: 1, prior: priorV1 };
  await page.evaluate(
    async ({ count, sweep, current, v1 }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('nonlinear-lab', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('runs', { keyPath: 'id' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      const config = <C extends { training: { seed: number } }>(c: C, seed: number): C => ({ ...c, training: { ...c.training, seed } });
      const base = Date.UTC(2025, 0, 1);
      for (let start = 0; start < count; start += 1000) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('runs', 'readwrite');
          for (let i = start; i < Math.min(count, start + 1000); i++) {
            const history = Array.from({ length: 5 }, (_, k) => ({
              step: k * 4,
              epoch: k / 5,
              trainLoss: 0.7 / (1 + k),
              trainAccuracy: 0.5 + k / 20,
              testLoss: 0.7 / (1 + k),
              testAccuracy: 0.5 + k / 21,
              fractionNonlinear: 1 - k / 10,
              aplNormalized: 2 - k / 10,
              aplUnnormalized: 2 - k / 12,
              lambda: 0.1,
            }));
            const group = i < sweep ? { id: 'seeded-sweep', kind: 'sweep', name: 'Seeded frontier sweep', member: `early/λ=${i}`, label: `early, λ = ${i}`, index: i, size: sweep, linearizeAt: null, width: null } : null;
            const record = {
              recordVersion: 2,
              id: `stored-${i}`,
              name: `Stored run ${i + 1}`,
              createdAt: base + i * 60_000,
              updatedAt: base + i * 60_000 + 30_000,
              config: config(current, i + 1),
              backend: 'wasm',
              history,
              gates: [{ name: 'dense 1', slopes: [0, 0.25, 0.5, 0.75, 1, 1], fractionNonlinear: 0.5 }],
              step: 16,
              totalSteps: 16,
              finished: true,
              diverged: null,
              source: 'trained',
              group,
            };
            if (i === sweep) {
              // Written before record versions: no recordVersion, no group, config version 1.
              const { recordVersion: _v, group: _g, ...old } = record;
              tx.objectStore('runs').put({ ...old, config: config(v1, i + 1) });
            } else tx.objectStore('runs').put(record);
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
      }
      db.close();
    },
    { count, sweep: SWEEP, current, v1 },
  );
}

/** How many runs the lab's database holds, and how many summaries (none before the lab upgrades it). */
function storedCounts(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ runs: number; summaries: number | null; version: number }>((resolve, reject) => {
        const open = indexedDB.open('nonlinear-lab');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const runs = tx.objectStore('runs').count();
          const summaries = names.includes('runSummaries') ? tx.objectStore('runSummaries').count() : null;
          tx.oncomplete = () => {
            resolve({ runs: runs.result, summaries: summaries?.result ?? null, version: db.version });
            db.close();
          };
        };
      }),
  );
}

test('a lab with 6,000 runs stored opens, lists every one and answers clicks; its database upgrades without losing a run', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await openBlank(page);
  await seedVersion1(page, STORED);
  expect(await storedCounts(page)).toEqual({ runs: STORED, summaries: null, version: 1 });

  // First open: the database from before summaries is upgraded, and every stored run is listed.
  await page.goto(TINY);
  await expect(page.locator('.runs-sub')).toContainText(/· 6,00[01] runs/, { timeout: 120_000 });
  // The page answers: a stored run's numbers open (its record read whole only now).
  const newestStored = page.locator(`[data-testid="run-row"][data-run-id="stored-${STORED - 1}"]`);
  await newestStored.getByTestId('run-details').click();
  await expect(newestStored.getByTestId('eval-row')).toHaveCount(5);
  await expect(newestStored.getByTestId('run-figures')).toHaveText('step 16 / 16 · test 69.0% · APL 1.60 · wasm');
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
  // Listed: the stored runs and the lab's own, as many as the database holds, each with its summary.
  await expect(page.locator('.runs-sub')).toContainText(`· ${(STORED + 1).toLocaleString('en')} runs`);
  expect(await storedCounts(page)).toEqual({ runs: STORED + 1, summaries: STORED + 1, version: 2 });

  // Again after a reload, from the summaries alone; the run stored before record versions is among them, and opens.
  await page.reload();
  await expect(page.locator('.runs-sub')).toContainText(`· ${(STORED + 1).toLocaleString('en')} runs`, { timeout: 60_000 });
  await page.getByTestId('tab-compare').click();
  // Compare shows the kept sweep again, read from the summaries and its four records.
  await expect(page.getByTestId('queue-status').filter({ hasText: 'Seeded frontier sweep' })).toContainText(`${SWEEP} of ${SWEEP} runs finished`);
  await page.getByTestId('tab-lab').click();
  const more = page.getByTestId('runs-show-more');
  // One row per run, and one for the sweep's four (Runs gathers a group's runs under one row).
  const rows = STORED + 1 - SWEEP + 1;
  await expect(more).toHaveText(`Show 100 more (${(rows - 100).toLocaleString('en')} not shown)`);
  // The oldest runs are at the end of the list: a person shows them all, 100 at a time.
  await page.evaluate(() => {
    const button = () => document.querySelector<HTMLButtonElement>('[data-testid="runs-show-more"]');
    for (let i = 0; i < 60 && button(); i++) button()!.click();
  });
  await expect(page.getByTestId('run-row')).toHaveCount(STORED + 1 - SWEEP);
  const sweep = page.getByTestId('run-group-row');
  await expect(sweep).toHaveCount(1);
  await sweep.getByTestId('run-group-toggle').click();
  await expect(page.getByTestId('run-row')).toHaveCount(STORED + 1);
  const migrated = page.locator(`[data-testid="run-row"][data-run-id="stored-${SWEEP}"]`);
  await expect(migrated.getByTestId('run-name')).toHaveText(`Stored run ${SWEEP + 1}`);
  await migrated.getByTestId('run-details').click();
  await expect(migrated.getByTestId('eval-row')).toHaveCount(5);
  expect(errors).toEqual([]);
});
