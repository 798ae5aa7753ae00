/**
 * Writes one run's evaluations to the evaluation log as the run goes: points wait in memory until
 * the next write, which stores every filled chunk and rewrites the run's open (last, unfilled) one.
 * What the writer holds is bounded by one chunk plus the points of one write interval.
 */
import type { EvalPoint } from '../../engine/training/snapshot';
import { EVALUATION_CHUNK_SIZE, type EvaluationChunk, type EvaluationLog } from './evaluationLog';

export class EvaluationLogWriter {
  private pending: EvalPoint[] = [];
  private open: EvalPoint[] = [];
  /** Index of the open chunk; null until read from the log (a continued run goes on after its chunks). */
  private index: number | null = null;
  private runId: string | null = null;

  constructor(
    private readonly log: EvaluationLog,
    private readonly chunkSize = EVALUATION_CHUNK_SIZE,
  ) {}

  append(points: readonly EvalPoint[]): void {
    this.pending.push(...points);
  }

  /** Drops what waits unwritten (the run was deleted). */
  discard(): void {
    this.pending = [];
  }

  /** Writes what waits, under `runId`, leaving out points at or before `afterStep` (already stored). */
  async write(runId: string, afterStep = -Infinity): Promise<void> {
    const points = this.pending.filter((p) => p.step > afterStep);
    this.pending = [];
    if (this.runId !== runId) {
      this.runId = runId;
      this.index = null;
      this.open = [];
    }
    if (points.length === 0) return;
    // Starts after whatever the run already has: its chunks stay as they were written.
    if (this.index === null) this.index = (await this.log.lastIndex(runId)) + 1;
    const chunks: EvaluationChunk[] = [];
    let open = this.open;
    let index = this.index;
    for (const point of points) {
      open.push(point);
      if (open.length === this.chunkSize) {
        chunks.push({ runId, index, points: open });
        open = [];
        index++;
      }
    }
    if (open.length > 0) chunks.push({ runId, index, points: open.slice() });
    this.open = open;
    this.index = index;
    await this.log.putChunks(chunks);
  }
}
