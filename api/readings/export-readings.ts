import type { AccessContext } from '../../db/queries/audit.ts';
import { recordAccess } from '../../db/queries/audit.ts';
import { type ExportRow, getBuildingFacts, selectExportRows } from '../../db/queries/readings.ts';
import type { MeterKind } from '../../dispatch/readings.ts';
import { type CsvColumn, toCsv } from '../../dispatch/stats.ts';
import { authorizeBuilding, companyScope } from '../apartments/access.ts';
import type { Context } from '../context.ts';
import { round3 } from './service.ts';
import { type Cell, xlsx } from './xlsx.ts';

const kindNames: Record<MeterKind, [string, string]> = {
  cold_water: ['ХВС', 'Cold water'],
  hot_water: ['ГВС', 'Hot water'],
  electricity: ['Электроэнергия', 'Electricity'],
  heating: ['Отопление', 'Heating'],
  gas: ['Газ', 'Gas'],
};

function moscowTime(at: Date): string {
  // Europe/Moscow, as the users read it: 2026-11-20 14:05
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

const exportColumns: CsvColumn<ExportRow>[] = [
  { ru: 'Адрес', en: 'Address', value: (r) => r.address },
  { ru: 'Квартира', en: 'Apartment', value: (r) => r.apartment },
  { ru: 'Лицевой счёт', en: 'Account', value: (r) => r.account },
  { ru: 'Счётчик', en: 'Meter kind', value: (r) => kindNames[r.kind][0] },
  { ru: 'Заводской номер', en: 'Serial', value: (r) => r.serialNumber },
  { ru: 'Т1', en: 'T1', value: (r) => r.values[0] },
  { ru: 'Т2', en: 'T2', value: (r) => r.values[1] ?? null },
  { ru: 'Т3', en: 'T3', value: (r) => r.values[2] ?? null },
  {
    ru: 'Расход',
    en: 'Consumption',
    value: (r) => (r.consumption ? round3(r.consumption.reduce((s, v) => s + v, 0)) : null),
  },
  { ru: 'Отметки', en: 'Flags', value: (r) => r.flags.join(' ') },
  { ru: 'Передано (МСК)', en: 'Submitted (Moscow)', value: (r) => moscowTime(r.submittedAt) },
];

/**
 * The company exports a period's readings (of one building, or all of its own); the export is
 * recorded as one bulk read of residents' apartments and account numbers.
 */
export async function exportReadings(
  ctx: Context,
  q: { period: string; buildingId?: number },
  audit: AccessContext,
): Promise<ExportRow[]> {
  const scope = companyScope(ctx, 'reading.export');
  const { buildingId, period } = q;
  if (buildingId !== undefined) authorizeBuilding(ctx, 'reading.export', await getBuildingFacts(ctx.db, buildingId));
  const rows = await selectExportRows(ctx.db, scope, period, buildingId ?? null);
  // Apartments and account numbers of a building's residents: the export is recorded as one bulk read.
  await recordAccess(ctx.db, audit, [
    {
      kind: 'reading.export',
      subjectUserId: null,
      record: `readings:${period}:building:${buildingId ?? 'all'}:rows:${rows.length}`,
    },
  ]);
  return rows;
}

/** The export as CSV (UTF-8 with BOM). */
export const readingsCsv = (rows: readonly ExportRow[]) => toCsv(exportColumns, rows);

/** The export as an XLSX workbook of one sheet. */
export function readingsXlsx(period: string, rows: readonly ExportRow[]): Buffer {
  const header: Cell[] = exportColumns.map((c) => `${c.ru} / ${c.en}`);
  const body: Cell[][] = rows.map((r) =>
    exportColumns.map((c) => {
      const v = c.value(r);
      return v === undefined || typeof v === 'boolean' ? (v === undefined ? null : String(v)) : v;
    }),
  );
  return xlsx(`Показания ${period}`, [header, ...body]);
}
