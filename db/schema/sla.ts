import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { appeals } from './appeals.ts';
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

export const slaClockName = pgEnum('sla_clock', ['response', 'resolution']);

/**
 * Escalation steps done: one row per appeal, clock, cycle and step, so that a repeated timer job,
 * or the sweeper racing a timer, never performs a step twice.
 */
export const slaSteps = pgTable(
  'sla_steps',
  {
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    clock: slaClockName('clock').notNull(),
    cycle: integer('cycle').notNull(),
    step: smallint('step').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull(),
    /** timer or sweeper */
    doneBy: text('done_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.clock, t.cycle, t.step] })],
);
