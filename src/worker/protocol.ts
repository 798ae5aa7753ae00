/**
 * Messages between the page (labClient.ts) and the training worker (trainingWorker.ts). Page to
 * worker: WorkerCommand, checked by parseCommand on arrival. Worker to page: WorkerEvent.
 */
import { checkLiveChange, type LiveChange } from '../engine/config/liveChange';
import type { ExperimentConfig } from '../engine/config/types';
import type { SnapshotUpdate } from '../engine/training/snapshot';
import type { LabEvent, TrainingPace } from './labApi';

export type WorkerCommand =
  /**
   * The run the page is about to load (sent as the worker starts, before the page renders): the
   * worker's entry starts downloading its data while TensorFlow.js loads (trainingWorker.ts). It
   * trains nothing and answers nothing; the `load` that follows does.
   */
  | { type: 'prepare'; config: ExperimentConfig }
  /** `backend`: the user's forced backend (e.g. from ?backend=webgl), or null to choose automatically. */
  | { type: 'load'; config: ExperimentConfig; backend: string | null; /** Linearize in the weights at this step (Fort et al.). */ linearizeAt?: number | null }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  /** A live change, checked field by field against the config's field table. */
  | { type: 'change'; change: LiveChange }
  | { type: 'snap' }
  /** Back to the last good evaluation after a divergence. */
  | { type: 'rewind' }
  | { type: 'setPace'; pace: TrainingPace }
  /** Play at full speed until this step, then at the pace set (slow mode's way past a warm-up). */
  | { type: 'skipTo'; step: number }
  /** Not a command but feedback: the page drew the last snapshot in `ms` (arrival to the next painted frame). */
  | { type: 'snapshotDrawn'; ms: number }
  /** Are you there? Answered with a pong by the worker's message handler, outside the command queue (workerSupervisor.ts). */
  | { type: 'ping' };

/**
 * As the page sees them (LabEvent), except that a snapshot carries only what changed (snapshotStream.ts
 * rebuilds it), plus the pong that answers a ping.
 */
export type WorkerEvent = Exclude<LabEvent, { type: 'snapshot' }> | { type: 'snapshot'; snapshot: SnapshotUpdate } | { type: 'pong' };

export type ParsedCommand = { ok: true; command: WorkerCommand } | { ok: false; error: string };

/** Checks a message's shape and a live change's values. A load's (or prepare's) config is checked by the worker with validateConfig. */
export function parseCommand(data: unknown): ParsedCommand {
  if (!isRecord(data) || typeof data.type !== 'string') return bad(`expected a command object, got ${describe(data)}`);
  switch (data.type) {
    case 'play':
    case 'pause':
    case 'step':
    case 'reset':
    case 'snap':
    case 'rewind':
    case 'ping':
      return { ok: true, command: { type: data.type } };
    case 'load':
      if (!isRecord(data.config)) return bad(`load: expected a config object, got ${describe(data.config)}`);
      if (data.backend !== null && typeof data.backend !== 'string') return bad(`load: backend must be a name or null`);
      if (data.linearizeAt !== undefined && data.linearizeAt !== null && !(Number.isInteger(data.linearizeAt) && (data.linearizeAt as number) >= 0)) {
        return bad(`load: linearizeAt must be a whole number of steps >= 0 or null, got ${describe(data.linearizeAt)}`);
      }
      return {
        ok: true,
        command: {
          type: 'load',
          config: data.config as unknown as ExperimentConfig,
          backend: data.backend,
          ...(data.linearizeAt === undefined ? {} : { linearizeAt: data.linearizeAt as number | null }),
        },
      };
    case 'prepare':
      if (!isRecord(data.config)) return bad(`prepare: expected a config object, got ${describe(data.config)}`);
      return { ok: true, command: { type: 'prepare', config: data.config as unknown as ExperimentConfig } };
    case 'change': {
      const checked = checkLiveChange(data.change);
      return checked.ok ? { ok: true, command: { type: 'change', change: checked.change } } : bad(`change: ${checked.error}`);
    }
    case 'setPace':
      return data.pace === 'full' || data.pace === 'slow'
        ? { ok: true, command: { type: 'setPace', pace: data.pace } }
        : bad(`setPace: pace must be "full" or "slow", got ${describe(data.pace)}`);
    case 'skipTo':
      return Number.isSafeInteger(data.step) && (data.step as number) >= 0
        ? { ok: true, command: { type: 'skipTo', step: data.step as number } }
        : bad(`skipTo: step must be a whole number >= 0, got ${describe(data.step)}`);
    case 'snapshotDrawn':
      return isNonNegative(data.ms)
        ? { ok: true, command: { type: 'snapshotDrawn', ms: data.ms } }
        : bad(`snapshotDrawn: ms must be a finite number >= 0, got ${describe(data.ms)}`);
    default:
      return bad(`unknown command "${data.type}"`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function bad(error: string): ParsedCommand {
  return { ok: false, error: `Bad message to the training worker: ${error}` };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
