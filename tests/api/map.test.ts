import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import type { AppealStatus } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Point = {
  id: number;
  number: string;
  status: string;
  categoryId: number;
  group: string;
  lat: number;
  lon: number;
  sla?: string;
};
type Cluster = {
  key: string;
  lat: number;
  lon: number;
  count: number;
  byStatus: Record<string, number>;
  bySla?: Record<string, number>;
  appealId?: number;
};
type MapAnswer = {
  view: string;
  mode: 'points' | 'clusters';
  zoom: number;
  bbox: number[];
  total: number;
  points: Point[];
  clusters: Cluster[];
  asOf: string;
};

const NOW = new Date('2026-11-20T10:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3600_000);
let serial = 0;

/** Put an appeal straight into the table (the map reads rows; how they got there is not its business). */
async function place(
  t: TestApp,
  c: City,
  o: {
    lon?: number;
    lat?: number;
    status?: AppealStatus;
    categoryId?: number;
    public?: boolean;
    municipalityId?: number;
    responseDueAt?: Date | null;
    resolutionDueAt?: Date | null;
    responseBreachedAt?: Date | null;
    resolutionBreachedAt?: Date | null;
  } = {},
): Promise<number> {
  serial += 1;
  const [row] = await t.db
    .insert(s.appeals)
    .values({
      municipalityId: o.municipalityId ?? c.city.id,
      number: `${c.city.code}-2026-${String(serial).padStart(6, '0')}`,
      authorId: c.users.resident.id,
      categoryId: o.categoryId ?? c.roof.id,
      location: { x: o.lon ?? 49.12, y: o.lat ?? 55.79 },
      description: 'Течёт крыша, звоните +79171234567',
      apartment: '57',
      priority: 'normal',
      status: o.status ?? 'assigned',
      channel: 'web',
      public: o.public ?? true,
      responseDueAt: o.responseDueAt ?? null,
      resolutionDueAt: o.resolutionDueAt ?? null,
      responseBreachedAt: o.responseBreachedAt ?? null,
      resolutionBreachedAt: o.resolutionBreachedAt ?? null,
    })
    .returning({ id: s.appeals.id });
  return row.id;
}

/** Many appeals at once on a grid of `side` × `side` places inside [lon, lon + span] × [lat, lat + span]. */
async function placeMany(
  t: TestApp,
  c: City,
  o: {
    count: number;
    lon: number;
    lat: number;
    span: number;
    categoryId: number;
    status: AppealStatus;
    public?: boolean;
  },
) {
  const side = Math.ceil(Math.sqrt(o.count));
  const first = serial + 1;
  serial += o.count;
  await t.db.execute(sql`
    insert into appeals (municipality_id, number, author_id, category_id, location, description, apartment, priority, status, channel, public)
    select ${c.city.id}, ${`${c.city.code}-2026-`} || lpad(g::text, 6, '0'), ${c.users.resident.id}, ${o.categoryId},
      point(${o.lon}::float8 + ((g - ${first}) % ${side}) * ${o.span / side}::float8, ${o.lat}::float8 + ((g - ${first}) / ${side}) * ${o.span / side}::float8),
      'Шум', '12', 'normal', ${o.status}, 'web', ${o.public ?? true}
    from generate_series(${first}::int, ${first + o.count - 1}::int) g`);
}

const get = async (t: TestApp, query: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/map/appeals?${query}`, headers });
const mapOf = async (t: TestApp, query: string, headers: Record<string, string> = {}): Promise<MapAnswer> => {
  const res = await get(t, query, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Count what the table holds in a box, to check the map's sums against. */
async function countIn(t: TestApp, box: number[], where = sql`true`): Promise<number> {
  const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from appeals
    where location <@ box(point(${box[0]}::float8, ${box[1]}::float8), point(${box[2]}::float8, ${box[3]}::float8)) and ${where}`);
  return row.n;
}

