/**
 * The hall of an office (issue 16): kiosk keys, tickets and their day's numbers, the hall display's
 * and the operator's console's reads, the call's lock and the timer's no-shows. The queue events they
 * write and the live feed reads are in queue-events.ts.
 */
import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  appointmentServices,
  appointments,
  hallTicketNumbers,
  hallTickets,
  municipalities,
  offices,
  servicePointOperators,
  servicePointServices,
  servicePoints,
  userPersonal,
} from '../schema/index.ts';

export type Ticket = typeof hallTickets.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type ServicePoint = typeof servicePoints.$inferSelect;

/** An office with its municipality's zone; null when there is none. */
export async function officeWithZone(db: Db, id: number) {
  const [row] = await db
    .select({ office: offices, timeZone: municipalities.timeZone })
    .from(offices)
    .innerJoin(municipalities, eq(municipalities.id, offices.municipalityId))
    .where(eq(offices.id, id));
  return row ?? null;
}

/** Store the hash of a new kiosk key (the key itself is never stored). */
export async function setKioskKeyHash(db: Db, officeId: number, hash: string, at: Date): Promise<void> {
  await db
    .update(offices)
    .set({ kioskKeyHash: hash, updatedAt: at, version: sql`${offices.version} + 1` })
    .where(eq(offices.id, officeId));
}

export async function servicesByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: appointmentServices.id,
      name: appointmentServices.name,
      letter: appointmentServices.letter,
      active: appointmentServices.active,
    })
    .from(appointmentServices)
    .where(inArray(appointmentServices.id, [...ids]))
    .orderBy(asc(appointmentServices.letter), asc(appointmentServices.id));
}

/** An appointment by its booking code, locked for the check-in. */
export async function lockAppointmentByCode(db: Db, code: string): Promise<Appointment | null> {
  const [row] = await db.select().from(appointments).where(eq(appointments.code, code)).for('update').limit(1);
  return row ?? null;
}

export async function getAppointment(db: Db, id: number): Promise<Appointment | null> {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
  return row ?? null;
}

export async function lockAppointment(db: Db, id: number): Promise<Appointment | null> {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id)).for('update').limit(1);
  return row ?? null;
}

export async function updateAppointment(
  db: Db,
  id: number,
  set: Partial<Omit<Appointment, 'id' | 'version'>>,
): Promise<Appointment> {
  const [row] = await db
    .update(appointments)
    .set({ ...set, version: sql`${appointments.version} + 1` })
    .where(eq(appointments.id, id))
    .returning();
  return row;
}

/** The day's next number of a letter at an office: the counter's row lock orders concurrent issues. */
export async function nextTicketSeq(db: Db, officeId: number, day: string, letter: string): Promise<number> {
  const [row] = await db
    .insert(hallTicketNumbers)
    .values({ officeId, day, letter, last: 1 })
    .onConflictDoUpdate({
      target: [hallTicketNumbers.officeId, hallTicketNumbers.day, hallTicketNumbers.letter],
      set: { last: sql`${hallTicketNumbers.last} + 1` },
    })
    .returning({ last: hallTicketNumbers.last });
  return row.last;
}

export async function insertTicket(db: Db, values: typeof hallTickets.$inferInsert): Promise<Ticket> {
  const [row] = await db.insert(hallTickets).values(values).returning();
  return row;
}

/** How many tickets of the service wait before this one (issued earlier, or redirected). */
export async function waitingAhead(db: Db, t: Pick<Ticket, 'id' | 'officeId' | 'day' | 'serviceId'>) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hallTickets)
    .where(
      and(
        eq(hallTickets.officeId, t.officeId),
        eq(hallTickets.day, t.day),
        eq(hallTickets.serviceId, t.serviceId),
        eq(hallTickets.status, 'waiting'),
        lt(hallTickets.id, t.id),
      ),
    );
  return row?.n ?? 0;
}

/** Tickets waiting per service on an office's day. */
export async function waitingCounts(db: Db, officeId: number, day: string) {
  return db
    .select({ serviceId: hallTickets.serviceId, count: sql<number>`count(*)::int` })
    .from(hallTickets)
    .where(and(eq(hallTickets.officeId, officeId), eq(hallTickets.day, day), eq(hallTickets.status, 'waiting')))
    .groupBy(hallTickets.serviceId)
    .orderBy(asc(hallTickets.serviceId));
}

