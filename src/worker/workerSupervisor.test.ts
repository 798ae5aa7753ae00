import { defaultConfig } from '../engine/config/defaults';
import { describe, expect, it } from 'vitest';
import type { WorkerCommand, WorkerEvent } from './protocol';
import { CHECK_EVERY_MS, SILENCE_MS, WorkerSupervisor, type WorkerLike, type SupervisedEvent } from './workerSupervisor';

class FakeWorker implements WorkerLike {
  sent: WorkerCommand[] = [];
  terminated = false;
  /** Answers pings, as trainingWorker.ts does, unless it is dead. */
  answersPings = true;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(message: WorkerCommand): void {
    this.sent.push(message);
    if (message.type === 'ping' && this.answersPings && !this.terminated) this.say({ type: 'pong' });
  }
  terminate(): void {
    this.terminated = true;
  }
  say(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
}

function setUp() {
  let now = 0;
  let tick: () => void = () => {};
  const workers: FakeWorker[] = [];
  const events: SupervisedEvent[] = [];
  const supervisor = new WorkerSupervisor({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    now: () => now,
    setInterval: (callback) => (tick = callback),
    clearInterval: () => {},
    onEvent: (event) => events.push(event),
  });
  const wait = (ms: number) => {
    for (let t = 0; t < ms; t += CHECK_EVERY_MS) {
      now += CHECK_EVERY_MS;
      tick();
    }
  };
  return { supervisor, workers, events, wait, restarts: () => events.filter((e) => e.type === 'restarted') };
}

const snapshot = { type: 'snapshot', snapshot: { step: 0 } } as unknown as WorkerEvent;
const running: WorkerEvent = { type: 'status', status: 'running', message: 'Training on WASM…' };
const paused: WorkerEvent = { type: 'status', status: 'paused', message: 'Paused at step 3.' };

describe('WorkerSupervisor', () => {
  it('leaves a live worker alone, however long it is quiet: it answers pings', () => {
    const { workers, wait, restarts } = setUp();
    workers[0].say(running);
    wait(60_000);
    expect(workers).toHaveLength(1);
    expect(workers[0].sent.filter((c) => c.type === 'ping').length).toBeGreaterThan(0);
    expect(restarts()).toEqual([]);
  });

  it('replaces a worker that stopped answering within about 10 s, and asks for the settings again', () => {
    const { supervisor, workers, events, wait, restarts } = setUp();
    workers[0].say(snapshot);
    workers[0].say(running);
    workers[0].answersPings = false; // closed, terminated or stuck in a step
    wait(SILENCE_MS - 2 * CHECK_EVERY_MS);
    expect(restarts()).toEqual([]);
    wait(3 * CHECK_EVERY_MS);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(restarts()).toEqual([expect.objectContaining({ reload: true, message: expect.stringMatching(/stopped answering.*started a fresh one/) })]);
    supervisor.send({ type: 'play' });
    expect(workers[1].sent).toContainEqual({ type: 'play' });
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
  });

  it('does not watch a worker that loads or chooses a backend (it may block for a while), only one that owes an answer', () => {
    const { supervisor, workers, wait, restarts } = setUp();
    workers[0].answersPings = false;
    workers[0].say({ type: 'status', status: 'starting', message: 'Choosing the fastest compute backend…' });
    wait(60_000);
    expect(restarts()).toEqual([]);
    workers[0].say(paused);
    wait(60_000);
    expect(restarts()).toEqual([]);
    supervisor.send({ type: 'play' }); // a paused worker answers Play at once: this one is gone
    wait(SILENCE_MS + 2 * CHECK_EVERY_MS);
    expect(restarts()).toHaveLength(1);
  });

  it('replaces a worker whose backend aborted, and stops reloading settings that abort again before a step', () => {
    const { workers, events, restarts } = setUp();
    workers[0].say(snapshot);
    workers[0].say({ type: 'error', message: 'Aborted(). Build with -sASSERTIONS for more info.' });
    workers[0].say({ type: 'status', status: 'error', message: 'Aborted().' }); // from the dead worker: ignored
    expect(workers).toHaveLength(2);
    expect(restarts()[0]).toMatchObject({ reload: true, message: expect.stringMatching(/compute backend aborted \(Aborted\(\)/) });
    workers[1].say({ type: 'error', message: 'RuntimeError: memory access out of bounds' });
    expect(workers).toHaveLength(3);
    expect(restarts()[1]).toMatchObject({ reload: false });
    expect(events.some((e) => e.type === 'status' && e.status === 'error')).toBe(false);
  });

  it('passes ordinary errors on without a restart', () => {
    const { workers, events, restarts } = setUp();
    workers[0].say({ type: 'error', message: 'The experiment settings are invalid: lr' });
    expect(restarts()).toEqual([]);
    expect(events).toEqual([{ type: 'error', message: 'The experiment settings are invalid: lr' }]);
  });
  it('says so when a worker cannot even be created, and tries again on the next command', async () => {
    let refuse = true;
    const events: SupervisedEvent[] = [];
    const workers: FakeWorker[] = [];
    const supervisor = new WorkerSupervisor({
      createWorker: () => {
        if (refuse) throw new Error('Refused to create a worker from this URL');
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      now: () => 0,
      setInterval: () => 0,
      clearInterval: () => {},
      onEvent: (event) => events.push(event),
    });
    expect(events).toEqual([]); // told after the caller could subscribe
    supervisor.send({ type: 'prepare', config: defaultConfig() }); // the page's, at once: no second try, no second message
    await Promise.resolve();
    expect(events).toEqual([
      { type: 'error', message: expect.stringMatching(/could not be started \(Refused to create a worker.*Reload the page/) },
      { type: 'status', status: 'error', message: expect.stringMatching(/could not be started/) },
    ]);
    refuse = false;
    supervisor.send({ type: 'play' });
    expect(workers).toHaveLength(1);
    expect(workers[0].sent).toEqual([{ type: 'play' }]);
    supervisor.dispose();
    expect(workers[0].terminated).toBe(true);
  });
});
