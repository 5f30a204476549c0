import { type CsvColumn, toCsv } from '../../dispatch/stats.ts';
import type { DepartmentItem, EserviceFigures, ServiceItem, StageItem } from './service.ts';

/*
 * The project office's tables as CSV for Excel (UTF-8 with BOM, `ru / en` headers, as the city-hall
 * dashboard's, api/stats/csv.ts); names of services and departments in the reader's language.
 */

const figureColumns: CsvColumn<EserviceFigures>[] = [
  { ru: 'Подано заявлений', en: 'Received', value: (r) => r.received },
  { ru: 'Подано онлайн', en: 'Received online', value: (r) => r.receivedOnline },
  { ru: 'Подано в офисе', en: 'Received at the office', value: (r) => r.receivedOffice },
  { ru: 'Доля онлайн', en: 'Online share', value: (r) => r.onlineShare },
  { ru: 'Рассмотрено', en: 'Decided', value: (r) => r.finished },
  { ru: 'Выдан результат', en: 'Issued', value: (r) => r.issued },
  { ru: 'Отказано', en: 'Refused', value: (r) => r.refused },
  { ru: 'Рассмотрено в срок', en: 'Decided within the term', value: (r) => r.withinTerm },
  { ru: 'Доля в срок', en: 'Within the term, share', value: (r) => r.withinTermShare },
  { ru: 'В работе сейчас', en: 'Open now', value: (r) => r.openNow },
  { ru: 'Просрочено сейчас', en: 'Overdue now', value: (r) => r.overdueNow },
  {
    ru: 'Срок рассмотрения, медиана, календ. дн.',
    en: 'Days to decision, median, calendar',
    value: (r) => r.calendarDaysMedian,
  },
  {
    ru: 'Срок рассмотрения, 90-й процентиль, календ. дн.',
    en: 'Days to decision, 90th percentile, calendar',
    value: (r) => r.calendarDaysP90,
  },
  {
    ru: 'Срок рассмотрения, медиана, раб. дн.',
    en: 'Days to decision, median, working',
    value: (r) => r.workingDaysMedian,
  },
  {
    ru: 'Срок рассмотрения, 90-й процентиль, раб. дн.',
    en: 'Days to decision, 90th percentile, working',
    value: (r) => r.workingDaysP90,
  },
];

const termUnitText = { working_days: 'раб. дн. / working days', calendar_days: 'календ. дн. / calendar days' };

/** The services table, its total the last row. */
export function servicesCsv(items: ServiceItem[], total: EserviceFigures): string {
  type Row = Partial<ServiceItem> & EserviceFigures;
  const columns: CsvColumn<Row>[] = [
    { ru: 'Код', en: 'Code', value: (r) => r.code ?? null },
    { ru: 'Услуга', en: 'Service', value: (r) => r.name ?? null },
    { ru: 'Подразделение', en: 'Department', value: (r) => r.departmentName ?? null },
    { ru: 'Регламентный срок', en: 'Regulated term', value: (r) => r.termDays ?? null },
    { ru: 'Единица срока', en: 'Term unit', value: (r) => (r.termUnit ? termUnitText[r.termUnit] : null) },
    ...figureColumns,
  ];
  return toCsv(columns, [...items, { ...total, name: 'Итого' }]);
}

/** The departments table, its total the last row. */
export function departmentsCsv(items: DepartmentItem[], total: EserviceFigures): string {
  type Row = Partial<DepartmentItem> & EserviceFigures;
  const columns: CsvColumn<Row>[] = [
    { ru: 'Подразделение', en: 'Department', value: (r) => r.name ?? null },
    { ru: 'Услуг', en: 'Services', value: (r) => r.services ?? null },
    ...figureColumns,
  ];
  return toCsv(columns, [...items, { ...total, name: 'Итого' }]);
}

/** Time per stage. */
export function stagesCsv(items: StageItem[]): string {
  const columns: CsvColumn<StageItem>[] = [
    { ru: 'Код услуги', en: 'Service code', value: (r) => r.serviceCode },
    { ru: 'Услуга', en: 'Service', value: (r) => r.serviceName },
    { ru: 'Этап №', en: 'Stage no.', value: (r) => r.stage + 1 },
    { ru: 'Этап', en: 'Stage', value: (r) => r.name },
    { ru: 'Срок этапа, раб. дн.', en: 'Stage term, working days', value: (r) => r.termDays },
    { ru: 'Заявлений прошло этап', en: 'Applications through the stage', value: (r) => r.applications },
    { ru: 'Дольше срока этапа', en: 'Over the stage term', value: (r) => r.overTerm },
    {
      ru: 'На этапе, медиана, календ. дн.',
      en: 'In the stage, median, calendar days',
      value: (r) => r.calendarDaysMedian,
    },
    {
      ru: 'На этапе, 90-й процентиль, календ. дн.',
      en: 'In the stage, 90th percentile, calendar days',
      value: (r) => r.calendarDaysP90,
    },
    { ru: 'На этапе, медиана, раб. дн.', en: 'In the stage, median, working days', value: (r) => r.workingDaysMedian },
    {
      ru: 'На этапе, 90-й процентиль, раб. дн.',
      en: 'In the stage, 90th percentile, working days',
      value: (r) => r.workingDaysP90,
    },
  ];
  return toCsv(columns, items);
}
