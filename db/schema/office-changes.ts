import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { municipalities } from './municipalities.ts';
import { offices } from './appointments.ts';
import { users } from './users.ts';

/** What an admin change of the electronic queue touched. */
export const officeChangeSubjects = ['office', 'point', 'exception', 'appointment_service'] as const;
export type OfficeChangeSubject = (typeof officeChangeSubjects)[number];

/**
 * Every change of an office's keeping (issue 16): its hours, rules, points, exceptions and the
 * catalogue of services one books — who, when, what (the fields with their old and new values) and
 * why (the reason given, e.g. for a closed day or the appointments cancelled with it). Append-only.
 */
export const officeChanges = pgTable(
  'office_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The office changed (null for the municipality's catalogue of services). */
    officeId: integer('office_id').references(() => offices.id),
    subject: text('subject', { enum: officeChangeSubjects }).notNull(),
    subjectId: integer('subject_id').notNull(),
    action: text('action', { enum: ['created', 'updated', 'deleted'] }).notNull(),
    /** field → [old, new]; a creation's or removal's record as it is or was under `record`. */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    reason: text('reason'),
    /** Appointments the change cancelled. */
    cancelledAppointments: integer('cancelled_appointments').notNull().default(0),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('office_changes_office_idx').on(t.officeId, t.id),
    index('office_changes_municipality_idx').on(t.municipalityId, t.id),
  ],
);
