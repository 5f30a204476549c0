import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { roles } from '../../dispatch/permissions.ts';
import { languages } from '../../dispatch/notification-kinds.ts';

export { roles, type Role } from '../../dispatch/permissions.ts';
export const role = pgEnum('role', roles);
export const language = pgEnum('language', languages);

/** Accounts: what the platform needs to authorise. Personal data lives in user_personal. */
export const users = pgTable(
  'users',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    role: role('role').notNull(),
    organisationId: integer('organisation_id').references(() => organisations.id),
    /** Staff sign-in name; residents sign in by code and have none. */
    login: text('login'),
    passwordHash: text('password_hash'),
    /** The language messages are written in (ru by default). */
    language: language('language').notNull().default('ru'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_login_uq').on(sql`lower(${t.login})`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

/**
 * A person's personal data, kept apart from accounts so that no query that serves a public or
 * another organisation's view can pick it up by accident.
 */
export const userPersonal = pgTable(
  'user_personal',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    fullName: text('full_name'),
    /** E.164, e.g. +79171234567. */
    phone: text('phone'),
    /** Lower-cased. */
    email: text('email'),
  },
  (t) => [uniqueIndex('user_personal_phone_uq').on(t.phone), uniqueIndex('user_personal_email_uq').on(t.email)],
);
