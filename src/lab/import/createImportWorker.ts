import type { ImportWorkerPort } from './runsImport';

/** A fresh import worker: a module worker Vite builds from runsImportWorker.ts (worker-src 'self' in the page's CSP). */
export function createImportWorker(): ImportWorkerPort {
  return new Worker(new URL('./runsImportWorker.ts', import.meta.url), { type: 'module', name: 'runs-import' });
}
