import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appeals } from './appeals.ts';
import { municipalities } from './municipalities.ts';
import { users } from './users.ts';

export const notificationChannels = ['sms', 'email', 'push'] as const;
export const notificationChannel = pgEnum('notification_channel', notificationChannels);
export const outboxStatuses = ['pending', 'sent', 'dev', 'failed', 'dead'] as const;
export const outboxStatus = pgEnum('outbox_status', outboxStatuses);

/**
 * Messages to send, written in the same transaction as what caused them; the notify.deliver job
 * (one per row) renders and sends them. With no gateway configured for the channel, they are marked
 * 'dev', printed to the log and readable by admins.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    /** The appeal the message is about (null for sign-in codes). */
    appealId: bigint('appeal_id', { mode: 'number' }).references(() => appeals.id),
    channel: notificationChannel('channel').notNull(),
    destination: text('destination').notNull(),
    /** The kind of message (dispatch/notification-kinds.ts); null for sign-in codes. */
    kind: text('kind'),
    template: text('template').notNull(),
    subject: text('subject'),
    /** The text sent; null until the delivery job renders it from the template and payload. */
    body: text('body'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: outboxStatus('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    /** Held back by quiet hours until then; null goes at once. */
    sendAfter: timestamp('send_after', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_outbox_status_idx').on(t.status, t.createdAt),
    index('notification_outbox_municipality_idx').on(t.municipalityId, t.createdAt),
    index('notification_outbox_appeal_idx').on(t.appealId).where(sql`${t.appealId} is not null`),
  ],
);

/** Every delivery attempt of an outbox row, successful or not. */
export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' })
      .notNull()
      .references(() => notificationOutbox.id, { onDelete: 'cascade' }),
    attempt: smallint('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    channel: notificationChannel('channel').notNull(),
    ok: boolean('ok').notNull(),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('notification_attempts_outbox_idx').on(t.outboxId, t.attempt)],
);

/** A person's choices that differ from the defaults: one row per kind × channel. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    channel: notificationChannel('channel').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
);

/** Web push subscriptions of a person's browsers (the endpoint is the push service's address). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint),
    index('push_subscriptions_user_idx').on(t.userId),
  ],
);
