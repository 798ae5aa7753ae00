/**
 * One table describes every config field: where it lives in the config, its URL key, its type and
 * range. Validation, the URL codec and the UI's limits all read this table, so they cannot drift.
 */
import { CONFIG_VERSION, type ConvStage, type ExperimentConfig } from './types';

interface FieldBase {
  /** Path into ExperimentConfig, e.g. ['prior', 'lambda']. */
  path: readonly string[];
  /** Query-string key. */
  key: string;
  label: string;
}

export interface NumberField extends FieldBase {
  type: 'number' | 'int';
  min: number;
  max: number;
  /** Lower bound is exclusive (e.g. a learning rate of 0 is meaningless). */
  minExclusive?: boolean;
  unit?: string;
}

export interface EnumField extends FieldBase {
  type: 'enum';
  values: readonly string[];
}

export interface BoolField extends FieldBase {
  type: 'bool';
}

export interface StringField extends FieldBase {
  type: 'string';
  maxLength: number;
  /** Line breaks allowed (a note); a name is one line. */
  multiline?: boolean;
}

export interface IntListField extends FieldBase {
  type: 'intList';
  minItems: number;
  maxItems: number;
  min: number;
  max: number;
}

export interface ConvStagesField extends FieldBase {
  type: 'convStages';
  minItems: number;
  maxItems: number;
  minChannels: number;
  maxChannels: number;
}

export type Field = NumberField | EnumField | BoolField | StringField | IntListField | ConvStagesField;

export const FIELDS: readonly Field[] = [
  { path: ['version'], key: 'v', label: 'config version', type: 'int', min: 1, max: CONFIG_VERSION },
  { path: ['name'], key: 'name', label: 'run name', type: 'string', maxLength: 80 },
  { path: ['note'], key: 'note', label: 'note', type: 'string', maxLength: 500, multiline: true },
  {
    path: ['dataset', 'kind'], key: 'data', label: 'dataset', type: 'enum',
    values: ['mnist', 'fashion-mnist', 'spirals', 'circles', 'xor', 'blobs'],
  },
  { path: ['dataset', 'trainSize'], key: 'train', label: 'training examples (0 = all)', type: 'int', min: 0, max: 70000 },
  { path: ['dataset', 'order'], key: 'order', label: 'data order', type: 'enum', values: ['streamed', 'shuffled'] },
  { path: ['dataset', 'points'], key: 'points', label: 'points', type: 'int', min: 50, max: 5000 },
  { path: ['dataset', 'noise'], key: 'noise', label: 'noise', type: 'number', min: 0, max: 1 },
  { path: ['dataset', 'classes'], key: 'classes', label: 'classes (arms, blobs)', type: 'int', min: 2, max: 10 },
  { path: ['model', 'kind'], key: 'model', label: 'model', type: 'enum', values: ['mlp', 'cnn'] },
  { path: ['model', 'hidden'], key: 'hidden', label: 'MLP hidden widths', type: 'intList', minItems: 1, maxItems: 20, min: 1, max: 1024 },
  { path: ['model', 'conv'], key: 'conv', label: 'CNN stages', type: 'convStages', minItems: 1, maxItems: 8, minChannels: 1, maxChannels: 128 },
  { path: ['model', 'residual'], key: 'res', label: 'residual blocks', type: 'bool' },
  { path: ['optimizer', 'kind'], key: 'opt', label: 'optimizer', type: 'enum', values: ['adam', 'sgd'] },
  { path: ['optimizer', 'learningRate'], key: 'lr', label: 'learning rate', type: 'number', min: 0, max: 1, minExclusive: true },
  { path: ['optimizer', 'momentum'], key: 'mom', label: 'SGD momentum', type: 'number', min: 0, max: 0.999 },
  { path: ['training', 'batchSize'], key: 'bs', label: 'batch size', type: 'int', min: 1, max: 1024, unit: 'examples' },
  { path: ['training', 'epochs'], key: 'epochs', label: 'epochs', type: 'int', min: 1, max: 1000 },
  { path: ['training', 'seed'], key: 'seed', label: 'seed', type: 'int', min: 0, max: 2147483647 },
  { path: ['prior', 'lambda'], key: 'lambda', label: 'prior strength λ', type: 'number', min: 0, max: 10000 },
  { path: ['prior', 'mode'], key: 'prior', label: 'prior form', type: 'enum', values: ['loss', 'proximal'] },
  { path: ['prior', 'start'], key: 'ton', label: 'prior start t_on', type: 'int', min: 0, max: 1000000 },
  { path: ['prior', 'startUnit'], key: 'tunit', label: 'prior start unit', type: 'enum', values: ['step', 'epoch'] },
  { path: ['prior', 'ramp'], key: 'ramp', label: 'prior ramp', type: 'int', min: 0, max: 1000000, unit: 'steps' },
  { path: ['prior', 'eps'], key: 'eps', label: 'linear threshold ε', type: 'number', min: 1e-6, max: 0.5 },
  { path: ['prior', 'snap'], key: 'snap', label: 'snap at every evaluation', type: 'bool' },
  { path: ['evalEvery'], key: 'eval', label: 'evaluate every', type: 'int', min: 1, max: 100000, unit: 'steps' },
];

export function fieldByPath(path: string): Field | undefined {
  return FIELDS.find((f) => f.path.join('.') === path);
}

function fieldOfType<T extends Field['type']>(path: string, types: readonly T[]): Extract<Field, { type: T }> {
  const field = fieldByPath(path);
  if (!field || !(types as readonly string[]).includes(field.type)) throw new Error(`no ${types.join('/')} field at ${path}`);
  return field as Extract<Field, { type: T }>;
}

/** The row of a number field, for a control's limits (throws on a typo: a control must name a real field). */
export const numberField = (path: string): NumberField => fieldOfType(path, ['number', 'int']);
export const intListField = (path: string): IntListField => fieldOfType(path, ['intList']);
export const convStagesField = (path: string): ConvStagesField => fieldOfType(path, ['convStages']);
export const enumField = (path: string): EnumField => fieldOfType(path, ['enum']);

export function getAt(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function setAt(obj: ExperimentConfig, path: readonly string[], value: unknown): void {
  let cur = obj as unknown as Record<string, unknown>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[path[path.length - 1]] = value;
}

/** "16,32s2,64mp": channels, then s2 for stride 2, mp / ap for a 2x2 max / average pool. */
export function formatConvStages(stages: readonly ConvStage[]): string {
  return stages
    .map((s) => `${s.channels}${s.stride === 2 ? 's2' : ''}${s.pool === 'max' ? 'mp' : s.pool === 'avg' ? 'ap' : ''}`)
    .join(',');
}

export function parseConvStage(text: string): ConvStage | null {
  const m = /^(\d+)(s2)?(mp|ap)?$/.exec(text.trim());
  if (!m) return null;
  return { channels: Number(m[1]), stride: m[2] ? 2 : 1, pool: m[3] === 'mp' ? 'max' : m[3] === 'ap' ? 'avg' : 'none' };
}
