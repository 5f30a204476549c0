import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext } from '../../api/context.ts';
import { rollUpStats, statsFigures, statsLeague } from '../../api/stats/service.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

const NOW = new Date('2026-04-08T09:00:00Z');
const period = { from: '2026-04-06', to: '2026-04-12', format: 'json' as const };

describe('the stats service', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let system: Context;
  const as = (user: { id: number; role: string; municipalityId: number; organisationId: number | null }): Context => ({
    ...system,
    actor: {
      userId: user.id,
      role: user.role as never,
      municipalityId: user.municipalityId,
      organisationId: user.organisationId,
    },
  });

  beforeAll(async () => {
    t = await startTestApp();
    t.setNow(NOW);
    c = await smallCity(t.db);
    system = systemContext({ db: t.db, boss: t.boss, clock: () => NOW });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над кухней' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => t?.close());

  it('folds the newest events in before counting, so the minute job then finds nothing to do', async () => {
    const figures = await statsFigures(as(c.users.cityHall), { ...period, by: 'week' });
    expect(figures.total.received).toBe(1);
    expect(figures.items.map((w) => [w.week, w.received])).toEqual([['2026-04-06', 1]]);
    await rollUpStats(system);
    const [{ n }] = await t.db.execute<{ n: number }>(
      sql`select coalesce(sum(received), 0)::int as n from stats_daily`,
    );
    expect(n).toBe(1);
    expect(await statsFigures(as(c.users.cityHall), { ...period, by: 'week' })).toEqual(figures);
  });

  it('shows an organisation only its own row and refuses another organisation’s figures', async () => {
    const own = await statsLeague(as(c.users.otherOrgStaff), period);
    expect(own.companies).toBe(2);
    expect(own.items.map((i) => i.id)).toEqual([c.otherMc.id]);
    await expect(
      statsFigures(as(c.users.otherOrgStaff), { ...period, by: 'organisation', organisationId: c.mc.id }),
    ).rejects.toMatchObject({ status: 403, errors: [{ field: 'querystring.organisationId' }] });
    await expect(statsFigures(system, { ...period, by: 'organisation' })).rejects.toMatchObject({ status: 401 });
  });
});
