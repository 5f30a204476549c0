/**
 * Appointments (issue 16): the services one books, the offices that give one, a person's live
 * appointments, the booking's insert under the exclusion constraint, and the steps (queue_events).
 * The schedule the slots are computed from is read by db/queries/offices.ts.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { liveAppointmentStatuses } from '../../dispatch/appointments.ts';
import type { Db } from '../client.ts';
import {
  applications,
  appointmentServices,
  appointments,
  offices,
  queueEvents,
  servicePointServices,
  servicePoints,
  userPersonal,
  users,
} from '../schema/index.ts';

export type AppointmentService = typeof appointmentServices.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type NewAppointment = typeof appointments.$inferInsert;

/** A municipality's active services one books, by their Russian name. */
export async function listAppointmentServices(db: Db, municipalityId: number): Promise<AppointmentService[]> {
  return db
    .select()
    .from(appointmentServices)
    .where(and(eq(appointmentServices.municipalityId, municipalityId), eq(appointmentServices.active, true)))
    .orderBy(sql`${appointmentServices.name}->>'ru'`, asc(appointmentServices.id));
}

export async function getAppointmentService(db: Db, id: number): Promise<AppointmentService | null> {
  const rows = await db.select().from(appointmentServices).where(eq(appointmentServices.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The active offices of a municipality, those with an active point giving the service when one is named. */
export async function listOfficeIds(db: Db, municipalityId: number, serviceId?: number): Promise<number[]> {
  const giving = serviceId
    ? sql`and exists (select 1 from ${servicePoints} p join ${servicePointServices} ps on ps.point_id = p.id
        where p.office_id = ${offices.id} and p.active and ps.service_id = ${serviceId})`
    : sql``;
  const rows = await db
    .select({ id: offices.id })
    .from(offices)
    .where(sql`${offices.municipalityId} = ${municipalityId} and ${offices.active} ${giving}`)
    .orderBy(sql`${offices.name}->>'ru'`, asc(offices.id));
  return rows.map((r) => r.id);
}

/** The services an office's active points give (ids). */
export async function officeServiceIds(db: Db, officeId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: servicePointServices.serviceId })
    .from(servicePointServices)
    .innerJoin(servicePoints, eq(servicePoints.id, servicePointServices.pointId))
    .where(and(eq(servicePoints.officeId, officeId), eq(servicePoints.active, true)));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function getServicesByIds(db: Db, ids: readonly number[]): Promise<AppointmentService[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(appointmentServices)
    .where(inArray(appointmentServices.id, [...ids]))
    .orderBy(asc(appointmentServices.id));
}

/** Take the person's row lock: their bookings are decided one at a time (the limits hold under races). */
export async function lockPerson(db: Db, userId: number): Promise<void> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

/** The person's live appointments (booked or checked in). */
export async function liveAppointmentsOf(db: Db, userId: number): Promise<Appointment[]> {
  return db
    .select()
    .from(appointments)
    .where(and(eq(appointments.userId, userId), inArray(appointments.status, [...liveAppointmentStatuses])));
}

/** The live appointments of each point in [from, to): how loaded each is that day. */
export async function pointLoads(db: Db, pointIds: readonly number[], from: Date, to: Date) {
  if (pointIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ pointId: appointments.pointId, n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(
      and(
        inArray(appointments.pointId, [...pointIds]),
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
        inArray(appointments.status, [...liveAppointmentStatuses]),
      ),
    )
    .groupBy(appointments.pointId);
  return new Map(rows.map((r) => [r.pointId, r.n]));
}

export async function insertAppointment(db: Db, row: NewAppointment): Promise<Appointment> {
  const [a] = await db.insert(appointments).values(row).returning();
  return a;
}

export async function getAppointment(db: Db, id: number): Promise<Appointment | null> {
  const rows = await db.select().from(appointments).where(eq(appointments.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function lockAppointment(db: Db, id: number): Promise<Appointment | null> {
  const rows = await db.select().from(appointments).where(eq(appointments.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

export async function findAppointmentByKey(db: Db, userId: number, key: string): Promise<Appointment | null> {
  const rows = await db
    .select()
    .from(appointments)
    .where(and(eq(appointments.userId, userId), eq(appointments.idempotencyKey, key)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateAppointment(
  db: Db,
  id: number,
  set: Partial<Pick<Appointment, 'pointId' | 'startsAt' | 'endsAt' | 'status' | 'closedAt' | 'updatedAt'>>,
): Promise<Appointment> {
  const [a] = await db
    .update(appointments)
    .set({ ...set, version: sql`${appointments.version} + 1` })
    .where(eq(appointments.id, id))
    .returning();
  return a;
}

/** A person's appointments, the latest start first. */
export async function appointmentsOf(db: Db, userId: number, limit = 200): Promise<Appointment[]> {
  return db
    .select()
    .from(appointments)
    .where(eq(appointments.userId, userId))
    .orderBy(desc(appointments.startsAt), desc(appointments.id))
    .limit(limit);
}

/** The steps of an appointment, in order. */
export async function appointmentEvents(db: Db, appointmentId: number) {
  return db.select().from(queueEvents).where(eq(queueEvents.appointmentId, appointmentId)).orderBy(asc(queueEvents.id));
}

/** Whether a reminder of this kind was already written for the appointment's start (a job run twice). */
export async function reminderWritten(db: Db, appointmentId: number, kind: string, startsAt: string) {
  const rows = await db
    .select({ id: queueEvents.id })
    .from(queueEvents)
    .where(
      and(
        eq(queueEvents.appointmentId, appointmentId),
        eq(queueEvents.step, 'reminded'),
        sql`${queueEvents.data}->>'kind' = ${kind}`,
        sql`${queueEvents.data}->>'startsAt' = ${startsAt}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function getOffice(db: Db, id: number): Promise<typeof offices.$inferSelect | null> {
  const rows = await db.select().from(offices).where(eq(offices.id, id)).limit(1);
  return rows[0] ?? null;
}

/** A point's label. */
export async function pointLabel(db: Db, pointId: number): Promise<string> {
  const rows = await db.select({ label: servicePoints.label }).from(servicePoints).where(eq(servicePoints.id, pointId));
  return rows[0]?.label ?? '';
}

/** The person's name and phone (for the office's staff). */
export async function personOf(db: Db, userId: number) {
  const rows = await db
    .select({ fullName: userPersonal.fullName, phone: userPersonal.phone })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId))
    .limit(1);
  return rows[0] ?? { fullName: null, phone: null };
}

/** An application by its number (any applicant's; the caller checks whose). */
export async function applicationByNumber(db: Db, municipalityId: number, number: string) {
  const rows = await db
    .select({
      id: applications.id,
      number: applications.number,
      applicantId: applications.applicantId,
      serviceId: applications.serviceId,
      status: applications.status,
    })
    .from(applications)
    .where(and(eq(applications.municipalityId, municipalityId), eq(applications.number, number)))
    .limit(1);
  return rows[0] ?? null;
}

export async function applicationNumberOf(db: Db, id: number): Promise<string | null> {
  const rows = await db.select({ number: applications.number }).from(applications).where(eq(applications.id, id));
  return rows[0]?.number ?? null;
}

/** The collect service linked to an e-service, of its municipality (the "ready" notice's booking link). */
export async function collectServiceFor(db: Db, eserviceId: number): Promise<AppointmentService | null> {
  const rows = await db
    .select()
    .from(appointmentServices)
    .where(
      and(
        eq(appointmentServices.eserviceId, eserviceId),
        eq(appointmentServices.purpose, 'collect'),
        eq(appointmentServices.active, true),
      ),
    )
    .orderBy(asc(appointmentServices.id))
    .limit(1);
  return rows[0] ?? null;
}
