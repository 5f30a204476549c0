/**
 * A public discussion as the use cases read and change it (issue 17): one row, locked for a step,
 * changed with its version, and the events of its steps.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { discussionEvents, discussions } from '../schema/index.ts';

export type Discussion = typeof discussions.$inferSelect;
export type DiscussionEvent = typeof discussionEvents.$inferSelect;

export async function getDiscussion(db: Db, id: number): Promise<Discussion | null> {
  const rows = await db.select().from(discussions).where(eq(discussions.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The row under FOR UPDATE: a step, a moderation or a change waits for the one before it. */
export async function lockDiscussion(db: Db, id: number): Promise<Discussion | null> {
  const rows = await db.select().from(discussions).where(eq(discussions.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

/** Change the row, its version up by one and `updatedAt` set. */
export async function updateDiscussion(
  db: Db,
  id: number,
  set: Partial<Omit<Discussion, 'id' | 'version'>>,
  at: Date,
): Promise<Discussion> {
  const [row] = await db
    .update(discussions)
    .set({ ...set, updatedAt: at, version: sql`${discussions.version} + 1` })
    .where(eq(discussions.id, id))
    .returning();
  return row!;
}

export async function insertDiscussionEvent(
  db: Db,
  row: typeof discussionEvents.$inferInsert,
): Promise<DiscussionEvent> {
  const [created] = await db.insert(discussionEvents).values(row).returning();
  return created!;
}
