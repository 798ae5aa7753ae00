import { expect, type Page, type TestInfo } from '@playwright/test';

/** The step number the transport bar shows ("step 320 / 625 · epoch 3 / 5"). */
export async function stepShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('step-counter').textContent()) ?? '';
  const m = /step\s+([\d,]+)/.exec(text);
  if (!m) throw new Error(`no step in "${text}"`);
  return Number(m[1].replace(/,/g, ''));
}

/** A percentage or plain number shown in a headline metric. */
export async function metricShown(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const n = parseFloat(text.replace(/[^\d.eE+-]/g, ''));
  if (!Number.isFinite(n)) throw new Error(`metric ${testId} shows "${text}"`);
  return n;
}

export async function waitForStepAtLeast(page: Page, step: number, timeout = 90_000): Promise<void> {
  await expect.poll(() => stepShown(page), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(step);
}

/** Console errors other than the browser's own noise fail a test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, testId?: string): Promise<void> {
  const target = testId ? page.getByTestId(testId) : page;
  const path = testInfo.outputPath(`${name}.png`);
  await target.screenshot({ path, ...(testId ? {} : { fullPage: true }) });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
