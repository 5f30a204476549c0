import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { busySlots, officeSchedule } from '../../db/queries/offices.ts';
import { daySlots } from '../../dispatch/appointments.ts';
import { localInstant } from '../../dispatch/calendar.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * The schedule an office's slots are computed from, read back from its tables, and the database's own
 * guarantee that no slot is booked twice: the exclusion constraint of migration 0017.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const at = (date: string, hhmm: string) => new Date(localInstant('Europe/Moscow', date, hhmm));

async function office() {
  const c = await smallCity(t.db);
  const make = appointmentMakers(t.db);
  const o = await make.office(c.city.id, c.roads.id);
  const consult = await make.service(c.city.id, { letter: 'А' });
  const handIn = await make.service(c.city.id, { letter: 'Б', purpose: 'hand_in' });
  const one = await make.point(o.id, [
    { serviceId: consult.id, slotMinutes: 15 },
    { serviceId: handIn.id, slotMinutes: 30 },
  ]);
  const two = await make.point(o.id, [{ serviceId: consult.id, slotMinutes: 20 }], {
    week: { sat: [{ start: '10:00', end: '14:00' }] },
  });
  const idle = await make.point(o.id, []);
  return { c, make, o, consult, handIn, one, two, idle };
}

describe('an office’s schedule', () => {
  it('reads the calendar in the municipality’s zone, the active points that give something and the range’s exceptions', async () => {
    const { o, one, two, consult } = await office();
    await t.db.insert(s.scheduleExceptions).values([
      { officeId: o.id, pointId: one.id, date: '2026-12-03', hours: null, reason: 'Оператор на обучении' },
      {
        officeId: o.id,
        pointId: null,
        date: '2026-12-20',
        hours: [{ start: '10:00', end: '12:00' }],
        reason: 'Субботний приём',
      },
    ]);
    const schedule = await officeSchedule(t.db, o.id, '2026-12-01', '2026-12-14');
    expect(schedule?.calendar).toMatchObject({ timeZone: 'Europe/Moscow', holidays: 'ru' });
    expect(schedule?.points.map((p) => p.id)).toEqual([one.id, two.id]);
    expect(schedule?.exceptions).toEqual([
      { id: expect.any(Number), date: '2026-12-03', pointId: one.id, hours: null, reason: 'Оператор на обучении' },
    ]);
    const on = (date: string) =>
      daySlots({ ...schedule!, serviceId: consult.id, date, busy: [], now: at('2026-12-01', '09:00').getTime() });
    // Thursday: window one is closed by its exception and window two works Saturdays only.
    expect(on('2026-12-03')).toEqual([]);
    expect(new Set(on('2026-12-04').map((x) => x.pointId))).toEqual(new Set([one.id]));
    expect(new Set(on('2026-12-05').map((x) => x.pointId))).toEqual(new Set([two.id]));
    expect(await officeSchedule(t.db, 2_000_000_000, '2026-12-01', '2026-12-14')).toBeNull();
  });
});

describe('the exclusion constraint', () => {
  it('refuses a second live appointment overlapping a point’s taken time, whatever its service', async () => {
    const { c, make, o, one, consult, handIn } = await office();
    const base = { municipalityId: c.city.id, officeId: o.id, pointId: one.id, userId: c.users.resident.id };
    await make.appointment({ ...base, serviceId: handIn.id, startsAt: at('2026-12-03', '09:00'), minutes: 30 });
    const overlapping = make.appointment({
      ...base,
      userId: c.users.otherResident.id,
      serviceId: consult.id,
      startsAt: at('2026-12-03', '09:15'),
    });
    await expect(overlapping).rejects.toMatchObject({
      cause: { code: '23P01', constraint_name: 'appointments_no_overlap' },
    });
    // Right after it, and at another point at the same time, are free.
    await make.appointment({
      ...base,
      userId: c.users.otherResident.id,
      serviceId: consult.id,
      startsAt: at('2026-12-03', '09:30'),
    });
    expect(await busySlots(t.db, [one.id], at('2026-12-03', '00:00'), at('2026-12-04', '00:00'))).toHaveLength(2);
  });

  it('frees a cancelled appointment’s time, and keeps a served one’s', async () => {
    const { c, make, o, one, consult } = await office();
    const base = { municipalityId: c.city.id, officeId: o.id, pointId: one.id, serviceId: consult.id };
    const first = await make.appointment({ ...base, userId: c.users.resident.id, startsAt: at('2026-12-04', '10:00') });
    await t.db.update(s.appointments).set({ status: 'cancelled' }).where(eq(s.appointments.id, first.id));
    const second = await make.appointment({
      ...base,
      userId: c.users.otherResident.id,
      startsAt: at('2026-12-04', '10:00'),
    });
    await t.db.update(s.appointments).set({ status: 'served' }).where(eq(s.appointments.id, second.id));
    await expect(
      make.appointment({ ...base, userId: c.users.resident.id, startsAt: at('2026-12-04', '10:00') }),
    ).rejects.toMatchObject({
      cause: { code: '23P01' },
    });
  });

  it('holds one live appointment per person and service', async () => {
    const { c, make, o, one, two, consult } = await office();
    const base = { municipalityId: c.city.id, officeId: o.id, serviceId: consult.id, userId: c.users.resident.id };
    await make.appointment({ ...base, pointId: one.id, startsAt: at('2026-12-07', '10:00') });
    await expect(
      make.appointment({ ...base, pointId: two.id, startsAt: at('2026-12-08', '10:00') }),
    ).rejects.toMatchObject({
      cause: { code: '23505', constraint_name: 'appointments_one_per_service_uq' },
    });
  });
});
