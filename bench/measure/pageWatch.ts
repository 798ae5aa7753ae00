/**
 * A page's own record of itself from its first script (`addInitScript`): its main thread's long tasks
 * (PerformanceObserver 'longtask', > 50 ms) and the time at which `reached`, a JavaScript expression
 * over the document, first held (checked at every DOM change). The app-start bench waits for the
 * first step shown, the runs-open bench for the Runs list's count.
 */
import type { Page } from '@playwright/test';

export interface PageWatch {
  longTasks: { start: number; duration: number }[];
  /** performance.now() when `reached` first held; null until then. */
  reachedAt: number | null;
}

/** The init script; its record is `window.__pageWatch`. */
export function pageWatchScript(reached: string): string {
  return `
  window.__pageWatch = { longTasks: [], reachedAt: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__pageWatch.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const watch = () => {
    new MutationObserver(() => {
      if (window.__pageWatch.reachedAt !== null) return;
      if (${reached}) window.__pageWatch.reachedAt = performance.now();
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
`;
}

/** Waits until the page's `reached` held, and returns when (performance.now() of the page). */
export async function waitReached(page: Page, timeout: number): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { __pageWatch: PageWatch }).__pageWatch.reachedAt !== null, null, { timeout, polling: 100 });
  return page.evaluate(() => (window as unknown as { __pageWatch: PageWatch }).__pageWatch.reachedAt!);
}

/** The page's record as it is now. */
export function readPageWatch(page: Page): Promise<PageWatch> {
  return page.evaluate(() => (window as unknown as { __pageWatch: PageWatch }).__pageWatch);
}
