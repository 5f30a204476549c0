import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appeals } from './appeals.ts';
import { attachments } from './attachments.ts';
import { buildings } from './buildings.ts';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const seasons = ['spring', 'autumn'] as const;
export type Season = (typeof seasons)[number];
export const season = pgEnum('season', seasons);

export const inspectionStatuses = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];
export const inspectionStatus = pgEnum('inspection_status', inspectionStatuses);

export const defectSeverities = ['minor', 'major', 'critical'] as const;
export const defectSeverity = pgEnum('defect_severity', defectSeverities);

/**
 * A seasonal (spring or autumn) inspection of a building by its management company, planned with
 * a due date and carried out on the city's one checklist. The building's condition rating is the
 * rating of its latest completed inspection.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    /** The organisation that carries it out (the building's management company when planned). */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: smallint('year').notNull(),
    season: season('season').notNull(),
    status: inspectionStatus('status').notNull().default('planned'),
    /** To be completed by this day (municipality time zone); after it an open inspection is overdue. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    plannedOn: date('planned_on', { mode: 'string' }),
    inspectorId: bigint('inspector_id', { mode: 'number' }).references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** 1.0 (emergency) … 5.0 (good), computed from the element scores on completion. */
    rating: numeric('rating', { precision: 2, scale: 1, mode: 'number' }),
    conclusion: text('conclusion'),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inspections_building_season_uq')
      .on(t.buildingId, t.year, t.season)
      .where(sql`${t.status} <> 'cancelled'`),
    index('inspections_open_due_idx')
      .on(t.municipalityId, t.dueOn)
      .where(sql`${t.status} in ('planned', 'in_progress')`),
    index('inspections_building_done_idx').on(t.buildingId, t.completedAt.desc()).where(sql`${t.status} = 'completed'`),
    index('inspections_organisation_idx').on(t.organisationId, t.status),
  ],
);

/** The score of one checklist element (roof, facade, …: dispatch/inspections.ts) in an inspection. */
export const inspectionScores = pgTable(
  'inspection_scores',
  {
    inspectionId: bigint('inspection_id', { mode: 'number' })
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    element: text('element').notNull(),
    /** 1 (emergency) … 5 (good); null: not applicable (no elevators). */
    score: smallint('score'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.element] }),
    check('inspection_scores_score_ck', sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);

/** A defect found in an inspection; it may become a work appeal routed like any other. */
export const inspectionDefects = pgTable(
  'inspection_defects',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    inspectionId: bigint('inspection_id', { mode: 'number' })
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    element: text('element').notNull(),
    severity: defectSeverity('severity').notNull(),
    description: text('description').notNull(),
    /** The work appeal made from it. */
    appealId: bigint('appeal_id', { mode: 'number' }).references(() => appeals.id),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspection_defects_inspection_idx').on(t.inspectionId)],
);

/** Photos of a defect (stored like appeal photos; copied onto its work appeal when one is made). */
export const defectPhotos = pgTable(
  'defect_photos',
  {
    defectId: bigint('defect_id', { mode: 'number' })
      .notNull()
      .references(() => inspectionDefects.id, { onDelete: 'cascade' }),
    attachmentId: bigint('attachment_id', { mode: 'number' })
      .notNull()
      .references(() => attachments.id),
  },
  (t) => [primaryKey({ columns: [t.defectId, t.attachmentId] })],
);
