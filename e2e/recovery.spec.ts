import { expect, test, type Page } from '@playwright/test';
import { stepShown, waitForStepAtLeast } from './helpers';

/** Long enough to be mid-run when the worker goes, small enough to train fast. */
const RUN = '/?v=2&name=Before%20the%20crash&data=xor&points=200&hidden=8-8&lr=0.01&bs=16&epochs=400&eval=10&seed=2';

/** Keeps every Worker the page makes, so a test can kill it as the browser or a crash would. */
async function trackWorkers(page: Page) {
  await page.addInitScript(() => {
    const workers: Worker[] = [];
    const Original = window.Worker;
    (window as unknown as { __workers: Worker[] }).__workers = workers;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        workers.push(this);
      }
    };
  });
}

async function trainingWorker(page: Page, action: 'terminate' | 'abort') {
  await page.evaluate((what) => {
    const workers = (window as unknown as { __workers: Worker[] }).__workers;
    const worker = workers[workers.length - 1];
    if (what === 'terminate') worker.terminate();
    // What the page receives when WASM aborts (e.g. ?model=cnn&conv=128,128&bs=1024): the session reports the error.
    else worker.dispatchEvent(new MessageEvent('message', { data: { type: 'error', message: 'Aborted(). Build with -sASSERTIONS for more info.' } }));
  }, action);
}

async function expectTrainsAgain(page: Page) {
  await expect(page.getByTestId('step-counter')).toContainText('step 0', { timeout: 60_000 });
  await page.getByTestId('play-button').click();
  await waitForStepAtLeast(page, 20);
  await expect(page.getByTestId('status-line')).toContainText('Training');
}

test.describe('the lab recovers without a reload', () => {
  test('a training worker that dies mid-run is noticed, replaced, and the run kept', async ({ page }) => {
    await trackWorkers(page);
    await page.goto(RUN);
    await waitForStepAtLeast(page, 30);
    await trainingWorker(page, 'terminate');
    const frozenAt = await stepShown(page);

    const notice = page.getByTestId('worker-restarted');
    await expect(notice).toContainText('stopped answering', { timeout: 30_000 });
    await expect(notice).toContainText('started a fresh one');
    await expect(page.getByTestId('status-line')).not.toContainText('Training on');
    // The run it was training stays in the history, as far as it got.
    await expect(page.getByTestId('run-row').filter({ hasText: 'Before the crash' }).first()).toBeVisible();
    expect(frozenAt).toBeGreaterThanOrEqual(30);
    await expectTrainsAgain(page);
    await page.screenshot({ path: test.info().outputPath('worker-restarted.png') });
  });

  test('a backend that aborts is torn down and the same settings train again on a fresh one', async ({ page }) => {
    await trackWorkers(page);
    await page.goto(RUN);
    await waitForStepAtLeast(page, 10);
    await trainingWorker(page, 'abort');
    const notice = page.getByTestId('worker-restarted');
    await expect(notice).toContainText('compute backend aborted (Aborted()');
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    await expectTrainsAgain(page);
    // Reset works on the fresh worker too.
    await page.getByTestId('reset-button').click();
    await expect(page.getByTestId('step-counter')).toContainText('step 0');
  });
});

test.describe('a run that diverges', () => {
  test('is paused, marked and kept, and goes back to its last good evaluation', async ({ page }) => {
    await page.goto('/?v=2&name=Too%20fast&data=spirals&points=300&hidden=64-64-64-64&opt=sgd&lr=1&mom=0.999&bs=8&epochs=3&eval=5&seed=1');
    const banner = page.getByTestId('diverged-banner');
    await expect(banner).toContainText(/(loss|weights) became/, { timeout: 90_000 });
    await expect(page.getByTestId('status-line')).toContainText('Training diverged');
    await expect(page.getByTestId('run-row').filter({ hasText: 'Too fast' }).getByTestId('run-state')).toHaveText('diverged');
    const rewind = page.getByTestId('rewind-button');
    const label = (await rewind.textContent()) ?? '';
    const good = Number(/step (\d+)/.exec(label)?.[1]);
    expect(good).toBeGreaterThan(0);
    await page.screenshot({ path: test.info().outputPath('diverged.png') });

    await rewind.click();
    await expect(page.getByTestId('status-line')).toContainText(`Back at step ${good}, the last good evaluation`);
    await expect(page.getByTestId('diverged-banner')).toHaveCount(0);
    expect(await stepShown(page)).toBe(good);
    // It trains on from there (one batch at a time here, so the test does not wait for it to diverge again).
    await page.getByTestId('step-button').click();
    await expect.poll(() => stepShown(page)).toBe(good + 1);
  });
});
