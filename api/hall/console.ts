/**
 * The operator's console: a point's current client and its queue, calling the next client (never
 * the same one for two operators calling at once), and each step of a ticket under its row lock with
 * its version checked. Every step is a queue event, announced to the hall and the consoles.
 */
import { type AccessContext, recordAccess } from '../../db/queries/audit.ts';
import {
  currentTicketAt,
  getAppointment,
  lockAppointment,
  lockPoint,
  lockTicket,
  lockWaitingTicket,
  officePoints,
  personOf,
  pointServices,
  pointsOperatedBy,
  servicesByIds,
  type Ticket,
  updateAppointment,
  updateTicket,
  waitingTickets,
} from '../../db/queries/hall.ts';
import { insertQueueEvents } from '../../db/queries/queue-events.ts';
import type { Office } from '../../db/queries/offices.ts';
import { nextAppointmentStatus } from '../../dispatch/appointments.ts';
import {
  allowedTicketSteps,
  mayMarkNoShow,
  nextTicketStatus,
  nextToCall,
  type TicketStatus,
  type TicketStep,
  type WaitingTicket,
} from '../../dispatch/hall.ts';
import { localDate, type Texts } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, Unprocessable } from '../errors.ts';
import { officeResource, operablePoint, operableTicket } from './records.ts';

const MINUTE = 60_000;

/** The services a point gives. */
async function pointServiceIds(ctx: Context, pointId: number): Promise<Set<number>> {
  return new Set(await pointServices(ctx.db, pointId));
}

const waitingOf = (t: Ticket): WaitingTicket => ({
  id: t.id,
  serviceId: t.serviceId,
  kind: t.kind,
  dueAt: t.dueAt.getTime(),
  arrivedAt: t.arrivedAt.getTime(),
  redirectedTo: t.pointId,
});

export type ConsoleView = Awaited<ReturnType<typeof consoleView>>;

/** A point's console: its services, its current client (the name and phone of a booked one), its queue. */
export async function consoleView(ctx: Context, pointId: number, audit: (at: Date) => AccessContext) {
  const { point, office, timeZone } = await operablePoint(ctx, pointId);
  const now = ctx.clock();
  const day = localDate(now, timeZone);
  const serviceIds = await pointServiceIds(ctx, pointId);
  const [current, waiting, points] = await Promise.all([
    currentTicketAt(ctx.db, pointId),
    waitingTickets(ctx.db, office.id, day),
    officePoints(ctx.db, office.id),
  ]);
  const mine = waiting.filter((t) => (t.pointId === null && serviceIds.has(t.serviceId)) || t.pointId === pointId);
  const services = await servicesByIds(ctx.db, [...new Set([...serviceIds, ...(current ? [current.serviceId] : [])])]);
  return {
    point: { id: point.id, label: point.label, officeId: office.id },
    office: { id: office.id, name: office.name as Texts, timeZone },
    services: services.map((s) => ({ id: s.id, name: s.name, letter: s.letter })),
    current: current ? await currentOf(ctx, office, current, audit) : null,
    waiting: mine.map((t) => ({
      ticketId: t.id,
      number: t.number,
      serviceId: t.serviceId,
      kind: t.kind,
      redirected: t.pointId === pointId,
      dueAt: t.dueAt.toISOString(),
      arrivedAt: t.arrivedAt.toISOString(),
      waitedMinutes: Math.max(0, Math.floor((now.getTime() - t.arrivedAt.getTime()) / MINUTE)),
    })),
    otherPoints: points.filter((p) => p.id !== pointId).map((p) => ({ id: p.id, label: p.label })),
    now: now.toISOString(),
  };
}

