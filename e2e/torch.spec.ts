import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { pythonWithTorch } from '../src/node/torchPython';
import { attachScreenshot, collectPageErrors } from './helpers';

const LINK = '/?v=2&name=Torch%20run&data=mnist&train=256&model=cnn&conv=4s2,4mp&res=1&bs=16&epochs=1&lambda=300&prior=proximal&eval=4';

test('a PyTorch script exported from the lab trains, and its run file opens in the panels', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(LINK);
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-torch-script').click()]);
  expect(download.suggestedFilename()).toBe('torch-run.py');
  const script = readFileSync(await download.path(), 'utf8');
  // The v2 link is exported as its v3 form, keeping v2's data order.
  expect(script).toContain('LAB_LINK = "v=3&name=Torch%20run&data=mnist&train=256&order=shuffled&');

  const dir = mkdtempSync(join(tmpdir(), 'lab-torch-e2e-'));
  writeFileSync(join(dir, 'run.py'), script);
  const run = spawnSync(pythonWithTorch(), ['run.py', '--data-dir', resolve('public/data'), '--max-steps', '8', '--out', 'run.json', '--device', 'cpu'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  expect(run.status, run.stderr).toBe(0);

  await page.getByTestId('import-input').setInputFiles(join(dir, 'run.json'));
  await expect(page.getByTestId('import-report')).toContainText('Imported 1 run.');
  const row = page.getByTestId('run-row').filter({ hasText: 'imported' }).filter({ hasText: 'Torch run' });
  await expect(row.getByTestId('run-figures')).toContainText('step 8 / 8');
  await expect(row.getByTestId('run-figures')).toContainText('torch-cpu x1');
  await row.getByTestId('run-view').click();

  const panels = page.getByTestId('run-panels');
  await expect(panels.getByTestId('panel-run-core')).toContainText('Effective depth');
  await expect(panels.getByTestId('gates-panel').locator('[data-testid^="gates-row-"]')).toHaveCount(6);
  const written = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { runs: { metrics: { aplNormalized: number }[] }[] };
  const finalApl = written.runs[0].metrics.at(-1)?.aplNormalized ?? NaN;
  await expect(panels.getByTestId('panel-run-pathlen').getByTestId('apl-label')).toHaveText(`APL ${finalApl.toFixed(2)}`);
  await expect(panels.getByTestId('panel-run-curves').locator('svg').first()).toBeVisible();
  await panels.scrollIntoViewIfNeeded();
  await attachScreenshot(page, testInfo, 'torch-run-panels-1440', 'run-panels');
  await page.setViewportSize({ width: 390, height: 844 });
  await attachScreenshot(page, testInfo, 'torch-run-panels-390', 'run-panels');
  expect(errors).toEqual([]);
});
