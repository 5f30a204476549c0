/**
 * Booking, rescheduling and cancelling an appointment (issue 16). The database holds the promise that
 * no slot is booked twice: each write of a time is tried in a savepoint, and the exclusion constraint
 * `appointments_no_overlap` (SQLSTATE 23P01) sends it to the next free point at that time; when none
 * is left the answer is 409 with the nearest free times. The person's row lock makes their limits hold.
 */
import { randomBytes } from 'node:crypto';
import {
  type Appointment,
  type AppointmentService,
  applicationByNumber,
  findAppointmentByKey,
  getAppointmentService,
  insertAppointment,
  liveAppointmentsOf,
  lockAppointment,
  lockPerson,
  pointLoads,
  updateAppointment,
} from '../../db/queries/appointments.ts';
import { insertQueueEvents } from '../../db/queries/queue-events.ts';
import type { OfficeSchedule } from '../../db/queries/offices.ts';
import {
  bookingCode,
  bookingProblem,
  DEFAULT_OFFICE_RULES,
  lastBookableDate,
  limitProblem,
  mayChange,
  nearestTimes,
  reminderSchedule,
  type Slot,
} from '../../dispatch/appointments.ts';
import { addDays, localDate, openStatuses } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import { enqueueMany } from '../../jobs/queues.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, HttpProblem, NotFound, Unprocessable } from '../errors.ts';
import { noticeFacts, notifyAppointment } from './notices.ts';
import { appointmentResource, loadAppointment } from './read.ts';
import { dayBounds, freeSlotsByDay, isHoliday, windowSchedule } from './offices.ts';
import type { BookInput } from './schemas.ts';

const MINUTE = 60_000;
/** A 409's alternatives: this many free start times. */
const ALTERNATIVES = 3;

const invalid = (field: string, reason: Parameters<typeof fieldReason>[0], max?: number) =>
  new Unprocessable({ id: 'appointment.invalid' }, [{ field, reason: fieldReason(reason, max) }]);

function fieldReason(reason: string, max?: number) {
  if (reason === 'too_many') return { id: 'appointment.field.too_many' as const, params: { max: max ?? 0 } };
  return { id: `appointment.field.${reason}` } as { id: 'appointment.field.past' };
}

/** The SQLSTATE of an error or of its cause (drizzle wraps the driver's). */
function sqlState(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: string }).code;
    if (code && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}
/**
 * Two transactions inserting overlapping times at once may each wait for the other's index entry
 * (the exclusion constraint's check): PostgreSQL breaks the cycle by failing one with 40P01. Its
 * savepoint rolls back and the same window is tried again: the other's commit then refuses it (23P01).
 */
const DEADLOCK_RETRIES = 3;
function uniqueRefused(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === '23505') return pg.constraint_name ?? '';
  }
  return null;
}

type Scene = { schedule: OfficeSchedule; service: AppointmentService; start: number };

/** The office and service of a booking and the wanted time checked against the schedule (422s). */
async function bookingScene(ctx: Context, officeId: number, serviceId: number, startsAt: string): Promise<Scene> {
  const now = ctx.clock().getTime();
  const service = await getAppointmentService(ctx.db, serviceId);
  const w = await windowSchedule(ctx, officeId, now);
  if (!w) throw invalid('body.officeId', 'office_unknown');
  if (!service?.active || service.municipalityId !== w.schedule.office.municipalityId)
    throw invalid('body.serviceId', 'service_unknown');
  const start = Date.parse(startsAt);
  const problem = bookingProblem({ ...w.schedule, serviceId, start, now, holiday: isHoliday });
  if (problem === 'not_provided') throw invalid('body.serviceId', problem);
  if (problem) throw invalid('body.startsAt', problem);
  return { schedule: w.schedule, service, start };
}

/** The application a visit is about: the person's own, ready to collect or open to hand in. */
async function applicationFor(ctx: Context, service: AppointmentService, number: string | undefined) {
  if (!number) return null;
  const field = 'body.applicationNumber';
  const a = await applicationByNumber(ctx.db, service.municipalityId, number);
  if (!a || a.applicantId !== ctx.actor?.userId) throw invalid(field, 'application_unknown');
  if (service.eserviceId && a.serviceId !== service.eserviceId) throw invalid(field, 'application_other_service');
  if (service.purpose === 'collect' && a.status !== 'ready') throw invalid(field, 'application_not_ready');
  if (service.purpose !== 'collect' && !openStatuses.includes(a.status)) throw invalid(field, 'application_closed');
  return a.id;
}

