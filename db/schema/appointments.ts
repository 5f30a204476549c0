/**
 * The electronic queue (issue 16): offices with their service points, the services one books, the
 * appointments (a slot of a point), the hall's tickets and every step of both. The rules live in
 * dispatch/appointments.ts; migration 0017 adds what drizzle cannot say: the exclusion constraint
 * that refuses two live appointments of one point whose times overlap.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  type AppointmentPurpose,
  type AppointmentStep,
  appointmentStatuses,
  type OfficeRules,
} from '../../dispatch/appointments.ts';
import { type TicketStep, ticketStatuses } from '../../dispatch/hall.ts';
import type { Weekday, WorkingInterval } from '../../dispatch/calendar.ts';
import type { Texts } from '../../dispatch/eservices.ts';
import { applications, eservices } from './eservices.ts';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const appointmentStatus = pgEnum('appointment_status', appointmentStatuses);
export const ticketStatus = pgEnum('ticket_status', ticketStatuses);

type Week = Partial<Record<Weekday, WorkingInterval[]>>;

/**
 * An office where people are received: a district administration's reception, a department's hall.
 * Its weekly hours (lunch breaks as gaps) follow the production calendar of its municipality's zone.
 */
export const offices = pgTable(
  'offices',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The organisation that receives here; its staff operate the points and its supervisors keep the office. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    code: text('code').notNull(),
    name: jsonb('name').$type<Texts>().notNull(),
    address: text('address').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** Free text for residents: the entrance, the floor, what to bring. */
    howToFind: jsonb('how_to_find').$type<Texts>(),
    week: jsonb('week').$type<Week>().notNull(),
    rules: jsonb('rules').$type<OfficeRules>().notNull(),
    /** SHA-256 of the key a kiosk of this office presents (the office's admin issues it). */
    kioskKeyHash: text('kiosk_key_hash'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('offices_code_uq').on(t.municipalityId, t.code),
    index('offices_organisation_idx').on(t.organisationId),
  ],
);

/**
 * What one books: a consultation, handing in documents, collecting a result. `eserviceId` links it to
 * the e-service whose documents are handed in or whose result is collected.
 */
export const appointmentServices = pgTable(
  'appointment_services',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    code: text('code').notNull(),
    name: jsonb('name').$type<Texts>().notNull(),
    description: jsonb('description').$type<Texts>().notNull(),
    purpose: text('purpose').$type<AppointmentPurpose>().notNull(),
    eserviceId: integer('eservice_id').references(() => eservices.id),
    /** The letter of its tickets in the hall (А-017). */
    letter: text('letter').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('appointment_services_code_uq').on(t.municipalityId, t.code)],
);

