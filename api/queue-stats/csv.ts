import { type CsvColumn, toCsv } from '../../dispatch/stats.ts';
import type { LoadCell, QueueFigures, QueueStatsOffice, QueueStatsService } from './service.ts';

/* The queue's tables as CSV for Excel (UTF-8 with BOM, `ru / en` headers, as api/stats/csv.ts). */

const figureColumns: CsvColumn<QueueFigures>[] = [
  { ru: 'Записей сделано', en: 'Bookings made', value: (r) => r.bookingsMade },
  { ru: 'Записей на период', en: 'Appointments in the period', value: (r) => r.appointments },
  { ru: 'Обслужено', en: 'Served', value: (r) => r.served },
  { ru: 'Не пришли', en: 'No-shows', value: (r) => r.noShow },
  { ru: 'Отменено', en: 'Cancelled', value: (r) => r.cancelled },
  { ru: 'Ещё записаны', en: 'Still booked', value: (r) => r.stillBooked },
  { ru: 'Доля неявок', en: 'No-show rate', value: (r) => r.noShowRate },
  { ru: 'Талонов', en: 'Tickets', value: (r) => r.tickets },
  { ru: 'Без записи', en: 'Walk-ins', value: (r) => r.walkIns },
  { ru: 'Ожидание, среднее, мин', en: 'Wait, average, min', value: (r) => r.waitAvgMinutes },
  { ru: 'Ожидание, 90-й процентиль, мин', en: 'Wait, 90th percentile, min', value: (r) => r.waitP90Minutes },
  { ru: 'Обслуживание, среднее, мин', en: 'Service time, average, min', value: (r) => r.serviceAvgMinutes },
  {
    ru: 'Обслуживание, 90-й процентиль, мин',
    en: 'Service time, 90th percentile, min',
    value: (r) => r.serviceP90Minutes,
  },
  { ru: 'Пришли по записи', en: 'Checked in', value: (r) => r.arrived },
  { ru: 'Опоздали', en: 'Late', value: (r) => r.late },
  { ru: 'Доля опозданий', en: 'Late share', value: (r) => r.lateShare },
  { ru: 'Опоздание, среднее, мин', en: 'Lateness, average, min', value: (r) => r.lateAvgMinutes },
  { ru: 'Слотов предложено', en: 'Slots offered', value: (r) => r.slotsOffered },
  { ru: 'Слотов использовано', en: 'Slots used', value: (r) => r.slotsUsed },
  { ru: 'Доля использованных слотов', en: 'Slots used, share', value: (r) => r.slotsUsedShare },
];

/** Per office, the total the last row. */
export function officesCsv(items: QueueStatsOffice[], total: QueueFigures): string {
  type Row = Partial<QueueStatsOffice> & QueueFigures;
  const columns: CsvColumn<Row>[] = [
    { ru: 'Код', en: 'Code', value: (r) => r.code ?? null },
    { ru: 'Офис', en: 'Office', value: (r) => r.name ?? null },
    ...figureColumns,
  ];
  return toCsv(columns, [...items, { ...total, name: 'Итого / Total' }]);
}

/** Per service, the total the last row. */
export function servicesCsv(items: QueueStatsService[], total: QueueFigures): string {
  type Row = Partial<QueueStatsService> & QueueFigures;
  const columns: CsvColumn<Row>[] = [
    { ru: 'Код', en: 'Code', value: (r) => r.code ?? null },
    { ru: 'Услуга', en: 'Service', value: (r) => r.name ?? null },
    { ru: 'Буква талона', en: 'Ticket letter', value: (r) => r.letter ?? null },
    ...figureColumns,
  ];
  return toCsv(columns, [...items, { ...total, name: 'Итого / Total' }]);
}

/** The load: one row per weekday and hour with arrivals. */
export function loadCsv(cells: LoadCell[]): string {
  const columns: CsvColumn<LoadCell>[] = [
    { ru: 'День недели (1 — пн)', en: 'Weekday (1 = Mon)', value: (r) => r.weekday },
    { ru: 'Час', en: 'Hour', value: (r) => r.hour },
    { ru: 'Талонов', en: 'Tickets', value: (r) => r.tickets },
  ];
  return toCsv(columns, cells);
}
