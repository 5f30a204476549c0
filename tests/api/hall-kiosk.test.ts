import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { at, HALL_DAY, hallWorld } from '../helpers/hall.ts';

describe('arrival at the hall: the kiosk key, check-in by code and walk-in tickets', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof hallWorld>>;
  beforeAll(async () => {
    t = await startTestApp();
    w = await hallWorld(t);
  });
  beforeEach(() => t.setNow(at('10:00')));
  afterAll(() => t?.close());

  const person = async () => (await w.c.make.user(w.c.city.id, { role: 'resident' })).id;

  it('lets in only a kiosk that presents the office’s current key', async () => {
    const none = await w.call(null, 'GET', `/api/offices/${w.office.id}/kiosk`);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('hall.kiosk_key');
    const wrong = await w.call(null, 'GET', `/api/offices/${w.office.id}/kiosk`, undefined, { 'x-kiosk-key': 'nope' });
    expect(wrong.statusCode).toBe(401);
    const right = await w.kiosk('');
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ office: { id: w.office.id }, walkIns: true, open: true });
    expect(
      right
        .json()
        .services.map((x: { letter: string }) => x.letter)
        .sort(),
    ).toEqual(['А', 'Б']);
    // The key of one office opens no other.
    const other = await w.make.office(w.c.city.id, w.c.mc.id);
    const elsewhere = await w.call(null, 'GET', `/api/offices/${other.id}/kiosk`, undefined, { 'x-kiosk-key': w.key });
    expect(elsewhere.statusCode).toBe(401);
    // Only its hash is kept, and who issued it is an event.
    const [office] = await t.db.select().from(s.offices).where(eq(s.offices.id, w.office.id));
    expect(office.kioskKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(office.kioskKeyHash).not.toContain(w.key);
    const [issued] = await t.db
      .select()
      .from(s.queueEvents)
      .where(and(eq(s.queueEvents.officeId, w.office.id), eq(s.queueEvents.step, 'kiosk_key')));
    expect(issued.actorId).toBe(w.c.users.orgSupervisor.id);
    // Staff cannot issue one; another organisation's supervisor neither.
    expect((await w.call(w.staff, 'POST', `/api/offices/${w.office.id}/kiosk-key`)).statusCode).toBe(403);
  });

  it('checks a booked client in on time: a booked ticket due at the slot, the appointment checked in, events written', async () => {
    const a = await w.booking('10:15', { userId: await person() });
    const code = `${a.code.slice(0, 4).toLowerCase()} - ${a.code.slice(4)}`;
    const res = await w.kiosk('/check-in', { code });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.ticket).toMatchObject({ kind: 'booked', lateMinutes: null });
    expect(body.ticket.number).toMatch(/^А-\d{3}$/);
    expect(body.service).toMatchObject({ id: w.serviceA.id, letter: 'А' });
    const [ticket] = await t.db.select().from(s.hallTickets).where(eq(s.hallTickets.appointmentId, a.id));
    expect(ticket.dueAt.toISOString()).toBe(at('10:15').toISOString());
    const [appointment] = await t.db.select().from(s.appointments).where(eq(s.appointments.id, a.id));
    expect(appointment.status).toBe('checked_in');
    const steps = (await t.db.select().from(s.queueEvents).where(eq(s.queueEvents.appointmentId, a.id))).map(
      (e) => e.step,
    );
    expect(steps).toEqual(expect.arrayContaining(['check_in', 'issue']));
    // Twice: the booking is checked in already.
    const again = await w.kiosk('/check-in', { code: a.code });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('hall.check_in.not_booked');
  });

  it('refuses a check-in too early with when it opens, and queues a late one as a walk-in with the minutes late', async () => {
    const early = await w.booking('11:30', { userId: await person() });
    const res = await w.kiosk('/check-in', { code: early.code });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('code');
    expect(res.json().opensAt).toBe(at('11:00').toISOString());
    expect(res.json().errors[0].reason).toContain('11:00');

    const late = await w.booking('09:30', { userId: await person() });
    const lateRes = await w.kiosk('/check-in', { code: late.code });
    expect(lateRes.statusCode).toBe(201);
    expect(lateRes.json().ticket).toMatchObject({ kind: 'walk_in', lateMinutes: 30 });
    const [a] = await t.db.select().from(s.appointments).where(eq(s.appointments.id, late.id));
    expect(a).toMatchObject({ status: 'checked_in', lateMinutes: 30 });
    const steps = (await t.db.select().from(s.queueEvents).where(eq(s.queueEvents.appointmentId, late.id))).map(
      (e) => e.step,
    );
    expect(steps).toContain('late');
  });

  it('refuses a code of another office, of another day, or unknown: 422 naming the code', async () => {
    const other = await w.make.office(w.c.city.id, w.c.mc.id);
    const otherPoint = await w.make.point(other.id, [{ serviceId: w.serviceA.id, slotMinutes: 15 }]);
    const elsewhere = await w.make.appointment({
      municipalityId: w.c.city.id,
      officeId: other.id,
      pointId: otherPoint.id,
      serviceId: w.serviceA.id,
      userId: await person(),
      startsAt: at('10:30'),
    });
    const tomorrow = await w.booking('10:00', { userId: await person(), day: '2026-12-10' });
    for (const [code, reason] of [
      [elsewhere.code, 'другой офис'],
      [tomorrow.code, 'не на сегодня'],
      ['ZZZZZZZZ', 'нет записи'],
    ]) {
      const res = await w.kiosk('/check-in', { code });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: 'code' });
      expect(res.json().errors[0].reason).toContain(reason);
    }
  });

  it('checks a client in at the reception desk, for the office’s staff only', async () => {
    const a = await w.booking('10:15', { userId: await person(), pointId: w.p2.id });
    expect(
      (await w.call(w.c.users.otherOrgStaff.id, 'POST', `/api/offices/${w.office.id}/check-in`, { code: a.code }))
        .statusCode,
    ).toBe(403);
    const res = await w.call(w.staff, 'POST', `/api/offices/${w.office.id}/check-in`, { code: a.code });
    expect(res.statusCode).toBe(201);
    const [e] = await t.db
      .select()
      .from(s.queueEvents)
      .where(and(eq(s.queueEvents.appointmentId, a.id), eq(s.queueEvents.step, 'check_in')));
    expect(e.actorId).toBe(w.staff);
  });

  it('gives walk-in tickets while open, numbered per letter per day, distinct and consecutive under concurrency', async () => {
    const first = await w.kiosk('/walk-in', { serviceId: w.serviceB.id });
    expect(first.statusCode).toBe(201);
    const firstSeq = Number(first.json().ticket.number.slice(2));
    const many = await Promise.all(Array.from({ length: 12 }, () => w.kiosk('/walk-in', { serviceId: w.serviceB.id })));
    expect(many.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const numbers = many.map((r) => r.json().ticket.number as string);
    expect(new Set(numbers).size).toBe(12);
    const seqs = numbers.map((n) => Number(n.slice(2))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => firstSeq + 1 + i));
    expect(numbers.every((n) => n.startsWith('Б-'))).toBe(true);
    const last = many.find((r) => r.json().ticket.number === `Б-${String(firstSeq + 12).padStart(3, '0')}`)!;
    expect(last.json().ahead).toBe(12);
    expect(last.json().expectedWaitMinutes).toBeGreaterThan(0);
    // A new day starts again at 1.
    t.setNow(at('10:00', '2026-12-10'));
    const next = await w.kiosk('/walk-in', { serviceId: w.serviceB.id });
    expect(next.json().ticket.number).toBe('Б-001');
    const rows = await t.db.select().from(s.hallTicketNumbers).where(eq(s.hallTicketNumbers.officeId, w.office.id));
    expect(rows.find((r) => r.day === HALL_DAY && r.letter === 'Б')?.last).toBe(firstSeq + 12);
  });

  it('refuses a walk-in when the office is closed, or takes bookings only, naming the service', async () => {
    t.setNow(at('13:30'));
    const lunch = await w.kiosk('/walk-in', { serviceId: w.serviceA.id });
    expect(lunch.statusCode).toBe(422);
    expect(lunch.json().errors[0]).toMatchObject({ field: 'serviceId' });
    t.setNow(at('10:00'));
    const unknown = await w.kiosk('/walk-in', { serviceId: 999_999 });
    expect(unknown.statusCode).toBe(422);
    const strict = await w.make.office(w.c.city.id, w.c.mc.id, { rules: { walkIns: false } });
    await w.make.point(strict.id, [{ serviceId: w.serviceA.id, slotMinutes: 15 }]);
    const key = (await w.call(w.c.users.orgSupervisor.id, 'POST', `/api/offices/${strict.id}/kiosk-key`)).json().key;
    const screen = await w.call(null, 'GET', `/api/offices/${strict.id}/kiosk`, undefined, { 'x-kiosk-key': key });
    expect(screen.json()).toMatchObject({ walkIns: false, services: [] });
    const refused = await w.call(
      null,
      'POST',
      `/api/offices/${strict.id}/kiosk/walk-in`,
      { serviceId: w.serviceA.id },
      { 'x-kiosk-key': key },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].reason).toContain('только по записи');
  });
});
