/**
 * A findings worker process: reads jobs ({ key, link, linearizeAt, maxSteps }) as JSON lines on stdin, trains each on
 * tfjs's WASM backend and answers { key, outcome } or { key, error } as a JSON line on stdout.
 */
import { createInterface } from 'node:readline';
import { setNodeBackend } from '../../node/tfNode';
import { trainOne } from './trainOne';

await setNodeBackend('wasm');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const job = JSON.parse(line) as { key: string; link: string; linearizeAt?: number | null; maxSteps: number | null };
  try {
    const outcome = await trainOne(job.link, job.maxSteps, job.linearizeAt ?? null);
    process.stdout.write(JSON.stringify({ key: job.key, outcome }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ key: job.key, error: e instanceof Error ? e.message : String(e) }) + '\n');
  }
}