/** Up to ALTERNATIVES free times: the nearest on the wanted day, then the first of the days after. */
async function alternatives(tx: Context, s: Scene, now: number) {
  const { calendar, rules } = s.schedule;
  const date = localDate(new Date(s.start), calendar.timeZone);
  const last = lastBookableDate(calendar, rules, now);
  const byDay = await freeSlotsByDay(tx, s.schedule, s.service.id, date, last, now);
  const found: number[] = nearestTimes(byDay.get(date) ?? [], s.start, ALTERNATIVES);
  for (let d = addDays(date, 1); d <= last && found.length < ALTERNATIVES; d = addDays(d, 1)) {
    const starts = [...new Set((byDay.get(d) ?? []).map((x) => x.start))].sort((a, b) => a - b);
    found.push(...starts.slice(0, ALTERNATIVES - found.length));
  }
  // The nearest chosen, then shown in the order of the day.
  return found
    .sort((a, b) => a - b)
    .map((t) => ({ startsAt: new Date(t).toISOString(), date: localDate(new Date(t), calendar.timeZone) }));
}

/**
 * Write the wanted time at the least loaded point free then, each try in a savepoint: a point taken
 * meanwhile (23P01) sends it to the next. None left: 409 with the alternatives.
 */
async function takeSlot(
  tx: Context,
  s: Scene,
  write: (db: Context['db'], slot: Slot) => Promise<Appointment>,
): Promise<Appointment> {
  const now = tx.clock().getTime();
  const tz = s.schedule.calendar.timeZone;
  const date = localDate(new Date(s.start), tz);
  const byDay = await freeSlotsByDay(tx, s.schedule, s.service.id, date, date, now);
  const candidates = (byDay.get(date) ?? []).filter((x) => x.start === s.start);
  const [from, to] = dayBounds(tz, date);
  const loads = await pointLoads(
    tx.db,
    candidates.map((c) => c.pointId),
    from,
    to,
  );
  candidates.sort((a, b) => (loads.get(a.pointId) ?? 0) - (loads.get(b.pointId) ?? 0) || a.pointId - b.pointId);
  for (const slot of candidates) {
    for (let attempt = 0; attempt < DEADLOCK_RETRIES; attempt++) {
      try {
        return await tx.db.transaction((sp) => write(sp, slot));
      } catch (err) {
        const state = sqlState(err);
        if (state === '23P01') break;
        if (state !== '40P01') throw err;
      }
    }
  }
  throw new HttpProblem(
    409,
    'conflict',
    { id: 'appointment.slot_taken' },
    {
      extra: { alternatives: await alternatives(tx, s, now) },
    },
  );
}

/** Reminders of the appointment's start, each a job due at its time (in the caller's transaction, one round trip). */
async function scheduleReminders(tx: Context, a: Appointment, timeZone: string): Promise<void> {
  const startsAt = a.startsAt.toISOString();
  await enqueueMany(
    tx.boss,
    tx.db,
    'appointment.remind',
    reminderSchedule(a.startsAt.getTime(), tx.clock().getTime(), timeZone).map((r) => ({
      data: { appointmentId: a.id, kind: r.kind, startsAt },
      startAfter: new Date(r.at),
    })),
  );
}

/**
 * Book a time for the signed-in resident. The same Idempotency-Key again answers the appointment it
 * made. Returns the appointment's id.
 */