/** The tickets called or being served on a day, the last called first, with their points' labels. */
export async function ticketsAtPoints(db: Db, officeId: number, day: string, limit: number) {
  return db
    .select({
      id: hallTickets.id,
      number: hallTickets.number,
      serviceId: hallTickets.serviceId,
      status: hallTickets.status,
      pointId: hallTickets.pointId,
      pointLabel: servicePoints.label,
      calledAt: hallTickets.calledAt,
    })
    .from(hallTickets)
    .innerJoin(servicePoints, eq(servicePoints.id, hallTickets.pointId))
    .where(
      and(
        eq(hallTickets.officeId, officeId),
        eq(hallTickets.day, day),
        inArray(hallTickets.status, ['called', 'serving']),
      ),
    )
    .orderBy(desc(hallTickets.calledAt), desc(hallTickets.id))
    .limit(limit);
}

export async function getPoint(db: Db, id: number): Promise<ServicePoint | null> {
  const [row] = await db.select().from(servicePoints).where(eq(servicePoints.id, id));
  return row ?? null;
}

/** Lock a point: one call at a time per window (a double click calls once). */
export async function lockPoint(db: Db, id: number): Promise<void> {
  await db.select({ id: servicePoints.id }).from(servicePoints).where(eq(servicePoints.id, id)).for('update');
}

/** The services a point gives. */
export async function pointServices(db: Db, pointId: number): Promise<number[]> {
  const rows = await db
    .select({ serviceId: servicePointServices.serviceId })
    .from(servicePointServices)
    .where(eq(servicePointServices.pointId, pointId));
  return rows.map((r) => r.serviceId);
}

/** The office's active points. */
export async function officePoints(db: Db, officeId: number) {
  return db
    .select({ id: servicePoints.id, label: servicePoints.label, kind: servicePoints.kind })
    .from(servicePoints)
    .where(and(eq(servicePoints.officeId, officeId), eq(servicePoints.active, true)))
    .orderBy(asc(servicePoints.id));
}

/** The points a person operates, with their offices. */
export async function pointsOperatedBy(db: Db, userId: number) {
  return db
    .select({ id: servicePoints.id, label: servicePoints.label, officeId: offices.id, officeName: offices.name })
    .from(servicePointOperators)
    .innerJoin(servicePoints, eq(servicePoints.id, servicePointOperators.pointId))
    .innerJoin(offices, eq(offices.id, servicePoints.officeId))
    .where(and(eq(servicePointOperators.userId, userId), eq(servicePoints.active, true)))
    .orderBy(asc(offices.id), asc(servicePoints.id));
}

/** The ticket a point has called or serves (at most one: the call refuses a second). */
export async function currentTicketAt(db: Db, pointId: number): Promise<Ticket | null> {
  const [row] = await db
    .select()
    .from(hallTickets)
    .where(and(eq(hallTickets.pointId, pointId), inArray(hallTickets.status, ['called', 'serving'])))
    .orderBy(desc(hallTickets.calledAt))
    .limit(1);
  return row ?? null;
}

/** The office's tickets waiting on a day, in issue order. */
export async function waitingTickets(db: Db, officeId: number, day: string): Promise<Ticket[]> {
  return db
    .select()
    .from(hallTickets)
    .where(and(eq(hallTickets.officeId, officeId), eq(hallTickets.day, day), eq(hallTickets.status, 'waiting')))
    .orderBy(asc(hallTickets.id));
}

/**
 * Take the lock of a ticket still waiting, skipping one another call holds: null when it is taken
 * (the caller chooses again without it).
 */
export async function lockWaitingTicket(db: Db, id: number): Promise<Ticket | null> {
  const [row] = await db
    .select()
    .from(hallTickets)
    .where(and(eq(hallTickets.id, id), eq(hallTickets.status, 'waiting')))
    .for('update', { skipLocked: true });
  return row ?? null;
}

export async function getTicket(db: Db, id: number): Promise<Ticket | null> {
  const [row] = await db.select().from(hallTickets).where(eq(hallTickets.id, id));
  return row ?? null;
}

