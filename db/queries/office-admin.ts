/**
 * The office admin's statements (issue 16): offices, their service points with the services each gives
 * and the operators who work there, the schedule's exceptions, the municipality's catalogue of
 * services one books, the live appointments a change may take time from and their cancellation, and
 * the trail of every change (office_changes). The schedule as the slot rules read it comes from
 * db/queries/offices.ts `officeSchedule`.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { insertQueueEvents } from './queue-events.ts';
import {
  appointmentServices,
  appointments,
  eservices,
  officeChanges,
  offices,
  organisations,
  scheduleExceptions,
  servicePointOperators,
  servicePointServices,
  servicePoints,
  userPersonal,
  users,
} from '../schema/index.ts';

export type OfficeRow = typeof offices.$inferSelect;
export type PointRow = typeof servicePoints.$inferSelect;
export type AppointmentServiceRow = typeof appointmentServices.$inferSelect;
export type ExceptionRow = typeof scheduleExceptions.$inferSelect;

// ---- Offices ----

/** The offices of a municipality, or of one organisation in it, with their organisation's name and points counted. */
export async function listOffices(db: Db, q: { municipalityId: number; organisationId?: number }) {
  return db
    .select({
      office: offices,
      organisationNameRu: organisations.nameRu,
      organisationNameEn: organisations.nameEn,
      points: sql<number>`(select count(*)::int from ${servicePoints} p where p.office_id = ${offices.id} and p.active)`,
    })
    .from(offices)
    .innerJoin(organisations, eq(organisations.id, offices.organisationId))
    .where(
      and(
        eq(offices.municipalityId, q.municipalityId),
        q.organisationId === undefined ? undefined : eq(offices.organisationId, q.organisationId),
      ),
    )
    .orderBy(asc(offices.id));
}

export async function getOffice(db: Db, id: number): Promise<OfficeRow | undefined> {
  const [row] = await db.select().from(offices).where(eq(offices.id, id));
  return row;
}

/** The office under a row lock: changes of one office (and its points) take turns. */
export async function lockOffice(db: Db, id: number): Promise<OfficeRow | undefined> {
  const [row] = await db.select().from(offices).where(eq(offices.id, id)).for('update');
  return row;
}

export async function insertOffice(db: Db, values: typeof offices.$inferInsert): Promise<OfficeRow> {
  const [row] = await db.insert(offices).values(values).returning();
  return row;
}

/** Change an office at the version read; undefined when it moved on meanwhile. */
export async function updateOffice(
  db: Db,
  id: number,
  version: number,
  set: Partial<typeof offices.$inferInsert>,
): Promise<OfficeRow | undefined> {
  const [row] = await db
    .update(offices)
    .set({ ...set, version: sql`${offices.version} + 1` })
    .where(and(eq(offices.id, id), eq(offices.version, version)))
    .returning();
  return row;
}