describe('the public map of appeals', () => {
  let t: TestApp;
  let c: City;
  const ids: Record<string, number> = {};
  // A quiet corner of the city with four appeals, and a busy square with 700 more.
  const corner = '49.19,55.82,49.20,55.83';
  const busy = { lon: 49.05, lat: 55.72, span: 0.02 };

  beforeAll(async () => {
    t = await startTestApp({ map: { cacheMs: 0 } });
    c = await smallCity(t.db);
    ids.roof = await place(t, c, { lon: 49.195, lat: 55.825, status: 'accepted' });
    ids.pothole = await place(t, c, { lon: 49.196, lat: 55.826, status: 'new', categoryId: c.pothole.id });
    ids.closed = await place(t, c, { lon: 49.194, lat: 55.824, status: 'closed' });
    ids.private = await place(t, c, {
      lon: 49.195,
      lat: 55.825,
      status: 'assigned',
      categoryId: c.privateCategory.id,
      public: false,
    });
    await placeMany(t, c, { ...busy, count: 500, categoryId: c.roof.id, status: 'assigned' });
    await placeMany(t, c, { ...busy, count: 150, categoryId: c.pothole.id, status: 'resolved' });
    await placeMany(t, c, { ...busy, count: 50, categoryId: c.privateCategory.id, status: 'assigned', public: false });
  });
  afterAll(() => t?.close());

  it('shows the appeals one by one when few are in view, with no personal data', async () => {
    const res = await get(t, `bbox=${corner}&zoom=16`);
    expect(res.statusCode).toBe(200);
    const map: MapAnswer = res.json();
    expect(map.mode).toBe('points');
    expect(map.points.map((p) => p.id)).toEqual([ids.roof, ids.pothole]);
    expect(map.total).toBe(2);
    expect(map.points[0]).toEqual({
      id: ids.roof,
      number: expect.any(String),
      status: 'accepted',
      categoryId: c.roof.id,
      group: 'housing',
      lat: 55.825,
      lon: 49.195,
    });
    expect(map.points[1]).toMatchObject({ categoryId: c.pothole.id, group: 'roads', status: 'new' });
    for (const secret of ['Течёт', '+7917', 'Петров', 'apartment', 'author', 'description', '"57"'])
      expect(res.body).not.toContain(secret);
  });

  it('clusters the busy square at city scale, and the counts add up', async () => {
    const map = await mapOf(t, 'bbox=48.98,55.69,49.26,55.89&zoom=12');
    expect(map.mode).toBe('clusters');
    expect(map.points).toEqual([]);
    // 500 assigned + 150 resolved in the square, accepted + new in the corner; closed and private left out
    expect(map.total).toBe(652);
    expect(map.clusters.reduce((n, k) => n + k.count, 0)).toBe(map.total);
    for (const k of map.clusters) {
      expect(Object.values(k.byStatus).reduce((a, b) => a + b, 0)).toBe(k.count);
      expect(k.key).toMatch(/^12\/\d+\/\d+$/);
    }
    const all = map.clusters.reduce<Record<string, number>>((acc, k) => {
      for (const [st, n] of Object.entries(k.byStatus)) acc[st] = (acc[st] ?? 0) + n;
      return acc;
    }, {});
    expect(all).toEqual({ assigned: 500, resolved: 150, accepted: 1, new: 1 });
    // The cell holding one appeal names it.
    const single = map.clusters.filter((k) => k.count === 1);
    expect(single.map((k) => k.appealId).sort()).toEqual([ids.roof, ids.pothole].sort());
    // Centres lie inside the square they summarise.
    const big = map.clusters.find((k) => k.count > 1)!;
    expect(big.lon).toBeGreaterThanOrEqual(busy.lon);
    expect(big.lon).toBeLessThanOrEqual(busy.lon + busy.span);
  });

  it('goes from clusters to points as the map zooms in', async () => {
    const square = `${busy.lon},${busy.lat},${busy.lon + busy.span},${busy.lat + busy.span}`;
    const far = await mapOf(t, `bbox=${square}&zoom=14`);
    expect(far.mode).toBe('clusters');
    expect(far.total).toBe(650);
    const near = await mapOf(t, `bbox=${busy.lon},${busy.lat},${busy.lon + 0.002},${busy.lat + 0.001}&zoom=18`);
    expect(near.mode).toBe('points');
    expect(near.total).toBe(near.points.length);
    expect(near.total).toBeGreaterThan(0);
    // Everything in the covered box is there, and the covered box holds the viewport.
    const [w, sth, e, n] = near.bbox;
    expect(w).toBeLessThanOrEqual(busy.lon);
    expect(n).toBeGreaterThanOrEqual(busy.lat + 0.001);
    expect(near.total).toBe(await countIn(t, [w, sth, e, n], sql`public and status in ('assigned', 'resolved')`));
  });

  it('clusters even a few appeals when the map asks for fewer points (the home page at city scale)', async () => {
    const cornerAt = `bbox=${corner}&zoom=13`;
    expect((await mapOf(t, cornerAt)).mode).toBe('points');
    const clustered = await mapOf(t, `${cornerAt}&maxPoints=1`);
    expect(clustered.mode).toBe('clusters');
    expect(clustered.points).toEqual([]);
    expect(clustered.total).toBe(2);
    expect(clustered.clusters.reduce((n, k) => n + k.count, 0)).toBe(2);
    // zoomed in to the street, the one in view comes as a point
    const street = await mapOf(t, `bbox=49.1955,55.8255,49.1965,55.8265&zoom=18&maxPoints=1`);
    expect(street.mode).toBe('points');
    expect(street.points.map((p) => p.id)).toEqual([ids.pothole]);
    expect((await mapOf(t, `${cornerAt}&maxPoints=0`)).mode).toBe('clusters');
  });

  it('counts whole cells, so a cluster does not change while the map pans', async () => {
    const a = await mapOf(t, 'bbox=48.98,55.69,49.26,55.89&zoom=12');
    const b = await mapOf(t, 'bbox=48.9805,55.6905,49.2605,55.8905&zoom=12');
    const byKey = (m: MapAnswer) => new Map(m.clusters.map((k) => [k.key, k.count]));
    expect(byKey(b)).toEqual(byKey(a));
  });

  it('filters by status, category group and category', async () => {
    const box = 'bbox=48.98,55.69,49.26,55.89&zoom=12';
    expect((await mapOf(t, `${box}&status=resolved`)).total).toBe(150);
    expect((await mapOf(t, `${box}&status=resolved&status=new`)).total).toBe(151);
    expect((await mapOf(t, `${box}&status=closed`)).points.map((p) => p.id)).toEqual([ids.closed]);
    expect((await mapOf(t, `${box}&group=roads`)).total).toBe(151);
    expect((await mapOf(t, `${box}&categoryId=${c.roof.id}`)).total).toBe(501);
    expect((await mapOf(t, `${box}&categoryId=${c.roof.id}&status=accepted`)).points.map((p) => p.id)).toEqual([
      ids.roof,
    ]);
  });

  it('never shows private appeals, nor counts them', async () => {
    const viaCategory = await mapOf(t, `bbox=48.98,55.69,49.26,55.89&zoom=12&categoryId=${c.privateCategory.id}`);
    expect(viaCategory.total).toBe(0);
    expect(viaCategory.clusters).toEqual([]);
    const corner16 = await mapOf(t, `bbox=${corner}&zoom=16&status=assigned`);
    expect(corner16.points).toEqual([]);
  });

  it('refuses a bad viewport with a problem naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['zoom=12', 'querystring.bbox'],
      ['bbox=49.1,55.7&zoom=12', 'querystring.bbox'],
      ['bbox=a,b,c,d&zoom=12', 'querystring.bbox'],
      ['bbox=49.3,55.7,49.1,55.9&zoom=12', 'querystring.bbox'],
      ['bbox=49.1,-95,49.2,55.9&zoom=12', 'querystring.bbox'],
      ['bbox=49.1,55.7,49.2,55.8', 'querystring.zoom'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=1.5', 'querystring.zoom'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=21', 'querystring.zoom'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=x', 'querystring.zoom'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&status=lost', 'querystring.status'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&group=cats', 'querystring.group'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&categoryId=-1', 'querystring.categoryId'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&view=everything', 'querystring.view'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&maxPoints=501', 'querystring.maxPoints'],
      ['bbox=49.1,55.7,49.2,55.8&zoom=12&maxPoints=-1', 'querystring.maxPoints'],
    ];
    for (const [query, field] of cases) {
      const res = await get(t, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
    // A whole country at street scale would be thousands of cells: zoom out first.
    const huge = await get(t, 'bbox=40,50,60,60&zoom=16');
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ code: 'map.box_too_large' });
    expect(huge.json().errors[0]).toMatchObject({
      field: 'querystring.bbox',
      code: 'map.field.box_too_large',
      reason: expect.stringContaining('уменьшите масштаб'),
    });
    // The same box is fine at country scale.
    expect((await get(t, 'bbox=40,50,60,60&zoom=6')).statusCode).toBe(200);
    expect((await get(t, 'bbox=-180,-85,180,85&zoom=0')).statusCode).toBe(200);
  });
});

