/**
 * The shipped app (dist/ via vite preview) opened as a user opens it: backend chosen automatically.
 * An init script records the browser's long tasks and when the step counter first shows a step.
 */
import type { Browser, BrowserContext, Request } from '@playwright/test';
import { defaultConfig, defaultsForDataset } from '../src/engine/config/defaults';
import { encodeConfig } from '../src/engine/config/urlCodec';
import type { ModelName } from './types';
import { pageWatchScript, waitReached, type PageWatch } from './measure/pageWatch';

export interface AppStartRaw {
  model: ModelName;
  backend: string | null;
  reason: string | null;
  firstStepMs: number | null;
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number } | null;
  error?: string;
}

/** The first step shown: the step counter reads 1 or more. */
const INIT_SCRIPT = pageWatchScript(`Number(document.querySelector('[data-testid=step-counter] strong')?.textContent.replace(/[^0-9]/g, '') ?? 0) >= 1`);

export async function measureAppStart(browser: Browser, baseUrl: string, model: ModelName, trainSeconds: number, limitMs: number): Promise<AppStartRaw> {
  const config = defaultConfig();
  config.model.kind = model;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(`${baseUrl}/?${encodeConfig(config)}`, { waitUntil: 'commit' });
    await waitReached(page, limitMs);
    await page.waitForTimeout(trainSeconds * 1000);
    return await page.evaluate((m) => {
      const watched = (window as unknown as { __pageWatch: PageWatch }).__pageWatch;
      const bench = { firstStepAt: watched.reachedAt!, longTasks: watched.longTasks };
      const end = performance.now();
      const inside = bench.longTasks.filter((e) => e.start >= bench.firstStepAt);
      return {
        model: m,
        backend: document.querySelector('.backend-name')?.textContent ?? null,
        reason: document.querySelector('.backend-reason')?.textContent ?? null,
        firstStepMs: bench.firstStepAt,
        longTasks: {
          count: inside.length,
          totalMs: inside.reduce((s, e) => s + e.duration, 0),
          longestMs: inside.reduce((s, e) => Math.max(s, e.duration), 0),
          seconds: (end - bench.firstStepAt) / 1000,
        },
      };
    }, model);
  } catch (error) {
    return { model, backend: null, reason: null, firstStepMs: null, longTasks: null, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    await page.close();
  }
}

export interface DatasetOpenRaw {
  /** A fresh browser profile (nothing cached), then a second visit in the same profile. */
  visit: 'cold' | 'warm';
  firstStepMs: number | null;
  /** Bytes of the data/ responses' bodies as sent (gzip), and how many came back 304 (not modified). */
  dataBytes: number;
  dataRequests: number;
  notModified: number;
  /** Everything the visit transferred (bodies as sent, headers not counted). */
  totalBytes: number;
  error?: string;
}

/**
 * Opening a Fashion-MNIST link (a link naming only its dataset: that task's defaults), cold and warm.
 * `openProfile` starts a browser on a fresh on-disk profile: a user's disk cache (an in-memory,
 * incognito-like context does not keep a 31 MB response, so its second visit downloads it again).
 */
export async function measureDatasetOpen(openProfile: () => Promise<BrowserContext>, baseUrl: string, limitMs: number): Promise<DatasetOpenRaw[]> {
  const link = `${baseUrl}/?${encodeConfig(defaultsForDataset('fashion-mnist'))}`;
  const context = await openProfile();
  await context.addInitScript(INIT_SCRIPT);
  const out: DatasetOpenRaw[] = [];
  try {
    for (const visit of ['cold', 'warm'] as const) {
      const record = { dataBytes: 0, dataRequests: 0, notModified: 0, totalBytes: 0 };
      const pending: Promise<void>[] = [];
      const dataRequests = new Set<Request>();
      const settled = new Set<Request>();
      const isData = (request: Request) => new URL(request.url()).pathname.includes('/data/');
      const onRequest = (request: Request) => {
        if (isData(request)) dataRequests.add(request);
      };
      const onFinished = (request: Request) => {
        settled.add(request);
        pending.push(
          (async () => {
            const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
            record.totalBytes += Math.max(0, sizes.responseBodySize);
            if (isData(request)) {
              record.dataRequests++;
              record.dataBytes += Math.max(0, sizes.responseBodySize);
              if (response?.status() === 304) record.notModified++;
            }
          })().catch(() => undefined),
        );
      };
      const onFailed = (request: Request) => settled.add(request);
      context.on('request', onRequest);
      context.on('requestfinished', onFinished);
      context.on('requestfailed', onFailed);
      const page = await context.newPage();
      try {
        await page.goto(link, { waitUntil: 'commit' });
        const firstStepMs = await waitReached(page, limitMs);
        // The user stays while the run streams the rest of the data: the visit's bytes are all of it, and a
        // page closed mid-download would leave nothing in the cache for the warm visit to find.
        await waitFor(() => [...dataRequests].every((r) => settled.has(r)), limitMs);
        await Promise.all(pending);
        out.push({ visit, firstStepMs, ...record });
      } catch (error) {
        out.push({ visit, firstStepMs: null, ...record, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      } finally {
        context.off('request', onRequest);
        context.off('requestfinished', onFinished);
        context.off('requestfailed', onFailed);
        await page.close();
      }
    }
  } finally {
    await context.close();
  }
  return out;
}

async function waitFor(done: () => boolean, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
}
