import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { moscow } from '../helpers/appointments-book.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * The race of issue 16: 200 signed-in residents ask at once for the 10 slots of a day (one office, one
 * window, the day open 09:00–11:30 by an exception, the other days free). Exactly 10 are booked; every
 * other answer is a 409 with free alternatives; the database holds 10 live appointments, none overlapping.
 */
describe('200 residents for 10 slots, over real HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    t.setNow(new Date(moscow('2026-12-07', '10:00')));
  });
  afterAll(() => t?.close());

  it('books exactly 10 and answers the other 190 with 409 and the nearest free times', async () => {
    const c = await smallCity(t.db);
    const make = appointmentMakers(t.db);
    const office = await make.office(c.city.id, c.mc.id);
    const service = await make.service(c.city.id);
    const point = await make.point(office.id, [{ serviceId: service.id, slotMinutes: 15 }]);
    await t.db.insert(s.scheduleExceptions).values({
      officeId: office.id,
      pointId: null,
      date: '2026-12-10',
      hours: [{ start: '09:00', end: '11:30' }],
      reason: 'Приём до обеда',
    });
    const slots = Array.from({ length: 10 }, (_, i) =>
      moscow(
        '2026-12-10',
        `${String(9 + Math.floor((i * 15) / 60)).padStart(2, '0')}:${String((i * 15) % 60).padStart(2, '0')}`,
      ),
    );
    const residents = [];
    for (let i = 0; i < 200; i++) {
      const u = await c.make.user(c.city.id, {});
      residents.push(await t.signIn(u.id));
    }
    const answers = await Promise.all(
      residents.map((session, i) =>
        fetch(`${t.baseUrl}/api/appointments`, {
          method: 'POST',
          headers: { ...session, 'content-type': 'application/json', 'idempotency-key': `race-${i}` },
          body: JSON.stringify({ officeId: office.id, serviceId: service.id, startsAt: slots[i % 10] }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(10);
    expect(statuses.filter((x) => x === 409)).toHaveLength(190);
    answers.forEach((a, i) => {
      if (a.status !== 409) return;
      expect(a.body.code).toBe('appointment.slot_taken');
      const alternatives = a.body.alternatives as { startsAt: string; date: string }[];
      expect(alternatives.length).toBeGreaterThan(0);
      // Free when the answer was made: never the time just taken (later days once the day is full).
      expect(alternatives.map((x) => x.startsAt)).not.toContain(slots[i % 10]);
    });
    const booked = answers.filter((x) => x.status === 201).map((x) => x.body.startsAt);
    expect(new Set(booked)).toEqual(new Set(slots));
    const [live] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from appointments where point_id = ${point.id} and status in ('booked', 'checked_in')
          and starts_at >= ${moscow('2026-12-10', '00:00')}::timestamptz and starts_at < ${moscow('2026-12-11', '00:00')}::timestamptz`,
    );
    expect(live.n).toBe(10);
    const [overlaps] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from appointments a join appointments b on a.point_id = b.point_id and a.id < b.id
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
          where a.point_id = ${point.id} and a.status in ('booked', 'checked_in', 'served') and b.status in ('booked', 'checked_in', 'served')`,
    );
    expect(overlaps.n).toBe(0);
  }, 120_000);
});