/** An organisation's municipality and names (undefined when there is none). */
export async function organisationOf(db: Db, organisationId: number) {
  const [row] = await db
    .select({
      municipalityId: organisations.municipalityId,
      nameRu: organisations.nameRu,
      nameEn: organisations.nameEn,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row;
}

// ---- Points ----

/** Every point of an office (inactive too), with its services (names) and operators (names). */
export async function pointsOfOffice(db: Db, officeId: number) {
  const [points, services, operators] = await Promise.all([
    db.select().from(servicePoints).where(eq(servicePoints.officeId, officeId)).orderBy(asc(servicePoints.id)),
    db
      .select({
        pointId: servicePointServices.pointId,
        serviceId: servicePointServices.serviceId,
        slotMinutes: servicePointServices.slotMinutes,
        name: appointmentServices.name,
        letter: appointmentServices.letter,
      })
      .from(servicePointServices)
      .innerJoin(servicePoints, eq(servicePoints.id, servicePointServices.pointId))
      .innerJoin(appointmentServices, eq(appointmentServices.id, servicePointServices.serviceId))
      .where(eq(servicePoints.officeId, officeId))
      .orderBy(asc(servicePointServices.serviceId)),
    db
      .select({ pointId: servicePointOperators.pointId, userId: servicePointOperators.userId })
      .from(servicePointOperators)
      .innerJoin(servicePoints, eq(servicePoints.id, servicePointOperators.pointId))
      .where(eq(servicePoints.officeId, officeId))
      .orderBy(asc(servicePointOperators.userId)),
  ]);
  return points.map((p) => ({
    point: p,
    services: services.filter((s) => s.pointId === p.id),
    operatorIds: operators.filter((o) => o.pointId === p.id).map((o) => o.userId),
  }));
}

/** The staff and supervisors of an organisation (the operators one may choose), with their names. */
export async function organisationStaff(db: Db, organisationId: number) {
  return db
    .select({ id: users.id, role: users.role, login: users.login, fullName: userPersonal.fullName })
    .from(users)
    .leftJoin(userPersonal, eq(userPersonal.userId, users.id))
    .where(
      and(
        eq(users.organisationId, organisationId),
        inArray(users.role, ['org_staff', 'org_supervisor']),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.id));
}

export async function getPoint(db: Db, id: number): Promise<PointRow | undefined> {
  const [row] = await db.select().from(servicePoints).where(eq(servicePoints.id, id));
  return row;
}

export async function insertPoint(db: Db, values: typeof servicePoints.$inferInsert): Promise<PointRow> {
  const [row] = await db.insert(servicePoints).values(values).returning();
  return row;
}

export async function updatePoint(
  db: Db,
  id: number,
  version: number,
  set: Partial<typeof servicePoints.$inferInsert>,
): Promise<PointRow | undefined> {
  const [row] = await db
    .update(servicePoints)
    .set({ ...set, version: sql`${servicePoints.version} + 1` })
    .where(and(eq(servicePoints.id, id), eq(servicePoints.version, version)))
    .returning();
  return row;
}

/** What a point gives, all at once. */
export async function replacePointServices(
  db: Db,
  pointId: number,
  services: readonly { serviceId: number; slotMinutes: number }[],
): Promise<void> {
  await db.delete(servicePointServices).where(eq(servicePointServices.pointId, pointId));
  if (services.length > 0) await db.insert(servicePointServices).values(services.map((s) => ({ pointId, ...s })));
}

/** Who works at a point, all at once. */
export async function replacePointOperators(db: Db, pointId: number, userIds: readonly number[]): Promise<void> {
  await db.delete(servicePointOperators).where(eq(servicePointOperators.pointId, pointId));
  if (userIds.length > 0) await db.insert(servicePointOperators).values(userIds.map((userId) => ({ pointId, userId })));
}

/** Accounts as the operators' check needs them (role and organisation). */
export async function accountsOf(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, role: users.role, organisationId: users.organisationId, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** Services of a municipality's catalogue among these ids. */
export async function servicesAmong(db: Db, municipalityId: number, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: appointmentServices.id })
    .from(appointmentServices)
    .where(and(eq(appointmentServices.municipalityId, municipalityId), inArray(appointmentServices.id, [...ids])));
}

// ---- Exceptions ----

export async function exceptionsOfOffice(db: Db, officeId: number, from: string, to: string) {
  return db
    .select()
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.officeId, officeId),
        gte(scheduleExceptions.date, from),
        lte(scheduleExceptions.date, to),
      ),
    )
    .orderBy(asc(scheduleExceptions.date), asc(scheduleExceptions.id));
}

export async function insertException(db: Db, values: typeof scheduleExceptions.$inferInsert): Promise<ExceptionRow> {
  const [row] = await db.insert(scheduleExceptions).values(values).returning();
  return row;
}

export async function deleteException(db: Db, officeId: number, id: number): Promise<ExceptionRow | undefined> {
  const [row] = await db
    .delete(scheduleExceptions)
    .where(and(eq(scheduleExceptions.officeId, officeId), eq(scheduleExceptions.id, id)))
    .returning();
  return row;
}

// ---- Appointments a change takes time from ----

