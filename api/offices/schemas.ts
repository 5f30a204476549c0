/** The shapes of the office admin's API (issue 16): offices, points, exceptions, the catalogue of services one books. */
import { z } from 'zod';
import { appointmentPurposes, SLOT_MINUTES } from '../../dispatch/appointments.ts';
import { TICKET_LETTERS } from '../../dispatch/hall.ts';
import { weekdays } from '../../dispatch/calendar.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { HHMM, intervalProblems } from '../../dispatch/office-admin.ts';
import { latitude, longitude, recordId, recordIdParam, userText } from '../schemas.ts';

const required = { length: 1, tooShort: messageRef('field.required') };
const version = z
  .number({ error: messageRef('field.expected_number') })
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .describe('The version read; a stale one answers 409');
const whole = (min: number, max: number) =>
  z
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(min, messageRef('field.range', { min, max }))
    .max(max, messageRef('field.range', { min, max }));

export const texts = z.object({
  ru: userText(300, required),
  en: userText(300, required),
  tt: userText(300, required),
});
const longTexts = z.object({ ru: userText(2000), en: userText(2000), tt: userText(2000) });
const textsOut = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const code = z.string().regex(/^[a-z0-9_-]{1,40}$/, messageRef('field.code'));

const intervalMessages = {
  bad_time: messageRef('office.field.interval_bad_time'),
  empty: messageRef('office.field.interval_empty'),
  unordered: messageRef('office.field.interval_unordered'),
  overlapping: messageRef('office.field.interval_overlapping'),
};

const hhmm = z.string().regex(HHMM, messageRef('office.field.hhmm')).describe('HH:MM, up to 24:00');
export const interval = z.object({ start: hhmm, end: hhmm });
/** A day's hours: intervals in order, not overlapping; a lunch break is the gap between two. */
export const intervals = z
  .array(interval)
  .max(6, messageRef('field.at_most', { max: 6 }))
  .superRefine((list, ctx) => {
    for (const { index, problem } of intervalProblems(list))
      ctx.addIssue({
        code: 'custom',
        path: [index, problem === 'empty' ? 'end' : 'start'],
        message: intervalMessages[problem],
      });
  });
export const week = z
  .object(
    Object.fromEntries(weekdays.map((d) => [d, intervals.optional()])) as Record<
      (typeof weekdays)[number],
      z.ZodOptional<typeof intervals>
    >,
  )
  .strict()
  .describe('Working intervals per weekday (mon…sun); a day left out is a day off');
const weekOut = z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() })));

export const rulesIn = z.object({
  horizonDays: whole(1, 60).describe('how many days ahead one may book'),
  opensAt: hhmm.describe("local time the horizon's last day opens"),
  minLeadMinutes: whole(0, 1440),
  changeCutoffMinutes: whole(0, 2880),
  maxActivePerPerson: whole(1, 10),
  walkIns: z.boolean(),
  callRule: z.enum(['booked_first', 'by_time']),
  noShowMinutes: whole(1, 60),
  earlyCheckInMinutes: whole(0, 240),
  lateMinutes: whole(0, 120),
});
const rulesOut = z.object({
  horizonDays: z.number(),
  opensAt: z.string(),
  minLeadMinutes: z.number(),
  changeCutoffMinutes: z.number(),
  maxActivePerPerson: z.number(),
  walkIns: z.boolean(),
  callRule: z.enum(['booked_first', 'by_time']),
  noShowMinutes: z.number(),
  earlyCheckInMinutes: z.number(),
  lateMinutes: z.number(),
});

/** Cancelling the appointments a change takes time from: only when asked, with the reason they are told. */
const cancelling = {
  cancelAffected: z
    .boolean()
    .optional()
    .describe('cancel the booked appointments the change leaves outside the hours (else 409 listing them)'),
  reason: userText(500).optional().describe('why: recorded, and told to the people whose appointments are cancelled'),
};

export const officeKey = z.object({ id: recordIdParam });
export const exceptionKey = z.object({ id: recordIdParam, exceptionId: recordIdParam });

export const officeCreate = z.object({
  organisationId: recordId.describe('the receiving organisation (a supervisor: their own)'),
  code,
  name: texts,
  address: userText(300, required),
  lon: longitude,
  lat: latitude,
  howToFind: longTexts.nullable().optional(),
  week,
  rules: rulesIn.optional().describe('default: the platform’s (14 days ahead, opens 08:00, …)'),
});
export type OfficeCreate = z.infer<typeof officeCreate>;

export const officePatch = z.object({
  version,
  name: texts.optional(),
  address: userText(300, required).optional(),
  lon: longitude.optional(),
  lat: latitude.optional(),
  howToFind: longTexts.nullable().optional(),
  week: week.optional(),
  rules: rulesIn.partial().optional().describe('only the rules given change'),
  active: z.boolean().optional(),
  ...cancelling,
});
export type OfficePatch = z.infer<typeof officePatch>;

const slotMinutes = z
  .literal(SLOT_MINUTES, { error: messageRef('office.field.slot_minutes', { allowed: SLOT_MINUTES.join(', ') }) })
  .describe(`one of ${SLOT_MINUTES.join(', ')}`);
const pointServices = z
  .array(z.object({ serviceId: recordId, slotMinutes }))
  .max(60, messageRef('field.at_most', { max: 60 }));
