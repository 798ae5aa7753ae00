/**
 * Stored run records of any version, read as today's RunRecord. Plain functions without the DOM, so
 * the run store and an import (in a worker or not) use the same checks.
 *
 *   version 1 (no recordVersion): the config as its lab wrote it, which may be an older config
 *     version (config v1 has no prior.mode); no group.
 *   version 2: recordVersion, and group (a comparison's or sweep's run) or null.
 */
import { CONFIG_VERSION } from '../../engine/config/types';
import { validateConfig } from '../../engine/config/validate';
import { cleanText } from '../../engine/text/cleanText';
import { RUN_GROUP_KINDS, RUN_NAME_MAX_LENGTH, RUN_RECORD_VERSION, type RunGroup, type RunGroupKind, type RunRecord } from './runRecord';

/** The version a stored record was written with: a record without one predates versioning (1). */
export function recordVersionOf(raw: Record<string, unknown>): number {
  const v = raw.recordVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * A stored record as today's RunRecord, or null when it is not a run record at all (no id, no
 * config). A record from a newer lab is read as it is: its extra fields are kept, never dropped.
 */
export function migrateRunRecord(raw: unknown): RunRecord | null {
  if (!isObject(raw) || typeof raw.id !== 'string' || !isObject(raw.config)) return null;
  const version = recordVersionOf(raw);
  const configVersion = (raw.config as { version?: unknown }).version;
  const group = version < 2 || raw.group === null || raw.group === undefined ? null : readRunGroup(raw.group);
  const groupAsStored = (group !== null) === (raw.group !== null && raw.group !== undefined);
  if (version >= RUN_RECORD_VERSION && configVersion === CONFIG_VERSION && groupAsStored) return raw as unknown as RunRecord;
  const record = { ...raw, group } as unknown as RunRecord;
  // A config written by an older lab means what that lab meant (engine/config/migrate.ts). The run
  // trained already, so the budget does not apply to it.
  if (configVersion !== CONFIG_VERSION) record.config = validateConfig(raw.config, { budget: false }).config;
  if (version < 2) record.recordVersion = 2;
  if (typeof raw.name !== 'string') record.name = '';
  if (!Array.isArray(raw.history)) record.history = [];
  return record;
}

/** A run's group as stored or imported, or null when it has none or it is not a valid group. */
export function readRunGroup(raw: unknown): RunGroup | null {
  if (!isObject(raw)) return null;
  const { id, kind, name, member, label, index, size } = raw;
  if (typeof id !== 'string' || !id || typeof kind !== 'string' || !(RUN_GROUP_KINDS as readonly string[]).includes(kind)) return null;
  if (typeof member !== 'string' || !member) return null;
  if (!isCount(index) || !isCount(size) || size < 1 || index >= size) return null;
  return {
    id: cleanText(id, 80),
    kind: kind as RunGroupKind,
    name: cleanText(typeof name === 'string' ? name : '', RUN_NAME_MAX_LENGTH),
    member: cleanText(member, 120),
    label: cleanText(typeof label === 'string' ? label : member, RUN_NAME_MAX_LENGTH),
    index,
    size,
    linearizeAt: isCount(raw.linearizeAt) ? raw.linearizeAt : null,
    width: isCount(raw.width) && raw.width >= 1 ? raw.width : null,
  };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
