/**
 * An office's schedule as dispatch/appointments.ts computes with it: the calendar (its week in its
 * municipality's zone, with the production calendar), its rules, its active points with the services
 * each gives, and the exceptions of a range of days; and the appointments that take a point's time.
 */
import { and, asc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type {
  OfficeCalendar,
  OfficeRules,
  PointSchedule,
  ScheduleException,
  Slot,
} from '../../dispatch/appointments.ts';
import { slotHoldingStatuses } from '../../dispatch/appointments.ts';
import type { LocalDate } from '../../dispatch/eservices.ts';
import type { Db } from '../client.ts';
import {
  appointments,
  municipalities,
  offices,
  scheduleExceptions,
  servicePointServices,
  servicePoints,
} from '../schema/index.ts';

export type Office = typeof offices.$inferSelect;

export type OfficeSchedule = {
  office: Office;
  calendar: OfficeCalendar;
  rules: OfficeRules;
  /** Active points with their services (a point giving none is left out). */
  points: (PointSchedule & { label: string; kind: 'window' | 'cabinet' })[];
  exceptions: (ScheduleException & { id: number; reason: string })[];
};

/** The office's schedule with the exceptions of the days from..to (inclusive); null when there is no such office. */
export async function officeSchedule(
  db: Db,
  officeId: number,
  from: LocalDate,
  to: LocalDate,
): Promise<OfficeSchedule | null> {
  const [row] = await db
    .select({ office: offices, timeZone: municipalities.timeZone })
    .from(offices)
    .innerJoin(municipalities, eq(municipalities.id, offices.municipalityId))
    .where(eq(offices.id, officeId));
  if (!row) return null;
  const [points, services, exceptions] = await Promise.all([
    db
      .select()
      .from(servicePoints)
      .where(and(eq(servicePoints.officeId, officeId), eq(servicePoints.active, true)))
      .orderBy(asc(servicePoints.id)),
    db
      .select({
        pointId: servicePointServices.pointId,
        serviceId: servicePointServices.serviceId,
        slotMinutes: servicePointServices.slotMinutes,
      })
      .from(servicePointServices)
      .innerJoin(servicePoints, eq(servicePoints.id, servicePointServices.pointId))
      .where(eq(servicePoints.officeId, officeId)),
    db
      .select()
      .from(scheduleExceptions)
      .where(
        and(
          eq(scheduleExceptions.officeId, officeId),
          gte(scheduleExceptions.date, from),
          lte(scheduleExceptions.date, to),
        ),
      )
      .orderBy(asc(scheduleExceptions.date), asc(scheduleExceptions.id)),
  ]);
  return {
    office: row.office,
    calendar: { kind: 'working_hours', timeZone: row.timeZone, week: row.office.week, holidays: 'ru' },
    rules: row.office.rules,
    points: points
      .map((p) => ({
        id: p.id,
        label: p.label,
        kind: p.kind,
        week: p.week ?? null,
        services: services
          .filter((s) => s.pointId === p.id)
          .map((s) => ({ serviceId: s.serviceId, slotMinutes: s.slotMinutes })),
      }))
      .filter((p) => p.services.length > 0),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      date: e.date,
      pointId: e.pointId,
      hours: e.hours ?? null,
      reason: e.reason,
    })),
  };
}

/** The time taken at these points in [from, to): appointments whose slot is held (booked, checked in, served). */
export async function busySlots(db: Db, pointIds: readonly number[], from: Date, to: Date): Promise<Slot[]> {
  if (pointIds.length === 0) return [];
  const rows = await db
    .select({ pointId: appointments.pointId, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
    .from(appointments)
    .where(
      and(
        inArray(appointments.pointId, [...pointIds]),
        lt(appointments.startsAt, to),
        sql`${appointments.endsAt} > ${from}`,
        inArray(appointments.status, [...slotHoldingStatuses]),
      ),
    );
  return rows.map((r) => ({ pointId: r.pointId, start: r.startsAt.getTime(), end: r.endsAt.getTime() }));
}
