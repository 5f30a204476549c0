import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { notificationOutbox } from '../schema/index.ts';

export type OutboxInsert = {
  municipalityId: number;
  userId: number | null;
  channel: (typeof notificationOutbox.$inferInsert)['channel'];
  destination: string;
  template: string;
  subject: string | null;
  body: string;
  payload?: Record<string, unknown>;
  status: 'pending' | 'dev';
  now: Date;
};

/** Queue a message; call it inside the transaction that writes what caused it. */
export async function insertOutbox(db: Db, m: OutboxInsert): Promise<number> {
  const [row] = await db
    .insert(notificationOutbox)
    .values({
      municipalityId: m.municipalityId,
      userId: m.userId,
      channel: m.channel,
      destination: m.destination,
      template: m.template,
      subject: m.subject,
      body: m.body,
      payload: m.payload ?? {},
      status: m.status,
      createdAt: m.now,
    })
    .returning({ id: notificationOutbox.id });
  return row.id;
}

export type DevOutboxRow = {
  id: number;
  municipalityId: number;
  userId: number | null;
  channel: (typeof notificationOutbox.$inferSelect)['channel'];
  destination: string;
  template: string;
  subject: string | null;
  body: string;
  createdAt: Date;
};

/**
 * Messages kept because no gateway is configured, newest first; `before` is the id to page on
 * from. `municipalityId` null means every municipality.
 */
export async function listDevOutbox(
  db: Db,
  q: { municipalityId: number | null; limit: number; before?: number },
): Promise<DevOutboxRow[]> {
  const conditions: SQL[] = [eq(notificationOutbox.status, 'dev')];
  if (q.municipalityId !== null) conditions.push(eq(notificationOutbox.municipalityId, q.municipalityId));
  if (q.before !== undefined) conditions.push(lt(notificationOutbox.id, q.before));
  return db
    .select({
      id: notificationOutbox.id,
      municipalityId: notificationOutbox.municipalityId,
      userId: notificationOutbox.userId,
      channel: notificationOutbox.channel,
      destination: notificationOutbox.destination,
      template: notificationOutbox.template,
      subject: notificationOutbox.subject,
      // Rendered before a row becomes 'dev'; coalesced for the type only.
      body: sql<string>`coalesce(${notificationOutbox.body}, '')`,
      createdAt: notificationOutbox.createdAt,
    })
    .from(notificationOutbox)
    .where(and(...conditions))
    .orderBy(desc(notificationOutbox.id))
    .limit(q.limit);
}
