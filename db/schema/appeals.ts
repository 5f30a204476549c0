import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  primaryKey,
  smallint,
  jsonb,
  pgEnum,
  pgTable,
  point,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { buildings } from './buildings.ts';
import { categories, priority } from './categories.ts';
import { districts, municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { outages } from './outages.ts';
import { role, users } from './users.ts';

import { appealStatuses } from '../../dispatch/taxonomy.ts';

export { appealStatuses, type AppealStatus } from '../../dispatch/taxonomy.ts';
export const appealStatus = pgEnum('appeal_status', appealStatuses);

/**
 * How an appeal came in. Residents file through `web` or `mobile` only (api/appeals/file-appeal.ts);
 * `inspection` is a work appeal a company made of a defect found in a building inspection.
 */
export const channels = ['web', 'mobile', 'call_centre', 'open311', 'inspection'] as const;
export type Channel = (typeof channels)[number];
export const channel = pgEnum('channel', channels);

export const appeals = pgTable(
  'appeals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** Public number, unique per municipality: KZN-2026-000123. */
    number: text('number').notNull(),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    buildingId: integer('building_id').references(() => buildings.id),
    districtId: integer('district_id').references(() => districts.id),
    location: point('location', { mode: 'xy' }).notNull(),
    addressText: text('address_text'),
    description: text('description').notNull(),
    /** Where exactly in the building; apartment is personal data (never public). */
    entrance: text('entrance'),
    apartment: text('apartment'),
    priority: priority('priority').notNull(),
    status: appealStatus('status').notNull().default('new'),
    assignedOrgId: integer('assigned_org_id').references(() => organisations.id),
    channel: channel('channel').notNull(),
    /** Why routing could not decide (the dispatcher's triage queue shows it); null once assigned. */
    triageReason: text('triage_reason'),
    /** Copied from the category at intake, so a later category change does not expose it. */
    public: boolean('public').notNull(),
    idempotencyKey: text('idempotency_key'),
    /** When it was last resolved: the 15-day dispute window and auto-close count from here. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** The author's rating of the outcome, 1–5. */
    rating: smallint('rating'),
    /**
     * The SLA clocks' deadlines while they run (null when stopped or paused) and when they were
     * breached: copies of what dispatch/sla.ts computes from the events, kept for the queues.
     */
    responseDueAt: timestamp('response_due_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    responseBreachedAt: timestamp('response_breached_at', { withTimezone: true }),
    resolutionBreachedAt: timestamp('resolution_breached_at', { withTimezone: true }),
    /** When the next escalation step falls due; the sweeper picks up whatever a timer missed. */
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    /**
     * The outage this appeal was filed during (same service, affected building): the resident
     * follows the outage, and the appeal never counts as a breach of the company.
     */
    outageId: bigint('outage_id', { mode: 'number' }).references(() => outages.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appeals_municipality_number_uq').on(t.municipalityId, t.number),
    uniqueIndex('appeals_author_idempotency_uq')
      .on(t.authorId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('appeals_location_gist').using('gist', t.location),
    index('appeals_municipality_created_idx').on(t.municipalityId, t.createdAt.desc(), t.id.desc()),
    index('appeals_author_idx').on(t.authorId, t.createdAt.desc()),
    index('appeals_assigned_org_idx').on(t.assignedOrgId, t.status),
    index('appeals_building_idx').on(t.buildingId),
    index('appeals_outage_idx').on(t.outageId).where(sql`${t.outageId} is not null`),
    index('appeals_status_idx').on(t.municipalityId, t.status),
    index('appeals_response_due_idx').on(t.municipalityId, t.responseDueAt).where(sql`${t.responseDueAt} is not null`),
    index('appeals_next_step_idx').on(t.nextStepAt).where(sql`${t.nextStepAt} is not null`),
    index('appeals_resolution_due_idx')
      .on(t.municipalityId, t.resolutionDueAt)
      .where(sql`${t.resolutionDueAt} is not null`),
    // The map's viewports (api/map/service.ts): the appeals still on the map, without the years of
    // closed ones around them. The list is dispatch/map.ts defaultMapStatuses.
    index('appeals_map_location_gist')
      .using('gist', t.location)
      .where(sql`${t.status} in ('new', 'assigned', 'accepted', 'needs_info', 'resolved', 'reopened')`),
    // The city-hall dashboard's "overdue now" (db/queries/stats.ts): open appeals with a running clock
    // by their earlier deadline, with the columns it groups by (and the two due times: PostgreSQL reads
    // an expression's columns from the table unless the index holds them), so the count is an index-only scan.
    index('appeals_overdue_stats_idx')
      .on(
        t.municipalityId,
        sql`least(${t.responseDueAt}, ${t.resolutionDueAt})`,
        t.assignedOrgId,
        t.districtId,
        t.categoryId,
        t.createdAt,
        t.responseDueAt,
        t.resolutionDueAt,
      )
      .where(
        sql`${t.status} in ('new', 'assigned', 'accepted', 'needs_info', 'rejected', 'reopened') and (${t.responseDueAt} is not null or ${t.resolutionDueAt} is not null)`,
      ),
  ],
);

/** Append-only history of an appeal: every state change with who, when and why. */
export const appealEvents = pgTable(
  'appeal_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    type: text('type').notNull(),
    fromStatus: appealStatus('from_status'),
    toStatus: appealStatus('to_status'),
    /** Null for the system (routing, timers). */
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    actorRole: role('actor_role'),
    organisationId: integer('organisation_id').references(() => organisations.id),
    note: text('note'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('appeal_events_appeal_idx').on(t.appealId, t.id)],
);

/** Residents following an appeal (the author of a merged duplicate, or someone who chose to). */
export const appealFollowers = pgTable(
  'appeal_followers',
  {
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.userId] }), index('appeal_followers_user_idx').on(t.userId)],
);
