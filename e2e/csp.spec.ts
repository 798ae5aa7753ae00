import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { waitForStepAtLeast } from './helpers';

/** Every violation of the page's Content-Security-Policy, as the page reports it. */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  return problems;
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test.describe('Content-Security-Policy', () => {
  test('the built app ships a strict policy', async ({ request }) => {
    const html = await (await request.get('/')).text();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'none'", "style-src 'self'"]) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/'unsafe-eval'/);
  });

  test('the policy is enforced: an inline script and a style attribute are refused and reported', async ({ page }) => {
    await page.addInitScript(RECORD_VIOLATIONS);
    await page.goto('/?v=2&data=xor&points=200&hidden=4&epochs=1');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('style', 'fill: red');
    });
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    await expect.poll(() => violations(page)).toEqual([expect.stringContaining('script-src'), expect.stringContaining('style-src-attr')]);
  });

  for (const [name, link] of [
    ['the backend the lab picks, an MLP on MNIST', '/?v=2&data=mnist&train=500&hidden=16-16&epochs=50&eval=5'],
    ['WASM, a CNN on MNIST', '/?v=2&data=mnist&model=cnn&conv=4s2,8s2&train=500&bs=16&epochs=20&eval=5&backend=wasm'],
  ] as const) {
    test(`no violation while the lab loads and trains: ${name}`, async ({ page }) => {
      const problems = watchConsole(page);
      await page.addInitScript(RECORD_VIOLATIONS);
      await page.goto(link);
      await waitForStepAtLeast(page, 10);
      if (link.includes('backend=wasm')) await expect(page.getByTestId('backend-badge')).toContainText('WASM');
      await page.getByTestId('play-button').click(); // pause
      // Exporting pictures copies computed styles and draws through blob: and data: images: covered too.
      for (const [panel, format] of [['training-curves', 'svg'], ['training-curves', 'png'], ['gates', 'png'], ['predictions', 'svg']] as const) {
        await page.getByTestId('export-menu').click();
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}-${panel}`).click()]);
        const bytes = await readFile(await download.path());
        expect(bytes.length).toBeGreaterThan(1000);
        if (panel === 'training-curves' && format === 'svg') expect(bytes.toString()).toMatch(/<path[^>]* style="[^"]*stroke:/);
      }
      expect(await violations(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});
