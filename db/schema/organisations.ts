import { sql } from 'drizzle-orm';
import { integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { districts, municipalities } from './municipalities.ts';
import type { WorkingHours } from './types.ts';

import { organisationKinds } from '../../dispatch/taxonomy.ts';

export { organisationKinds, type OrganisationKind } from '../../dispatch/taxonomy.ts';
export const organisationKind = pgEnum('organisation_kind', organisationKinds);

export const organisations = pgTable(
  'organisations',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    kind: organisationKind('kind').notNull(),
    code: text('code').notNull(),
    nameRu: text('name_ru').notNull(),
    nameEn: text('name_en').notNull(),
    /** The district a district administration serves; null for city-wide organisations. */
    districtId: integer('district_id').references(() => districts.id),
    /** Public contacts of the organisation (not of people). */
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    website: text('website'),
    workingHours: jsonb('working_hours').$type<WorkingHours>().notNull(),
    /** INN and OGRN, as the registers name a company. */
    inn: text('inn'),
    ogrn: text('ogrn'),
    /** The organisation's id in the register it was imported from (GIS ZhKKh GUID or OGRN): a repeated import updates it in place (issue 18). */
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_municipality_code_uq').on(t.municipalityId, t.code),
    uniqueIndex('organisations_municipality_external_uq')
      .on(t.municipalityId, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);
