/**
 * The queue events (issue 16): every step of an appointment or a hall ticket, written by the booking, the
 * hall and the office admin alike and announced to the live feed on channel `otklik_queue` when their
 * transaction commits; and what the feed reads of them for the hall display and the consoles.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { QueueEventSnapshot } from '../../dispatch/hall.ts';
import { announceQueueEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import { hallTickets, queueEvents, servicePoints } from '../schema/index.ts';
import { waitingCounts } from './hall.ts';

export type QueueEventInput = typeof queueEvents.$inferInsert;

/** Write queue events; they are announced to the live feed when the transaction commits. */
export async function insertQueueEvents(db: Db, rows: readonly QueueEventInput[]): Promise<void> {
  if (rows.length === 0) return;
  const created = await db
    .insert(queueEvents)
    .values([...rows])
    .returning({ id: queueEvents.id });
  announceQueueEvents(db, created);
}

export async function lastQueueEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string>`coalesce(max(${queueEvents.id}), 0)` }).from(queueEvents);
  return Number(row?.id ?? 0);
}

export async function queueEventIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: queueEvents.id })
    .from(queueEvents)
    .where(sql`${queueEvents.id} > ${afterId}`)
    .orderBy(asc(queueEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

const snapshotColumns = {
  id: queueEvents.id,
  officeId: queueEvents.officeId,
  step: queueEvents.step,
  fromStatus: queueEvents.fromStatus,
  toStatus: queueEvents.toStatus,
  at: queueEvents.at,
  ticketId: hallTickets.id,
  number: hallTickets.number,
  serviceId: hallTickets.serviceId,
  status: hallTickets.status,
  kind: hallTickets.kind,
  day: hallTickets.day,
  pointId: hallTickets.pointId,
  pointLabel: servicePoints.label,
  version: hallTickets.version,
};

async function snapshotsOf(db: Db, rows: Awaited<ReturnType<typeof snapshotRows>>): Promise<QueueEventSnapshot[]> {
  // One count per office and day of the batch, not per event.
  const counts = new Map<string, { serviceId: number; count: number }[]>();
  for (const r of rows) {
    if (r.day === null) continue;
    const key = `${r.officeId}:${r.day}`;
    if (!counts.has(key)) counts.set(key, await waitingCounts(db, r.officeId, r.day));
  }
  return rows.map((r) => ({
    id: r.id,
    officeId: r.officeId,
    step: r.step,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    at: r.at,
    ticket:
      r.ticketId === null
        ? null
        : {
            id: r.ticketId,
            number: r.number!,
            serviceId: r.serviceId!,
            status: r.status!,
            kind: r.kind!,
            pointId: r.pointId,
            pointLabel: r.pointLabel,
            version: r.version!,
          },
    waiting: r.day === null ? [] : (counts.get(`${r.officeId}:${r.day}`) ?? []),
  }));
}

function snapshotRows(db: Db, where: ReturnType<typeof sql>, limit?: number) {
  const q = db
    .select(snapshotColumns)
    .from(queueEvents)
    .leftJoin(hallTickets, eq(hallTickets.id, queueEvents.ticketId))
    .leftJoin(servicePoints, eq(servicePoints.id, hallTickets.pointId))
    .where(where)
    .orderBy(asc(queueEvents.id));
  return limit === undefined ? q : q.limit(limit);
}

export async function queueEventSnapshots(db: Db, ids: readonly number[]): Promise<QueueEventSnapshot[]> {
  if (ids.length === 0) return [];
  return snapshotsOf(db, await snapshotRows(db, sql`${inArray(queueEvents.id, [...ids])}`));
}

export async function queueEventSnapshotsAfter(db: Db, afterId: number, limit: number) {
  return snapshotsOf(db, await snapshotRows(db, sql`${queueEvents.id} > ${afterId}`, limit));
}
