import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectPageErrors, stepShown, waitForStepAtLeast } from './helpers';

/**
 * Opening a Fashion-MNIST link streams its 31 MB file (issue #17): training starts on the test split
 * and the first part of the training split while the rest is still on its way. The file is served
 * by a server of the test's own (the page's request is routed to it), which sends its first 12 MB
 * and holds the rest back until the test lets it go, or drops the connection there.
 */
const FILE = readFileSync('dist/data/fashion-mnist.nlds');
const HEAD_BYTES = 12_000_000;
// 234 steps of 256 (one epoch of 60,000), a small MLP: the first part of 10,000 carries 39 steps.
const LINK = '/?v=3&data=fashion-mnist&model=mlp&hidden=8&bs=256&epochs=1&eval=50&backend=wasm';

type Tail = 'hold' | 'drop';

/** Serves the file's head at once; the tail when release() is called, or the connection dies. */
function heldBackServer(tails: Tail[]) {
  const held: ServerResponse[] = [];
  const state = { requests: 0, tailsSent: 0 };
  const server: Server = createServer((_request, res) => {
    const tail = tails[state.requests++] ?? 'hold';
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(FILE.length), 'cache-control': 'no-store' });
    // Dropped once the head has gone out (and had a moment to be read), as a connection lost mid-file.
    res.write(FILE.subarray(0, HEAD_BYTES), () => {
      if (tail === 'drop') setTimeout(() => res.destroy(), 2_000);
    });
    if (tail === 'hold') held.push(res);
  });
  const release = () => {
    for (const res of held.splice(0)) {
      res.end(FILE.subarray(HEAD_BYTES));
      state.tailsSent++;
    }
  };
  return { server, release, state };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/fashion-mnist.nlds`;
}

test.describe('a Fashion-MNIST link streams its data', () => {
  test('starts training before the file has arrived, says the rest is arriving, then completes', async ({ page }) => {
    const errors = collectPageErrors(page);
    const slow = heldBackServer(['hold']);
    const url = await listen(slow.server);
    try {
      await page.route('**/data/fashion-mnist.nlds', (route) => route.continue({ url }));
      await page.goto(LINK);
      await waitForStepAtLeast(page, 1);
      expect(slow.state.tailsSent).toBe(0);
      // The first part's 39 steps need no more; step 40 on waits for the second part.
      await expect(page.getByTestId('status-line')).toContainText(/[\d,]+ of 60,000 training images in/);
      await expect(page.getByTestId('status-line')).toContainText('Waiting for data');
      await expect.poll(() => stepShown(page)).toBe(39);
      expect(slow.state.tailsSent).toBe(0);
      await page.screenshot({ path: test.info().outputPath('waiting-for-data.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: test.info().outputPath('waiting-for-data-phone.png') });
      await page.setViewportSize({ width: 1440, height: 900 });

      slow.release();
      await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 120_000 });
      expect(await page.getByTestId('step-counter').textContent()).toContain('step 234 / 234');
      expect(errors).toEqual([]);
    } finally {
      slow.server.close();
    }
  });

  test('a download that fails mid-run says so, keeps the steps trained, and Play downloads again', async ({ page }) => {
    const flaky = heldBackServer(['drop', 'hold']);
    const url = await listen(flaky.server);
    try {
      await page.route('**/data/fashion-mnist.nlds', (route) => route.continue({ url }));
      await page.goto(LINK);
      await expect(page.getByTestId('status-line')).toContainText(/The Fashion-MNIST download stopped after [\d.]+ of 55\.0 MB/);
      await expect(page.getByTestId('status-line')).toContainText(/The \d+ steps trained are kept; Play downloads the rest/);
      const kept = await stepShown(page);
      expect(kept).toBeGreaterThanOrEqual(39);
      await page.screenshot({ path: test.info().outputPath('download-failed.png') });

      await page.getByTestId('play-button').click();
      await expect.poll(() => flaky.state.requests).toBe(2);
      flaky.release();
      await expect(page.getByTestId('status-line')).toContainText('Finished', { timeout: 120_000 });
      expect(await page.getByTestId('step-counter').textContent()).toContain('step 234 / 234');
    } finally {
      flaky.server.close();
    }
  });
});
