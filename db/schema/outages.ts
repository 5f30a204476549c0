import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { utility } from './categories.ts';
import { districts, municipalities } from './municipalities.ts';
import { buildings } from './buildings.ts';
import { organisations } from './organisations.ts';
import { role, users } from './users.ts';
import { polygon, tstzrange } from './types.ts';

export const outageKinds = ['planned', 'emergency'] as const;
export type OutageKind = (typeof outageKinds)[number];
export const outageKind = pgEnum('outage_kind', outageKinds);

/** An outage is active from publication (even before it starts) until restored or cancelled. */
export const outageStatuses = ['active', 'restored', 'cancelled'] as const;
export type OutageStatus = (typeof outageStatuses)[number];
export const outageStatus = pgEnum('outage_status', outageStatuses);

/**
 * A planned or emergency disconnection of a service, published by a supplier or a management
 * company for buildings it serves. The buildings are chosen from a list, drawn as a polygon or taken
 * as a whole district; `outage_buildings` holds the resolved set either way.
 */
export const outages = pgTable(
  'outages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    service: utility('service').notNull(),
    kind: outageKind('kind').notNull(),
    status: outageStatus('status').notNull().default('active'),
    reason: text('reason').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    expectedEndAt: timestamp('expected_end_at', { withTimezone: true }).notNull(),
    restoredAt: timestamp('restored_at', { withTimezone: true }),
    /** How the buildings were chosen: the drawn area, or the district taken whole (else a list). */
    area: polygon('area'),
    districtId: integer('district_id').references(() => districts.id),
    /** The ladder level reached after the expected end passed (0: not escalated). */
    escalationLevel: smallint('escalation_level').notNull().default(0),
    /** When the next escalation step falls due; null when none is pending. */
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outages_active_idx').on(t.municipalityId, t.status, t.startsAt).where(sql`${t.status} = 'active'`),
    index('outages_organisation_idx').on(t.organisationId, t.createdAt.desc()),
    index('outages_next_step_idx').on(t.nextStepAt).where(sql`${t.nextStepAt} is not null`),
    check('outages_period_ck', sql`${t.expectedEndAt} > ${t.startsAt}`),
  ],
);

/**
 * The buildings an outage affects, with its service and time range copied so that an exclusion
 * constraint (migration 0010) refuses two active outages of one service over one building at once.
 * `during` is [startsAt, expectedEndAt) while active, [startsAt, restoredAt) once restored, and
 * empty once cancelled.
 */
export const outageBuildings = pgTable(
  'outage_buildings',
  {
    outageId: bigint('outage_id', { mode: 'number' })
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    service: utility('service').notNull(),
    /** Maintained with the outage (see above). */
    during: tstzrange('during').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outageId, t.buildingId] }), index('outage_buildings_building_idx').on(t.buildingId)],
);

export const outageUpdateKinds = ['published', 'updated', 'restored', 'cancelled', 'escalated'] as const;
export type OutageUpdateKind = (typeof outageUpdateKinds)[number];

/** The outage's public history: publication, every change (old and new values), restoration. */
export const outageUpdates = pgTable(
  'outage_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outageId: bigint('outage_id', { mode: 'number' })
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<OutageUpdateKind>().notNull(),
    /** Null for the system (escalation). */
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    actorRole: role('actor_role'),
    /** The message to residents ("работы продлены до 18:00"). */
    note: text('note'),
    /** Field → [old, new] for an update. */
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outage_updates_outage_idx').on(t.outageId, t.id)],
);

/**
 * Residents following an outage instead of filing an appeal about it (the filing page offers it):
 * they hear of its changes and its restoration like the residents of its buildings.
 */
export const outageFollowers = pgTable(
  'outage_followers',
  {
    outageId: bigint('outage_id', { mode: 'number' })
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.outageId, t.userId] }), index('outage_followers_user_idx').on(t.userId)],
);
