import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Ladder } from '../../dispatch/escalation.ts';
import { polygon } from './types.ts';

export const municipalities = pgTable(
  'municipalities',
  {
    id: serial('id').primaryKey(),
    /** Short code used in public appeal numbers, e.g. KZN. */
    code: text('code').notNull(),
    nameRu: text('name_ru').notNull(),
    nameEn: text('name_en').notNull(),
    timeZone: text('time_zone').notNull().default('Europe/Moscow'),
    /** The area residents may file appeals in. */
    boundary: polygon('boundary').notNull(),
    /** The escalation ladder; null follows the default (dispatch/escalation.ts). */
    escalationLadder: jsonb('escalation_ladder').$type<Ladder>(),
    /** Meter readings are taken from this day of the month to that one (a building may differ). */
    readingWindowFromDay: smallint('reading_window_from_day').notNull().default(15),
    readingWindowToDay: smallint('reading_window_to_day').notNull().default(25),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('municipalities_code_uq').on(t.code)],
);

export const districts = pgTable(
  'districts',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    code: text('code').notNull(),
    nameRu: text('name_ru').notNull(),
    nameEn: text('name_en').notNull(),
    boundary: polygon('boundary').notNull(),
  },
  (t) => [
    uniqueIndex('districts_municipality_code_uq').on(t.municipalityId, t.code),
    index('districts_boundary_gist').using('gist', sql`${t.boundary}`),
  ],
);