/** A window or a cabinet of an office; its own hours, or the office's when `week` is null. */
export const servicePoints = pgTable(
  'service_points',
  {
    id: serial('id').primaryKey(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    /** What the hall shows: 'окно 3', 'каб. 105'. */
    kind: text('kind').$type<'window' | 'cabinet'>().notNull(),
    label: text('label').notNull(),
    week: jsonb('week').$type<Week>(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('service_points_label_uq').on(t.officeId, t.label)],
);

/** Which services a point gives and the slot length of each. */
export const servicePointServices = pgTable(
  'service_point_services',
  {
    pointId: integer('point_id')
      .notNull()
      .references(() => servicePoints.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => appointmentServices.id),
    slotMinutes: smallint('slot_minutes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pointId, t.serviceId] }),
    index('service_point_services_service_idx').on(t.serviceId),
    check('service_point_services_slot_ck', sql`${t.slotMinutes} between 5 and 240`),
  ],
);

/** The operators who work at a point. */
export const servicePointOperators = pgTable(
  'service_point_operators',
  {
    pointId: integer('point_id')
      .notNull()
      .references(() => servicePoints.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.pointId, t.userId] }), index('service_point_operators_user_idx').on(t.userId)],
);

/**
 * One day changed for the office (`pointId` null) or one point: closed (`hours` null) or these hours
 * instead of the day's.
 */
export const scheduleExceptions = pgTable(
  'schedule_exceptions',
  {
    id: serial('id').primaryKey(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    pointId: integer('point_id').references(() => servicePoints.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    hours: jsonb('hours').$type<WorkingInterval[] | null>(),
    reason: text('reason').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('schedule_exceptions_day_uq').on(t.officeId, sql`coalesce(${t.pointId}, 0)`, t.date)],
);

/**
 * An appointment: a person's slot at a point of an office for a service. Two live appointments of one
 * point never overlap (the exclusion constraint `appointments_no_overlap` of migration 0017); a person
 * holds at most one live appointment per service (`appointments_one_per_service_uq`).
 */
export const appointments = pgTable(
  'appointments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    pointId: integer('point_id')
      .notNull()
      .references(() => servicePoints.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => appointmentServices.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** What the person shows at the kiosk (and the QR carries): 8 characters of dispatch's alphabet. */
    code: text('code').notNull(),
    status: appointmentStatus('status').notNull().default('booked'),
    /** An e-service application the visit is about (documents handed in, a result collected). */
    applicationId: bigint('application_id', { mode: 'number' }).references(() => applications.id),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    lateMinutes: integer('late_minutes'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appointments_code_uq').on(t.code),
    uniqueIndex('appointments_idempotency_uq').on(t.userId, t.idempotencyKey),
    uniqueIndex('appointments_one_per_service_uq')
      .on(t.userId, t.serviceId)
      .where(sql`${t.status} in ('booked', 'checked_in')`),
    index('appointments_user_idx').on(t.userId, t.startsAt.desc()),
    index('appointments_office_day_idx').on(t.officeId, t.startsAt),
    index('appointments_booked_idx').on(t.startsAt).where(sql`${t.status} = 'booked'`),
    check('appointments_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A ticket of a day's hall: from an appointment checked in, or a walk-in's from the kiosk. */
export const hallTickets = pgTable(
  'hall_tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    /** The office's local day. */
    day: date('day', { mode: 'string' }).notNull(),
    letter: text('letter').notNull(),
    seq: integer('seq').notNull(),
    /** As the hall shows it: 'А-017'. */
    number: text('number').notNull(),
    appointmentId: bigint('appointment_id', { mode: 'number' }).references(() => appointments.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => appointmentServices.id),
    kind: text('kind').$type<'booked' | 'walk_in'>().notNull(),
    status: ticketStatus('status').notNull().default('waiting'),
    /** The point that called or serves it; while waiting, the point it was redirected to (else null). */
    pointId: integer('point_id').references(() => servicePoints.id),
    operatorId: bigint('operator_id', { mode: 'number' }).references(() => users.id),
    /** A booked client's slot start; a walk-in's arrival (the call rule's order). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }).notNull(),
    calledAt: timestamp('called_at', { withTimezone: true }),
    calls: smallint('calls').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    lateMinutes: integer('late_minutes'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('hall_tickets_number_uq').on(t.officeId, t.day, t.letter, t.seq),
    uniqueIndex('hall_tickets_appointment_uq').on(t.appointmentId),
    index('hall_tickets_office_day_idx').on(t.officeId, t.day, t.status),
  ],
);

/** The day's last ticket number per office and letter. */
export const hallTicketNumbers = pgTable(
  'hall_ticket_numbers',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    day: date('day', { mode: 'string' }).notNull(),
    letter: text('letter').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.day, t.letter] })],
);

/**
 * Every step of an appointment or a ticket: who, when, from which status to which, at which point, why.
 * The hall display and the consoles follow them live (channel `otklik_queue`).
 */
export const queueEvents = pgTable(
  'queue_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    appointmentId: bigint('appointment_id', { mode: 'number' }).references(() => appointments.id),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => hallTickets.id),
    step: text('step').$type<AppointmentStep | TicketStep | 'reminded' | 'late' | 'kiosk_key'>().notNull(),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    pointId: integer('point_id').references(() => servicePoints.id),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('queue_events_office_idx').on(t.officeId, t.id),
    index('queue_events_appointment_idx').on(t.appointmentId),
    index('queue_events_ticket_idx').on(t.ticketId),
  ],
);
