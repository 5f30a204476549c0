import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { sweepHall } from '../../api/hall/sweep.ts';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { at, hallWorld } from '../helpers/hall.ts';

describe('the hall’s timer: booked clients who never came, and the day’s close', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof hallWorld>>;
  beforeAll(async () => {
    t = await startTestApp();
    w = await hallWorld(t);
  });
  afterAll(() => t?.close());

  const sweep = () => sweepHall(systemContext({ db: t.db, boss: t.boss, clock: t.app.clock }));
  const appointment = async (id: number) =>
    (await t.db.select().from(s.appointments).where(eq(s.appointments.id, id)))[0];

  it('marks a booking not checked in by the slot’s end and the late minutes a no-show, once, with an event', async () => {
    const a = await w.booking('10:00', { userId: (await w.c.make.user(w.c.city.id)).id });
    // The slot ends 10:15; 15 late minutes: still booked at 10:29.
    t.setNow(at('10:29'));
    expect((await sweep()).missed).toBe(0);
    expect((await appointment(a.id)).status).toBe('booked');
    t.setNow(at('10:31'));
    expect((await sweep()).missed).toBe(1);
    expect(await appointment(a.id)).toMatchObject({ status: 'no_show' });
    expect((await sweep()).missed).toBe(0);
    const events = await t.db
      .select()
      .from(s.queueEvents)
      .where(eq(s.queueEvents.appointmentId, a.id))
      .orderBy(asc(s.queueEvents.id));
    expect(events.at(-1)).toMatchObject({ step: 'miss', fromStatus: 'booked', toStatus: 'no_show', actorId: null });
  });

  it('closes the day: tickets still waiting or called become no-shows once the office has closed', async () => {
    t.setNow(at('11:00'));
    const a = await w.booking('11:00', { userId: (await w.c.make.user(w.c.city.id)).id, pointId: w.p2.id });
    await w.kiosk('/check-in', { code: a.code });
    const walk = (await w.kiosk('/walk-in', { serviceId: w.serviceB.id })).json().ticket;
    await w.call(w.staff, 'POST', `/api/service-points/${w.p2.id}/call-next`);
    t.setNow(at('17:59'));
    expect((await sweep()).closed).toBe(0);
    t.setNow(at('18:01'));
    expect((await sweep()).closed).toBe(2);
    const [ticket] = await t.db.select().from(s.hallTickets).where(eq(s.hallTickets.id, walk.id));
    expect(ticket.status).toBe('no_show');
    expect((await appointment(a.id)).status).toBe('no_show');
    const events = await t.db
      .select()
      .from(s.queueEvents)
      .where(eq(s.queueEvents.ticketId, walk.id))
      .orderBy(asc(s.queueEvents.id));
    expect(events.at(-1)).toMatchObject({
      step: 'no_show',
      fromStatus: 'waiting',
      toStatus: 'no_show',
      note: 'the day is closed',
    });
    expect((await sweep()).closed).toBe(0);
  });
});
