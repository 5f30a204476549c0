import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  point,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { districts, municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';

export const wallMaterials = ['panel', 'brick', 'monolith', 'block', 'wood', 'mixed'] as const;
export const wallMaterial = pgEnum('wall_material', wallMaterials);

const org = (name: string) => integer(name).references(() => organisations.id);

export const buildings = pgTable(
  'buildings',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    /** Street with its type, as written in addresses: "ул. Баумана". */
    street: text('street').notNull(),
    /** House number with letter: "12", "12А". */
    house: text('house').notNull(),
    /** Корпус, if any. */
    block: text('block'),
    postcode: text('postcode'),
    /** Display address: "ул. Баумана, д. 12, корп. 2". */
    address: text('address').notNull(),
    /** Normalised text for typo-tolerant search (lower case, ё→е, no street-type words). */
    searchText: text('search_text').notNull(),
    location: point('location', { mode: 'xy' }).notNull(),
    managementCompanyId: org('management_company_id'),
    coldWaterSupplierId: org('cold_water_supplier_id'),
    hotWaterSupplierId: org('hot_water_supplier_id'),
    heatingSupplierId: org('heating_supplier_id'),
    electricitySupplierId: org('electricity_supplier_id'),
    gasSupplierId: org('gas_supplier_id'),
    // Technical passport (the summary; the full passport arrives with the housing-services issue).
    yearBuilt: smallint('year_built'),
    floors: smallint('floors'),
    entrances: smallint('entrances'),
    apartments: smallint('apartments'),
    totalArea: numeric('total_area', { precision: 10, scale: 1, mode: 'number' }),
    wallMaterial: wallMaterial('wall_material'),
    elevators: smallint('elevators'),
    heatingSystem: text('heating_system'),
    hotWaterSystem: text('hot_water_system'),
    lastOverhaulYear: smallint('last_overhaul_year'),
    wearPercent: numeric('wear_percent', { precision: 4, scale: 1, mode: 'number' }),
    /** The building's own meter-reading window (days of the month); null follows the municipality. */
    readingWindowFromDay: smallint('reading_window_from_day'),
    readingWindowToDay: smallint('reading_window_to_day'),
    /**
     * The building's id in the register it was imported from (the GIS ZhKKh house GUID or the FIAS
     * id): a repeated import updates the building in place (issue 18).
     */
    externalId: text('external_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('buildings_municipality_external_uq')
      .on(t.municipalityId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('buildings_location_gist').using('gist', t.location),
    index('buildings_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('buildings_municipality_idx').on(t.municipalityId),
    index('buildings_management_company_idx').on(t.managementCompanyId),
    index('buildings_district_idx').on(t.districtId),
  ],
);
