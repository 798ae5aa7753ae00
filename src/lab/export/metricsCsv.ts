import { csvFormatRows, csvParseRows } from 'd3-dsv';
import type { EvalPoint } from '../../engine/training/snapshot';

/** Column order of the metrics CSV: the EvalPoint fields, one row per evaluation. */
export const CSV_COLUMNS = [
  'step',
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'testLoss',
  'testAccuracy',
  'fractionNonlinear',
  'aplNormalized',
  'aplUnnormalized',
  'lambda',
] as const satisfies readonly (keyof EvalPoint)[];

/** Tangent-kernel columns, written when any row has them; optional when read (older files lack them). */
export const OPTIONAL_CSV_COLUMNS = ['ntkDistance', 'ntkVelocity', 'ntkAlignment'] as const satisfies readonly (keyof EvalPoint)[];

/** Plain numbers, empty cells for "not measured" (a null test loss), NaN kept as NaN. */
export function metricsToCsv(history: EvalPoint[]): string {
  const columns = [...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS.filter((c) => history.some((p) => p[c] !== undefined))];
  const rows = history.map((p) => columns.map((c) => (p[c] === null || p[c] === undefined ? '' : String(p[c]))));
  return csvFormatRows([columns, ...rows]) + '\n';
}

/** Reads what metricsToCsv wrote (columns found by header name); throws a clear message otherwise. */
export function metricsFromCsv(text: string): EvalPoint[] {
  const lines = csvParseRows(text).filter((cells) => cells.some((cell) => cell.trim() !== ''));
  if (lines.length === 0) throw new Error('The CSV is empty.');
  const header = lines[0].map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`The CSV lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  return lines.slice(1).map((cells, i) => {
    const point: Record<string, number | null> = {};
    for (const c of CSV_COLUMNS) {
      const cell = (cells[header.indexOf(c)] ?? '').trim();
      if (cell === '' && (c === 'testLoss' || c === 'testAccuracy')) {
        point[c] = null;
        continue;
      }
      const n = Number(cell);
      if (cell === '' || (Number.isNaN(n) && cell !== 'NaN')) throw new Error(`Row ${i + 2}: ${c} "${cell}" is not a number.`);
      point[c] = n;
    }
    for (const c of OPTIONAL_CSV_COLUMNS) {
      const cell = header.includes(c) ? (cells[header.indexOf(c)] ?? '').trim() : '';
      if (cell === '') {
        if (c === 'ntkVelocity' && header.includes(c)) point[c] = null;
        continue;
      }
      const n = Number(cell);
      if (Number.isNaN(n) && cell !== 'NaN') throw new Error(`Row ${i + 2}: ${c} "${cell}" is not a number.`);
      point[c] = n;
    }
    return point as unknown as EvalPoint;
  });
}
