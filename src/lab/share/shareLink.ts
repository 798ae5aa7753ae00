import type { ExperimentConfig } from '../../engine/config/types';
import { encodeConfig } from '../../engine/config/urlCodec';

/** The app parameter naming the compute backend a link was made on. */
export const MADE_ON_KEY = 'madeon';

/** The query the address bar holds: the config's encoding, then the app parameters in a fixed order. */
export function shareQuery(config: ExperimentConfig, appParams: Record<string, string>): string {
  const extra = Object.entries(appParams)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
    .join('');
  return `${encodeConfig(config)}${extra}`;
}

/** What the lab tells someone who opened a shared link. */
export interface LinkOrigin {
  name: string;
  note: string;
  seed: number;
  /** Backend the link was made on, if it says. */
  madeOn: string | null;
}

/** The backend comparison, once the lab knows which backend it runs on. */
export function backendComparison(madeOn: string | null, runningOn: string | null): { same: boolean; text: string } | null {
  if (!madeOn || !runningOn) return null;
  if (madeOn.toLowerCase() === runningOn.toLowerCase()) return { same: true, text: `It was made on ${runningOn} too, so the numbers should match exactly.` };
  return {
    same: false,
    text: `It was made on ${madeOn.slice(0, 20)}, but this lab runs on ${runningOn}: same data, init and order, yet the numbers can differ in the last digits and drift apart over a long run.`,
  };
}