/** The current client as the console shows it; a booked client's name and phone when the actor may read them (recorded). */
async function currentOf(ctx: Context, office: Office, t: Ticket, audit: (at: Date) => AccessContext) {
  let person: { fullName: string | null; phone: string | null } | null = null;
  if (t.appointmentId !== null) {
    const a = await getAppointment(ctx.db, t.appointmentId);
    const resource = { ...officeResource(office), ownerId: a?.userId ?? null };
    if (a && can(ctx.actor, 'appointment.read_personal', resource)) {
      person = await personOf(ctx.db, a.userId);
      await recordAccess(ctx.db, audit(ctx.clock()), [
        { kind: 'appointment.read_personal', subjectUserId: a.userId, record: `appointment:${a.id}` },
      ]);
    }
  }
  return {
    ticketId: t.id,
    number: t.number,
    serviceId: t.serviceId,
    kind: t.kind,
    status: t.status,
    version: t.version,
    calls: t.calls,
    calledAt: t.calledAt?.toISOString() ?? null,
    startedAt: t.startedAt?.toISOString() ?? null,
    lateMinutes: t.lateMinutes,
    allowed: allowedTicketSteps(t.status),
    noShowFrom: t.calledAt ? new Date(t.calledAt.getTime() + office.rules.noShowMinutes * MINUTE).toISOString() : null,
    person,
  };
}

/** The points the actor operates (the console's choice). */
export async function myPoints(ctx: Context) {
  const actor = signedInActor(ctx);
  const rows = await pointsOperatedBy(ctx.db, actor.userId);
  return rows.map((r) => ({ id: r.id, label: r.label, office: { id: r.officeId, name: r.officeName } }));
}

/**
 * Call the next client to the point, in one transaction: the point locked (one call at a time per
 * window), refused while its current client is not finished; the next by the office's rule among
 * the day's waiting tickets of its services, whose row lock is taken with SKIP LOCKED. When another
 * operator's call holds the chosen ticket, it is left to them and the next one is chosen. Null when
 * nobody waits.
 */
export async function callNext(ctx: Context, pointId: number): Promise<Ticket | null> {
  const { office, timeZone } = await operablePoint(ctx, pointId);
  return inTransaction(ctx, async (tx) => {
    await lockPoint(tx.db, pointId);
    const current = await currentTicketAt(tx.db, pointId);
    if (current)
      throw new Conflict(
        { id: 'hall.point_busy' },
        { code: 'point_busy', ticket: { id: current.id, number: current.number, status: current.status } },
      );
    const now = tx.clock();
    const day = localDate(now, timeZone);
    const serviceIds = await pointServiceIds(tx, pointId);
    let candidates = (await waitingTickets(tx.db, office.id, day)).map(waitingOf);
    for (;;) {
      const next = nextToCall(candidates, { id: pointId, serviceIds }, now.getTime(), office.rules.callRule);
      if (!next) return null;
      const locked = await lockWaitingTicket(tx.db, next.id);
      if (!locked) {
        candidates = candidates.filter((c) => c.id !== next.id);
        continue;
      }
      const called = await updateTicket(tx.db, locked.id, {
        status: 'called',
        pointId,
        operatorId: tx.actor?.userId ?? null,
        calledAt: now,
        calls: locked.calls + 1,
      });
      await insertQueueEvents(tx.db, [
        {
          officeId: office.id,
          ticketId: locked.id,
          appointmentId: locked.appointmentId,
          step: 'call',
          actorId: tx.actor?.userId ?? null,
          fromStatus: 'waiting',
          toStatus: 'called',
          pointId,
          at: now,
        },
      ]);
      return called;
    }
  });
}

export type StepInput = { version: number; pointId?: number; note?: string };