describe('the dispatchers’ SLA map', () => {
  let t: TestApp;
  let c: City;
  const ids: Record<string, number> = {};
  const box = 'bbox=49.10,55.78,49.13,55.80';

  beforeAll(async () => {
    t = await startTestApp({ map: { cacheMs: 0 } });
    t.setNow(NOW);
    c = await smallCity(t.db);
    // 8 h to accept, 72 h to resolve, around the clock: at risk with ≤ 2 h or ≤ 18 h left.
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 8, unit: 'hours' }, { amount: 72, unit: 'hours' });
    ids.onTime = await place(t, c, { lon: 49.11, responseDueAt: hours(5), resolutionDueAt: hours(60) });
    ids.responseAtRisk = await place(t, c, { lon: 49.111, responseDueAt: hours(1.5), resolutionDueAt: hours(60) });
    ids.resolutionAtRisk = await place(t, c, { lon: 49.112, status: 'accepted', resolutionDueAt: hours(17) });
    ids.overdue = await place(t, c, { lon: 49.113, responseDueAt: hours(-0.1), resolutionDueAt: hours(50) });
    ids.acceptedLate = await place(t, c, {
      lon: 49.114,
      status: 'accepted',
      resolutionDueAt: hours(40),
      responseBreachedAt: hours(-30),
    });
    ids.waiting = await place(t, c, { lon: 49.115, status: 'needs_info' });
    ids.private = await place(t, c, {
      lon: 49.116,
      categoryId: c.privateCategory.id,
      public: false,
      responseDueAt: hours(0.5),
      resolutionDueAt: hours(60),
    });
    ids.resolved = await place(t, c, { lon: 49.117, status: 'resolved' });
    ids.elsewhere = await place(t, c, {
      lon: 49.118,
      municipalityId: c.other.id,
      responseDueAt: hours(1),
      resolutionDueAt: hours(60),
    });
    // 600 more away from the centre: a third breached, a third at risk, a third on time
    await placeMany(t, c, {
      count: 600,
      lon: 49.05,
      lat: 55.72,
      span: 0.02,
      categoryId: c.roof.id,
      status: 'assigned',
    });
    await t.db.execute(sql`update appeals set
        response_due_at = case id % 3 when 0 then ${hours(6)}::timestamptz when 1 then ${hours(1)}::timestamptz else null end,
        resolution_due_at = ${hours(70)}::timestamptz,
        response_breached_at = case id % 3 when 2 then ${hours(-1)}::timestamptz end
      where location[0] < 49.1`);
  });
  afterAll(() => t?.close());

  it('colours the municipality’s open appeals on time, at risk or breached', async () => {
    const map = await mapOf(t, `${box}&zoom=15&view=sla`, await t.signIn(c.users.dispatcher.id));
    expect(map.view).toBe('sla');
    expect(map.mode).toBe('points');
    const state = Object.fromEntries(map.points.map((p) => [p.id, p.sla]));
    expect(state).toEqual({
      [ids.onTime]: 'on_time',
      [ids.responseAtRisk]: 'at_risk',
      [ids.resolutionAtRisk]: 'at_risk',
      [ids.overdue]: 'breached',
      [ids.acceptedLate]: 'breached',
      [ids.waiting]: 'on_time',
      // default policy (working days) for the private category: half an hour before the response deadline is at risk
      [ids.private]: 'at_risk',
    });
  });

  it('counts SLA states per cluster', async () => {
    const map = await mapOf(t, 'bbox=49.0,55.7,49.2,55.9&zoom=12&view=sla', await t.signIn(c.users.cityHall.id));
    expect(map.mode).toBe('clusters');
    expect(map.total).toBe(607);
    const sum = { on_time: 0, at_risk: 0, breached: 0 };
    for (const k of map.clusters) {
      expect(k.bySla!.on_time + k.bySla!.at_risk + k.bySla!.breached).toBe(k.count);
      for (const st of ['on_time', 'at_risk', 'breached'] as const) sum[st] += k.bySla![st];
    }
    // the 600 by thirds, and the seven in the centre
    expect(sum).toEqual({ on_time: 200 + 2, at_risk: 200 + 3, breached: 200 + 2 });
    expect(
      (await get(t, 'bbox=49.0,55.7,49.2,55.9&zoom=12&view=sla', await t.signIn(c.users.admin.id))).statusCode,
    ).toBe(200);
  });

  it('is for the municipality’s dispatch only', async () => {
    expect((await get(t, `${box}&zoom=15&view=sla`)).statusCode).toBe(401);
    expect((await get(t, `${box}&zoom=15&view=sla`, await t.signIn(c.users.resident.id))).statusCode).toBe(403);
    expect((await get(t, `${box}&zoom=15&view=sla`, await t.signIn(c.users.orgStaff.id))).statusCode).toBe(403);
    // Another municipality's admin sees their own open appeal in this box, none of ours.
    const theirs = await mapOf(t, `${box}&zoom=15&view=sla`, await t.signIn(c.users.otherAdmin.id));
    expect(theirs.points.map((p) => p.id)).toEqual([ids.elsewhere]);
  });

  it('shows open appeals only', async () => {
    const res = await get(t, `${box}&zoom=15&view=sla&status=resolved`, await t.signIn(c.users.dispatcher.id));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('querystring.status');
    const accepted = await mapOf(t, `${box}&zoom=15&view=sla&status=accepted`, await t.signIn(c.users.dispatcher.id));
    expect(accepted.points.map((p) => p.id).sort()).toEqual([ids.resolutionAtRisk, ids.acceptedLate].sort());
  });

  it('keeps the public view free of SLA states and private appeals', async () => {
    const map = await mapOf(t, `${box}&zoom=15`);
    expect(map.points.map((p) => p.id)).not.toContain(ids.private);
    expect(map.points.every((p) => p.sla === undefined)).toBe(true);
  });
});

