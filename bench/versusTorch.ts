/**
 * The lab against PyTorch on this CPU (issue #17): the same models and batches trained by the lab's
 * engine in the browser (WASM, the bench page's worker) and by PyTorch (./torch/torchSteps.py), one
 * short measurement after the other, in rounds, so both see the same machine. Each round gives one
 * ratio per case: the lab's median examples/s over PyTorch's in that round.
 */
import type { Browser } from '@playwright/test';
import { summarize, throughputOf } from './stats';
import { torchCases } from './measure/torchCases';
import type { StepBudget } from './measure/stepBudget';
import type { BenchReply, BenchTask } from './page/protocol';
import { TorchProcess } from './torch/torchProcess';
import type { VersusTorch, VersusTorchRow } from './types';

const BUDGET: StepBudget = { warmUp: 2, maxSteps: 10, maxMs: 2500 };

export async function measureVersusTorch(browser: Browser, benchUrl: string, rounds: number, log: (line: string) => void): Promise<VersusTorch> {
  const torch = await TorchProcess.start();
  if (!torch.ok) return { available: false, reason: torch.reason };
  const page = await browser.newPage();
  try {
    await page.goto(`${benchUrl}/bench.html?backend=wasm&drive=1`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench?.started === true || window.__bench?.detail !== '', null, { timeout: 60_000 });
    const detail = await page.evaluate(() => window.__bench?.detail ?? '');
    if (!(await page.evaluate(() => typeof window.__benchDrive === 'function'))) return { available: false, reason: `the lab's WASM did not start: ${detail}` };
    const drive = (task: BenchTask) => page.evaluate<BenchReply, readonly [BenchTask, number]>(([t, limit]) => window.__benchDrive!(t, limit), [task, 120_000] as const);

    const cases = torchCases();
    const allCores = Math.max(torch.info.defaultThreads, (await import('node:os')).cpus().length);
    const samples = cases.map(() => ({ lab: [] as number[], torch: [] as number[], torchAll: [] as number[], ratios: [] as number[], ratiosAll: [] as number[], reason: '' }));
    for (let round = 0; round < rounds; round++) {
      // Odd rounds run the cases backwards, and PyTorch first, so neither side always follows the other.
      const order = cases.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const c = cases[i];
        const s = samples[i];
        const lab = async () => {
          const reply = await drive({ kind: 'engineConfig', config: c.config, budget: BUDGET });
          if (!reply.ok) throw new Error(`lab: ${reply.reason}`);
          return 'stepMs' in reply ? reply.stepMs : [];
        };
        const py = (threads: number) => torch.process.timeSteps(c.config, c.batch, threads, BUDGET).then((r) => r.stepMs);
        try {
          let labMs: number[], pyMs: number[], pyAllMs: number[];
          if (round % 2 === 0) {
            labMs = await lab();
            pyMs = await py(0);
            pyAllMs = await py(allCores);
          } else {
            pyAllMs = await py(allCores);
            pyMs = await py(0);
            labMs = await lab();
          }
          const rate = (ms: number[]) => throughputOf(ms, c.batch)?.median ?? NaN;
          s.lab.push(...labMs.map((ms) => (c.batch * 1000) / ms));
          s.torch.push(...pyMs.map((ms) => (c.batch * 1000) / ms));
          s.torchAll.push(...pyAllMs.map((ms) => (c.batch * 1000) / ms));
          s.ratios.push(rate(labMs) / rate(pyMs));
          s.ratiosAll.push(rate(labMs) / rate(pyAllMs));
          log(`  round ${round + 1} ${c.id} ${c.batch}: lab ${rate(labMs).toFixed(0)}, PyTorch ${rate(pyMs).toFixed(0)} (${torch.info.defaultThreads} thr), ${rate(pyAllMs).toFixed(0)} (${allCores} thr) ex/s`);
        } catch (error) {
          s.reason = error instanceof Error ? error.message : String(error);
          log(`  round ${round + 1} ${c.id} ${c.batch}: ${s.reason}`);
        }
      }
    }
    const rows: VersusTorchRow[] = cases.map((c, i) => {
      const s = samples[i];
      return {
        id: c.id,
        label: c.label,
        batch: c.batch,
        target: c.target,
        lab: summarize(s.lab),
        torch: summarize(s.torch),
        torchAllCores: summarize(s.torchAll),
        ratio: summarize(s.ratios),
        ratioAllCores: summarize(s.ratiosAll),
        reason: s.reason || undefined,
      };
    });
    return { available: true, torch: torch.info.torch, torchThreads: torch.info.defaultThreads, allCores, labDetail: detail, rounds, rows };
  } finally {
    torch.process.dispose();
    await page.close().catch(() => undefined);
  }
}