/** What a step changes on the ticket (the status aside). */
async function stepChange(tx: Context, office: Office, t: Ticket, step: TicketStep, input: StepInput) {
  const now = tx.clock();
  switch (step) {
    case 'recall':
      return { calledAt: now, calls: t.calls + 1 };
    case 'start':
      return { startedAt: now };
    case 'finish':
      return { finishedAt: now };
    case 'no_show': {
      const from = new Date(t.calledAt!.getTime() + office.rules.noShowMinutes * MINUTE);
      if (!mayMarkNoShow(t.calledAt!.getTime(), now.getTime(), office.rules))
        throw new Conflict(
          { id: 'hall.ticket.no_show_too_soon', params: { at: from.toISOString() } },
          { code: 'too_soon', noShowFrom: from.toISOString(), allowed: allowedTicketSteps(t.status) },
        );
      return { finishedAt: now };
    }
    case 'redirect': {
      const refuse = (id: 'hall.redirect.point_needed' | 'hall.redirect.point_invalid') =>
        new Unprocessable({ id: 'hall.redirect.invalid' }, [{ field: 'pointId', reason: { id } }]);
      if (input.pointId === undefined) throw refuse('hall.redirect.point_needed');
      const points = await officePoints(tx.db, office.id);
      if (input.pointId === t.pointId || !points.some((p) => p.id === input.pointId))
        throw refuse('hall.redirect.point_invalid');
      return { pointId: input.pointId, operatorId: null, startedAt: null };
    }
    default:
      return {};
  }
}

/**
 * A step of a ticket from the console (recall, start, finish, no_show, redirect): under the ticket's
 * lock, the version the console read (stale → 409 with what is allowed now), a step the table allows
 * (else 409 with `allowed`), a no-show only after the office's minutes. Finishing serves the
 * appointment; a no-show misses it.
 */
export async function takeTicketStep(ctx: Context, ticketId: number, step: TicketStep, input: StepInput) {
  const { office } = await operableTicket(ctx, ticketId);
  return inTransaction(ctx, async (tx) => {
    const t = (await lockTicket(tx.db, ticketId))!;
    const allowed = allowedTicketSteps(t.status);
    if (input.version !== t.version)
      throw new Conflict(
        { id: 'hall.ticket.changed_meanwhile' },
        { code: 'stale', currentVersion: t.version, currentStatus: t.status, allowed },
      );
    const to = nextTicketStatus(t.status, step);
    if (!to)
      throw new Conflict(
        { id: 'hall.ticket.step_not_allowed', params: { step, status: t.status } },
        { code: 'invalid_transition', currentStatus: t.status, allowed },
      );
    const change = await stepChange(tx, office, t, step, input);
    const now = tx.clock();
    const updated = await updateTicket(tx.db, t.id, { ...change, status: to as TicketStatus });
    const actorId = tx.actor?.userId ?? null;
    await insertQueueEvents(tx.db, [
      {
        officeId: office.id,
        ticketId: t.id,
        appointmentId: t.appointmentId,
        step,
        actorId,
        fromStatus: t.status,
        toStatus: to,
        pointId: step === 'redirect' ? input.pointId! : t.pointId,
        note: input.note ?? null,
        at: now,
        data: step === 'redirect' ? { fromPointId: t.pointId } : {},
      },
    ]);
    if (t.appointmentId !== null && (step === 'finish' || step === 'no_show'))
      await closeAppointment(tx, office, t.appointmentId, step === 'finish' ? 'serve' : 'miss', input.note ?? null);
    return { ticket: updated, allowed: allowedTicketSteps(updated.status) };
  });
}

/** The appointment of a finished ticket is served; of a no-show, missed (each with its event). */
async function closeAppointment(tx: Context, office: Office, id: number, step: 'serve' | 'miss', note: string | null) {
  const a = await lockAppointment(tx.db, id);
  const to = a && nextAppointmentStatus(a.status, step);
  if (!a || !to) return;
  const now = tx.clock();
  await updateAppointment(tx.db, a.id, { status: to, closedAt: now, updatedAt: now });
  await insertQueueEvents(tx.db, [
    {
      officeId: office.id,
      appointmentId: a.id,
      step,
      actorId: tx.actor?.userId ?? null,
      fromStatus: a.status,
      toStatus: to,
      note,
      at: now,
    },
  ]);
}