const operators = z
  .array(recordId)
  .max(50, messageRef('field.at_most', { max: 50 }))
  .describe("user ids: staff or supervisors of the office's organisation");
const pointKind = z.enum(['window', 'cabinet']);

export const pointCreate = z.object({
  label: userText(40, required).describe("what the hall shows: 'окно 3', 'каб. 105'"),
  kind: pointKind,
  week: week.nullable().optional().describe("its own hours; null or absent: the office's"),
  services: pointServices.default([]),
  operators: operators.default([]),
});
export type PointCreate = z.infer<typeof pointCreate>;

export const pointPatch = z.object({
  version,
  label: userText(40, required).optional(),
  kind: pointKind.optional(),
  week: week.nullable().optional(),
  services: pointServices.optional().describe('what the point gives from now on, all of it'),
  operators: operators.optional(),
  active: z.boolean().optional(),
  ...cancelling,
});
export type PointPatch = z.infer<typeof pointPatch>;

const day = z.iso.date({ error: messageRef('field.date') });
export const exceptionsQuery = z.object({
  from: day.optional().describe('first day (default: today)'),
  to: day.optional().describe('last day, inclusive (default: 90 days after from)'),
});
export const exceptionCreate = z.object({
  date: day,
  pointId: recordId.nullable().default(null).describe('one point, or null for the whole office'),
  hours: intervals
    .nullable()
    .describe('null closes the day; else these hours replace the day’s (a morning only, a worked Saturday)'),
  reason: userText(300, required),
  cancelAffected: cancelling.cancelAffected,
});
export type ExceptionCreate = z.infer<typeof exceptionCreate>;
export const exceptionDeleteQuery = z.object({
  cancelAffected: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: cancel the booked appointments taking the exception back leaves outside the hours'),
  reason: cancelling.reason,
});
export type ExceptionDelete = z.infer<typeof exceptionDeleteQuery>;

const exceptionOut = z.object({
  id: z.number().int(),
  date: z.string(),
  pointId: z.number().int().nullable(),
  hours: z.array(z.object({ start: z.string(), end: z.string() })).nullable(),
  reason: z.string(),
});
export const exceptionsAnswer = z.object({ items: z.array(exceptionOut) }).meta({ id: 'OfficeExceptions' });

const pointOut = z.object({
  id: z.number().int(),
  label: z.string(),
  kind: pointKind,
  week: weekOut.nullable(),
  active: z.boolean(),
  version: z.number().int(),
  services: z.array(
    z.object({ serviceId: z.number().int(), name: textsOut, letter: z.string(), slotMinutes: z.number().int() }),
  ),
  operators: z.array(z.number().int()).describe('user ids (named in `staff`)'),
});

export const officeSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: textsOut,
    address: z.string(),
    organisationId: z.number().int(),
    organisationName: z.string(),
    active: z.boolean(),
    points: z.number().int().describe('active points'),
    version: z.number().int(),
  })
  .meta({ id: 'AdminOfficeSummary' });
export const officesAnswer = z.object({ items: z.array(officeSummary) }).meta({ id: 'AdminOffices' });

export const officeDetail = z
  .object({
    ...officeSummary.shape,
    lon: z.number(),
    lat: z.number(),
    howToFind: textsOut.nullable(),
    week: weekOut,
    rules: rulesOut,
    points: z.array(pointOut),
    exceptions: z.array(exceptionOut).describe('from today, 90 days ahead'),
    staff: z
      .array(z.object({ id: z.number().int(), name: z.string(), role: z.enum(['org_staff', 'org_supervisor']) }))
      .describe("the organisation's staff and supervisors: the operators one may choose"),
    catalogue: z
      .array(z.object({ id: z.number().int(), name: textsOut, letter: z.string(), active: z.boolean() }))
      .describe('the services of the municipality a point may give'),
    cancelledAppointments: z.number().int().describe('appointments this change cancelled (0 when reading)'),
  })
  .meta({ id: 'AdminOffice' });

export const serviceKey = z.object({ id: recordIdParam });
export const appointmentServiceCreate = z.object({
  code,
  name: texts,
  description: longTexts,
  purpose: z.enum(appointmentPurposes),
  eserviceId: recordId
    .nullable()
    .default(null)
    .describe('the e-service it hands in documents for or collects the result of'),
  letter: z.enum(TICKET_LETTERS as [string, ...string[]], {
    error: messageRef('office.field.letter', { allowed: TICKET_LETTERS.join(' ') }),
  }),
});
export type AppointmentServiceCreate = z.infer<typeof appointmentServiceCreate>;
export const appointmentServicePatch = appointmentServiceCreate
  .omit({ code: true })
  .partial()
  .extend({ version, active: z.boolean().optional() });
export type AppointmentServicePatch = z.infer<typeof appointmentServicePatch>;

export const appointmentServiceOut = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: textsOut,
    description: textsOut,
    purpose: z.enum(appointmentPurposes),
    eserviceId: z.number().int().nullable(),
    letter: z.string(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'AppointmentServiceAdmin' });
export const appointmentServicesAnswer = z
  .object({ items: z.array(appointmentServiceOut) })
  .meta({ id: 'AppointmentServicesAdmin' });