export async function lockTicket(db: Db, id: number): Promise<Ticket | null> {
  const [row] = await db.select().from(hallTickets).where(eq(hallTickets.id, id)).for('update');
  return row ?? null;
}

export async function updateTicket(
  db: Db,
  id: number,
  set: Partial<Omit<Ticket, 'id' | 'version' | 'calls'>> & { calls?: number },
): Promise<Ticket> {
  const [row] = await db
    .update(hallTickets)
    .set({ ...set, version: sql`${hallTickets.version} + 1` })
    .where(eq(hallTickets.id, id))
    .returning();
  return row;
}

/** A person's name and phone (the console's booked client). */
export async function personOf(db: Db, userId: number) {
  const [row] = await db
    .select({ fullName: userPersonal.fullName, phone: userPersonal.phone })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId));
  return row ?? { fullName: null, phone: null };
}

// ---------------------------------------------------------------------------------------------
// The live feed of queue events

// ---------------------------------------------------------------------------------------------
// The timer

/**
 * Booked appointments nobody checked in for by the end of the slot and the office's late minutes:
 * marked no-shows (at most `limit` a run), returned for their events.
 */
export async function missOverdueAppointments(db: Db, now: Date, limit: number) {
  const rows = await db.execute<{ id: string; office_id: number; point_id: number }>(sql`
    update appointments a set status = 'no_show', closed_at = ${now.toISOString()}::timestamptz,
      updated_at = ${now.toISOString()}::timestamptz, version = a.version + 1
    where a.id in (
      select a2.id from appointments a2 join offices o on o.id = a2.office_id
      where a2.status = 'booked'
        and a2.ends_at + make_interval(mins => coalesce((o.rules->>'lateMinutes')::int, 15)) < ${now.toISOString()}::timestamptz
      order by a2.starts_at limit ${limit}
      for update of a2 skip locked)
    returning a.id, a.office_id, a.point_id`);
  return rows.map((r) => ({ id: Number(r.id), officeId: r.office_id, pointId: r.point_id }));
}

/** Offices and days that still have tickets waiting or called. */
export async function openTicketDays(db: Db) {
  return db
    .selectDistinct({ officeId: hallTickets.officeId, day: hallTickets.day })
    .from(hallTickets)
    .where(inArray(hallTickets.status, ['waiting', 'called']));
}

/**
 * Close an office's day: its tickets still waiting or called become no-shows; returned with the
 * status each left, for their events.
 */
export async function closeTicketsOfDay(db: Db, officeId: number, day: string, now: Date) {
  const rows = await db.execute<{
    id: string;
    appointment_id: string | null;
    point_id: number | null;
    from_status: string;
  }>(sql`
    with open as (
      select id, status from hall_tickets
      where office_id = ${officeId} and day = ${day} and status in ('waiting', 'called')
      for update)
    update hall_tickets t set status = 'no_show', finished_at = ${now.toISOString()}::timestamptz, version = t.version + 1
    from open where t.id = open.id
    returning t.id, t.appointment_id, t.point_id, open.status as from_status`);
  return rows.map((r) => ({
    id: Number(r.id),
    appointmentId: r.appointment_id === null ? null : Number(r.appointment_id),
    pointId: r.point_id,
    fromStatus: r.from_status,
  }));
}

/** The checked-in appointments of closed tickets become no-shows. */
export async function missAppointments(db: Db, ids: readonly number[], now: Date) {
  if (ids.length === 0) return [];
  return db
    .update(appointments)
    .set({ status: 'no_show', closedAt: now, updatedAt: now, version: sql`${appointments.version} + 1` })
    .where(
      and(
        inArray(appointments.id, [...ids]),
        ne(appointments.status, 'no_show'),
        eq(appointments.status, 'checked_in'),
      ),
    )
    .returning({ id: appointments.id, officeId: appointments.officeId });
}

/** What the live topics of an office need to authorise a subscriber; null when there is no such office. */
export async function officeTopicFacts(db: Db, officeId: number) {
  const [row] = await db
    .select({ municipalityId: offices.municipalityId, organisationId: offices.organisationId })
    .from(offices)
    .where(eq(offices.id, officeId));
  return row ? { kind: 'office' as const, ...row } : null;
}
