/**
 * How a link asks the lab to look and move, apart from the experiment itself: `pace=slow` opens in
 * slow mode (four steps a second, every one shown) and `text=large` in large-text mode for a
 * projector. Both are app parameters (not config fields): they change what the lab shows, never what
 * a run computes, so the CLI and exports ignore them.
 */
import type { TrainingPace } from '../labApi';

export const PACE_KEY = 'pace';
export const TEXT_KEY = 'text';

export type TextSize = 'normal' | 'large';

export interface ViewParams {
  pace: TrainingPace;
  text: TextSize;
  /** Bad values, named for the link notice. */
  issues: string[];
}

export function parseViewParams(appParams: Record<string, string>): ViewParams {
  const issues: string[] = [];
  const pace = appParams[PACE_KEY];
  const text = appParams[TEXT_KEY];
  const okPace = pace === undefined || pace === 'slow' || pace === 'full';
  const okText = text === undefined || text === 'large' || text === 'normal';
  if (!okPace) issues.push(`pace: "${pace.slice(0, 20)}" is not slow or full; using full speed`);
  if (!okText) issues.push(`text: "${text.slice(0, 20)}" is not large or normal; using normal text`);
  return {
    pace: okPace && pace === 'slow' ? 'slow' : 'full',
    text: okText && text === 'large' ? 'large' : 'normal',
    issues,
  };
}

/** The app parameters with the view's settings written in: defaults are left out, so links stay short. */
export function withViewParams(appParams: Record<string, string>, view: { pace?: TrainingPace; text?: TextSize }): Record<string, string> {
  const next = { ...appParams };
  if (view.pace !== undefined) {
    if (view.pace === 'slow') next[PACE_KEY] = 'slow';
    else delete next[PACE_KEY];
  }
  if (view.text !== undefined) {
    if (view.text === 'large') next[TEXT_KEY] = 'large';
    else delete next[TEXT_KEY];
  }
  return next;
}
