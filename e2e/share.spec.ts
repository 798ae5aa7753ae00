import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, stepShown, waitForStepAtLeast } from './helpers';

/** A tiny 2-D run: 10 steps, evaluated every 2. */
// Forces WASM: what these tests check names the backend, and the automatic choice differs on a machine with a GPU.
const TINY = '/?v=1&name=Shared%20xor&note=Look%20at%20the%20boundary&data=xor&points=200&hidden=6-6&lr=0.01&bs=32&epochs=2&seed=7&eval=2&backend=wasm';

async function waitFinished(page: Page) {
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
}

/** The first evaluations as the runs panel's numbers table shows them. */
async function firstLosses(page: Page, rows = 3): Promise<string[][]> {
  const run = page.getByTestId('run-row').first();
  await run.getByTestId('run-details').click();
  const table = run.getByTestId('eval-row');
  await expect(table.nth(rows - 1)).toBeVisible();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = table.nth(i);
    out.push([(await row.locator('td').first().textContent()) ?? '', (await row.getByTestId('eval-train-loss').textContent()) ?? '', (await row.getByTestId('eval-test-loss').textContent()) ?? '']);
  }
  return out;
}

test.describe('share links', () => {
  test('a copied link opened in a fresh page reproduces the config and the first losses', async ({ browser }) => {
    const first = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await first.newPage();
    const errors = collectPageErrors(page);
    await page.goto(TINY);
    await waitFinished(page);
    await page.getByTestId('copy-link-button').click();
    await expect(page.getByTestId('copy-link-button')).toHaveText(/copied/i);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(new URL(link).searchParams.get('madeon')).toBe('wasm');
    const original = await firstLosses(page);
    // Evaluations every 2 steps, each with a train and a test loss.
    expect(original.map((r) => Number(r[0]) % 2)).toEqual([0, 0, 0]);
    for (const [, train, testLoss] of original) expect([Number(train), Number(testLoss)].every(Number.isFinite)).toBe(true);
    expect(errors).toEqual([]);

    const second = await browser.newContext();
    const fresh = await second.newPage();
    await fresh.goto(link);
    await expect(fresh.getByTestId('share-notice')).toContainText('Shared xor');
    await expect(fresh.getByTestId('share-note')).toHaveText('Look at the boundary');
    await expect(fresh.getByTestId('share-notice')).toContainText('same data, initialization and batch order (seed 7)');
    await expect(fresh.getByTestId('share-backend')).toContainText('made on wasm too');
    await waitFinished(fresh);
    expect(new URL(fresh.url()).search).toBe(new URL(link).search);
    expect(await firstLosses(fresh)).toEqual(original);
    await first.close();
    await second.close();
  });

  test('a link made on another backend says so', async ({ page }) => {
    await page.goto(`${TINY}&madeon=webgl`);
    await expect(page.getByTestId('share-backend')).toContainText('made on webgl, but this lab runs on wasm');
  });

  test('a bad, hand-edited link opens a working lab with a specific message; its text stays text', async ({ page }) => {
    const errors = collectPageErrors(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const note = encodeURIComponent('<img src=x onerror=alert(1)>');
    await page.goto(`/?v=9&data=xor&points=200&hidden=6-banana&lambda=-4&epochs=2.5&bs=32&wings=1&hide=curves,architecture,gills&note=${note}&eval=2`);
    const notice = page.getByTestId('link-notice');
    await expect(notice).toContainText('MLP hidden widths: "6-banana" is not a list of widths');
    await expect(notice).toContainText('prior strength λ: -4 is below the minimum 0');
    await expect(notice).toContainText('epochs: expected a whole number, got 2.5');
    await expect(notice).toContainText('unknown setting "wings"');
    await expect(notice).toContainText('"gills" is not a part of the lab');
    await expect(notice).toContainText(/version/);
    await expect(page.getByTestId('share-note')).toHaveText('<img src=x onerror=alert(1)>');
    await expect(page.getByTestId('share-notice').locator('img')).toHaveCount(0);
    // Classroom link: the named parts are gone, the rest works.
    await expect(page.getByTestId('panel-curves')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'Network' })).toHaveCount(0);
    await expect(page.getByTestId('dataset-select')).toHaveValue('xor');
    await waitForStepAtLeast(page, 2);
    // On a phone too: the notice wraps its lines within the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const issue = notice.locator('li').first();
    const lines = await issue.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    expect(lines).toBeLessThanOrEqual(3);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
  });

  test('junk in the address bar still opens the lab', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/?%%%&&==x&data=%E0%A4%A&v=abc');
    await expect(page.getByTestId('link-notice')).toBeVisible();
    await expect(page.getByTestId('backend-badge')).toContainText(/wasm|webgl|webgpu|cpu/i);
    expect(await stepShown(page)).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  test('structural changes make history entries; back and forward load them', async ({ page }) => {
    await page.goto('/?v=1&data=xor&points=200&hidden=6-6&bs=32&epochs=50&eval=5');
    await waitForStepAtLeast(page, 1);
    await page.getByTestId('dataset-select').selectOption('circles');
    await expect.poll(() => new URL(page.url()).searchParams.get('data')).toBe('circles');
    await page.getByTestId('dataset-select').selectOption('blobs');
    await expect.poll(() => new URL(page.url()).searchParams.get('data')).toBe('blobs');

    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('data')).toBe('circles');
    await expect(page.getByTestId('dataset-select')).toHaveValue('circles');
    await expect(page.getByTestId('panel-preview')).toContainText('circles');
    await page.goBack();
    await expect(page.getByTestId('dataset-select')).toHaveValue('xor');
    await page.goForward();
    await expect(page.getByTestId('dataset-select')).toHaveValue('circles');

    // A drag of the λ dial by keyboard: one entry per key press, so back undoes it.
    const dial = page.getByTestId('lambda-slider');
    await dial.focus();
    await page.keyboard.press('End');
    await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe('10000');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe('0');
    await expect(page.getByTestId('lambda-value')).toHaveText('0 (off)');

    // A mouse drag replaces one entry while it moves and commits it on release: one back undoes it all.
    const box = (await dial.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + (box.width * i) / 10, box.y + box.height / 2);
    await page.mouse.up();
    const dragged = new URL(page.url()).searchParams.get('lambda');
    expect(Number(dragged)).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe('0');
    await page.goForward();
    await expect.poll(() => new URL(page.url()).searchParams.get('lambda')).toBe(dragged);
  });
});
