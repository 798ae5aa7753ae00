/** The bench worker behind a time limit: a task that overruns gets the worker terminated (a step cannot be interrupted otherwise). */
import type { BenchReply, BenchTask } from './protocol';

export class WorkerRunner {
  private worker: Worker | null = null;
  private initTask: BenchTask | null = null;

  /** Starts a worker on the backend; the reply says whether it started. */
  async init(backend: string, limitMs: number, wasmThreads = false): Promise<BenchReply> {
    this.initTask = { kind: 'init', backend, wasmThreads };
    return this.run(this.initTask, limitMs);
  }

  async run(task: BenchTask, limitMs: number): Promise<BenchReply> {
    if (!this.worker) {
      this.worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module', name: 'bench' });
      if (task.kind !== 'init' && this.initTask) {
        const started = await this.send(this.worker, this.initTask, limitMs);
        if (!started.ok) return started;
      }
    }
    return this.send(this.worker, task, limitMs);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private send(worker: Worker, task: BenchTask, limitMs: number): Promise<BenchReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        cleanup();
        this.dispose();
        resolve({ ok: false, reason: `not finished within the time budget (${Math.round(limitMs / 1000)} s)` });
      }, Math.max(limitMs, 0));
      const onMessage = (event: MessageEvent<BenchReply>) => {
        cleanup();
        resolve(event.data);
      };
      const onError = (event: ErrorEvent) => {
        cleanup();
        this.dispose();
        resolve({ ok: false, reason: `worker error: ${event.message}` });
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage(task);
    });
  }
}
