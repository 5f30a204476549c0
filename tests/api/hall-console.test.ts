import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { at, hallWorld } from '../helpers/hall.ts';

describe('the operator’s console: calling the next client and each step of a ticket', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof hallWorld>>;
  beforeAll(async () => {
    t = await startTestApp();
    w = await hallWorld(t);
  });
  beforeEach(async () => {
    t.setNow(at('10:00'));
    // Each test starts with an empty hall.
    await t.db.update(s.hallTickets).set({ status: 'done' });
  });
  afterAll(() => t?.close());

  const person = async (fullName?: string) => (await w.c.make.user(w.c.city.id, { role: 'resident', fullName })).id;
  const walkIn = async (serviceId: number) => (await w.kiosk('/walk-in', { serviceId })).json();
  const checkedIn = async (hhmm: string, pointId: number, fullName?: string) => {
    const a = await w.booking(hhmm, { userId: await person(fullName), pointId });
    const res = await w.kiosk('/check-in', { code: a.code });
    expect(res.statusCode).toBe(201);
    return { appointment: a, ticket: res.json().ticket };
  };
  const callNext = (pointId: number, userId = w.staff) =>
    w.call(userId, 'POST', `/api/service-points/${pointId}/call-next`);
  const step = (ticketId: number, name: string, body: object, userId = w.staff) =>
    w.call(userId, 'POST', `/api/tickets/${ticketId}/${name}`, body);
  const ticketRow = async (id: number) => (await t.db.select().from(s.hallTickets).where(eq(s.hallTickets.id, id)))[0];
  const finish = async (id: number) => {
    const r = await ticketRow(id);
    const started = await step(id, 'start', { version: r.version });
    return step(id, 'finish', { version: started.json().ticket.version });
  };

  it('calls booked clients at their time before walk-ins who came earlier, and only for the point’s services', async () => {
    const walker = await walkIn(w.serviceA.id);
    const other = await walkIn(w.serviceB.id);
    const booked = await checkedIn('10:00', w.p2.id, 'Клиентова Мария');
    // Window 2 gives only А: the booked client first, then the walk-in of А, never the Б one.
    const first = await callNext(w.p2.id);
    expect(first.statusCode).toBe(200);
    expect(first.json().ticket.number).toBe(booked.ticket.number);
    expect((await callNext(w.p2.id)).statusCode).toBe(409);
    await finish(first.json().ticket.id);
    const second = await callNext(w.p2.id);
    expect(second.json().ticket.number).toBe(walker.ticket.number);
    await finish(second.json().ticket.id);
    expect((await callNext(w.p2.id)).json().ticket).toBeNull();
    // Window 3 takes the Б walk-in.
    expect((await callNext(w.p3.id, w.c.users.orgSupervisor.id)).json().ticket.number).toBe(other.ticket.number);
  });

  it('shows the console: the current client’s name for a booked one, the queue, the steps allowed, other points', async () => {
    const booked = await checkedIn('10:15', w.p2.id, 'Иванова Ольга');
    await walkIn(w.serviceA.id);
    t.setNow(at('10:15'));
    await callNext(w.p2.id);
    const res = await w.call(w.staff, 'GET', `/api/service-points/${w.p2.id}/console`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.current).toMatchObject({
      number: booked.ticket.number,
      status: 'called',
      allowed: ['recall', 'start', 'no_show', 'redirect'],
      person: { fullName: 'Иванова Ольга' },
    });
    expect(view.waiting).toHaveLength(1);
    expect(view.otherPoints.map((p: { id: number }) => p.id).sort()).toEqual([w.p1.id, w.p3.id].sort());
    // The read of the name is recorded.
    const trail = await t.db
      .select()
      .from(s.personalDataAccess)
      .where(
        and(eq(s.personalDataAccess.kind, 'appointment.read_personal'), eq(s.personalDataAccess.actorUserId, w.staff)),
      );
    expect(trail.length).toBeGreaterThan(0);
    // Another organisation's staff see nothing of it.
    expect((await w.call(w.c.users.otherOrgStaff.id, 'GET', `/api/service-points/${w.p2.id}/console`)).statusCode).toBe(
      403,
    );
    expect(
      (await step(view.current.ticketId, 'start', { version: view.current.version }, w.c.users.otherOrgStaff.id))
        .statusCode,
    ).toBe(404);
    await finish(view.current.ticketId);
  });

  it('never gives two operators calling at once the same client', async () => {
    for (let i = 0; i < 10; i++) await walkIn(w.serviceA.id);
    const called = new Set<number>();
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([callNext(w.p1.id), callNext(w.p2.id)]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      const ids = [a.json().ticket.id, b.json().ticket.id];
      expect(ids[0]).not.toBe(ids[1]);
      for (const id of ids) {
        expect(called.has(id)).toBe(false);
        called.add(id);
        await finish(id);
      }
    }
    expect(called.size).toBe(10);
  });

  it('refuses a stale or impossible step with what is allowed, and a no-show before the office’s minutes', async () => {
    const booked = await checkedIn('10:00', w.p1.id);
    const id = (await callNext(w.p1.id)).json().ticket.id;
    const row = await ticketRow(id);
    const stale = await step(id, 'start', { version: row.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale',
      currentVersion: row.version,
      allowed: ['recall', 'start', 'no_show', 'redirect'],
    });
    const impossible = await step(id, 'finish', { version: row.version });
    expect(impossible.statusCode).toBe(409);
    expect(impossible.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'called' });
    t.setNow(at('10:03'));
    const soon = await step(id, 'no_show', { version: row.version });
    expect(soon.statusCode).toBe(409);
    expect(soon.json()).toMatchObject({ code: 'too_soon', noShowFrom: at('10:05').toISOString() });
    const recalled = await step(id, 'recall', { version: row.version });
    expect(recalled.statusCode).toBe(200);
    // The recall restarts the minutes.
    t.setNow(at('10:07'));
    expect((await step(id, 'no_show', { version: recalled.json().ticket.version })).json().code).toBe('too_soon');
    t.setNow(at('10:09'));
    const missed = await step(id, 'no_show', { version: recalled.json().ticket.version, note: 'не подошёл' });
    expect(missed.statusCode).toBe(200);
    expect(missed.json()).toMatchObject({ ticket: { status: 'no_show' }, allowed: [] });
    const [a] = await t.db.select().from(s.appointments).where(eq(s.appointments.id, booked.appointment.id));
    expect(a.status).toBe('no_show');
    const events = await t.db
      .select()
      .from(s.queueEvents)
      .where(eq(s.queueEvents.ticketId, id))
      .orderBy(asc(s.queueEvents.id));
    expect(events.map((e) => e.step)).toEqual(['issue', 'call', 'recall', 'no_show']);
    expect(events.find((e) => e.step === 'no_show')).toMatchObject({
      actorId: w.staff,
      fromStatus: 'called',
      toStatus: 'no_show',
      note: 'не подошёл',
      pointId: w.p1.id,
    });
  });

  it('redirects a client to another window, where they are called first; finishing serves the appointment', async () => {
    const booked = await checkedIn('10:00', w.p1.id);
    await walkIn(w.serviceB.id);
    const id = (await callNext(w.p1.id)).json().ticket.id;
    const row = await ticketRow(id);
    const nowhere = await step(id, 'redirect', { version: row.version });
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.json().errors[0].field).toBe('pointId');
    expect((await step(id, 'redirect', { version: row.version, pointId: w.p1.id })).statusCode).toBe(422);
    const sent = await step(id, 'redirect', { version: row.version, pointId: w.p3.id, note: 'к специалисту' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().ticket).toMatchObject({ status: 'waiting', pointId: w.p3.id });
    // Window 3 gives only Б, and the redirected А client is called there before the waiting Б walk-in.
    const there = await callNext(w.p3.id, w.c.users.orgSupervisor.id);
    expect(there.json().ticket.id).toBe(id);
    const started = await step(id, 'start', { version: there.json().ticket.version });
    const done = await step(id, 'finish', { version: started.json().ticket.version });
    expect(done.json().ticket.status).toBe('done');
    const [a] = await t.db.select().from(s.appointments).where(eq(s.appointments.id, booked.appointment.id));
    expect(a.status).toBe('served');
    const steps = (
      await t.db
        .select()
        .from(s.queueEvents)
        .where(eq(s.queueEvents.appointmentId, booked.appointment.id))
        .orderBy(asc(s.queueEvents.id))
    ).map((e) => e.step);
    expect(steps).toEqual(['book', 'check_in', 'issue', 'call', 'redirect', 'call', 'start', 'finish', 'serve']);
  });

  it('shows the hall display: numbers called with their windows and waiting counts, never a name', async () => {
    await checkedIn('10:30', w.p2.id, 'Секретова Зоя');
    await walkIn(w.serviceB.id);
    const called = (await callNext(w.p2.id)).json().ticket;
    const res = await w.call(null, 'GET', `/api/offices/${w.office.id}/hall`);
    expect(res.statusCode).toBe(200);
    expect(res.json().called[0]).toMatchObject({ number: called.number, pointLabel: 'окно 2', status: 'called' });
    expect(res.json().services.find((x: { id: number }) => x.id === w.serviceB.id).waiting).toBe(1);
    expect(res.body).not.toContain('Секретова');
    expect(res.body).not.toMatch(/\+7\d{10}/);
    await finish(called.id);
  });
});
