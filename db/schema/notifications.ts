import { bigint, bigserial, index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { municipalities } from './municipalities.ts';
import { users } from './users.ts';

export const notificationChannels = ['sms', 'email', 'push'] as const;
export const notificationChannel = pgEnum('notification_channel', notificationChannels);
export const outboxStatuses = ['pending', 'sent', 'dev', 'failed', 'dead'] as const;
export const outboxStatus = pgEnum('outbox_status', outboxStatuses);

/**
 * Messages to send, written in the same transaction as what caused them. With no SMS or e-mail
 * gateway configured, they are marked 'dev', printed to the log and readable by admins.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    channel: notificationChannel('channel').notNull(),
    destination: text('destination').notNull(),
    template: text('template').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: outboxStatus('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_outbox_status_idx').on(t.status, t.createdAt),
    index('notification_outbox_municipality_idx').on(t.municipalityId, t.createdAt),
  ],
);
