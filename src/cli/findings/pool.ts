/** Trains findings runs on several worker processes at once (one per core), each run once. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunOutcome } from '../../engine/experiments/findings/types';

export interface Job {
  key: string;
  link: string;
  /** Train the network linearized in its weights from this step on; null: the real network. */
  linearizeAt: number | null;
}

type Reply = { key: string; outcome: RunOutcome } | { key: string; error: string };

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export async function trainAll(
  jobs: readonly Job[],
  options: { workers: number; maxSteps: number | null; onDone: (key: string, outcome: RunOutcome, left: number) => void },
): Promise<void> {
  const queue = [...jobs];
  let left = jobs.length;
  const count = Math.max(1, Math.min(options.workers, jobs.length));
  await Promise.all(Array.from({ length: count }, () => drain()));

  async function drain(): Promise<void> {
    if (queue.length === 0) return;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { stdio: ['pipe', 'pipe', 'inherit'] });
    const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        child.stdin.write(JSON.stringify({ ...job, maxSteps: options.maxSteps }) + '\n');
        const next = await replies.next();
        if (next.done) throw new Error(`a findings worker exited before answering ${job.link}`);
        const reply = JSON.parse(next.value) as Reply;
        if ('error' in reply) throw new Error(`training ${job.link} failed: ${reply.error}`);
        options.onDone(job.key, reply.outcome, --left);
      }
    } finally {
      stop(child);
    }
  }
}

function stop(child: ChildProcess): void {
  child.stdin?.end();
  child.kill();
}