export async function bookAppointment(ctx: Context, input: BookInput, key: string | undefined): Promise<number> {
  const actor = signedInActor(ctx);
  if (key) {
    const existing = await findAppointmentByKey(ctx.db, actor.userId, key);
    if (existing) return existing.id;
  }
  const s = await bookingScene(ctx, input.officeId, input.serviceId, input.startsAt);
  const applicationId = await applicationFor(ctx, s.service, input.applicationNumber);
  const facts = await noticeFacts(ctx, {
    userId: actor.userId,
    officeId: s.schedule.office.id,
    serviceId: s.service.id,
    municipalityId: s.schedule.office.municipalityId,
  });
  try {
    return await inTransaction(ctx, async (tx) => {
      await lockPerson(tx.db, actor.userId);
      if (key) {
        const existing = await findAppointmentByKey(tx.db, actor.userId, key);
        if (existing) return existing.id;
      }
      const live = await liveAppointmentsOf(tx.db, actor.userId);
      const limit = limitProblem(live, s.service.id, s.schedule.rules);
      if (limit) throw invalid('body.serviceId', limit, s.schedule.rules.maxActivePerPerson);
      const now = tx.clock();
      const a = await takeSlot(tx, s, (db, slot) =>
        insertAppointment(db, {
          municipalityId: s.schedule.office.municipalityId,
          officeId: s.schedule.office.id,
          pointId: slot.pointId,
          serviceId: s.service.id,
          userId: actor.userId,
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
          code: bookingCode(randomBytes(8)),
          applicationId,
          idempotencyKey: key ?? null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await insertQueueEvents(tx.db, [
        {
          officeId: a.officeId,
          appointmentId: a.id,
          step: 'book',
          actorId: actor.userId,
          toStatus: 'booked',
          pointId: a.pointId,
          data: { startsAt: a.startsAt.toISOString() },
          at: now,
        },
      ]);
      await scheduleReminders(tx, a, s.schedule.calendar.timeZone);
      await notifyAppointment(tx, a, 'booked', undefined, facts);
      return a.id;
    });
  } catch (err) {
    const constraint = uniqueRefused(err);
    if (constraint === 'appointments_one_per_service_uq') throw invalid('body.serviceId', 'one_per_service');
    if (constraint === 'appointments_idempotency_uq')
      throw new Unprocessable({ id: 'appointment.invalid' }, [
        { field: 'headers.idempotency-key', reason: { id: 'appointment.field.idempotency_key_taken' } },
      ]);
    throw err;
  }
}

/** The appointment under its row lock, as the actor may change it: the version, booked, the cut-off. */
async function changeable(tx: Context, id: number, version: number, rules: OfficeSchedule['rules']) {
  const a = (await lockAppointment(tx.db, id))!;
  if (a.version !== version) throw new Conflict({ id: 'appointment.stale' }, { currentVersion: a.version });
  if (a.status !== 'booked') throw new Conflict({ id: 'appointment.not_booked' }, { appointmentStatus: a.status });
  const own = tx.actor?.userId === a.userId;
  if (own && !mayChange(a.startsAt.getTime(), tx.clock().getTime(), rules))
    throw new Conflict(
      { id: 'appointment.cutoff_passed', params: { minutes: rules.changeCutoffMinutes } },
      { changeUntil: new Date(a.startsAt.getTime() - rules.changeCutoffMinutes * MINUTE).toISOString() },
    );
  return a;
}

/** The appointment as the actor may change it (404 for one they cannot see, 403 for one they only see). */
async function forChange(ctx: Context, id: number) {
  const { a, office } = await loadAppointment(ctx, id);
  if (!can(ctx.actor, 'appointment.change', appointmentResource(a, office))) throw new NotFound('appointment');
  return a;
}

/** Move an appointment to another free time of its office and service (same checks as booking). */
export async function rescheduleAppointment(ctx: Context, id: number, input: { version: number; startsAt: string }) {
  const before = await forChange(ctx, id);
  const s = await bookingScene(ctx, before.officeId, before.serviceId, input.startsAt);
  await inTransaction(ctx, async (tx) => {
    const a = await changeable(tx, id, input.version, s.schedule.rules);
    const now = tx.clock();
    const after = await takeSlot(tx, s, (db, slot) =>
      updateAppointment(db, a.id, {
        pointId: slot.pointId,
        startsAt: new Date(slot.start),
        endsAt: new Date(slot.end),
        updatedAt: now,
      }),
    );
    await insertQueueEvents(tx.db, [
      {
        officeId: a.officeId,
        appointmentId: a.id,
        step: 'reschedule',
        actorId: tx.actor?.userId ?? null,
        fromStatus: 'booked',
        toStatus: 'booked',
        pointId: after.pointId,
        data: { from: a.startsAt.toISOString(), startsAt: after.startsAt.toISOString() },
        at: now,
      },
    ]);
    await scheduleReminders(tx, after, s.schedule.calendar.timeZone);
    if (tx.actor?.userId !== a.userId) await notifyAppointment(tx, after, 'booked');
  });
}

/** Cancel an appointment: the resident until the cut-off; the office's staff with a reason, the person told. */
export async function cancelAppointment(ctx: Context, id: number, input: { version: number; reason?: string }) {
  const before = await forChange(ctx, id);
  const byOffice = ctx.actor?.userId !== before.userId;
  if (byOffice && !input.reason)
    throw new Unprocessable({ id: 'appointment.reason_needed' }, [
      { field: 'body.reason', reason: { id: 'appointment.field.reason_needed' } },
    ]);
  const w = await windowSchedule(ctx, before.officeId, ctx.clock().getTime());
  const rules = w?.schedule.rules ?? DEFAULT_OFFICE_RULES;
  await inTransaction(ctx, async (tx) => {
    const a = await changeable(tx, id, input.version, rules);
    const now = tx.clock();
    const after = await updateAppointment(tx.db, a.id, { status: 'cancelled', closedAt: now, updatedAt: now });
    await insertQueueEvents(tx.db, [
      {
        officeId: a.officeId,
        appointmentId: a.id,
        step: 'cancel',
        actorId: tx.actor?.userId ?? null,
        fromStatus: 'booked',
        toStatus: 'cancelled',
        pointId: a.pointId,
        note: input.reason ?? null,
        data: { byOffice },
        at: now,
      },
    ]);
    if (byOffice) await notifyAppointment(tx, after, 'cancelled_by_office', input.reason);
  });
}