/** The office's booked appointments starting at or after `from` (those an office's change may cancel). */
export async function bookedAppointmentsFrom(db: Db, officeId: number, from: Date) {
  return db
    .select({
      id: appointments.id,
      pointId: appointments.pointId,
      serviceId: appointments.serviceId,
      userId: appointments.userId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      municipalityId: appointments.municipalityId,
    })
    .from(appointments)
    .where(and(eq(appointments.officeId, officeId), eq(appointments.status, 'booked'), gt(appointments.startsAt, from)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
}

/** Cancel booked appointments by the office: each closed, a queue event (who, why) per appointment. */
export async function cancelByOffice(
  db: Db,
  o: { officeId: number; ids: readonly number[]; actorId: number; reason: string; now: Date },
): Promise<number[]> {
  if (o.ids.length === 0) return [];
  const cancelled = await db
    .update(appointments)
    .set({ status: 'cancelled', closedAt: o.now, updatedAt: o.now, version: sql`${appointments.version} + 1` })
    .where(and(inArray(appointments.id, [...o.ids]), eq(appointments.status, 'booked')))
    .returning({ id: appointments.id, pointId: appointments.pointId });
  if (cancelled.length > 0)
    await insertQueueEvents(
      db,
      cancelled.map((a) => ({
        officeId: o.officeId,
        appointmentId: a.id,
        step: 'cancel' as const,
        actorId: o.actorId,
        fromStatus: 'booked',
        toStatus: 'cancelled',
        pointId: a.pointId,
        note: o.reason,
        data: { by: 'office' },
        at: o.now,
      })),
    );
  return cancelled.map((a) => a.id);
}

/** Names of services by id (the notices name the service). */
export async function serviceNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: appointmentServices.id, name: appointmentServices.name })
    .from(appointmentServices)
    .where(inArray(appointmentServices.id, [...ids]));
}

// ---- The catalogue of services one books ----

export async function listAppointmentServices(db: Db, municipalityId: number) {
  return db
    .select()
    .from(appointmentServices)
    .where(eq(appointmentServices.municipalityId, municipalityId))
    .orderBy(asc(appointmentServices.id));
}

export async function getAppointmentService(db: Db, id: number): Promise<AppointmentServiceRow | undefined> {
  const [row] = await db.select().from(appointmentServices).where(eq(appointmentServices.id, id));
  return row;
}

export async function insertAppointmentService(
  db: Db,
  values: typeof appointmentServices.$inferInsert,
): Promise<AppointmentServiceRow> {
  const [row] = await db.insert(appointmentServices).values(values).returning();
  return row;
}

export async function updateAppointmentService(
  db: Db,
  id: number,
  version: number,
  set: Partial<typeof appointmentServices.$inferInsert>,
): Promise<AppointmentServiceRow | undefined> {
  const [row] = await db
    .update(appointmentServices)
    .set({ ...set, version: sql`${appointmentServices.version} + 1` })
    .where(and(eq(appointmentServices.id, id), eq(appointmentServices.version, version)))
    .returning();
  return row;
}

/** An e-service's municipality (null when there is none). */
export async function eserviceMunicipality(db: Db, id: number): Promise<number | null> {
  const [row] = await db.select({ m: eservices.municipalityId }).from(eservices).where(eq(eservices.id, id));
  return row?.m ?? null;
}

/** Points of other offices giving this service are unaffected by the catalogue; these give it. */
export async function pointsGiving(db: Db, serviceId: number): Promise<{ pointId: number; officeId: number }[]> {
  return db
    .select({ pointId: servicePoints.id, officeId: servicePoints.officeId })
    .from(servicePointServices)
    .innerJoin(servicePoints, eq(servicePoints.id, servicePointServices.pointId))
    .where(eq(servicePointServices.serviceId, serviceId));
}

// ---- The trail ----

export type OfficeChange = typeof officeChanges.$inferInsert;

export async function recordOfficeChange(db: Db, change: OfficeChange): Promise<void> {
  await db.insert(officeChanges).values(change);
}

/** The latest changes of an office, newest first. */
export async function officeChangesOf(db: Db, officeId: number, limit = 50) {
  return db
    .select({
      id: officeChanges.id,
      subject: officeChanges.subject,
      subjectId: officeChanges.subjectId,
      action: officeChanges.action,
      changes: officeChanges.changes,
      reason: officeChanges.reason,
      cancelledAppointments: officeChanges.cancelledAppointments,
      actorId: officeChanges.actorId,
      actorLogin: users.login,
      at: officeChanges.at,
    })
    .from(officeChanges)
    .innerJoin(users, eq(users.id, officeChanges.actorId))
    .where(eq(officeChanges.officeId, officeId))
    .orderBy(sql`${officeChanges.id} desc`)
    .limit(limit);
}
