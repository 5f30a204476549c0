import { bigint, bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who read which resident's personal data (names, phones, e-mails, apartments), when, through which
 * route and from which address: one row per resident shown, or one row with no subject for a bulk
 * read (a list, an export) naming what was read in `record`. Written in the statement or transaction
 * that reads the data (db/queries/audit.ts); admins read it through /api/admin/personal-data-access.
 * No foreign keys: the trail outlives the accounts it names.
 */
export const personalDataAccess = pgTable(
  'personal_data_access',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    municipalityId: bigint('municipality_id', { mode: 'number' }).notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' }).notNull(),
    /** The resident whose data was shown; null for a bulk read. */
    subjectUserId: bigint('subject_user_id', { mode: 'number' }),
    /** What was read: appeal.read_personal, user.manage, apartment.link_evidence, reading.export. */
    kind: text('kind').notNull(),
    /** The record read through, e.g. appeal:1234, user:56, links:pending, readings:building:7. */
    record: text('record'),
    /** The route pattern with its method, e.g. GET /api/appeals/:id. */
    route: text('route').notNull(),
    ip: text('ip').notNull(),
  },
  (t) => [
    index('personal_data_access_municipality_at_idx').on(t.municipalityId, t.at.desc()),
    index('personal_data_access_subject_at_idx').on(t.subjectUserId, t.at.desc()),
  ],
);
