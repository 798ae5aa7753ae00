/**
 * The JSON export of one run or a sweep of runs: each run's config in its URL encoding (the one
 * schema shared with links and the CLI) plus its metrics, under a format name and version. Import
 * checks everything, keeps whatever is usable and says what it had to change or drop.
 *
 * Format 1: runs only. Format 2: a run of a comparison or sweep carries its group (kind, name, its
 * place and label), so the imported runs make up the comparison again. A version 1 file reads as
 * runs of no group.
 */
import { decodeConfig, encodeConfig } from '../../engine/config/urlCodec';
import { validateConfig } from '../../engine/config/validate';
import type { EvalPoint, GateLayerView } from '../../engine/training/snapshot';
import { cleanOptionalText, cleanText } from '../../engine/text/cleanText';
import { defaultRunName, RUN_NAME_MAX_LENGTH, RUN_RECORD_VERSION, type RunGroup, type RunRecord } from '../history/runRecord';
import { readRunGroup } from '../history/runRecordMigration';
import { readRunAnalysis } from './runAnalysis';

export const EXPORT_FORMAT = 'nonlinear-lab-runs';
export const EXPORT_FORMAT_VERSION = 2;

export interface ExportedRun {
  name: string;
  createdAt: string;
  /** The config's URL encoding, e.g. "v=1&data=xor&…". */
  config: string;
  backend: string | null;
  step: number;
  totalSteps: number;
  finished: boolean;
  diverged: string | null;
  metrics: EvalPoint[];
  gates: GateLayerView[] | null;
  /** Since format 2: the comparison or sweep the run belongs to, or null. */
  group: RunGroup | null;
}

export interface RunsExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  /** 'comparison': the runs of one group (a comparison or sweep of the Compare tab). */
  kind: 'run' | 'sweep' | 'comparison';
  exportedAt: string;
  runs: ExportedRun[];
}

export function exportRunsJson(records: RunRecord[], kind: RunsExportFile['kind'] = records.length === 1 ? 'run' : 'sweep', now = new Date()): string {
  const file: RunsExportFile = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    kind,
    exportedAt: now.toISOString(),
    runs: records.map((r) => ({
      name: r.name,
      createdAt: new Date(r.createdAt).toISOString(),
      config: encodeConfig(r.config),
      backend: r.backend,
      step: r.step,
      totalSteps: r.totalSteps,
      finished: r.finished,
      diverged: r.diverged,
      metrics: r.history,
      gates: r.gates,
      group: r.group,
    })),
  };
  // JSON has no NaN or Infinity (a diverged run has them); write them as the strings "NaN" etc.
  return JSON.stringify(file, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 1);
}

/** An imported run: a RunRecord without an id (the store gives it one). */
export type ImportedRun = Omit<RunRecord, 'id'>;

export interface ImportResult {
  runs: ImportedRun[];
  /** Every problem found, each naming the run it belongs to. Empty when the file was clean. */
  problems: string[];
}

const METRIC_KEYS = ['trainLoss', 'trainAccuracy', 'fractionNonlinear', 'aplNormalized', 'aplUnnormalized', 'lambda'] as const;
const NULLABLE_METRIC_KEYS = ['testLoss', 'testAccuracy'] as const;
/** Measured only by newer labs: absent in older files, kept when present and valid. */
const OPTIONAL_METRIC_KEYS = ['ntkDistance', 'ntkVelocity', 'ntkAlignment'] as const;

export function parseRunsImport(text: string, now = Date.now()): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { runs: [], problems: [`The file is not JSON (${e instanceof Error ? e.message : String(e)}); nothing was imported.`] };
  }
  if (!isObject(data)) return { runs: [], problems: ['The file holds no export object; nothing was imported.'] };
  const { problems, refused } = checkExportHeader(data);
  if (refused) return { runs: [], problems };
  if (!Array.isArray(data.runs)) return { runs: [], problems: [...problems, NO_RUNS_LIST] };

  const runs: ImportedRun[] = [];
  data.runs.forEach((raw, i) => {
    const run = readExportedRun(raw, i, now, problems);
    if (run) runs.push(run);
  });
  if (data.runs.length === 0) problems.push(NO_RUNS);
  return { runs, problems };
}

export const NO_RUNS_LIST = 'The file has no list of runs; nothing was imported.';
export const NO_RUNS = 'The file lists no runs.';

/**
 * The file's own fields (everything but its runs): the problems they raise, and whether they
 * refuse the whole file (then `problems` says why). Shared by parseRunsImport and the import
 * worker, which reads the runs one at a time (lab/import/runsFileReader.ts).
 */
