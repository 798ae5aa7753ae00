/**
 * Keeps a training worker alive for the page. A worker can die without a word (closed, terminated,
 * killed by the browser) or be left unusable by its backend (WASM's "Aborted()" or "memory access
 * out of bounds": every later call fails the same way). The supervisor notices both, throws the
 * worker and its backend away, starts a fresh one and says so with a `restarted` event; the page
 * then loads its settings again (App.tsx), so nothing needs a reload and the run history stays.
 *
 * Noticing silence, only where the worker owes the page a word: while it trains (it sends snapshots
 * every few seconds at most), and after a command to a worker that was idle (it answers at once).
 * Loading data and choosing a backend can block a worker for longer (compiling shaders) and are
 * not watched. A live worker answers a `ping` from its message handler as soon as its event loop is
 * free (trainingWorker.ts). After PING_AFTER_MS without a message the supervisor pings; after
 * SILENCE_MS without any message, the ping unanswered, the worker counts as hung or gone.
 */
import type { LabEvent, LabStatus } from './labApi';
import type { WorkerCommand, WorkerEvent } from './protocol';

export const SILENCE_MS = 10_000;
export const PING_AFTER_MS = 5_000;
export const CHECK_EVERY_MS = 1_000;
/** Commands an idle worker answers at once with a status or a snapshot. */
const ANSWERED_AT_ONCE = new Set<WorkerCommand['type']>(['play', 'pause', 'reset', 'rewind', 'snap']);
/** Restarts in a row without a snapshot between them before the supervisor stops reloading the settings. */
const RELOADS_WITHOUT_PROGRESS = 1;

export interface WorkerLike {
  postMessage(message: WorkerCommand): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface SupervisorDeps {
  createWorker(): WorkerLike;
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Every event the page should see, `restarted` included; pongs are kept back. */
  onEvent(event: SupervisedEvent, arrived: number): void;
}

/** Errors after which a tfjs backend is left broken for good (Emscripten aborts, WASM traps, lost GPU). */
const BACKEND_ABORT = /Aborted\(|memory access out of bounds|RuntimeError|unreachable|out of memory|WebGL context lost|device (was )?lost/i;

export function isBackendAbort(message: string): boolean {
  return BACKEND_ABORT.test(message);
}

/** What the worker says (snapshots as the updates the page assembles), and the supervisor's own `restarted`. */
export type SupervisedEvent = Exclude<WorkerEvent, { type: 'pong' }> | Extract<LabEvent, { type: 'restarted' }>;

export class WorkerSupervisor {
  private worker: WorkerLike | null = null;
  private lastHeard = 0;
  private pingSentAt: number | null = null;
  private restartsWithoutProgress = 0;
  /** The worker's last status, to know whether it is training. */
  private status: LabStatus | null = null;
  /** Since when the page waits for an answer to a command sent to an idle worker. */
  private awaitingSince: number | null = null;
  private disposed = false;
  /** Why the last worker could not even be created (a CSP, a browser without module workers); null once one runs. */
  private startFailure: string | null = null;
  private readonly timer: unknown;

  constructor(private readonly deps: SupervisorDeps) {
    this.start();
    this.timer = deps.setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  send(command: WorkerCommand): void {
    if (this.disposed) return;
    // A worker that could not be created is tried again on the user's next command, and says so if it fails again.
    // The page's `prepare`, sent as it creates the client, is not the user's: it is dropped.
    if (this.startFailure !== null && command.type !== 'prepare') this.start();
    if (this.startFailure !== null || !this.worker) return;
    const idle = this.status === 'ready' || this.status === 'paused' || this.status === 'finished' || this.status === 'error';
    if (idle && ANSWERED_AT_ONCE.has(command.type) && this.awaitingSince === null) this.awaitingSince = this.deps.now();
    this.worker.postMessage(command);
  }

  dispose(): void {
    this.disposed = true;
    this.deps.clearInterval(this.timer);
    this.worker?.terminate();
  }

  private start(): void {
    let worker: WorkerLike;
    try {
      worker = this.deps.createWorker();
      this.startFailure = null;
    } catch (error) {
      this.startFailure = error instanceof Error ? error.message : String(error);
      const message = `The training worker could not be started${this.startFailure ? ` (${shorten(this.startFailure)})` : ''}. Reload the page, or open the lab in another browser.`;
      this.status = 'error';
      // After the caller's subscribe (createLabClient returns first): nothing else would tell the page.
      queueMicrotask(() => {
        if (this.disposed) return;
        this.emit({ type: 'error', message });
        this.emit({ type: 'status', status: 'error', message });
      });
      return;
    }
    this.worker = worker;
    this.lastHeard = this.deps.now();
    this.pingSentAt = null;
    this.status = null;
    this.awaitingSince = null;
    worker.onmessage = (event) => {
      if (worker === this.worker) this.heard(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker !== this.worker) return;
      const detail = event.message ?? '';
      if (isBackendAbort(detail)) return this.restart(`stopped because its compute backend aborted (${shorten(detail)})`);
      const message = `The training worker failed${detail ? `: ${detail}` : ' to start'}.`;
      this.emit({ type: 'error', message });
      this.emit({ type: 'status', status: 'error', message });
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.emit({ type: 'error', message: 'A message from the training worker could not be read.' });
    };
  }

  private heard(event: WorkerEvent): void {
    this.lastHeard = this.deps.now();
    this.pingSentAt = null;
    if (event.type === 'pong') return;
    this.awaitingSince = null;
    if (event.type === 'status') this.status = event.status;
    if (event.type === 'snapshot') this.restartsWithoutProgress = 0;
    if (event.type === 'error' && isBackendAbort(event.message)) {
      return this.restart(`stopped because its compute backend aborted (${shorten(event.message)})`);
    }
    // The worker follows an error with an error status: after a restart that status is stale.
    this.emit(event);
  }

  private check(): void {
    if (this.disposed || this.startFailure !== null) return;
    const now = this.deps.now();
    const watchedSince = this.status === 'running' ? this.lastHeard : this.awaitingSince;
    if (watchedSince === null) return;
    const silent = now - Math.max(this.lastHeard, watchedSince);
    if (silent >= SILENCE_MS && this.pingSentAt !== null) {
      return this.restart(`stopped answering (nothing from it for ${Math.round(silent / 1000)} s)`);
    }
    if (silent >= PING_AFTER_MS && this.pingSentAt === null) {
      this.pingSentAt = now;
      this.worker?.postMessage({ type: 'ping' });
    }
  }

  private restart(what: string): void {
    this.worker?.terminate();
    this.restartsWithoutProgress++;
    const reload = this.restartsWithoutProgress <= RELOADS_WITHOUT_PROGRESS;
    this.start();
    const next = reload
      ? 'Your settings are loaded again from step 0; press Play to train, or choose a smaller model if it happens again.'
      : 'It failed again before training a step, so your settings were not loaded again: choose a smaller model or fewer channels, then train.';
    this.emit({ type: 'restarted', message: `The training worker ${what}, so the lab started a fresh one. ${next}`, reload });
  }

  private emit(event: SupervisedEvent): void {
    this.deps.onEvent(event, this.deps.now());
  }
}

function shorten(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
