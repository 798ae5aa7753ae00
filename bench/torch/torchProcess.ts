/**
 * PyTorch on this CPU for `npm run bench`: one long-lived python3 (Debian's python3-torch, found as the
 * PyTorch export's tests find it) running ./torchSteps.py, asked for one measurement at a time so the
 * bench can interleave it with the lab's.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExperimentConfig } from '../../src/engine/config/types';
import { torchScript } from '../../src/engine/export/torchScript';
import { pythonWithTorch } from '../../src/node/torchPython';
import type { StepBudget } from '../measure/stepBudget';

export interface TorchInfo {
  torch: string;
  /** torch.get_num_threads() as PyTorch starts here (its default). */
  defaultThreads: number;
}

export interface TorchSteps {
  stepMs: number[];
  threads: number;
}

export class TorchProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  private constructor(python: string) {
    this.child = spawn(python, [join(import.meta.dirname, 'torchSteps.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', () => undefined);
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** PyTorch and its default thread count, or why it cannot run (no python3-torch). */
  static async start(): Promise<{ ok: true; process: TorchProcess; info: TorchInfo } | { ok: false; reason: string }> {
    let python: string;
    try {
      python = pythonWithTorch();
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const process = new TorchProcess(python);
    const first = await process.next();
    if ('error' in first) return { ok: false, reason: String(first.error) };
    return { ok: true, process, info: first as unknown as TorchInfo };
  }

  /** The lab's config as its PyTorch export, trained at this batch on `threads` threads (0: PyTorch's default). */
  async timeSteps(config: ExperimentConfig, batch: number, threads: number, budget: StepBudget): Promise<TorchSteps> {
    const request = { script: torchScript(config), batch, threads, ...budget };
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const reply = await this.next();
    if ('error' in reply) throw new Error(`PyTorch: ${String(reply.error)}`);
    return reply as unknown as TorchSteps;
  }

  dispose(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  private async next(): Promise<Record<string, unknown>> {
    const line = await this.lines.next();
    if (line.done) return { error: 'the python process ended' };
    return JSON.parse(line.value) as Record<string, unknown>;
  }
}
