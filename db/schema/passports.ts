import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { buildings } from './buildings.ts';
import { users } from './users.ts';

/**
 * The full technical passport of a building beyond the summary columns on `buildings` (year, floors,
 * walls, wear…): structure, engineering systems, elevators with their commissioning year, overhaul
 * history. `data` is validated at the boundary (api/schemas); it holds no personal data.
 */
export const buildingPassports = pgTable('building_passports', {
  buildingId: integer('building_id')
    .primaryKey()
    .references(() => buildings.id),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: bigint('updated_by', { mode: 'number' }).references(() => users.id),
});

export const passportChangeSources = ['form', 'import'] as const;
export const passportChangeSource = pgEnum('passport_change_source', passportChangeSources);

/** Every change of a passport field (summary columns included): who, when, old and new value. */
export const passportChanges = pgTable(
  'passport_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    /** Dotted path of the field: "floors", "systems.heating.type", "elevators.2.commissionedYear". */
    field: text('field').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    source: passportChangeSource('source').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('passport_changes_building_idx').on(t.buildingId, t.id)],
);

export const documentKinds = ['passport_scan', 'act', 'inspection_report', 'project', 'photo', 'other'] as const;
export const documentKind = pgEnum('document_kind', documentKinds);

/** A file attached to a building (PDF or image), stored content-addressed under DATA_DIR like photos. */
export const buildingDocuments = pgTable(
  'building_documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    kind: documentKind('kind').notNull(),
    title: text('title').notNull(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    storagePath: text('storage_path').notNull(),
    /** Shown on the public passport page (acts naming residents are not). */
    public: boolean('public').notNull().default(true),
    uploadedBy: bigint('uploaded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('building_documents_building_idx').on(t.buildingId)],
);
