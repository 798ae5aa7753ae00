/**
 * Multi-threaded WASM against one thread (issue #17's first lever): two bench pages in one browser,
 * one cross-origin isolated with threads on (?threads=1), one not (?isolated=0), asked for the same
 * measurement one after the other in rounds. Also whether both compute the same bits: the network's
 * fingerprint after 25 steps of each model.
 */
import type { Browser, Page } from '@playwright/test';
import { benchConfig } from './measure/engineThroughput';
import { torchCases } from './measure/torchCases';
import { summarize, throughputOf } from './stats';
import type { BenchReply, BenchTask } from './page/protocol';
import type { WasmThreads } from './types';

const BUDGET = { warmUp: 2, maxSteps: 8, maxMs: 2500 };

async function drivenPage(browser: Browser, url: string): Promise<{ page: Page; detail: string; drive: (task: BenchTask) => Promise<BenchReply> }> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench?.detail !== '', null, { timeout: 60_000 });
  const detail = await page.evaluate(() => window.__bench?.detail ?? '');
  const drive = (task: BenchTask) => page.evaluate<BenchReply, readonly [BenchTask, number]>(([t, limit]) => window.__benchDrive!(t, limit), [task, 120_000] as const);
  return { page, detail, drive };
}

export async function measureWasmThreads(browser: Browser, benchUrl: string, rounds: number, log: (line: string) => void): Promise<WasmThreads> {
  const threaded = await drivenPage(browser, `${benchUrl}/bench.html?backend=wasm&drive=1&threads=1`);
  const single = await drivenPage(browser, `${benchUrl}/bench.html?backend=wasm&drive=1&isolated=0`);
  try {
    const cases = torchCases().filter((c) => c.id === 'cnn' || c.id === 'mlp256' || (c.id === 'rescnn' && c.batch === 64));
    const rates = cases.map(() => ({ threaded: [] as number[], single: [] as number[], ratios: [] as number[] }));
    const rateOf = async (side: typeof single, i: number) => {
      const reply = await side.drive({ kind: 'engineConfig', config: cases[i].config, budget: BUDGET });
      return reply.ok && 'stepMs' in reply ? (throughputOf(reply.stepMs, cases[i].batch)?.median ?? NaN) : NaN;
    };
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < cases.length; i++) {
        const [first, second] = round % 2 === 0 ? [threaded, single] : [single, threaded];
        const a = await rateOf(first, i);
        const b = await rateOf(second, i);
        const [t, s] = first === threaded ? [a, b] : [b, a];
        rates[i].threaded.push(t);
        rates[i].single.push(s);
        rates[i].ratios.push(t / s);
        log(`  round ${round + 1} ${cases[i].id} ${cases[i].batch}: threaded ${t.toFixed(0)}, one thread ${s.toFixed(0)} ex/s`);
      }
    }
    const fingerprints = [];
    for (const model of ['mlp', 'cnn'] as const) {
      const task: BenchTask = { kind: 'fingerprint', config: benchConfig(model, 64), steps: 25 };
      const [t, s] = [await threaded.drive(task), await single.drive(task)];
      const hash = (r: BenchReply) => (r.ok && r.kind === 'fingerprint' ? r.hash : `failed: ${r.ok ? r.kind : r.reason}`);
      fingerprints.push({ model, threaded: hash(t), single: hash(s) });
    }
    return {
      threadedDetail: threaded.detail,
      singleDetail: single.detail,
      rows: cases.map((c, i) => ({ label: c.label, batch: c.batch, threaded: summarize(rates[i].threaded), single: summarize(rates[i].single), ratio: summarize(rates[i].ratios) })),
      fingerprints,
    };
  } finally {
    await threaded.page.close().catch(() => undefined);
    await single.page.close().catch(() => undefined);
  }
}
