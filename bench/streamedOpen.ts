/**
 * Opening a Fashion-MNIST link on a cold cache, the data streamed (`npm run bench -- --only=open`):
 * how many bytes of the data file had been sent when the first training step showed, how long from
 * navigation to that step, and where the time went, read from the status line's phases.
 *
 * The data file's request is routed through a local server of the bench's own that streams
 * dist/data/fashion-mnist.nlds at full speed and logs when each byte went out, so "sent before the
 * first step" is the server's count at the moment the page showed step 1 (localhost: the socket's
 * buffers hold at most a few hundred kB more).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { defaultsForDataset } from '../src/engine/config/defaults';
import { encodeConfig } from '../src/engine/config/urlCodec';

export interface StreamedOpenRaw {
  firstStepMs: number | null;
  fileBytes: number;
  /** Bytes of the data file the server had sent when step 1 showed. */
  bytesBeforeFirstStep: number | null;
  /** Bytes it had sent when the run had what it needs to start (the status leaves "Loading"). */
  bytesWhenDataReady: number | null;
  /** The server's rate limit in MB/s (null: as fast as localhost goes). */
  rateMBps: number | null;
  /** All bytes it sent by the end of the measurement (the download goes on while training). */
  bytesSent: number;
  /** [status message, ms after navigation when it first showed], in order. */
  phases: [string, number][];
  error?: string;
}

/** Records, in `window.__openBench`, each status line with when it first showed, and when step 1 showed. */
export const START_WATCH_SCRIPT = `
  window.__openBench = { phases: [], firstStepAt: null };
  const watch = () => {
    new MutationObserver(() => {
      const b = window.__openBench;
      const line = document.querySelector('[data-testid=status-line]');
      const message = line ? (line.getAttribute('title') || line.textContent || '') : '';
      if (message && (b.phases.length === 0 || b.phases[b.phases.length - 1][0] !== message)) b.phases.push([message, performance.now()]);
      if (b.firstStepAt !== null) return;
      const shown = document.querySelector('[data-testid=step-counter] strong');
      if (shown && Number(shown.textContent.replace(/[^0-9]/g, '')) >= 1) b.firstStepAt = performance.now();
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
`;

export async function measureStreamedOpen(openProfile: () => Promise<BrowserContext>, baseUrl: string, root: string, limitMs: number, rateMBps: number | null = null): Promise<StreamedOpenRaw> {
  const file = readFileSync(join(root, 'dist', 'data', 'fashion-mnist.nlds'));
  const sent: [number, number][] = []; // [Date.now(), bytes sent so far]
  let bytesSent = 0;
  const server = createServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.length), 'cache-control': 'no-store' });
    const CHUNK = 64 * 1024;
    let offset = 0;
    const started = Date.now();
    const pump = () => {
      while (offset < file.length) {
        // A rate limit: the next chunk waits until the time the bytes so far take at that rate.
        const due = rateMBps === null ? 0 : started + offset / (rateMBps * 1e3) - Date.now();
        if (due > 0) return void setTimeout(pump, due);
        const chunk = file.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        const more = res.write(chunk, () => {
          bytesSent += chunk.length;
          sent.push([Date.now(), bytesSent]);
        });
        if (!more) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fashion-mnist.nlds`;
  const context = await openProfile();
  try {
    await context.addInitScript(START_WATCH_SCRIPT);
    await context.route('**/data/fashion-mnist.nlds', (route) => route.continue({ url: dataUrl }));
    const page = await context.newPage();
    const link = `${baseUrl}/?${encodeConfig(defaultsForDataset('fashion-mnist'))}`;
    await page.goto(link, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __openBench: { firstStepAt: number | null } }).__openBench.firstStepAt !== null, null, { timeout: limitMs, polling: 50 });
    const { firstStepAt, phases, timeOrigin } = await page.evaluate(() => {
      const b = (window as unknown as { __openBench: { firstStepAt: number; phases: [string, number][] } }).__openBench;
      return { ...b, timeOrigin: performance.timeOrigin };
    });
    // The page's clock starts at its navigation (timeOrigin, wall-clock ms).
    const firstStepWall = timeOrigin + firstStepAt;
    const sentBy = (wall: number) => sent.filter(([at]) => at <= wall).at(-1)?.[1] ?? 0;
    const before = sentBy(firstStepWall);
    const dataReady = phases.find(([m], i) => i > 0 && phases[i - 1][0].startsWith('Loading') && !m.startsWith('Loading'));
    await page.waitForTimeout(3000);
    return {
      firstStepMs: firstStepAt,
      fileBytes: file.length,
      bytesBeforeFirstStep: before,
      bytesWhenDataReady: dataReady ? sentBy(timeOrigin + dataReady[1]) : null,
      rateMBps,
      bytesSent,
      phases: phases.map(([m, t]) => [m.slice(0, 80), Math.round(t)]),
    };
  } catch (error) {
    return { firstStepMs: null, fileBytes: file.length, bytesBeforeFirstStep: null, bytesWhenDataReady: null, rateMBps, bytesSent, phases: [], error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    await context.close();
    server.close();
  }
}

export function renderStreamedOpen(r: StreamedOpenRaw): string {
  const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1e6).toFixed(1)} MB`);
  const lines = [
    `Opening a Fashion-MNIST link, cold cache, data streamed ${r.rateMBps === null ? 'at localhost speed' : `at ${r.rateMBps} MB/s`}: first step ` +
      `${r.firstStepMs === null ? 'n/a' : `${(r.firstStepMs / 1000).toFixed(2)} s`} after navigation; ${mb(r.bytesWhenDataReady)} of the ${mb(r.fileBytes)} file sent ` +
      `when the run had the data to start, ${mb(r.bytesBeforeFirstStep)} by the first step${r.error ? ` (error: ${r.error})` : ''}.`,
    '',
    '| from (ms after navigation) | status |',
    '| --- | --- |',
    ...r.phases.map(([message, at]) => `| ${at} | ${message.replace(/\|/g, '/')} |`),
  ];
  return lines.join('\n');
}
