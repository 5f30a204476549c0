import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { remindReadings as remindReadingsOf } from '../../api/readings/remind-readings.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';

/** The reminder run at `now`, as the daily job runs it. */
const remindReadings = (
  t: { db: Parameters<typeof systemContext>[0]['db']; boss: Parameters<typeof systemContext>[0]['boss'] },
  now: Date,
  publicUrl: string,
) => remindReadingsOf(systemContext({ db: t.db, boss: t.boss, clock: () => now }), publicUrl);

describe('reading reminders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('reminds a confirmed resident once per period, three days before the window closes, as their preferences allow', async () => {
    const c = await smallCity(t.db);
    const r = readingMakers(t.db);
    const make = c.make;
    const withEmail = await make.user(c.city.id, { email: 'reader@example.org' });
    const emailOff = await make.user(c.city.id, { email: 'quiet@example.org' });
    const alreadySent = await make.user(c.city.id, { email: 'done@example.org' });
    const pending = await make.user(c.city.id, { email: 'pending@example.org' });
    await t.db.execute(
      sql`insert into notification_preferences (user_id, kind, channel, enabled) values (${emailOff.id}, 'reading_reminder', 'email', false)`,
    );

    const a1 = await r.apartment(c.building.id, {
      number: '1',
      meters: [
        { kind: 'cold_water', serial: 'R1' },
        { kind: 'hot_water', serial: 'R1H' },
      ],
    });
    const a2 = await r.apartment(c.building.id, { number: '2', meters: [{ kind: 'cold_water', serial: 'R2' }] });
    const a3 = await r.apartment(c.building.id, { number: '3', meters: [{ kind: 'cold_water', serial: 'R3' }] });
    await r.link(a1.id, withEmail.id);
    await r.link(a2.id, emailOff.id);
    await r.link(a3.id, alreadySent.id);
    await r.link(a1.id, pending.id, 'pending');
    // One of a1's two meters has its reading: the other still lacks one. a3's only meter is done.
    await r.history(a1.meterIds[0], withEmail.id, [{ period: '2026-10', values: [1] }]);
    await r.history(a3.meterIds[0], alreadySent.id, [{ period: '2026-10', values: [1] }]);

    const outbox = () =>
      t.db.execute(
        sql`select user_id::int as user_id, channel, destination, kind, subject, body from notification_outbox where kind = 'reading_reminder' order by id`,
      );
    // 20 October: five days before the 25th, too early.
    expect(await remindReadings(t, new Date('2026-10-20T09:00:00Z'), 'https://otklik.example')).toBe(0);
    // 22 October, 10:00 Moscow: three days before.
    const at = new Date('2026-10-22T07:00:00Z');
    expect(await remindReadings(t, at, 'https://otklik.example')).toBe(2);
    expect(await remindReadings(t, at, 'https://otklik.example')).toBe(0);
    expect(await remindReadings(t, new Date('2026-10-23T07:00:00Z'), 'https://otklik.example')).toBe(0);

    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: withEmail.id,
      channel: 'email',
      destination: 'reader@example.org',
      subject: 'Передайте показания счётчиков',
    });
    expect(rows[0].body).toContain('25 октября');
    expect(rows[0].body).toContain(c.building.address);
    expect(rows[0].body).toContain('https://otklik.example/meters');
    const claimed = await t.db.execute(
      sql`select user_id::int as user_id, period from reading_reminders order by user_id`,
    );
    expect(claimed).toEqual([
      { user_id: withEmail.id, period: '2026-10' },
      { user_id: emailOff.id, period: '2026-10' },
    ]);
    const jobs = await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver'`);
    expect(jobs[0].n).toBe(1);
  });
});
