import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { buildings } from './buildings.ts';
import { users } from './users.ts';

import { meterKinds } from '../../dispatch/readings.ts';

export { meterKinds, type MeterKind } from '../../dispatch/readings.ts';
export const meterKind = pgEnum('meter_kind', meterKinds);

export const apartmentLinkStatuses = ['pending', 'confirmed', 'rejected', 'revoked'] as const;
export type ApartmentLinkStatus = (typeof apartmentLinkStatuses)[number];
export const apartmentLinkStatus = pgEnum('apartment_link_status', apartmentLinkStatuses);

export const readingSources = ['resident', 'company', 'import'] as const;
export type ReadingSource = (typeof readingSources)[number];
export const readingSource = pgEnum('reading_source', readingSources);

/** An apartment (or other premises) of a building; its number is personal data next to a name. */
export const apartments = pgTable(
  'apartments',
  {
    id: serial('id').primaryKey(),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    /** As written on the door: "12", "12А", "пом. 3". */
    number: text('number').notNull(),
    entrance: smallint('entrance'),
    floor: smallint('floor'),
    area: numeric('area', { precision: 7, scale: 1, mode: 'number' }),
    /** The personal account (лицевой счёт) the company bills. */
    accountNumber: text('account_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised by every change; an edit sends the version it read (optimistic concurrency). */
    version: integer('version').notNull().default(1),
    /**
     * Removed by the company (created by mistake, merged into another). The row stays so that the
     * residents' rejected link requests and the change history keep pointing at it; its meters are
     * retired with it. Every query of live apartments filters on `deleted_at is null`.
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('apartments_building_number_uq').on(t.buildingId, t.number).where(sql`${t.deletedAt} is null`)],
);

export const apartmentChangeKinds = ['updated', 'deleted'] as const;
export type ApartmentChangeKind = (typeof apartmentChangeKinds)[number];

/**
 * Every change of an apartment by its company: who, when, which field, old and new value (one row a
 * field), and its removal (one row, `field` null, the apartment as it was in `old_value`).
 */
export const apartmentChanges = pgTable(
  'apartment_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    apartmentId: integer('apartment_id')
      .notNull()
      .references(() => apartments.id),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    kind: text('kind', { enum: apartmentChangeKinds }).notNull(),
    /** number, entrance, floor, area, accountNumber; null for a removal. */
    field: text('field'),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('apartment_changes_building_idx').on(t.buildingId, t.id),
    index('apartment_changes_apartment_idx').on(t.apartmentId, t.id),
  ],
);

/**
 * A resident's claim to an apartment: requested by the resident, confirmed (or rejected) by the
 * building's management company. Only a confirmed link lets the resident submit readings.
 */
export const apartmentLinks = pgTable(
  'apartment_links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    apartmentId: integer('apartment_id')
      .notNull()
      .references(() => apartments.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    status: apartmentLinkStatus('status').notNull().default('pending'),
    /** What the resident gave to prove it (e.g. the personal account number); seen by the company only. */
    evidence: text('evidence'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    /** Why it was rejected or revoked. */
    note: text('note'),
  },
  (t) => [
    uniqueIndex('apartment_links_live_uq')
      .on(t.apartmentId, t.userId)
      .where(sql`${t.status} in ('pending', 'confirmed')`),
    index('apartment_links_user_idx').on(t.userId),
    index('apartment_links_pending_idx').on(t.apartmentId).where(sql`${t.status} = 'pending'`),
  ],
);

/** An individual meter of an apartment. A replaced meter keeps its row; see meter_replacements. */
export const meters = pgTable(
  'meters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    apartmentId: integer('apartment_id')
      .notNull()
      .references(() => apartments.id),
    kind: meterKind('kind').notNull(),
    /** 1 for everything but electricity, which has 1–3 (day, night, peak). */
    tariffs: smallint('tariffs').notNull().default(1),
    serialNumber: text('serial_number').notNull(),
    installedOn: date('installed_on', { mode: 'string' }),
    /** The next state verification (поверка) is due on this day. */
    verificationDue: date('verification_due', { mode: 'string' }),
    /** Taken out of service (dismantled, apartment merged); null while in use. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meters_apartment_idx').on(t.apartmentId),
    check('meters_tariffs_ck', sql`${t.tariffs} between 1 and 3 and (${t.kind} = 'electricity' or ${t.tariffs} = 1)`),
  ],
);

/** A meter replaced at a point in time: readings after it are compared with its initial values. */
export const meterReplacements = pgTable(
  'meter_replacements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meterId: bigint('meter_id', { mode: 'number' })
      .notNull()
      .references(() => meters.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    oldSerialNumber: text('old_serial_number').notNull(),
    newSerialNumber: text('new_serial_number').notNull(),
    /** The new meter's readings when installed, one per tariff. */
    initialValues: numeric('initial_values', { precision: 14, scale: 3, mode: 'number' }).array().notNull(),
    recordedBy: bigint('recorded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    note: text('note'),
  },
  (t) => [index('meter_replacements_meter_idx').on(t.meterId, t.at)],
);

/**
 * One reading per meter and billing period (YYYY-MM in the municipality's time zone). A resubmission
 * while the window is open replaces the values; the checks of dispatch/readings.ts decide the flags.
 */
export const meterReadings = pgTable(
  'meter_readings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meterId: bigint('meter_id', { mode: 'number' })
      .notNull()
      .references(() => meters.id),
    period: text('period').notNull(),
    values: numeric('values', { precision: 14, scale: 3, mode: 'number' }).array().notNull(),
    /** Consumption since the previous reading, per tariff; null for a meter's first reading. */
    consumption: numeric('consumption', { precision: 14, scale: 3, mode: 'number' }).array(),
    /** dispatch/readings.ts ReadingFlag values. */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    source: readingSource('source').notNull(),
    submittedBy: bigint('submitted_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meter_readings_meter_period_uq').on(t.meterId, t.period),
    index('meter_readings_meter_at_idx').on(t.meterId, t.submittedAt.desc()),
    index('meter_readings_flagged_idx').on(t.period).where(sql`cardinality(${t.flags}) > 0`),
  ],
);

/** Reminders already sent for a period, so the reminder job never sends one twice. */
export const readingReminders = pgTable(
  'reading_reminders',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] })],
);
