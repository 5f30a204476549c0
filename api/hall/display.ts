/**
 * The hall display of an office: who is called to which point now and how many wait per service.
 * Public: ticket numbers, points and counts only, never a name, a phone or a booking.
 */
import { servicesByIds, ticketsAtPoints, waitingCounts } from '../../db/queries/hall.ts';
import { officeSchedule } from '../../db/queries/offices.ts';
import type { TicketStatus } from '../../dispatch/hall.ts';
import { localDate, type Texts } from '../../dispatch/eservices.ts';
import type { Context } from '../context.ts';
import { loadOffice } from './records.ts';

/** How many calls the display lists (the newest highlighted). */
export const HALL_ROWS = 8;

export type HallView = {
  office: { id: number; name: Texts };
  day: string;
  timeZone: string;
  /** Where the live stream stood when this was read (a client's `since`). */
  seq: number;
  called: {
    ticketId: number;
    number: string;
    serviceId: number;
    status: TicketStatus;
    pointLabel: string;
    calledAt: string | null;
  }[];
  services: { id: number; name: Texts; letter: string; waiting: number }[];
};

export async function hallView(ctx: Context, officeId: number, seq: number): Promise<HallView> {
  const { office, timeZone } = await loadOffice(ctx, officeId);
  const day = localDate(ctx.clock(), timeZone);
  const [called, counts, schedule] = await Promise.all([
    ticketsAtPoints(ctx.db, officeId, day, HALL_ROWS),
    waitingCounts(ctx.db, officeId, day),
    officeSchedule(ctx.db, officeId, day, day),
  ]);
  const given = new Set((schedule?.points ?? []).flatMap((p) => p.services.map((s) => s.serviceId)));
  for (const c of counts) given.add(c.serviceId);
  const services = await servicesByIds(ctx.db, [...given]);
  return {
    office: { id: office.id, name: office.name },
    day,
    timeZone,
    seq,
    called: called.map((c) => ({
      ticketId: c.id,
      number: c.number,
      serviceId: c.serviceId,
      status: c.status,
      pointLabel: c.pointLabel,
      calledAt: c.calledAt?.toISOString() ?? null,
    })),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      letter: s.letter,
      waiting: counts.find((c) => c.serviceId === s.id)?.count ?? 0,
    })),
  };
}
