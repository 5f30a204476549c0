import { z } from 'zod';
import { DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS } from '../../dispatch/eservice-stats.ts';
import { termUnits } from '../../dispatch/eservices.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordIdParam } from '../schemas.ts';

const day = z.iso.date({ error: messageRef('stats.field.date') });

const periodQuery = {
  from: day
    .optional()
    .describe(
      'Первый день периода (в часовом поясе муниципалитета), не позже to, период не длиннее ' +
        `${MAX_PERIOD_DAYS} дней / first day of the period in the municipality's time zone, not after to, ` +
        `at most ${MAX_PERIOD_DAYS} days; default: ${DEFAULT_PERIOD_DAYS - 1} days before to`,
    ),
  to: day
    .optional()
    .describe('Последний день периода включительно / last day of the period, inclusive; default: today'),
  departmentId: recordIdParam
    .optional()
    .describe('only this department (a supervisor always sees only their own; naming another is 403)'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: UTF-8 with BOM, Russian / English headers'),
};

export const figuresQuery = z.object(periodQuery);
export type FiguresQuery = z.infer<typeof figuresQuery>;

export const stagesQuery = z.object({
  ...periodQuery,
  serviceId: recordIdParam.optional().describe('only this service (else every service in view)'),
});
export type StagesQuery = z.infer<typeof stagesQuery>;

const days = (what: string) => z.number().nullable().describe(what);

const figures = {
  received: z.number().int().describe('заявлений подано в периоде / applications submitted in the period'),
  receivedOnline: z.number().int().describe("channel 'online' (the portal)"),
  receivedOffice: z.number().int().describe("channel 'office' (registered by a clerk from paper)"),
  onlineShare: z.number().nullable().describe('receivedOnline ÷ received, 0…1'),
  finished: z.number().int().describe('decided in the period: issued + refused'),
  issued: z.number().int(),
  refused: z.number().int(),
  withinTerm: z
    .number()
    .int()
    .describe('decided on or before the due day (a refusal is a decision; a term paused when refused counts)'),
  withinTermShare: z.number().nullable().describe('withinTerm ÷ finished, 0…1'),
  openNow: z.number().int().describe('open now, whenever submitted (not limited to the period)'),
  overdueNow: z.number().int().describe('open now and past the due day'),
  calendarDaysMedian: days('days from submission to decision, calendar, median (pauses excluded)'),
  calendarDaysP90: days('the same, 90th percentile'),
  workingDaysMedian: days('days from submission to decision, working days of the production calendar, median'),
  workingDaysP90: days('the same, 90th percentile'),
};
const figuresSchema = z.object(figures).meta({ id: 'EserviceFigures' });

const periodSchema = z.object({ from: z.string(), to: z.string(), timeZone: z.string() });

const serviceItem = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string().describe("the service's name in the reader's language"),
    departmentId: z.number().int(),
    departmentName: z.string(),
    termDays: z.number().int().describe('the regulated term'),
    termUnit: z.enum(termUnits),
    ...figures,
  })
  .meta({ id: 'EserviceStatsRow' });
export const servicesResponse = z
  .object({ period: periodSchema, items: z.array(serviceItem), total: figuresSchema })
  .meta({ id: 'EserviceStatsServices' });

const departmentItem = z
  .object({
    id: z.number().int(),
    name: z.string().describe("the department's name in the reader's language"),
    services: z.number().int().describe('services of the catalogue the department provides'),
    ...figures,
  })
  .meta({ id: 'EserviceStatsDepartmentRow' });
export const departmentsResponse = z
  .object({ period: periodSchema, items: z.array(departmentItem), total: figuresSchema })
  .meta({ id: 'EserviceStatsDepartments' });

const stageItem = z
  .object({
    serviceId: z.number().int(),
    serviceCode: z.string(),
    serviceName: z.string(),
    stage: z.number().int().describe('the stage index, 0 first'),
    code: z.string(),
    name: z.string(),
    termDays: z.number().int().nullable().describe("the stage's own term, working days"),
    applications: z.number().int().describe('applications decided in the period that went through the stage'),
    overTerm: z.number().int().describe("of them, those that spent more working days in it than the stage's term"),
    calendarDaysMedian: days('days in the stage, calendar, median (pauses excluded)'),
    calendarDaysP90: days('the same, 90th percentile'),
    workingDaysMedian: days('days in the stage, working days, median'),
    workingDaysP90: days('the same, 90th percentile'),
  })
  .meta({ id: 'EserviceStageRow' });
export const stagesResponse = z
  .object({ period: periodSchema, items: z.array(stageItem) })
  .meta({ id: 'EserviceStatsStages' });
