import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localInstant } from '../../dispatch/calendar.ts';
import { appointmentMakers, OFFICE_WEEK } from '../helpers/appointments-make.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * A change that takes booked time away (issue 16): the booked appointments left outside the new
 * schedule answer 409 `office.affects_appointments` with their count and first times; asked to
 * cancel them with a reason, the office cancels them in the change's transaction, each with its
 * queue event, each person told, the change and its reason in the trail.
 */
describe('office changes that take booked time away', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let make: ReturnType<typeof appointmentMakers>;
  const at = (date: string, hhmm: string) => new Date(localInstant('Europe/Moscow', date, hhmm));

  beforeAll(async () => {
    t = await startTestApp();
    // Monday 7 December 2026, 10:00 in Kazan.
    t.setNow(at('2026-12-07', '10:00'));
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    make = appointmentMakers(t.db);
  });
  afterAll(() => t?.close());

  /** An office of the supervisor's organisation with two windows, each giving its own service. */
  async function office() {
    const o = await make.office(c.city.id, c.mc.id);
    const visit = await make.service(c.city.id);
    const handIn = await make.service(c.city.id, { letter: 'Б', purpose: 'hand_in' });
    const one = await make.point(o.id, [{ serviceId: visit.id, slotMinutes: 15 }], {
      operators: [c.users.orgStaff.id],
    });
    const two = await make.point(o.id, [{ serviceId: handIn.id, slotMinutes: 30 }]);
    const book = (userId: number, point: { id: number }, serviceId: number, date: string, hhmm: string, minutes = 15) =>
      make.appointment({
        municipalityId: c.city.id,
        officeId: o.id,
        pointId: point.id,
        serviceId,
        userId,
        startsAt: at(date, hhmm),
        minutes,
      });
    return { o, visit, handIn, one, two, book };
  }

  const status = async (id: number) =>
    (await t.db.execute<{ status: string }>(sql`select status from appointments where id = ${id}`))[0].status;
  const cancelEvents = async (id: number) =>
    (
      await t.db.execute<{ actor_id: number; note: string; from_status: string; to_status: string }>(
        sql`select actor_id, note, from_status, to_status from queue_events where appointment_id = ${id} and step = 'cancel'`,
      )
    ).map((e) => ({ ...e, actor_id: Number(e.actor_id) }));
  const notices = async (userId: number) =>
    t.db.execute<{ channel: string; body: string; subject: string }>(
      sql`select channel, body, subject from notification_outbox where user_id = ${userId} and kind = 'appointment'`,
    );
  const version = async (officeId: number) =>
    (await api.call(c.users.orgSupervisor.id, 'GET', `/api/admin/offices/${officeId}`)).json().version as number;

  it('refuses narrowed hours that leave a booking outside, then cancels it with the reason, an event, a notice and the trail', async () => {
    const { o, visit, one, book } = await office();
    const morning = await book(c.users.otherResident.id, one, visit.id, '2026-12-08', '10:00');
    const afternoon = await book(c.users.resident.id, one, visit.id, '2026-12-08', '16:00');
    const tuesdayMorning = { ...OFFICE_WEEK, tue: [{ start: '09:00', end: '13:00' }] };
    const url = `/api/admin/offices/${o.id}`;
    const v = await version(o.id);

    const refused = await api.call(c.users.orgSupervisor.id, 'PATCH', url, { version: v, week: tuesdayMorning });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'office.affects_appointments',
      affected: { count: 1, first: [{ id: afternoon.id, startsAt: '2026-12-08T13:00:00.000Z', pointId: one.id }] },
    });
    expect(refused.json().detail).toContain('1 запись');

    const noReason = await api.call(c.users.orgSupervisor.id, 'PATCH', url, {
      version: v,
      week: tuesdayMorning,
      cancelAffected: true,
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'body.reason', code: 'office.field.reason_needed' });
    expect(await status(afternoon.id)).toBe('booked');

    const done = await api.call(c.users.orgSupervisor.id, 'PATCH', url, {
      version: v,
      week: tuesdayMorning,
      cancelAffected: true,
      reason: 'Приём во вторник только до обеда',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ cancelledAppointments: 1, week: tuesdayMorning, version: v + 1 });
    expect(await status(afternoon.id)).toBe('cancelled');
    expect(await status(morning.id)).toBe('booked');
    expect(await cancelEvents(afternoon.id)).toEqual([
      {
        actor_id: c.users.orgSupervisor.id,
        note: 'Приём во вторник только до обеда',
        from_status: 'booked',
        to_status: 'cancelled',
      },
    ]);
    const told = await notices(c.users.resident.id);
    expect(told).toEqual([expect.objectContaining({ channel: 'sms', subject: 'Запись отменена' })]);
    expect(told[0].body).toContain('Приём во вторник только до обеда');
    expect(told[0].body).toContain('16:00');
    const [change] = await t.db.execute<{ reason: string; cancelled_appointments: number; actor_id: number }>(
      sql`select reason, cancelled_appointments, actor_id from office_changes where office_id = ${o.id} order by id desc limit 1`,
    );
    expect({ ...change, actor_id: Number(change.actor_id) }).toEqual({
      reason: 'Приём во вторник только до обеда',
      cancelled_appointments: 1,
      actor_id: c.users.orgSupervisor.id,
    });
  });

  it('refuses a day closed for the office or for one window while bookings hold it, then cancels those only', async () => {
    const { o, visit, handIn, one, two, book } = await office();
    const atOne = await book(c.users.otherResident.id, one, visit.id, '2026-12-09', '11:00');
    const atTwo = await book(c.users.resident.id, two, handIn.id, '2026-12-09', '11:00', 30);
    const url = `/api/admin/offices/${o.id}/exceptions`;
    const pointOnly = { date: '2026-12-09', pointId: two.id, hours: null, reason: 'Оператор на обучении' };
    const refused = await api.call(c.users.orgSupervisor.id, 'POST', url, pointOnly);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().affected).toMatchObject({ count: 1, first: [{ id: atTwo.id }] });
    expect(
      (await api.call(c.users.orgSupervisor.id, 'GET', `${url}?from=2026-12-09&to=2026-12-09`)).json().items,
    ).toEqual([]);
    const done = await api.call(c.users.orgSupervisor.id, 'POST', url, { ...pointOnly, cancelAffected: true });
    expect(done.statusCode).toBe(201);
    expect(done.json().cancelledAppointments).toBe(1);
    expect(await status(atTwo.id)).toBe('cancelled');
    expect(await status(atOne.id)).toBe('booked');
    // The whole office's short day keeps the morning's 11:00 booking.
    const shortDay = await api.call(c.users.orgSupervisor.id, 'POST', url, {
      date: '2026-12-09',
      hours: [{ start: '09:00', end: '12:00' }],
      reason: 'Короткий день',
    });
    expect(shortDay.statusCode).toBe(201);
    expect(shortDay.json().cancelledAppointments).toBe(0);
    const exceptionId = shortDay.json().exceptions.find((e: { pointId: number | null }) => e.pointId === null).id;
    expect((await api.call(c.users.orgSupervisor.id, 'DELETE', `${url}/${exceptionId}`)).statusCode).toBe(200);
  });

  it('refuses taking a service from a window, closing the window or the office while bookings depend on it', async () => {
    const { o, visit, handIn, one, two, book } = await office();
    const handing = await book(c.users.resident.id, two, handIn.id, '2026-12-10', '14:00', 30);
    const visiting = await book(c.users.otherResident.id, one, visit.id, '2026-12-10', '09:00');
    // A booking already past is not the office's to cancel.
    await book(c.users.resident.id, one, visit.id, '2026-12-04', '09:00');
    const pointUrl = `/api/admin/service-points/${two.id}`;
    const noService = await api.call(c.users.orgSupervisor.id, 'PATCH', pointUrl, { version: 1, services: [] });
    expect(noService.statusCode).toBe(409);
    expect(noService.json().affected.count).toBe(1);
    const longer = await api.call(c.users.orgSupervisor.id, 'PATCH', pointUrl, {
      version: 1,
      services: [{ serviceId: handIn.id, slotMinutes: 60 }],
    });
    expect(longer.statusCode).toBe(200);
    expect(longer.json().cancelledAppointments).toBe(0);
    const closed = await api.call(c.users.orgSupervisor.id, 'PATCH', pointUrl, { version: 2, active: false });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().affected.first[0].id).toBe(handing.id);
    const officeClosed = await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/offices/${o.id}`, {
      version: await version(o.id),
      active: false,
    });
    expect(officeClosed.statusCode).toBe(409);
    expect(officeClosed.json().affected.count).toBe(2);
    const cancelled = await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/offices/${o.id}`, {
      version: await version(o.id),
      active: false,
      cancelAffected: true,
      reason: 'Офис переезжает',
    });
    expect(cancelled.json()).toMatchObject({ active: false, cancelledAppointments: 2 });
    expect([await status(handing.id), await status(visiting.id)]).toEqual(['cancelled', 'cancelled']);
    expect((await cancelEvents(visiting.id))[0].note).toBe('Офис переезжает');
  });
});
