/**
 * Arrival: the office's kiosk key, the kiosk's screen, check-in by booking code (at the kiosk or
 * the reception desk) and walk-in tickets. Every ticket is numbered from the day's counter of its
 * letter (hall_ticket_numbers), and every step is a queue event.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  insertTicket,
  lockAppointmentByCode,
  nextTicketSeq,
  servicesByIds,
  setKioskKeyHash,
  type Ticket,
  updateAppointment,
  waitingAhead,
} from '../../db/queries/hall.ts';
import { insertQueueEvents } from '../../db/queries/queue-events.ts';
import type { Office } from '../../db/queries/offices.ts';
import { officeSchedule } from '../../db/queries/offices.ts';
import { nextAppointmentStatus, normaliseBookingCode } from '../../dispatch/appointments.ts';
import { checkInTiming, ticketNumber } from '../../dispatch/hall.ts';
import { localDate, type Texts } from '../../dispatch/eservices.ts';
import { expectedWaitMinutes, openPointsAt } from '../../dispatch/hall.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { loadOffice, operableOffice } from './records.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Issue a new kiosk key for the office: shown once; only its hash is kept, and who issued it when. */
export async function issueKioskKey(ctx: Context, officeId: number): Promise<{ key: string; issuedAt: string }> {
  await operableOffice(ctx, officeId, 'office.manage');
  const key = randomBytes(24).toString('base64url');
  const now = ctx.clock();
  await inTransaction(ctx, async (tx) => {
    await setKioskKeyHash(tx.db, officeId, sha256(key), now);
    await insertQueueEvents(tx.db, [
      { officeId, step: 'kiosk_key', actorId: tx.actor?.userId ?? null, note: 'kiosk key issued', at: now },
    ]);
  });
  return { key, issuedAt: now.toISOString() };
}

/** The office whose kiosk presents this key: 401 for a missing or wrong key (compared in constant time). */
export async function kioskOffice(ctx: Context, officeId: number, key: string | undefined) {
  const row = await loadOffice(ctx, officeId).catch((err) => {
    // An office that does not exist has no key either: the same 401 as a wrong key.
    if (err instanceof NotFound) return null;
    throw err;
  });
  const stored = row?.office.kioskKeyHash ?? null;
  // Both are SHA-256 digests: equal lengths, compared in constant time.
  const matches =
    stored !== null && !!key && timingSafeEqual(Buffer.from(sha256(key), 'hex'), Buffer.from(stored, 'hex'));
  if (!matches || !row) throw new Unauthorized({ id: 'hall.kiosk_key' });
  return row;
}

/** What a walk-in may take now: the services of the points open at this moment (none when walk-ins are off). */
async function walkInServices(ctx: Context, office: Office, timeZone: string) {
  const now = ctx.clock().getTime();
  const today = localDate(new Date(now), timeZone);
  const schedule = (await officeSchedule(ctx.db, office.id, today, today))!;
  const open = openPointsAt(schedule.calendar, schedule.points, schedule.exceptions, today, now);
  const slots = new Map<number, number[]>();
  for (const p of open)
    for (const s of p.services) slots.set(s.serviceId, [...(slots.get(s.serviceId) ?? []), s.slotMinutes]);
  const services = (await servicesByIds(ctx.db, [...slots.keys()])).filter((s) => s.active);
  return { today, open: open.length > 0, services, slots };
}

export type KioskView = {
  office: { id: number; name: Texts };
  walkIns: boolean;
  open: boolean;
  services: { id: number; name: Texts; letter: string }[];
};

export async function kioskView(ctx: Context, officeId: number, key: string | undefined): Promise<KioskView> {
  const { office, timeZone } = await kioskOffice(ctx, officeId, key);
  const w = await walkInServices(ctx, office, timeZone);
  return {
    office: { id: office.id, name: office.name },
    walkIns: office.rules.walkIns,
    open: w.open,
    services: office.rules.walkIns ? w.services.map((s) => ({ id: s.id, name: s.name, letter: s.letter })) : [],
  };
}

export type IssuedTicket = {
  ticket: { id: number; number: string; kind: 'booked' | 'walk_in'; issuedAt: string; lateMinutes: number | null };
  service: { id: number; name: Texts; letter: string };
  ahead: number;
  expectedWaitMinutes: number;
};

