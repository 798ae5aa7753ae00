import type { LabApi } from '../labApi';
import { createLabClient } from '../../worker/labClient';

/** A training worker for queued runs, apart from the lab's. Forcing the lab's backend skips re-timing the backends. */
export function createRunnerApi(backend: string | null): LabApi {
  return createLabClient({ backend });
}
