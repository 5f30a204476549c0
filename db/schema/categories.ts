import { boolean, integer, pgEnum, pgTable, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { municipalities } from './municipalities.ts';
import { organisationKind } from './organisations.ts';

import { categoryGroups, priorities, utilities } from '../../dispatch/taxonomy.ts';

export {
  categoryGroups,
  type CategoryGroup,
  priorities,
  type Priority,
  utilities,
  type Utility,
} from '../../dispatch/taxonomy.ts';
export const categoryGroup = pgEnum('category_group', categoryGroups);

export const priority = pgEnum('priority', priorities);

export const utility = pgEnum('utility', utilities);

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    code: text('code').notNull(),
    nameRu: text('name_ru').notNull(),
    nameEn: text('name_en').notNull(),
    group: categoryGroup('group').notNull(),
    responsibleKind: organisationKind('responsible_kind').notNull(),
    /** For utility categories: which supplier of the building answers. */
    utility: utility('utility'),
    defaultPriority: priority('default_priority').notNull().default('normal'),
    emergency: boolean('emergency').notNull().default(false),
    /** Appeals in private categories never appear on public views. */
    public: boolean('public').notNull().default(true),
    /** A building is required (housing and utility problems happen in a building). */
    needsBuilding: boolean('needs_building').notNull().default(false),
    sortOrder: smallint('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('categories_municipality_code_uq').on(t.municipalityId, t.code)],
);
