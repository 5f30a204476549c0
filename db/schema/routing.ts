import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { categories, categoryGroup } from './categories.ts';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';

/**
 * Admin-managed routing rules that override the defaults (dispatch/routing.ts): a null criterion
 * matches anything; the highest priority wins, then the most specific rule, then the oldest.
 */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    categoryId: integer('category_id').references(() => categories.id),
    group: categoryGroup('category_group'),
    districtIds: integer('district_ids').array(),
    buildingIds: integer('building_ids').array(),
    targetOrgId: integer('target_org_id')
      .notNull()
      .references(() => organisations.id),
    priority: integer('priority').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** Why the rule exists, for the next admin. */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('routing_rules_municipality_idx').on(t.municipalityId)],
);
