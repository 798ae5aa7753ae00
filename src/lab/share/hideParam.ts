/**
 * Classroom links: `hide=curves,core,architecture,data` hides those controls or panels, so a teacher
 * can hand out a reduced lab. The names are listed in the README.
 */
export const HIDEABLE = {
  core: 'the core network panel',
  preview: 'the predictions panel',
  gates: 'the gates panel',
  pathlen: 'the path-length panel',
  curves: 'the training curves panel',
  kernel: 'the tangent kernel panel',
  metrics: 'the headline numbers',
  prior: 'the sparsity prior controls',
  data: 'the dataset controls',
  architecture: 'the model controls',
  training: 'the optimizer and training controls',
  runs: 'the run history',
} as const;

export type HideableName = keyof typeof HIDEABLE;

export interface HideParam {
  hidden: ReadonlySet<HideableName>;
  /** One message per unknown name. */
  issues: string[];
}

export function parseHideParam(text: string | undefined): HideParam {
  const hidden = new Set<HideableName>();
  const issues: string[] = [];
  if (!text) return { hidden, issues };
  for (const raw of text.split(/[,\s]+/)) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (Object.prototype.hasOwnProperty.call(HIDEABLE, name)) hidden.add(name as HideableName);
    else {
      const shown = JSON.stringify(name.length > 30 ? name.slice(0, 30) + '…' : name);
      issues.push(`hide: ${shown} is not a part of the lab and was ignored (known: ${Object.keys(HIDEABLE).join(', ')})`);
    }
  }
  return { hidden, issues };
}
