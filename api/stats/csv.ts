import type { FastifyReply } from 'fastify';
import type { statsDimensions } from '../../db/queries/stats.ts';
import { type CsvColumn, type Figures, toCsv } from '../../dispatch/stats.ts';
import type { FiguresItem, HeatItem, LeagueItem, Period } from './service.ts';

/** CSV columns of the figures every table shares. */
const figureColumns: CsvColumn<Figures>[] = [
  { ru: 'Получено', en: 'Received', value: (r) => r.received },
  { ru: 'Принято в работу', en: 'Accepted', value: (r) => r.accepted },
  { ru: 'Решено', en: 'Resolved', value: (r) => r.resolved },
  { ru: 'В срок', en: 'Within SLA', value: (r) => r.compliant },
  { ru: 'С нарушением срока', en: 'SLA breached', value: (r) => r.breached },
  { ru: 'Соблюдение сроков, доля', en: 'SLA compliance, share', value: (r) => r.slaCompliance },
  { ru: 'Время принятия, медиана, ч', en: 'Time to accept, median, h', value: (r) => r.acceptMedianHours },
  {
    ru: 'Время принятия, 90-й процентиль, ч',
    en: 'Time to accept, 90th percentile, h',
    value: (r) => r.acceptP90Hours,
  },
  { ru: 'Время решения, медиана, ч', en: 'Time to resolve, median, h', value: (r) => r.resolveMedianHours },
  {
    ru: 'Время решения, 90-й процентиль, ч',
    en: 'Time to resolve, 90th percentile, h',
    value: (r) => r.resolveP90Hours,
  },
  { ru: 'Просрочено сейчас', en: 'Overdue now', value: (r) => r.overdueNow },
  { ru: 'Повторно открыто', en: 'Reopened', value: (r) => r.reopened },
  { ru: 'Доля повторных открытий', en: 'Reopen rate', value: (r) => r.reopenRate },
];
const dimensionHeader: Record<(typeof statsDimensions)[number], [string, string]> = {
  organisation: ['Организация', 'Organisation'],
  district: ['Район', 'District'],
  category: ['Категория', 'Category'],
  week: ['Неделя с', 'Week of'],
};

/** The figures table as CSV, its total the last row. */
export function figuresCsv(by: (typeof statsDimensions)[number], items: FiguresItem[], total: Figures): string {
  const [ru, en] = dimensionHeader[by];
  const columns: CsvColumn<FiguresItem>[] = [
    ...(by === 'week' ? [] : [{ ru: 'Код', en: 'Id', value: (r: FiguresItem) => r.id }]),
    { ru, en, value: (r) => (by === 'week' ? r.week : r.nameRu) },
    ...(by === 'week' ? [] : [{ ru: `${ru} (англ.)`, en: `${en} (English)`, value: (r: FiguresItem) => r.nameEn }]),
    ...figureColumns,
  ];
  const totalRow = { id: null, week: null, nameRu: 'Итого', nameEn: 'Total', ...total };
  return toCsv(columns, [...items, by === 'week' ? { ...totalRow, week: 'Итого / Total' } : totalRow]);
}

/** The league table as CSV. */
export function leagueCsv(items: LeagueItem[]): string {
  const columns: CsvColumn<LeagueItem>[] = [
    { ru: 'Место', en: 'Rank', value: (r) => r.rank },
    { ru: 'Код', en: 'Id', value: (r) => r.id },
    { ru: 'Управляющая компания', en: 'Management company', value: (r) => r.nameRu },
    { ru: 'Управляющая компания (англ.)', en: 'Management company (English)', value: (r) => r.nameEn },
    {
      ru: 'Соблюдение сроков, нижняя граница 95 % (Уилсон)',
      en: 'SLA compliance, 95 % lower bound (Wilson)',
      value: (r) => r.slaLowerBound,
    },
    { ru: 'Решено или просрочено', en: 'Decided', value: (r) => r.decided },
    ...figureColumns,
  ];
  return toCsv(columns, items);
}

/** The heat map's cells as CSV. */
export function heatmapCsv(items: HeatItem[]): string {
  const columns: CsvColumn<HeatItem>[] = [
    { ru: 'Запад, долгота', en: 'West, longitude', value: (r) => r.west },
    { ru: 'Юг, широта', en: 'South, latitude', value: (r) => r.south },
    { ru: 'Восток, долгота', en: 'East, longitude', value: (r) => r.east },
    { ru: 'Север, широта', en: 'North, latitude', value: (r) => r.north },
    { ru: 'Обращений', en: 'Appeals', value: (r) => r.appeals },
  ];
  return toCsv(columns, items);
}

/** Send a CSV document as an attachment. */
export function sendCsv(reply: FastifyReply, name: string, period: Period, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="otklik-${name}-${period.from}-${period.to}.csv"`)
    .serializer((payload: unknown) => payload as string)
    .send(csv as never);
}
