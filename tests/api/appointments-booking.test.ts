import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { bookingScene, fieldsOf, moscow } from '../helpers/appointments-book.ts';

/*
 * Booking over HTTP (issue 16): what anyone reads first, every refusal naming its field, the limits, a
 * taken time with its alternatives, idempotency, rescheduling and cancelling until the cut-off, and who
 * reads what. The clock: Monday 7 December 2026, 10:00 in Moscow.
 */
describe('booking an appointment at an office', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof bookingScene>>;
  let resident: number;
  beforeAll(async () => {
    t = await startTestApp();
    scene = await bookingScene(t);
    resident = scene.c.users.resident.id;
    t.setNow(new Date(moscow('2026-12-07', '10:00')));
  });
  afterAll(() => t?.close());

  it('lists the services, the offices giving one with their nearest free day, the window’s days and a day’s free times', async () => {
    const { call, office, consult, c } = scene;
    const services = await call(null, 'GET', `/api/appointment-services?municipality=${c.city.code}`);
    expect(services.statusCode).toBe(200);
    expect(services.headers['cache-control']).toMatch(/^public, max-age=60/);
    expect(services.json().items.map((x: { id: number }) => x.id)).toContain(consult.id);
    const offices = await call(null, 'GET', `/api/offices?municipality=${c.city.code}&serviceId=${consult.id}`);
    expect(offices.json().items).toEqual([
      expect.objectContaining({
        id: office.id,
        address: office.address,
        nearestFreeDay: { date: '2026-12-07', free: 26 },
        services: [expect.objectContaining({ id: consult.id })],
      }),
    ]);
    await t.db.insert(s.scheduleExceptions).values({
      officeId: office.id,
      pointId: null,
      date: '2026-12-09',
      hours: null,
      reason: 'Санитарный день',
    });
    const days = (await call(null, 'GET', `/api/offices/${office.id}/days?serviceId=${consult.id}`)).json().days;
    expect(days[0]).toEqual({ date: '2026-12-07', free: 26, why: null });
    expect(days.find((d: { date: string }) => d.date === '2026-12-09')).toEqual({
      date: '2026-12-09',
      free: 0,
      why: 'closed',
    });
    expect(days.find((d: { date: string }) => d.date === '2026-12-12').why).toBe('weekend');
    expect(days.at(-1).date).toBe('2026-12-21');
    const slots = await call(null, 'GET', `/api/offices/${office.id}/slots?serviceId=${consult.id}&date=2026-12-08`);
    expect(slots.headers['cache-control']).toMatch(/^public, no-cache|max-age=0/);
    expect(slots.json().times).toHaveLength(32);
    expect(slots.json().times[0]).toEqual({
      startsAt: moscow('2026-12-08', '09:00'),
      endsAt: moscow('2026-12-08', '09:15'),
    });
  });

  it('refuses a time that is no slot, naming the field with the reason', async () => {
    const { book, make, c, office } = scene;
    const elsewhere = await make.service(c.city.id, { letter: 'Б' });
    const cases: [string, { serviceId?: number; officeId?: number }, string, string][] = [
      [moscow('2026-12-07', '09:00'), {}, 'body.startsAt', 'past'],
      [moscow('2026-12-07', '10:15'), {}, 'body.startsAt', 'too_soon'],
      [moscow('2026-12-28', '10:00'), {}, 'body.startsAt', 'beyond_horizon'],
      [moscow('2026-12-09', '10:00'), {}, 'body.startsAt', 'closed'],
      [moscow('2026-12-12', '10:00'), {}, 'body.startsAt', 'holiday'],
      [moscow('2026-12-08', '20:00'), {}, 'body.startsAt', 'outside_hours'],
      [moscow('2026-12-08', '13:15'), {}, 'body.startsAt', 'outside_hours'],
      [moscow('2026-12-08', '10:07'), {}, 'body.startsAt', 'off_grid'],
      [moscow('2026-12-08', '10:00'), { serviceId: elsewhere.id }, 'body.serviceId', 'not_provided'],
      [moscow('2026-12-08', '10:00'), { serviceId: 2_000_000_000 }, 'body.serviceId', 'service_unknown'],
      [moscow('2026-12-08', '10:00'), { officeId: 2_000_000_000 }, 'body.officeId', 'office_unknown'],
    ];
    for (const [startsAt, o, field, reason] of cases) {
      const res = await book(resident, startsAt, o);
      expect(res.statusCode, `${startsAt} ${reason}`).toBe(422);
      expect(fieldsOf(res.json())).toEqual([field]);
      expect(res.json().errors[0].code, `${startsAt}`).toBe(`appointment.field.${reason}`);
    }
    const garbage = await book(resident, 'завтра');
    expect(garbage.statusCode).toBe(400);
    expect(fieldsOf(garbage.json())).toEqual(['body.startsAt']);
    expect(office.id).toBeGreaterThan(0);
  });

  it('books a free time: the code, the window, reminders due and a confirmation in the outbox; the same key answers it again', async () => {
    const { book, call } = scene;
    const res = await book(resident, moscow('2026-12-10', '11:00'), { key: 'booking-1' });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      status: 'booked',
      version: 1,
      point: { label: 'окно 1' },
      startsAt: moscow('2026-12-10', '11:00'),
      endsAt: moscow('2026-12-10', '11:15'),
      mayChange: true,
      person: null,
      steps: [expect.objectContaining({ step: 'book', by: 'person', toStatus: 'booked' })],
    });
    expect(a.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const again = await book(resident, moscow('2026-12-10', '11:00'), { key: 'booking-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(a.id);
    const jobs = await t.db.execute<{ data: { kind: string; startsAt: string }; start_after: Date }>(
      sql`select data, start_after from pgboss.job where name = 'appointment.remind' and (data->>'appointmentId')::bigint = ${a.id} order by start_after`,
    );
    expect(jobs.map((j) => [j.data.kind, new Date(j.start_after).toISOString()])).toEqual([
      ['day_before', moscow('2026-12-09', '11:00')],
      ['two_hours', moscow('2026-12-10', '09:00')],
    ]);
    const outbox = await t.db.execute<{ body: string; kind: string }>(
      sql`select body, kind from notification_outbox where user_id = ${resident} and template = 'appointment.booked'`,
    );
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox[0].body).toContain(a.code);
    expect(outbox[0].body).toContain('11:00');
    const mine = (await call(resident, 'GET', '/api/appointments')).json();
    expect(mine.upcoming.map((x: { id: number }) => x.id)).toContain(a.id);
    const qr = await call(resident, 'GET', `/api/appointments/${a.id}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg/);
  });

  it('keeps one live booking per service and at most the office’s limit per person', async () => {
    const { book, make, c, office, point } = scene;
    const again = await book(resident, moscow('2026-12-11', '11:00'));
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({
      field: 'body.serviceId',
      code: 'appointment.field.one_per_service',
    });
    const more = [];
    for (const letter of ['В', 'Г', 'Д']) {
      const svc = await make.service(c.city.id, { letter });
      await t.db.insert(s.servicePointServices).values({ pointId: point.id, serviceId: svc.id, slotMinutes: 15 });
      more.push(svc);
    }
    expect((await book(resident, moscow('2026-12-14', '09:00'), { serviceId: more[0].id })).statusCode).toBe(201);
    expect((await book(resident, moscow('2026-12-14', '09:15'), { serviceId: more[1].id })).statusCode).toBe(201);
    const fourth = await book(resident, moscow('2026-12-14', '09:30'), { serviceId: more[2].id });
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json().errors[0]).toMatchObject({ field: 'body.serviceId', code: 'appointment.field.too_many' });
    expect(office.id).toBeGreaterThan(0);
  });

  it('answers a taken time with 409 and the nearest free times, on later days when the day is full', async () => {
    const { book, make, c, office, point, consult } = scene;
    const other = c.users.otherResident.id;
    const taken = await book(other, moscow('2026-12-10', '11:00'));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('appointment.slot_taken');
    expect(taken.json().alternatives).toEqual([
      { startsAt: moscow('2026-12-10', '10:30'), date: '2026-12-10' },
      { startsAt: moscow('2026-12-10', '10:45'), date: '2026-12-10' },
      { startsAt: moscow('2026-12-10', '11:15'), date: '2026-12-10' },
    ]);
    // Friday 18 December has only 09:00–09:30 open, both taken: the alternatives are on Monday.
    await t.db.insert(s.scheduleExceptions).values({
      officeId: office.id,
      pointId: null,
      date: '2026-12-18',
      hours: [{ start: '09:00', end: '09:30' }],
      reason: 'Короткий день',
    });
    for (const hhmm of ['09:00', '09:15']) {
      const u = await c.make.user(c.city.id, {});
      expect((await book(u.id, moscow('2026-12-18', hhmm))).statusCode).toBe(201);
    }
    const full = await book(other, moscow('2026-12-18', '09:00'));
    expect(full.statusCode).toBe(409);
    expect(full.json().alternatives.map((x: { date: string }) => x.date)).toEqual([
      '2026-12-21',
      '2026-12-21',
      '2026-12-21',
    ]);
    expect(point.id && consult.id && make).toBeTruthy();
  });

  it('reschedules and cancels until the cut-off, refusing a stale version; the office cancels with a reason and the person is told', async () => {
    const { book, call, c } = scene;
    const u = await c.make.user(c.city.id, { language: 'en' });
    const a = (await book(u.id, moscow('2026-12-08', '12:00'))).json();
    const stale = await call(u.id, 'PATCH', `/api/appointments/${a.id}`, {
      version: 7,
      startsAt: moscow('2026-12-08', '12:30'),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('appointment.stale');
    const badTime = await call(u.id, 'PATCH', `/api/appointments/${a.id}`, {
      version: 1,
      startsAt: moscow('2026-12-08', '12:31'),
    });
    expect(badTime.statusCode).toBe(422);
    expect(fieldsOf(badTime.json())).toEqual(['body.startsAt']);
    const moved = await call(u.id, 'PATCH', `/api/appointments/${a.id}`, {
      version: 1,
      startsAt: moscow('2026-12-08', '12:30'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, startsAt: moscow('2026-12-08', '12:30') });
    expect(moved.json().steps.map((x: { step: string }) => x.step)).toEqual(['book', 'reschedule']);
    // 11:00 on the day: the cut-off (2 hours before 12:30) has passed for the resident.
    t.setNow(new Date(moscow('2026-12-08', '11:00')));
    try {
      const late = await call(u.id, 'POST', `/api/appointments/${a.id}/cancel`, { version: 2 });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('appointment.cutoff_passed');
      const staff = c.users.orgStaff.id;
      const noReason = await call(staff, 'POST', `/api/appointments/${a.id}/cancel`, { version: 2 });
      expect(noReason.statusCode).toBe(422);
      expect(fieldsOf(noReason.json())).toEqual(['body.reason']);
      const byOffice = await call(staff, 'POST', `/api/appointments/${a.id}/cancel`, {
        version: 2,
        reason: 'Оператор заболел',
      });
      expect(byOffice.statusCode, byOffice.body).toBe(200);
      expect(byOffice.json()).toMatchObject({ status: 'cancelled', version: 3 });
      expect(byOffice.json().steps.at(-1)).toMatchObject({ step: 'cancel', by: 'office', note: 'Оператор заболел' });
      const told = await t.db.execute<{ body: string }>(
        sql`select body from notification_outbox where user_id = ${u.id} and template = 'appointment.cancelled_by_office'`,
      );
      expect(told[0].body).toContain('The office cancelled your booking');
      const twice = await call(u.id, 'POST', `/api/appointments/${a.id}/cancel`, { version: 3 });
      expect(twice.statusCode).toBe(409);
    } finally {
      t.setNow(new Date(moscow('2026-12-07', '10:00')));
    }
    const own = await book(u.id, moscow('2026-12-15', '10:00'));
    const cancelled = await call(u.id, 'POST', `/api/appointments/${own.json().id}/cancel`, { version: 1 });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
  });

  it('shows the office’s staff who comes, the admin no person, and another resident nothing', async () => {
    const { book, call, c } = scene;
    const a = (await book(c.users.otherResident.id, moscow('2026-12-15', '11:00'))).json();
    const staff = (await call(c.users.orgStaff.id, 'GET', `/api/appointments/${a.id}`)).json();
    expect(staff.person).toEqual({ fullName: 'Сидорова Анна', phone: expect.any(String) });
    const admin = await call(c.users.admin.id, 'GET', `/api/appointments/${a.id}`);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().person).toBeNull();
    expect((await call(resident, 'GET', `/api/appointments/${a.id}`)).statusCode).toBe(404);
    expect((await call(c.users.otherOrgStaff.id, 'GET', `/api/appointments/${a.id}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/appointments/${a.id}`)).statusCode).toBe(401);
  });
});
