/** The shapes of the booking API (issue 16): services, offices, days and free times, appointments. */
import { z } from 'zod';
import { appointmentPurposes, appointmentStatuses } from '../../dispatch/appointments.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { idempotencyKey } from '../appeals/schemas.ts';
import { bigRecordIdParam, municipalityQuery, recordId, recordIdParam, userText } from '../schemas.ts';

const texts = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, messageRef('field.date'));
const instant = z.iso.datetime({ offset: true, error: messageRef('outage.field.date_time') });
const version = z
  .number({ error: messageRef('field.expected_number') })
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .describe('The version read; a stale one answers 409');
const interval = z.object({ start: z.string(), end: z.string() });

export const servicesQuery = z.object({ municipality: municipalityQuery });
export const serviceView = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: texts,
    description: texts,
    purpose: z.enum(appointmentPurposes),
    eservice: z.object({ id: z.number().int(), name: texts }).nullable(),
  })
  .meta({ id: 'AppointmentService' });
export const servicesAnswer = z.object({ items: z.array(serviceView) });

export const officesQuery = z.object({
  municipality: municipalityQuery,
  serviceId: recordIdParam.optional().describe('Only offices giving this service, with their nearest free day'),
});
const freeDay = z.object({ date: z.string(), free: z.number().int() }).nullable();
export const officeView = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: texts,
    address: z.string(),
    lon: z.number(),
    lat: z.number(),
    howToFind: texts.nullable(),
    week: z.record(z.string(), z.array(interval)),
    services: z.array(z.object({ id: z.number().int(), name: texts, purpose: z.enum(appointmentPurposes) })),
    nearestFreeDay: freeDay.describe('With `serviceId`: the first day of the window with a free slot'),
  })
  .meta({ id: 'Office' });
export const officesAnswer = z.object({ items: z.array(officeView) });
export const officeKey = z.object({ id: recordIdParam });
export const officeQuery = z.object({ serviceId: recordIdParam.optional() });
export const daysQuery = z.object({ serviceId: recordIdParam });
export const dayView = z.object({
  date: z.string(),
  free: z.number().int(),
  why: z
    .enum(['holiday', 'closed', 'weekend', 'full'])
    .nullable()
    .describe('Why there is no free slot: a holiday, closed by an exception, a day off of the week, all taken'),
});
export const daysAnswer = z.object({ officeId: z.number().int(), serviceId: z.number().int(), days: z.array(dayView) });
export const slotsQuery = z.object({ serviceId: recordIdParam, date: localDay });
export const slotsAnswer = z.object({
  date: z.string(),
  times: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
});

export const bookInput = z.strictObject({
  officeId: recordId,
  serviceId: recordId,
  startsAt: instant,
  applicationNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, messageRef('field.code'))
    .optional()
    .describe('An e-service application of the person the visit is about'),
});
export type BookInput = z.infer<typeof bookInput>;
export const bookHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const rescheduleInput = z.strictObject({ version, startsAt: instant });
export const cancelInput = z.strictObject({ version, reason: userText(1000).optional() });
export const appointmentKey = z.object({ id: bigRecordIdParam });

const step = z.object({
  step: z.string(),
  at: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  by: z.enum(['person', 'office', 'system']),
  note: z.string().nullable(),
});
export const appointmentView = z
  .object({
    id: z.number().int(),
    code: z.string().describe('As shown: XXXX-XXXX'),
    status: z.enum(appointmentStatuses),
    version: z.number().int(),
    office: z.object({
      id: z.number().int(),
      name: texts,
      address: z.string(),
      lon: z.number(),
      lat: z.number(),
      howToFind: texts.nullable(),
    }),
    point: z.object({ id: z.number().int(), label: z.string() }),
    service: z.object({ id: z.number().int(), name: texts, description: texts, purpose: z.enum(appointmentPurposes) }),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    applicationNumber: z.string().nullable(),
    changeUntil: z.string().describe('The resident may reschedule or cancel until then'),
    mayChange: z.boolean(),
    person: z
      .object({ fullName: z.string().nullable(), phone: z.string().nullable() })
      .nullable()
      .describe('For the office’s staff: who comes'),
    steps: z.array(step),
  })
  .meta({ id: 'Appointment' });
export const appointmentSummary = appointmentView.omit({ person: true, steps: true });
export const mineAnswer = z.object({ upcoming: z.array(appointmentSummary), past: z.array(appointmentSummary) });
