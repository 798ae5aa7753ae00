import { expect, test } from '@playwright/test';
import { collectPageErrors, waitForStepAtLeast } from './helpers';

/**
 * How vite preview (and vite dev) serve the lab, as a static host should (issue #17): cross-origin
 * isolated (what multi-threaded WASM needs), fingerprinted assets cached for good, datasets
 * revalidated so a second visit does not download them again.
 */
test.describe('serving', () => {
  test('the page is cross-origin isolated and still trains under its CSP', async ({ page }) => {
    const errors = collectPageErrors(page);
    const response = await page.goto('/?v=2&data=mnist&hidden=8&epochs=1&train=512');
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await waitForStepAtLeast(page, 1);
    expect(errors).toEqual([]);
  });

  test('assets are cached for good and datasets are revalidated, not downloaded again', async ({ page, request }) => {
    const html = await (await request.get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect((await request.get(script!)).headers()['cache-control']).toContain('immutable');

    const data = await request.get('/data/mnist.nlds');
    expect(data.headers()['cache-control']).toBe('no-cache');
    const etag = data.headers()['etag'];
    expect(etag).toBeTruthy();
    const again = await request.get('/data/mnist.nlds', { headers: { 'If-None-Match': etag } });
    expect(again.status()).toBe(304);

    // In the browser: the second visit's request for the dataset carries no body over the network.
    const bodyBytes: number[] = [];
    page.context().on('requestfinished', (r) => {
      if (r.url().endsWith('/data/mnist.nlds')) void r.sizes().then((s) => bodyBytes.push(s.responseBodySize));
    });
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(`/?v=2&data=mnist&hidden=8&epochs=1&train=512&visit=${visit}`);
      await waitForStepAtLeast(page, 1);
    }
    await expect.poll(() => bodyBytes.length).toBe(2);
    expect(bodyBytes[0]).toBeGreaterThan(1_000_000);
    expect(bodyBytes[1]).toBeLessThanOrEqual(0);
  });
});
