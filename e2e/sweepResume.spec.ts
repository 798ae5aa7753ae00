import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { collectPageErrors } from './helpers';

// A tiny 2-D task: XOR, an 8-8 MLP, 40 short epochs (400 steps, a few seconds a run), the late prior from epoch 5.
const TINY = '/?v=1&data=xor&points=400&hidden=8-8&bs=32&epochs=40&lr=0.01&lambda=20&ton=5&tunit=epoch&eval=20';

interface KeptRun {
  id: string;
  groupId: string;
  member: string;
  finished: boolean;
  step: number;
  final: unknown;
}

/** Every sweep run record in the lab's IndexedDB, with its last evaluation. */
function sweepRecords(page: Page): Promise<KeptRun[]> {
  return page.evaluate(
    () =>
      new Promise<KeptRun[]>((resolve, reject) => {
        const open = indexedDB.open('nonlinear-lab');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').getAll();
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            type Stored = { id: string; finished: boolean; step: number; history: unknown[]; group: { id: string; kind: string; member: string } | null };
            const records = (request.result as Stored[]).filter((r) => r.group?.kind === 'sweep');
            resolve(records.map((r) => ({ id: r.id, groupId: r.group!.id, member: r.group!.member, finished: r.finished, step: r.step, final: r.history[r.history.length - 1] })));
            open.result.close();
          };
        };
      }),
  );
}

const sweepSection = (page: Page) => page.locator('section[aria-labelledby="sweep-title"]');

async function startSweep(page: Page) {
  await page.getByTestId('sweep-min').fill('2');
  await page.getByTestId('sweep-max').fill('200');
  await page.getByTestId('sweep-count').fill('2');
  await page.getByTestId('sweep-run').click();
}

/** What a person sees with the notice at the top of the window. */
async function noticeShot(page: Page, testInfo: TestInfo, name: string) {
  await page.getByTestId('queue-notice').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('a sweep cut short by a reload resumes into the same group, every run once, with the metrics of an uninterrupted sweep', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await page.getByTestId('tab-compare').click();
  await startSweep(page);
  const progress = sweepSection(page).getByTestId('queue-progress-text');
  // The first run finished and the second is part-trained (its record saved) when the page goes.
  await expect
    .poll(async () => {
      const kept = await sweepRecords(page);
      return kept.filter((r) => r.finished).length === 1 && kept.some((r) => !r.finished && r.step > 0);
    }, { timeout: 120_000, intervals: [50] })
    .toBe(true);
  await page.reload();

  // The lab opens on its own tab: the Compare tab says that a sweep waits there.
  await expect(page.getByTestId('tab-compare')).toContainText('1 interrupted');
  await page.getByTestId('tab-compare').click();
  const notice = page.getByTestId('queue-notice');
  await expect(notice).toHaveAttribute('data-kind', 'interrupted');
  const text = (await page.getByTestId('queue-notice-text').textContent()) ?? '';
  expect(text).toContain('The sweep “Frontier sweep, λ 2 to 200” was interrupted after 1 of 4 runs. Resume trains the 3 runs that did not finish');
  const before = await sweepRecords(page);
  expect(before.map((r) => r.finished).sort()).toEqual([false, true]);

  await noticeShot(page, testInfo, 'sweep-interrupted-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await noticeShot(page, testInfo, 'sweep-interrupted-390');
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByTestId('queue-resume').click();
  await expect(notice).toHaveCount(0);
  await expect(progress).toContainText('4 of 4 runs done', { timeout: 150_000 });
  await expect(sweepSection(page).getByTestId('frontier-point')).toHaveCount(4);

  // Every run of the group once, finished; the runs that had finished were not trained again.
  await expect.poll(async () => (await sweepRecords(page)).filter((r) => r.finished).length).toBe(4);
  const resumed = await sweepRecords(page);
  expect(resumed).toHaveLength(4);
  expect(new Set(resumed.map((r) => r.groupId)).size).toBe(1);
  expect(new Set(resumed.map((r) => r.member)).size).toBe(4);
  for (const r of before.filter((b) => b.finished)) expect(resumed.find((x) => x.id === r.id)).toEqual(r);
  // The part-trained run trained again from its start into its record: replaced, not doubled.
  const partial = before.find((b) => !b.finished)!;
  expect(resumed.find((x) => x.member === partial.member)).toMatchObject({ id: partial.id, finished: true });
  // Nothing left to resume after another reload.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nonlinear-lab.queue.')))).toEqual([]);

  // The same sweep, uninterrupted: the same final evaluation, bit for bit, run by run.
  await startSweep(page);
  await expect(progress).toContainText('4 of 4 runs done', { timeout: 150_000 });
  await expect.poll(async () => (await sweepRecords(page)).filter((r) => r.finished).length).toBe(8);
  const fresh = (await sweepRecords(page)).filter((r) => r.groupId !== resumed[0].groupId);
  expect(fresh).toHaveLength(4);
  for (const r of fresh) {
    const twin = resumed.find((x) => x.member === r.member)!;
    expect({ member: twin.member, step: twin.step, final: twin.final }).toEqual({ member: r.member, step: r.step, final: r.final });
  }
  expect(errors).toEqual([]);
});

test('a second tab does not offer a sweep that trains in another tab', async ({ page, context }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  // Long runs: the sweep must still be training when the first tab stops it, however slow the machine.
  await page.goto(TINY.replace('epochs=40', 'epochs=1000'));
  await page.getByTestId('tab-compare').click();
  await startSweep(page);
  const progress = sweepSection(page).getByTestId('queue-progress-text');
  await expect(progress).toContainText(/runs done/);
  const other = await context.newPage();
  await other.goto(TINY);
  await other.getByTestId('tab-compare').click();
  const notice = other.getByTestId('queue-notice');
  await expect(notice).toHaveAttribute('data-kind', 'elsewhere');
  await expect(notice).toContainText('“Frontier sweep, λ 2 to 200” is training in another tab of the lab.');
  await expect(other.getByTestId('queue-resume')).toHaveCount(0);
  // The first tab stops it: the second tab has nothing to offer any more.
  await page.getByTestId('queue-stop').click();
  await expect(progress).toContainText('0 of 4 runs done');
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a sweep cut short and then deleted in Runs is offered for resuming no more', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  await page.goto(TINY);
  await page.getByTestId('tab-compare').click();
  await startSweep(page);
  await expect
    .poll(async () => (await sweepRecords(page)).some((r) => r.finished), { timeout: 120_000, intervals: [50] })
    .toBe(true);
  await page.reload();
  await expect(page.getByTestId('tab-compare')).toContainText('1 interrupted');

  // The lab's tab lists the sweep as one row: delete it there.
  const group = page.getByTestId('run-group-row');
  await group.getByTestId('run-group-delete').click();
  await group.getByTestId('run-group-delete-confirm').click();
  await expect(group).toHaveCount(0);
  await expect(page.getByTestId('tab-compare')).not.toContainText('interrupted');
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('queue-notice')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nonlinear-lab.queue.')))).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('tab-compare')).toBeVisible();
  await expect(page.getByTestId('tab-compare')).not.toContainText('interrupted');
  expect(await sweepRecords(page)).toEqual([]);
  expect(errors).toEqual([]);
});
