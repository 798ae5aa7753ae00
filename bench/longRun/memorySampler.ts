/**
 * Samples the memory of a page and of its dedicated workers over the Chrome DevTools Protocol: the
 * JS heap of each (Runtime.getHeapUsage, after a forced garbage collection, so a sample is what is
 * kept, not what waits to be collected) and the resident memory (PSS) of Chromium's processes.
 * Workers have no Playwright CDP session of their own: they are reached through the browser's
 * session (Target.attachToTarget, messages relayed with Target.sendMessageToTarget).
 */
import type { Browser, CDPSession, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

export interface MemorySample {
  /** Seconds since the run started. */
  t: number;
  step: number;
  pageHeapBytes: number;
  /** null when no worker was reachable at that moment. */
  workerHeapBytes: number | null;
  /** Chromium's renderer processes (page and worker share one), PSS. */
  rendererBytes: number;
  /** All of Chromium's processes (browser, GPU, utility, renderers), PSS. */
  processBytes: number;
}

export class MemorySampler {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private workerSession: { targetId: string; sessionId: string } | null = null;

  private constructor(
    private readonly page: CDPSession,
    private readonly browser: CDPSession,
  ) {
    browser.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = reply.id !== undefined ? this.waiting.get(reply.id) : undefined;
      if (!waiter) return;
      this.waiting.delete(reply.id as number);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result);
    });
    browser.on('Target.detachedFromTarget', (event: { sessionId: string }) => {
      if (this.workerSession?.sessionId === event.sessionId) this.workerSession = null;
    });
  }

  static async attach(browser: Browser, page: Page): Promise<MemorySampler> {
    const pageSession = await page.context().newCDPSession(page);
    const browserSession = await browser.newBrowserCDPSession();
    return new MemorySampler(pageSession, browserSession);
  }

  async sample(t: number, step: number): Promise<MemorySample> {
    await this.page.send('HeapProfiler.collectGarbage');
    const pageHeap = (await this.page.send('Runtime.getHeapUsage')) as { usedSize: number };
    const workerHeapBytes = await this.workerHeap().catch(() => null);
    const processes = await this.processMemory();
    return { t, step, pageHeapBytes: pageHeap.usedSize, workerHeapBytes, ...processes };
  }

  private async workerHeap(): Promise<number | null> {
    if (!this.workerSession) {
      const { targetInfos } = (await this.browser.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
      const worker = targetInfos.find((t) => t.type === 'worker');
      if (!worker) return null;
      const { sessionId } = await this.browser.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
      this.workerSession = { targetId: worker.targetId, sessionId };
    }
    await this.toWorker('HeapProfiler.collectGarbage');
    const usage = (await this.toWorker('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  }

  private toWorker(method: string): Promise<unknown> {
    const session = this.workerSession;
    if (!session) return Promise.reject(new Error('no worker'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method}: no answer from the worker in 30 s`));
      }, 30_000);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.browser.send('Target.sendMessageToTarget', { sessionId: session.sessionId, message: JSON.stringify({ id, method }) }).catch((e: Error) => {
        this.waiting.delete(id);
        clearTimeout(timer);
        this.workerSession = null;
        reject(e);
      });
    });
  }

  private async processMemory(): Promise<{ rendererBytes: number; processBytes: number }> {
    const { processInfo } = (await this.browser.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let rendererBytes = 0;
    let processBytes = 0;
    for (const p of processInfo) {
      const bytes = residentBytes(p.id);
      processBytes += bytes;
      if (p.type === 'renderer') rendererBytes += bytes;
    }
    return { rendererBytes, processBytes };
  }
}

/** A process's proportional set size (shared pages split between their users), or its RSS. */
function residentBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // Not Linux, or the process is gone: try the status file.
  }
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
