import { writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors } from './helpers';

const TINY = '/?v=2&name=Trained%20here&data=xor&points=200&hidden=6&lr=0.01&bs=32&epochs=2&eval=2&seed=4';

const RUNS = 2_000;
/** Runs of the file without a config: skipped, each with a reason. */
const BROKEN = [17, 999, 1_500];

/** A runs export as the lab writes it: 2,000 runs of 20 evaluations each, over 10 MB. */
function bigExport(): Buffer {
  const runs = Array.from({ length: RUNS }, (_, i) => ({
    name: `Imported run ${i + 1}`,
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    ...(BROKEN.includes(i + 1) ? {} : { config: `v=2&data=xor&points=200&hidden=6&lr=0.01&epochs=2&seed=${i + 1}` }),
    backend: 'wasm',
    step: 290,
    totalSteps: 290,
    finished: true,
    diverged: null,
    metrics: Array.from({ length: 20 }, (_, k) => ({
      step: k * 10,
      epoch: k / 15,
      trainLoss: 0.69 / (1 + k + i / RUNS),
      trainAccuracy: 0.5 + k / 60,
      testLoss: 0.7 / (1 + k),
      testAccuracy: 0.5 + k / 61,
      fractionNonlinear: 1 - k / 30,
      aplNormalized: 2 - k / 30,
      aplUnnormalized: 2 - k / 40,
      lambda: 0.1,
    })),
    gates: [{ name: 'dense 1', slopes: [0, 0.25, 0.5, 0.75, 1, 1], fractionNonlinear: 0.5 }],
  }));
  const text = JSON.stringify({ format: 'nonlinear-lab-runs', formatVersion: 1, kind: 'sweep', exportedAt: new Date().toISOString(), runs }, null, 1);
  return Buffer.from(text);
}

async function openWithOneRun(page: Page) {
  await page.goto(TINY);
  await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 90_000 });
  await expect(page.getByTestId('run-row')).toHaveCount(1);
}

interface Frame {
  phase: string;
  value: number;
  text: string;
}

/** Records, every animation frame while an import shows, what its progress bar says: frames only come when the page is free. */
async function recordFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { importFrames: Frame[] };
    w.importFrames = [];
    const frame = () => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="import-progress-bar"]');
      const box = document.querySelector<HTMLElement>('[data-testid="import-progress"]');
      const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? '';
      if (bar && box) w.importFrames.push({ phase: box.dataset.phase ?? '', value: bar.value, text });
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return () => page.evaluate(() => (window as unknown as { importFrames: Frame[] }).importFrames);
}

test.describe('importing a big runs file', () => {
  const file = bigExport();
  /** Chosen from disk, as a user does: a buffer handed to setInputFiles is decoded on the page's own thread. */
  const onDisk = async () => {
    const path = test.info().outputPath('sweep-2000-runs.json');
    await writeFile(path, file);
    return path;
  };

  test('is read off the page: the bar moves, clicks are answered, and the count stored is the count listed', async ({ page }) => {
    expect(file.byteLength).toBeGreaterThan(10_000_000);
    const errors = collectPageErrors(page);
    await openWithOneRun(page);
    const frames = await recordFrames(page);
    // Whether the trained run's numbers opened while the import was still under way.
    await page.evaluate(() => {
      const w = window as unknown as { tableOpenedDuringImport: boolean | null };
      w.tableOpenedDuringImport = null;
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="eval-row"]')) return;
        w.tableOpenedDuringImport = document.querySelector('[data-testid="import-progress"]') !== null;
        observer.disconnect();
      }).observe(document.body, { childList: true, subtree: true });
    });

    await page.getByTestId('import-input').setInputFiles(await onDisk());
    const progress = page.getByTestId('import-progress');
    await expect(progress).toBeVisible();
    // The page answers a click while the worker reads: the trained run's numbers open.
    await page.getByTestId('run-row').filter({ hasText: 'Trained here' }).getByTestId('run-details').click();
    await expect(progress).toContainText('Importing sweep-2000-runs.json');
    await expect(page.getByTestId('import-button')).toBeDisabled();
    await page.getByTestId('runs-panel').screenshot({ path: test.info().outputPath('import-progress-1440.png') });

    const report = page.getByTestId('import-report');
    await expect(report).toContainText(`Imported 1,997 runs. 3 of the file's 2,000 runs skipped. 3 problems:`, { timeout: 120_000 });
    await expect(report).toContainText('Run 17 "Imported run 17" has no config; skipped.');
    await expect(report).toContainText('Run 1500 "Imported run 1500" has no config; skipped.');
    await expect(progress).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { tableOpenedDuringImport: boolean | null }).tableOpenedDuringImport)).toBe(true);

    // Frames kept coming while the file was read and while it was stored: the bar was drawn moving.
    const seen = await frames();
    const reading = seen.filter((f) => f.phase === 'reading');
    expect(new Set(reading.map((f) => f.value)).size).toBeGreaterThanOrEqual(5);
    expect(reading.at(-1)!.text).toMatch(/^Step 1 of 2, reading: [\d.]+ MB of 1\d\.\d MB · [\d,]+ runs checked$/);
    const storing = seen.filter((f) => f.phase === 'storing');
    expect(storing.length).toBeGreaterThan(0);
    expect(storing.at(-1)!.text).toMatch(/^Step 2 of 2, storing: [\d,]+ of 1,997 runs$/);

    // What the report says was stored is what Runs lists, and what is still there after a reload.
    await expect(page.locator('.runs-sub')).toContainText('· 1,998 runs');
    // Drawn 100 at a time; every one of them is there.
    await expect(page.getByTestId('run-row')).toHaveCount(100);
    await expect(page.getByTestId('run-name').filter({ hasText: /^Imported run 2000$/ })).toHaveCount(1);
    const more = page.getByTestId('runs-show-more');
    await expect(more).toHaveText('Show 100 more (1,898 not shown)');
    for (let shown = 100; shown < 1_998; shown += 100) {
      await more.click();
      await expect(page.getByTestId('run-row')).toHaveCount(Math.min(1_998, shown + 100));
    }
    await expect(more).toHaveCount(0);
    await expect(page.getByTestId('run-name').filter({ hasText: /^Imported run 1$/ })).toHaveCount(1);
    await expect(page.getByTestId('run-name').filter({ hasText: /^Imported run 17$/ })).toHaveCount(0);
    await page.reload();
    await expect(page.locator('.runs-sub')).toContainText('· 1,998 runs', { timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  test('Cancel stops it and leaves the runs as they were, on a phone too', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const errors = collectPageErrors(page);
    await openWithOneRun(page);
    await page.getByTestId('import-input').setInputFiles(await onDisk());
    const bar = page.getByTestId('import-progress-bar');
    await expect.poll(() => bar.evaluate((b: HTMLProgressElement) => b.value), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
    await page.getByTestId('import-progress').screenshot({ path: test.info().outputPath('import-progress-390.png') });
    const box = (await page.getByTestId('import-progress').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);

    await page.getByTestId('import-cancel').click();
    // Before storing began, or during it (on a loaded machine), and then its runs are removed again: nothing imported either way.
    await expect(page.getByTestId('import-report')).toContainText(/Import cancelled: nothing was imported(\.| \(the [\d,]+ runs? stored before the cancel were removed again\)\.)/);
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.locator('.runs-sub')).toContainText('· 1 run');
    await expect(page.getByTestId('import-button')).toBeEnabled();
    await page.reload();
    await expect(page.getByTestId('run-row')).toHaveCount(1, { timeout: 60_000 });
    expect(errors).toEqual([]);
  });
});
