import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { WorkingCalendar } from '../../dispatch/calendar.ts';
import type { SlaDuration } from '../../dispatch/sla.ts';
import { categories, priority } from './categories.ts';
import { municipalities } from './municipalities.ts';

/**
 * Admin-managed SLA targets per category (null: every category) and priority; the built-in
 * defaults (dispatch/sla.ts) apply where a municipality has set none.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    categoryId: integer('category_id').references(() => categories.id),
    priority: priority('priority').notNull(),
    acceptDuration: jsonb('accept_duration').$type<SlaDuration>().notNull(),
    acceptCalendar: jsonb('accept_calendar').$type<WorkingCalendar>().notNull(),
    resolveDuration: jsonb('resolve_duration').$type<SlaDuration>().notNull(),
    resolveCalendar: jsonb('resolve_calendar').$type<WorkingCalendar>().notNull(),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_policies_scope_uq').on(t.municipalityId, sql`coalesce(${t.categoryId}, 0)`, t.priority)],
);
