import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleStats } from '../../db/queries/stats.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The city-hall statistics over HTTP, against a hand computation. The roof category runs on a
 * 24/7 test policy (accept 1 h, resolve 10 h). Monday 2026-04-06 09:00 Moscow (06:00 UTC):
 *
 *   A  filed t0        accepted +30 min   resolved +5 h                      → within SLA
 *   B  filed t0+1 h    accepted +2 h      resolved +6 h                      → response breached
 *   C  filed t0+2 h    accepted +20 min   resolved +3 h, disputed at +4 h    → reopened, overdue now
 *   E  filed t0+3 h    never accepted                                        → overdue now
 *   D  filed t0+7 d (next Monday), reassigned to the other company, accepted by it +40 min
 *
 * The figures are read at t0 + 7 d + 1 h.
 */
describe('city-hall statistics', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const t0 = new Date('2026-04-06T06:00:00Z');
  const readAt = new Date(t0.getTime() + 7 * DAY + HOUR);
  const period = 'from=2026-04-06&to=2026-04-19';

  const as = (userId: number) => t.signIn(userId);
  const at = (ms: number) => t.setNow(new Date(t0.getTime() + ms));
  const act = async (userId: number, id: number, body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: await as(userId),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const file = async (ms: number) => {
    at(ms);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await as(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над кухней' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, new Date(t0.getTime() + ms)), id)).toBe('assigned');
    return id;
  };
  const get = async (userId: number, url: string) => t.app.inject({ url, headers: await as(userId) });
  const ok = async (userId: number, url: string) => {
    const res = await get(userId, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 10, unit: 'hours' });
    const staff = c.users.orgStaff.id;
    const a = await file(0);
    at(30 * MIN);
    await act(staff, a, { action: 'accept' });
    at(5 * HOUR);
    await act(staff, a, { action: 'resolve', note: 'Сделано' });

    const b = await file(HOUR);
    at(3 * HOUR);
    await act(staff, b, { action: 'accept' });
    at(7 * HOUR);
    await act(staff, b, { action: 'resolve', note: 'Сделано' });

    const cc = await file(2 * HOUR);
    at(2 * HOUR + 20 * MIN);
    await act(staff, cc, { action: 'accept' });
    at(5 * HOUR);
    await act(staff, cc, { action: 'resolve', note: 'Сделано' });
    at(6 * HOUR);
    await act(c.users.resident.id, cc, { action: 'dispute', reason: 'Снова течёт' });

    await file(3 * HOUR);

    const d = await file(7 * DAY);
    at(7 * DAY + 10 * MIN);
    await act(c.users.dispatcher.id, d, {
      action: 'reassign',
      targetOrgId: c.otherMc.id,
      reason: 'Дом обслуживает другая УК',
    });
    at(7 * DAY + 40 * MIN);
    await act(c.users.otherOrgStaff.id, d, { action: 'accept' });
    t.setNow(readAt);
  });
  afterAll(() => t?.close());

  it('gives each company its counts, SLA compliance, percentiles, overdue and reopen figures', async () => {
    const body = await ok(c.users.cityHall.id, `/api/stats/figures?by=organisation&${period}`);
    expect(body.period).toEqual({ from: '2026-04-06', to: '2026-04-19', timeZone: 'Europe/Moscow' });
    const mc = body.items.find((i: { id: number }) => i.id === c.mc.id);
    // accept 20, 30, 120 min → buckets [15,30) [30,45) [120,180): median rank 1.5 → 30 + 15 × 0.5 = 37.5 min;
    // p90 rank 2.7 → 120 + 60 × 0.7 = 162 min. Resolve 180, 300, 360 min: median 240 + 120 × 0.5 = 300 min,
    // p90 360 + 120 × 0.7 = 444 min.
    expect(mc).toMatchObject({
      nameRu: c.mc.nameRu,
      received: 4,
      accepted: 3,
      resolved: 3,
      compliant: 2,
      breached: 1,
      slaCompliance: 0.6667,
      acceptMedianHours: 0.63,
      acceptP90Hours: 2.7,
      resolveMedianHours: 5,
      resolveP90Hours: 7.4,
      overdueNow: 2,
      reopened: 1,
      reopenRate: 0.3333,
    });
    const other = body.items.find((i: { id: number }) => i.id === c.otherMc.id);
    expect(other).toMatchObject({
      received: 1,
      accepted: 1,
      resolved: 0,
      slaCompliance: null,
      acceptMedianHours: 0.63,
      resolveMedianHours: null,
      overdueNow: 0,
    });
    expect(body.total).toMatchObject({
      received: 5,
      accepted: 4,
      resolved: 3,
      compliant: 2,
      breached: 1,
      overdueNow: 2,
      reopened: 1,
    });
  });

  it('counts "overdue now" whatever the period: the same now for a week with nothing received', async () => {
    // C and E were received in the first week and are overdue now; after D (filed on 2026-04-13) nothing came.
    for (const p of ['from=2026-04-14&to=2026-04-19', 'from=2026-04-13&to=2026-04-19', period]) {
      const body = await ok(c.users.cityHall.id, `/api/stats/figures?by=organisation&${p}`);
      expect(body.total.overdueNow, p).toBe(2);
      expect(body.items.find((i: { id: number }) => i.id === c.mc.id)?.overdueNow, p).toBe(2);
      const league = await ok(c.users.cityHall.id, `/api/stats/league?${p}`);
      expect(league.items.find((i: { id: number }) => i.id === c.mc.id)?.overdueNow, p).toBe(2);
    }
    const later = await ok(c.users.cityHall.id, '/api/stats/figures?by=district&from=2026-04-14&to=2026-04-19');
    expect(later.items).toEqual([expect.objectContaining({ id: c.district.id, received: 0, overdueNow: 2 })]);
    // By week, only the period's weeks are rows; the total still counts every appeal overdue now.
    const weeks = await ok(c.users.cityHall.id, '/api/stats/figures?by=week&from=2026-04-13&to=2026-04-19');
    expect(
      weeks.items.map((w: { week: string; received: number; overdueNow: number }) => [
        w.week,
        w.received,
        w.overdueNow,
      ]),
    ).toEqual([['2026-04-13', 1, 0]]);
    expect(weeks.total.overdueNow).toBe(2);
  });

  it('groups by week (Moscow weeks from Monday), district and category, every week of the period listed', async () => {
    const weeks = await ok(c.users.cityHall.id, `/api/stats/figures?by=week&${period}`);
    expect(weeks.items.map((w: { week: string; received: number }) => [w.week, w.received])).toEqual([
      ['2026-04-06', 4],
      ['2026-04-13', 1],
    ]);
    const districts = await ok(c.users.dispatcher.id, `/api/stats/figures?by=district&${period}`);
    expect(districts.items).toHaveLength(1);
    expect(districts.items[0]).toMatchObject({ id: c.district.id, received: 5, overdueNow: 2 });
    const categories = await ok(c.users.admin.id, `/api/stats/figures?by=category&${period}&organisationId=${c.mc.id}`);
    expect(categories.items).toEqual([expect.objectContaining({ id: c.roof.id, received: 4, breached: 1 })]);
  });

  it('counts an appeal filed late on Sunday in Moscow in that week, not the next', async () => {
    // 2026-04-12 23:30 Moscow is 20:30 UTC on Sunday; 00:30 Monday Moscow is still Sunday in UTC.
    const sunday = await file(6 * DAY + 14 * HOUR + 30 * MIN);
    const monday = await file(6 * DAY + 15 * HOUR + 30 * MIN);
    t.setNow(readAt);
    const weeks = await ok(c.users.cityHall.id, `/api/stats/figures?by=week&${period}`);
    expect(weeks.items.map((w: { received: number }) => w.received)).toEqual([5, 2]);
    expect([sunday, monday]).toHaveLength(2);
  });

  it('adds loose days at either end of a period to its whole weeks', async () => {
    const mixed = await ok(c.users.cityHall.id, '/api/stats/figures?by=organisation&from=2026-04-06&to=2026-04-13');
    expect(mixed.total.received).toBe(7);
    const looseOnly = await ok(c.users.cityHall.id, '/api/stats/figures?by=week&from=2026-04-07&to=2026-04-13');
    expect(looseOnly.items.map((w: { week: string; received: number }) => [w.week, w.received])).toEqual([
      ['2026-04-06', 1],
      ['2026-04-13', 2],
    ]);
    const heat = await ok(c.users.cityHall.id, '/api/stats/heatmap?from=2026-04-12&to=2026-04-20');
    expect(heat.total).toBe(3);
  });

  it('keeps the figures current: a new action shows at the next request, and the minute job changes nothing', async () => {
    const before = await ok(c.users.cityHall.id, `/api/stats/figures?by=organisation&${period}`);
    const settled = await settleStats(t.db);
    expect(settled.events).toBe(0);
    const again = await ok(c.users.cityHall.id, `/api/stats/figures?by=organisation&${period}`);
    expect(again).toEqual(before);
  });

  it('ranks the management companies by the lower bound of their share on time, with the volume; a company sees only its own row and rank', async () => {
    const league = await ok(c.users.cityHall.id, `/api/stats/league?${period}`);
    expect(league.companies).toBe(2);
    expect(league.items.map((i: { id: number; rank: number }) => [i.id, i.rank])).toEqual([
      [c.mc.id, 1],
      [c.otherMc.id, 2],
    ]);
    // 2 of 3 decided on time: Wilson's 95 % interval starts at 0.2077; nothing decided: no bound.
    expect(league.items[0]).toMatchObject({ decided: 3, slaCompliance: 0.6667, slaLowerBound: 0.2077 });
    expect(league.items[1]).toMatchObject({ decided: 0, slaCompliance: null, slaLowerBound: null });
    const own = await ok(c.users.otherOrgStaff.id, `/api/stats/league?${period}`);
    expect(own.items).toEqual([expect.objectContaining({ id: c.otherMc.id, rank: 2, received: 1 })]);
  });

  it('counts appeals per grid cell for the heat map', async () => {
    const heat = await ok(c.users.cityHall.id, `/api/stats/heatmap?${period}`);
    expect(heat.total).toBe(7);
    expect(heat.items).toHaveLength(1);
    const cell = heat.items[0];
    const [building] = await t.db.$client<
      { lon: number; lat: number }[]
    >`select location[0] as lon, location[1] as lat from buildings where id = ${c.building.id}`;
    expect(cell.west).toBeLessThanOrEqual(building.lon);
    expect(cell.east).toBeGreaterThan(building.lon);
    expect(cell.south).toBeLessThanOrEqual(building.lat);
    expect(cell.north).toBeGreaterThan(building.lat);
    const coarse = await ok(c.users.cityHall.id, `/api/stats/heatmap?${period}&cell=4`);
    expect(coarse.total).toBe(7);
    expect(coarse.cell.lonDegrees).toBeCloseTo(0.04);
  });

  it('lets an organisation see only its own figures', async () => {
    const own = await ok(c.users.otherOrgStaff.id, `/api/stats/figures?by=organisation&${period}`);
    expect(own.items.map((i: { id: number }) => i.id)).toEqual([c.otherMc.id]);
    expect(own.total.received).toBe(1);
    const heat = await ok(c.users.otherOrgStaff.id, `/api/stats/heatmap?${period}`);
    expect(heat.total).toBe(1);
    const foreign = await get(c.users.orgStaff.id, `/api/stats/figures?${period}&organisationId=${c.otherMc.id}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().errors[0].field).toBe('querystring.organisationId');
  });

  it('refuses residents and anonymous visitors, and shows another municipality nothing of ours', async () => {
    expect((await get(c.users.resident.id, `/api/stats/figures?${period}`)).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/stats/league?${period}` })).statusCode).toBe(401);
    const theirs = await ok(c.users.otherAdmin.id, `/api/stats/figures?${period}`);
    expect(theirs.items).toEqual([]);
    expect(theirs.total.received).toBe(0);
    expect((await ok(c.users.otherAdmin.id, `/api/stats/heatmap?${period}`)).items).toEqual([]);
    expect((await ok(c.users.otherAdmin.id, `/api/stats/league?${period}`)).items).toEqual([]);
    const named = await get(c.users.otherAdmin.id, `/api/stats/figures?${period}&organisationId=${c.mc.id}`);
    expect(named.statusCode).toBe(404);
  });

  it('exports every table as CSV that Excel opens: UTF-8 with BOM, Russian and English headers', async () => {
    for (const [path, header] of [
      ['figures?by=organisation', 'Организация / Organisation'],
      ['figures?by=week', 'Неделя с / Week of'],
      ['league?x=1', 'Место / Rank'],
      ['heatmap?x=1', 'Обращений / Appeals'],
    ]) {
      const res = await get(c.users.cityHall.id, `/api/stats/${path}&${period}&format=csv`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="otklik-[a-z-]+-2026-04-06-2026-04-19\.csv"$/,
      );
      const raw = res.rawPayload;
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.body.slice(1).split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toContain(header);
      const cells = (line: string) => line.replace(/"[^"]*"/g, 'q').split(',');
      const width = cells(lines[0]).length;
      for (const line of lines.slice(1, -1)) expect(cells(line)).toHaveLength(width);
    }
    const csv = (await get(c.users.cityHall.id, `/api/stats/figures?by=organisation&${period}&format=csv`)).body;
    expect(csv).toContain(
      c.mc.nameRu.includes(',') || c.mc.nameRu.includes('"') ? `"${c.mc.nameRu.replaceAll('"', '""')}"` : c.mc.nameRu,
    );
    expect(csv.trimEnd().split('\r\n').at(-1)).toMatch(/^,Итого,Total,7,/);
  });

  it('answers a bad period with a problem naming the field', async () => {
    const backwards = await get(c.users.cityHall.id, '/api/stats/figures?from=2026-04-19&to=2026-04-06');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.json().errors[0].field).toBe('querystring.to');
    const long = await get(c.users.cityHall.id, '/api/stats/league?from=2020-01-01&to=2026-04-06');
    expect(long.statusCode).toBe(422);
    expect(long.json().errors[0].field).toBe('querystring.from');
    const malformed = await get(c.users.cityHall.id, '/api/stats/heatmap?from=2026-13-01');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('querystring.from');
    const badBy = await get(c.users.cityHall.id, '/api/stats/figures?by=street');
    expect(badBy.statusCode).toBe(400);
    expect(badBy.json().errors[0].field).toBe('querystring.by');
    const badCell = await get(c.users.cityHall.id, '/api/stats/heatmap?cell=3');
    expect(badCell.statusCode).toBe(400);
    expect(badCell.json().errors[0].field).toBe('querystring.cell');
  });

  it('defaults to the last 12 Moscow weeks, from a Monday to today', async () => {
    // Sunday 2026-04-19 22:30 UTC is already Monday 2026-04-20 in Moscow.
    t.setNow(new Date('2026-04-19T22:30:00Z'));
    const body = await ok(c.users.cityHall.id, '/api/stats/figures?by=week');
    expect(body.period.from).toBe('2026-02-02');
    expect(body.period.to).toBe('2026-04-20');
    expect(body.items).toHaveLength(12);
    t.setNow(readAt);
  });
});
