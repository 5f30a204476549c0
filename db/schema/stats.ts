import { bigint, date, integer, pgTable, primaryKey, smallint, timestamp } from 'drizzle-orm/pg-core';
import { BUCKET_COUNT } from '../../dispatch/stats.ts';

/** accept_b00 … accept_b27: appeals whose first acceptance took a duration in that bucket. */
const bucketColumns = (prefix: 'accept' | 'resolve') =>
  Object.fromEntries(
    Array.from({ length: BUCKET_COUNT }, (_, i) => {
      const name = `${prefix}_b${String(i).padStart(2, '0')}`;
      return [name, integer(name).notNull().default(0)];
    }),
  );

/** The figures a rollup row holds for its group of appeals (the daily and the weekly rollup alike). */
const figureColumns = () => ({
  received: integer('received').notNull(),
  /** Accepted at least once. */
  accepted: integer('accepted').notNull(),
  /** Resolved at least once. */
  resolved: integer('resolved').notNull(),
  /** Resolved, and neither SLA clock breached. */
  compliant: integer('compliant').notNull(),
  /** The response or the resolution clock breached. */
  breached: integer('breached').notNull(),
  /** Reopened at least once (the resident disputed the fix). */
  reopened: integer('reopened').notNull(),
  ...bucketColumns('accept'),
  ...bucketColumns('resolve'),
});

/**
 * The city-hall rollup: appeals received on one Moscow day in a municipality, per organisation
 * (the one holding them now; 0 = none), district (0 = none) and category, with the counts and the
 * duration histograms (dispatch/stats.ts DURATION_BUCKETS_MINUTES) the dashboard sums over a
 * period. A day's rows are recomputed from the appeals and their events whenever one of that day's
 * appeals gets an event (db/queries/stats.ts), so each row describes its appeals as they are now.
 * No foreign keys: 0 stands for "none", and the rows are derived data.
 */
export const statsDaily = pgTable(
  'stats_daily',
  {
    municipalityId: integer('municipality_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    districtId: integer('district_id').notNull(),
    categoryId: integer('category_id').notNull(),
    ...figureColumns(),
  },
  (t) => [
    primaryKey({
      name: 'stats_daily_pk',
      columns: [t.municipalityId, t.day, t.organisationId, t.districtId, t.categoryId],
    }),
  ],
);

/**
 * The daily rollup summed per Moscow week (Monday to Sunday), recomputed with its days: a period
 * reads whole weeks from here and only its ragged ends from stats_daily, so a quarter sums about
 * a seventh of the rows.
 */
export const statsWeekly = pgTable(
  'stats_weekly',
  {
    municipalityId: integer('municipality_id').notNull(),
    /** The Monday. */
    week: date('week', { mode: 'string' }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    districtId: integer('district_id').notNull(),
    categoryId: integer('category_id').notNull(),
    ...figureColumns(),
  },
  (t) => [
    primaryKey({
      name: 'stats_weekly_pk',
      columns: [t.municipalityId, t.week, t.organisationId, t.districtId, t.categoryId],
    }),
  ],
);

/** Heat-map rollup: appeals received per Moscow day, organisation (0 = none) and grid cell (dispatch/stats.ts CELL_DEGREES). */
export const statsCells = pgTable(
  'stats_cells',
  {
    municipalityId: integer('municipality_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    appeals: integer('appeals').notNull(),
  },
  (t) => [
    primaryKey({ name: 'stats_cells_pk', columns: [t.municipalityId, t.day, t.organisationId, t.cellX, t.cellY] }),
  ],
);

/** stats_cells summed per Moscow week. */
export const statsCellsWeekly = pgTable(
  'stats_cells_weekly',
  {
    municipalityId: integer('municipality_id').notNull(),
    week: date('week', { mode: 'string' }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    appeals: integer('appeals').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'stats_cells_weekly_pk',
      columns: [t.municipalityId, t.week, t.organisationId, t.cellX, t.cellY],
    }),
  ],
);

/**
 * How far the rollup has read the appeal events (one row): `lastEventId` is the newest event
 * whose day was recomputed; `settledEventId` is where the minute job rescans from, because event
 * ids are drawn before their transactions commit and a lower id may become visible after a higher.
 */
export const statsProgress = pgTable('stats_progress', {
  id: smallint('id').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  settledEventId: bigint('settled_event_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