export function checkExportHeader(data: Record<string, unknown>): { problems: string[]; refused: boolean } {
  if (data.format !== EXPORT_FORMAT) {
    return { problems: [`The file is not a Nonlinear Lab run export (format ${JSON.stringify(data.format ?? null)}, expected "${EXPORT_FORMAT}"); nothing was imported.`], refused: true };
  }
  const problems: string[] = [];
  const version = data.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push(`The format version ${JSON.stringify(version ?? null)} is not valid; read as version ${EXPORT_FORMAT_VERSION}.`);
  } else if (version > EXPORT_FORMAT_VERSION) {
    problems.push(`Made by a newer lab (format version ${version}); read as version ${EXPORT_FORMAT_VERSION}, so some details may be missing.`);
  }
  return { problems, refused: false };
}

/**
 * Run `i` (0-based) of a file, checked: the run to store, or null when skipped. Its problems go to `problems`.
 * A run of a comparison joins a new group, the same for every run of the file (its id is the
 * file's with the import's time), so an imported comparison never mixes with the one it came from.
 */
export function readExportedRun(raw: unknown, i: number, now: number, problems: string[]): ImportedRun | null {
  const label = `Run ${i + 1}`;
  if (!isObject(raw)) {
    problems.push(`${label} is not a run object; skipped.`);
    return null;
  }
  const name = cleanOptionalText(raw.name, RUN_NAME_MAX_LENGTH)?.trim() ?? '';
  const named = name ? `${label} "${cleanText(name, 60)}"` : label;
  const { config, issues } =
    typeof raw.config === 'string' ? decodeConfig(raw.config) : isObject(raw.config) ? validateConfig(raw.config) : { config: null, issues: [] };
  if (!config) {
    problems.push(`${named} has no config; skipped.`);
    return null;
  }
  for (const issue of issues) problems.push(`${named}: ${issue.message}`);

  const rawMetrics = Array.isArray(raw.metrics) ? raw.metrics : [];
  if (!Array.isArray(raw.metrics)) problems.push(`${named} has no metrics list; imported with none.`);
  const history = rawMetrics.map(readEvalPoint).filter((p): p is EvalPoint => p !== null);
  const dropped = rawMetrics.length - history.length;
  if (dropped > 0) problems.push(`${named}: ${dropped} of ${rawMetrics.length} metric rows were not valid and were skipped.`);

  const createdAt = typeof raw.createdAt === 'string' ? Date.parse(raw.createdAt) : NaN;
  const lastStep = history.at(-1)?.step ?? 0;
  const group = readRunGroup(raw.group);
  if (raw.group !== undefined && raw.group !== null && !group) problems.push(`${named}: its comparison or sweep is not readable; imported as a run of its own.`);
  if (group) group.id = `${group.id}~${now.toString(36)}`;
  return {
    recordVersion: RUN_RECORD_VERSION,
    name: name || defaultRunName(config),
    createdAt: Number.isFinite(createdAt) ? createdAt : now,
    updatedAt: now,
    config,
    backend: cleanOptionalText(raw.backend, 20),
    history,
    gates: readGates(raw.gates),
    step: nonNegativeInt(raw.step) ?? lastStep,
    totalSteps: nonNegativeInt(raw.totalSteps) ?? lastStep,
    finished: raw.finished === true,
    diverged: cleanOptionalText(raw.diverged, 300),
    source: 'imported',
    group,
    analysis: readRunAnalysis(raw),
  };
}

function readEvalPoint(raw: unknown): EvalPoint | null {
  if (!isObject(raw)) return null;
  const step = nonNegativeInt(raw.step);
  const epoch = raw.epoch;
  if (step === null || typeof epoch !== 'number' || !Number.isFinite(epoch)) return null;
  const point: Record<string, number | null> = { step, epoch };
  for (const key of METRIC_KEYS) {
    const v = readNumber(raw[key]);
    if (v === null) return null;
    point[key] = v;
  }
  for (const key of NULLABLE_METRIC_KEYS) {
    if (raw[key] === null || raw[key] === undefined) {
      point[key] = null;
      continue;
    }
    const v = readNumber(raw[key]);
    if (v === null) return null;
    point[key] = v;
  }
  for (const key of OPTIONAL_METRIC_KEYS) {
    if (raw[key] === undefined) continue;
    if (raw[key] === null && key === 'ntkVelocity') {
      point[key] = null;
      continue;
    }
    const v = readNumber(raw[key]);
    if (v === null) return null;
    point[key] = v;
  }
  return point as unknown as EvalPoint;
}

/** A number, or one written as "NaN", "Infinity" or "-Infinity" (diverged runs). */
function readNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  return null;
}

function readGates(raw: unknown): GateLayerView[] | null {
  if (!Array.isArray(raw)) return null;
  const layers: GateLayerView[] = [];
  for (const layer of raw) {
    if (!isObject(layer) || typeof layer.name !== 'string' || !Array.isArray(layer.slopes)) return null;
    if (!layer.slopes.every((a) => typeof a === 'number' && a >= 0 && a <= 1)) return null;
    const fraction = typeof layer.fractionNonlinear === 'number' ? layer.fractionNonlinear : 0;
    layers.push({ name: cleanText(layer.name, 40), slopes: layer.slopes as number[], fractionNonlinear: fraction });
  }
  return layers;
}

function nonNegativeInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