/** Number and write a waiting ticket with its 'issue' event, and say how many wait before it. */
async function issueTicket(
  tx: Context,
  o: {
    officeId: number;
    day: string;
    serviceId: number;
    kind: 'booked' | 'walk_in';
    dueAt: Date;
    appointmentId?: number;
    lateMinutes?: number;
  },
): Promise<{ ticket: Ticket; answer: IssuedTicket }> {
  const now = tx.clock();
  const [service] = await servicesByIds(tx.db, [o.serviceId]);
  const seq = await nextTicketSeq(tx.db, o.officeId, o.day, service.letter);
  const ticket = await insertTicket(tx.db, {
    officeId: o.officeId,
    day: o.day,
    letter: service.letter,
    seq,
    number: ticketNumber(service.letter, seq),
    appointmentId: o.appointmentId ?? null,
    serviceId: o.serviceId,
    kind: o.kind,
    dueAt: o.dueAt,
    arrivedAt: now,
    lateMinutes: o.lateMinutes ?? null,
  });
  await insertQueueEvents(tx.db, [
    {
      officeId: o.officeId,
      ticketId: ticket.id,
      appointmentId: ticket.appointmentId,
      step: 'issue',
      actorId: tx.actor?.userId ?? null,
      toStatus: 'waiting',
      at: now,
    },
  ]);
  const ahead = await waitingAhead(tx.db, ticket);
  const schedule = await officeSchedule(tx.db, o.officeId, o.day, o.day);
  const slots = (schedule?.points ?? []).flatMap((p) =>
    p.services.filter((s) => s.serviceId === o.serviceId).map((s) => s.slotMinutes),
  );
  return {
    ticket,
    answer: {
      ticket: {
        id: ticket.id,
        number: ticket.number,
        kind: ticket.kind,
        issuedAt: now.toISOString(),
        lateMinutes: ticket.lateMinutes,
      },
      service: { id: service.id, name: service.name, letter: service.letter },
      ahead,
      expectedWaitMinutes: expectedWaitMinutes(ahead, slots),
    },
  };
}

const codeProblem = (reason: Parameters<typeof codeReason>[0]) =>
  new Unprocessable({ id: 'hall.check_in.invalid' }, [{ field: 'code', reason: codeReason(reason) }]);
const codeReason = (id: 'hall.check_in.unknown_code' | 'hall.check_in.other_office' | 'hall.check_in.not_today') => ({
  id,
});

/**
 * Check a booked client in by their code: this office's, today's, still booked. Too early is a 422
 * saying when check-in opens; on time gives a booked ticket due at the slot; late queues a walk-in
 * ticket with the minutes late recorded (and a 'late' event).
 */
export async function checkIn(ctx: Context, office: Office, timeZone: string, typed: string): Promise<IssuedTicket> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock();
    const today = localDate(now, timeZone);
    const a = await lockAppointmentByCode(tx.db, normaliseBookingCode(typed));
    if (!a) throw codeProblem('hall.check_in.unknown_code');
    if (a.officeId !== office.id) throw codeProblem('hall.check_in.other_office');
    if (localDate(a.startsAt, timeZone) !== today) throw codeProblem('hall.check_in.not_today');
    const to = nextAppointmentStatus(a.status, 'check_in');
    if (!to) throw new Conflict({ id: 'hall.check_in.not_booked' }, { appointment: { status: a.status } });
    const timing = checkInTiming(a.startsAt.getTime(), now.getTime(), office.rules);
    if (timing.kind === 'too_early') {
      const opensAt = new Date(timing.opensAt).toISOString();
      throw new HttpProblem(
        422,
        'unprocessable',
        { id: 'hall.check_in.invalid' },
        {
          errors: [{ field: 'code', reason: { id: 'hall.check_in.too_early', params: { opensAt } } }],
          extra: { opensAt },
        },
      );
    }
    const lateMinutes = timing.kind === 'late' ? timing.lateMinutes : null;
    await updateAppointment(tx.db, a.id, { status: to, checkedInAt: now, lateMinutes, updatedAt: now });
    const actorId = tx.actor?.userId ?? null;
    await insertQueueEvents(tx.db, [
      {
        officeId: office.id,
        appointmentId: a.id,
        step: 'check_in',
        actorId,
        fromStatus: a.status,
        toStatus: to,
        at: now,
        data: { via: actorId ? 'desk' : 'kiosk' },
      },
      ...(lateMinutes !== null
        ? [{ officeId: office.id, appointmentId: a.id, step: 'late' as const, actorId, at: now, data: { lateMinutes } }]
        : []),
    ]);
    const issued = await issueTicket(tx, {
      officeId: office.id,
      day: today,
      serviceId: a.serviceId,
      kind: lateMinutes === null ? 'booked' : 'walk_in',
      dueAt: lateMinutes === null ? a.startsAt : now,
      appointmentId: a.id,
      lateMinutes: lateMinutes ?? undefined,
    });
    return issued.answer;
  });
}

/** The reception desk checks a client in (hall.operate on the office). */
export async function checkInAtDesk(ctx: Context, officeId: number, code: string): Promise<IssuedTicket> {
  const { office, timeZone } = await operableOffice(ctx, officeId);
  return checkIn(ctx, office, timeZone, code);
}

/** A walk-in's ticket from the kiosk: the office takes walk-ins, is open now, and gives the service now. */
export async function walkIn(ctx: Context, office: Office, timeZone: string, serviceId: number): Promise<IssuedTicket> {
  const refuse = (id: 'hall.walk_in.off' | 'hall.walk_in.closed' | 'hall.walk_in.not_provided') =>
    new Unprocessable({ id: 'hall.walk_in.invalid' }, [{ field: 'serviceId', reason: { id } }]);
  if (!office.rules.walkIns) throw refuse('hall.walk_in.off');
  const w = await walkInServices(ctx, office, timeZone);
  if (!w.open) throw refuse('hall.walk_in.closed');
  if (!w.services.some((s) => s.id === serviceId)) throw refuse('hall.walk_in.not_provided');
  return inTransaction(ctx, async (tx) => {
    const issued = await issueTicket(tx, {
      officeId: office.id,
      day: w.today,
      serviceId,
      kind: 'walk_in',
      dueAt: tx.clock(),
    });
    return issued.answer;
  });
}
