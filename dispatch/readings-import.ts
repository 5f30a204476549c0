/**
 * A management company's import of readings (issue 6): the CSV it uploads, read into lines. Pure.
 *
 * Columns (header row, any order, case-insensitive; `;` or `,` separated as the header shows;
 * with `;` a decimal comma is accepted): `serial` (the meter's serial number) or `building_id` +
 * `apartment` or `account` (the personal account), with `kind` when not by serial; `value1`
 * (`value`), `value2`, `value3` one per tariff; `period` (YYYY-MM) optional.
 */
import { type CsvDelimiter, parseCsv as parseCsvRows } from './csv.ts';
import type { Message } from './messages/index.ts';
import { meterKinds, type MeterKind } from './readings.ts';

export type ParsedImportLine = {
  line: number;
  buildingId: number | null;
  apartment: string | null;
  account: string | null;
  kind: MeterKind | null;
  serial: string | null;
  values: number[];
  period: string | null;
};
export type ImportRefusal = { line: number; field: string; reason: Message };

/** RFC 4180 fields of a CSV text (quoted fields may hold separators, quotes and line breaks). */
export function parseCsv(text: string, separator: CsvDelimiter): string[][] {
  return parseCsvRows(text, separator).map((r) => r.cells);
}

const aliases: Record<string, string> = {
  serial: 'serial',
  serial_number: 'serial',
  building_id: 'building_id',
  apartment: 'apartment',
  account: 'account',
  account_number: 'account',
  kind: 'kind',
  value: 'value1',
  value1: 'value1',
  value2: 'value2',
  value3: 'value3',
  period: 'period',
};

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Read an uploaded CSV into lines (numbered as in the file, the header being line 1) and refusals. */
export function readImportCsv(text: string): {
  lines: ParsedImportLine[];
  refused: ImportRefusal[];
  headerProblem: Message | null;
} {
  const clean = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = clean.slice(0, clean.search(/\r?\n|$/));
  const separator = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const rows = parseCsvRows(clean, separator);
  const header = (rows[0]?.cells ?? []).map((h) => aliases[h.trim().toLowerCase()] ?? h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('value1') < 0) return { lines: [], refused: [], headerProblem: { id: 'reading.import.no_value1' } };
  if (col('serial') < 0 && col('account') < 0 && col('apartment') < 0) {
    return {
      lines: [],
      refused: [],
      headerProblem: { id: 'reading.import.no_meter_column' },
    };
  }
  const lines: ParsedImportLine[] = [];
  const refused: ImportRefusal[] = [];
  for (let i = 1; i < rows.length; i++) {
    const { cells, line } = rows[i];
    if (cells.every((c) => c.trim() === '')) continue;
    const get = (name: string) => {
      const at = col(name);
      const v = at < 0 ? '' : (cells[at] ?? '').trim();
      return v === '' ? null : v;
    };
    const number = (s: string) => Number(separator === ';' ? s.replace(',', '.') : s);
    const values: number[] = [];
    let bad: ImportRefusal | null = null;
    for (const [k, name] of ['value1', 'value2', 'value3'].entries()) {
      const v = get(name);
      if (v === null) break;
      const n = number(v);
      if (!Number.isFinite(n)) {
        bad = { line, field: `values.${k}`, reason: { id: 'field.expected_number' } };
        break;
      }
      values.push(n);
    }
    const kind = get('kind');
    const buildingText = get('building_id');
    const period = get('period');
    if (!bad && kind !== null && !meterKinds.includes(kind as MeterKind))
      bad = { line, field: 'kind', reason: { id: 'reading.import.kind', params: { kinds: meterKinds.join(', ') } } };
    if (!bad && buildingText !== null && !/^\d{1,9}$/.test(buildingText))
      bad = { line, field: 'building_id', reason: { id: 'reading.import.building_id' } };
    if (!bad && period !== null && !PERIOD.test(period))
      bad = { line, field: 'period', reason: { id: 'field.period' } };
    if (!bad && values.length === 0) bad = { line, field: 'values.0', reason: { id: 'reading.import.no_value' } };
    if (bad) {
      refused.push(bad);
      continue;
    }
    lines.push({
      line,
      buildingId: buildingText === null ? null : Number(buildingText),
      apartment: get('apartment'),
      account: get('account'),
      kind: kind as MeterKind | null,
      serial: get('serial'),
      values,
      period,
    });
  }
  return { lines, refused, headerProblem: null };
}

/** Why a line names no meter (before looking it up): the columns it needs. */
export function identificationProblem(
  l: Pick<ParsedImportLine, 'serial' | 'apartment' | 'account' | 'buildingId' | 'kind'>,
): ImportRefusal['field'] | null {
  if (l.serial !== null) return null;
  if (l.apartment !== null && l.buildingId === null) return 'building_id';
  if (l.apartment === null && l.account === null) return 'serial';
  if (l.kind === null) return 'kind';
  return null;
}
