import { bigint, bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { appeals } from './appeals.ts';
import { users } from './users.ts';

/** A stored file (photo) attached to an appeal; the file lives content-addressed under DATA_DIR. */
export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: bigint('appeal_id', { mode: 'number' }).references(() => appeals.id),
    ownerId: bigint('owner_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the stored (metadata-free) content, hex. */
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** Relative to the uploads directory. */
    storagePath: text('storage_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_appeal_idx').on(t.appealId), index('attachments_sha256_idx').on(t.sha256)],
);
