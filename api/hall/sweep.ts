/**
 * The hall's timer: booked clients who never came (not checked in by the end of the slot and the
 * office's late minutes) are marked no-shows, and once an office's day is over, the tickets still
 * waiting or called are closed as no-shows. Each with its queue event; idempotent.
 */
import { closeTicketsOfDay, missAppointments, missOverdueAppointments, openTicketDays } from '../../db/queries/hall.ts';
import { insertQueueEvents } from '../../db/queries/queue-events.ts';
import { officeSchedule } from '../../db/queries/offices.ts';
import { localDate } from '../../dispatch/eservices.ts';
import { hallDayOver } from '../../dispatch/hall.ts';
import { type Context, inTransaction } from '../context.ts';

/** Appointments marked per run (the next run takes the rest). */
const BATCH = 500;

export async function sweepHall(ctx: Context): Promise<{ missed: number; closed: number }> {
  const missed = await inTransaction(ctx, async (tx) => {
    const now = tx.clock();
    const rows = await missOverdueAppointments(tx.db, now, BATCH);
    await insertQueueEvents(
      tx.db,
      rows.map((r) => ({
        officeId: r.officeId,
        appointmentId: r.id,
        step: 'miss' as const,
        fromStatus: 'booked',
        toStatus: 'no_show',
        note: 'not checked in',
        at: now,
      })),
    );
    return rows.length;
  });
  let closed = 0;
  for (const { officeId, day } of await openTicketDays(ctx.db)) closed += await closeDayIfOver(ctx, officeId, day);
  return { missed, closed };
}

/** Close one office's day when it is over: its open tickets, and their appointments, become no-shows. */
async function closeDayIfOver(ctx: Context, officeId: number, day: string): Promise<number> {
  const now = ctx.clock();
  const schedule = await officeSchedule(ctx.db, officeId, day, day);
  if (!schedule) return 0;
  const today = localDate(now, schedule.calendar.timeZone);
  if (!hallDayOver(schedule.calendar, schedule.points, schedule.exceptions, day, today, now.getTime())) return 0;
  return inTransaction(ctx, async (tx) => {
    const tickets = await closeTicketsOfDay(tx.db, officeId, day, now);
    const appointments = await missAppointments(
      tx.db,
      tickets.flatMap((t) => (t.appointmentId === null ? [] : [t.appointmentId])),
      now,
    );
    await insertQueueEvents(tx.db, [
      ...tickets.map((t) => ({
        officeId,
        ticketId: t.id,
        appointmentId: t.appointmentId,
        step: 'no_show' as const,
        fromStatus: t.fromStatus,
        toStatus: 'no_show',
        pointId: t.pointId,
        note: 'the day is closed',
        at: now,
      })),
      ...appointments.map((a) => ({
        officeId,
        appointmentId: a.id,
        step: 'miss' as const,
        fromStatus: 'checked_in',
        toStatus: 'no_show',
        note: 'the day is closed',
        at: now,
      })),
    ]);
    return tickets.length;
  });
}