describe('the map’s cached city-scale counts', () => {
  let t: TestApp;
  let c: City;
  const cityBox = 'bbox=48.98,55.69,49.26,55.89&zoom=12';

  beforeAll(async () => {
    t = await startTestApp({ map: { cacheMs: 5000 } });
    t.setNow(NOW);
    c = await smallCity(t.db);
    await placeMany(t, c, {
      count: 900,
      lon: 49.05,
      lat: 55.72,
      span: 0.05,
      categoryId: c.roof.id,
      status: 'assigned',
    });
    await placeMany(t, c, { count: 300, lon: 49.15, lat: 55.8, span: 0.03, categoryId: c.pothole.id, status: 'new' });
  });
  afterAll(() => t?.close());

  it('answers exactly what counting on the spot answers', async () => {
    const open = sql`public and status in ('new', 'assigned', 'accepted', 'needs_info', 'resolved', 'reopened')`;
    const cases: Array<[string, ReturnType<typeof sql>]> = [
      [cityBox, open],
      ['bbox=49.04,55.71,49.08,55.75&zoom=13', open],
      ['bbox=49.0,55.7,49.3,55.9&zoom=10&group=roads', sql`${open} and category_id = ${c.pothole.id}`],
      ['bbox=49.049,55.719,49.06,55.73&zoom=14', open],
    ];
    for (const [query, where] of cases) {
      const map = await mapOf(t, query);
      const counted = await countIn(t, map.bbox, where);
      expect(map.total, query).toBe(counted);
      expect(map.mode === 'points' ? map.points.length : map.clusters.reduce((n, k) => n + k.count, 0), query).toBe(
        counted,
      );
    }
  });

  it('serves counts up to a few seconds old, then the new ones', async () => {
    const before = await mapOf(t, cityBox);
    expect(before.total).toBe(1200);
    await placeMany(t, c, { count: 10, lon: 49.2, lat: 55.85, span: 0.001, categoryId: c.roof.id, status: 'new' });
    expect((await mapOf(t, cityBox)).total).toBe(1200);
    t.setNow(new Date(NOW.getTime() + 6000));
    // the first request after the counts got old still gets them, and sets a reload going
    expect((await mapOf(t, cityBox)).total).toBe(1200);
    await expect.poll(async () => (await mapOf(t, cityBox)).total).toBe(1210);
    const after = await mapOf(t, cityBox);
    expect(new Date(after.asOf).getTime()).toBe(NOW.getTime() + 6000);
    // street scale is always live
    await placeMany(t, c, { count: 1, lon: 49.2005, lat: 55.8505, span: 0.0001, categoryId: c.roof.id, status: 'new' });
    expect((await mapOf(t, 'bbox=49.199,55.849,49.202,55.852&zoom=16')).total).toBe(11);
  });
});
