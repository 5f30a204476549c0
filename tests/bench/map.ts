import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type App, buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { Random } from '../../db/seed/random.ts';
import { mercator } from '../../dispatch/map.ts';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { benchDatabase } from './lib/cluster.ts';
import { type LatencyStats, latencyStats } from './lib/stats.ts';
import type { BenchResult } from './run.ts';

type Viewport = { zoom: number; minLon: number; minLat: number; maxLon: number; maxLat: number };

// A laptop browser window: the map is 1280 × 800 pixels.
const SCREEN = { width: 1280, height: 800 };
const CITY_ZOOMS = [11, 12, 13];
const STREET_ZOOMS = [16, 17, 18];

/**
 * The public map's viewport request (GET /api/map/appeals) at scale: a city of 1,000,000 buildings
 * (the demo seed's bulk loader, with its history of mostly closed appeals) and 100,000 open appeals
 * bulk-loaded with INSERT … SELECT generate_series at its buildings, plus a year of closed appeals
 * (365,000) at the same places. Random city-scale viewports
 * (zoom 11–13, the whole city or a good part of it) and street-scale ones (zoom 16–18, a few blocks
 * around an appeal), one request at a time over real HTTP, next to the plain GiST query for the same viewports
 * over postgres.js in the same run (`select id, location from appeals where location <@ box(…)`).
 */
export async function map(opts: { quick: boolean }): Promise<BenchResult> {
  const buildings = opts.quick ? 100_000 : 1_000_000;
  const openAppeals = opts.quick ? 10_000 : 100_000;
  const history = opts.quick ? 2_000 : 20_000;
  // A year of closed appeals at about 1,000 a day, at the same places: what a city's table holds.
  const closedAppeals = opts.quick ? 36_500 : 365_000;
  // The plain GiST query returns every appeal of a city-scale box (hundreds of thousands of rows):
  // fewer city-scale viewports keep its half of the run within minutes.
  const cityViews = opts.quick ? 200 : 300;
  const streetViews = opts.quick ? 200 : 1000;
  const uncachedCount = opts.quick ? 40 : 150;
  const log = (line: string) => console.log(`  [map ${new Date().toISOString().slice(11, 23)}] ${line}`);

  const bd = await benchDatabase('map');
  const raw = postgres(bd.url, { max: 1, onnotice: () => {} });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  let boss: Boss | null = null;
  const apps: App[] = [];
  try {
    // ── setup ────────────────────────────────────────────────────────────────────────────────
    const setupStarted = performance.now();
    const seeded = await seedDemoCity(bd.db, { buildings, appeals: history, seed: 42 });
    log(
      `seed: ${seeded.buildings.toLocaleString('en')} buildings, ${seeded.appeals.toLocaleString('en')} appeals of history in ${round(seeded.ms / 1000, 1)} s`,
    );
    const loadStarted = performance.now();
    await loadOpenAppeals(raw, openAppeals);
    await loadClosedAppeals(raw, closedAppeals);
    await raw`vacuum analyze appeals`;
    const [counts] = await raw`select count(*)::int as appeals,
      count(*) filter (where status in ('new', 'assigned', 'accepted', 'needs_info', 'reopened'))::int as open,
      count(*) filter (where public and status in ('new', 'assigned', 'accepted', 'needs_info', 'resolved', 'reopened'))::int as "onPublicMap",
      (select count(*)::int from buildings) as buildings from appeals`;
    log(`open appeals loaded in ${round((performance.now() - loadStarted) / 1000, 1)} s: ${JSON.stringify(counts)}`);
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);

    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: bd.url, PORT: '0' });
    boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 2 });
    const listen = async (map?: { cacheMs: number }) => {
      const app = await buildApp({ config, db: bd.db, boss: boss!, map });
      apps.push(app);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : 0;
    };
    const port = await listen();
    const uncachedPort = await listen({ cacheMs: 0 });

    // ── viewports ────────────────────────────────────────────────────────────────────────────
    const rng = new Random(42, 'map-viewports');
    const [extent] = await raw<{ w: number; s: number; e: number; n: number }[]>`
      select min(location[0]) as w, min(location[1]) as s, max(location[0]) as e, max(location[1]) as n
      from buildings where municipality_id = (select id from municipalities where code = 'KZN')`;
    const city = Array.from({ length: cityViews }, () =>
      viewport(
        rng.float(extent.w, extent.e),
        rng.float(extent.s, extent.n),
        CITY_ZOOMS[rng.int(0, CITY_ZOOMS.length - 1)],
      ),
    );
    await raw`select setseed(0.42)`;
    const around = await raw<{ lon: number; lat: number }[]>`
      select location[0] as lon, location[1] as lat from appeals
      where status in ('new', 'assigned', 'accepted', 'needs_info', 'reopened') order by random() limit ${streetViews}`;
    const street = around.map((p) => viewport(p.lon, p.lat, STREET_ZOOMS[rng.int(0, STREET_ZOOMS.length - 1)]));

    // ── the API over HTTP, one request at a time ──────────────────────────────────────────────
    const client = httpClient();
    const warm = await client.measure(port, city.slice(0, 30));
    await client.measure(port, street.slice(0, 30));
    log(`warm-up: city p50 ${warm.latency.p50} ms`);
    const apiCity = await client.measure(port, city);
    log(
      `api city: p50 ${apiCity.latency.p50} p95 ${apiCity.latency.p95} p99 ${apiCity.latency.p99} ms, ${apiCity.size.mean} B mean, ${JSON.stringify(apiCity.modes)}`,
    );
    const apiStreet = await client.measure(port, street);
    log(
      `api street: p50 ${apiStreet.latency.p50} p95 ${apiStreet.latency.p95} p99 ${apiStreet.latency.p99} ms, ${apiStreet.size.mean} B mean, ${JSON.stringify(apiStreet.modes)}`,
    );
    const uncached = await client.measure(uncachedPort, city.slice(0, uncachedCount));
    log(`api city counted on every request: p50 ${uncached.latency.p50} p95 ${uncached.latency.p95} ms`);
    client.close();

    // ── baseline: the plain GiST query for the same viewports ─────────────────────────────────
    const gist = async (views: Viewport[]) => {
      const ms: number[] = [];
      let rows = 0;
      for (const v of views) {
        const t0 = performance.now();
        const result =
          await raw`select id, location from appeals where location <@ box(point(${v.minLon}, ${v.minLat}), point(${v.maxLon}, ${v.maxLat}))`;
        ms.push(performance.now() - t0);
        rows += result.length;
      }
      return { latency: latencyStats(ms), meanRows: Math.round(rows / views.length) };
    };
    await gist(city.slice(0, 30));
    const gistCity = await gist(city);
    const gistStreet = await gist(street);
    const gistUncached = await gist(city.slice(0, uncachedCount));
    log(
      `gist city: p50 ${gistCity.latency.p50} p95 ${gistCity.latency.p95} ms (${gistCity.meanRows} rows); street p50 ${gistStreet.latency.p50} p95 ${gistStreet.latency.p95} ms (${gistStreet.meanRows} rows)`,
    );

    // three decimals: the cached city-scale answer is hundreds of times faster than the baseline
    const ratio = (v: number, b: number) => (b > 0 ? round(v / b, 3) : undefined);
    const vs = (label: string, api: LatencyStats, base: LatencyStats, q: 'p50' | 'p95' | 'p99', target?: string) => ({
      label,
      value: api[q],
      unit: 'ms',
      baseline: base[q],
      baselineLabel: `plain GiST query, ${q}`,
      ratio: ratio(api[q], base[q]),
      ...(target ? { target } : {}),
    });
    return {
      name: 'map',
      description:
        `GET /api/map/appeals over HTTP, one request at a time: ${cityViews} random city-scale viewports (zoom ${CITY_ZOOMS.join('/')}, ` +
        `${SCREEN.width}×${SCREEN.height} px) and ${streetViews} street-scale ones (zoom ${STREET_ZOOMS.join('/')}, a few blocks around an open appeal), ` +
        `${counts.buildings.toLocaleString('en')} buildings, ${counts.open.toLocaleString('en')} open appeals (${counts.appeals.toLocaleString('en')} in all); ` +
        'baseline: select id, location from appeals where location <@ box(…) over postgres.js for the same viewports, same run (every appeal in the box, closed ones too)',
      figures: [
        vs('city-scale viewport p50', apiCity.latency, gistCity.latency, 'p50'),
        vs('city-scale viewport p95', apiCity.latency, gistCity.latency, 'p95', '≤ 25 ms'),
        vs('city-scale viewport p99', apiCity.latency, gistCity.latency, 'p99'),
        vs('street-scale viewport p50', apiStreet.latency, gistStreet.latency, 'p50'),
        vs('street-scale viewport p95', apiStreet.latency, gistStreet.latency, 'p95', '≤ 25 ms'),
        vs('street-scale viewport p99', apiStreet.latency, gistStreet.latency, 'p99'),
        {
          label: 'response size, city scale (mean)',
          value: round(apiCity.size.mean / 1024, 1),
          unit: `KiB (max ${round(apiCity.size.max / 1024, 1)} KiB; the GiST query returns ${gistCity.meanRows.toLocaleString('en')} rows)`,
        },
        {
          label: 'response size, street scale (mean)',
          value: round(apiStreet.size.mean / 1024, 1),
          unit: `KiB (max ${round(apiStreet.size.max / 1024, 1)} KiB; the GiST query returns ${gistStreet.meanRows.toLocaleString('en')} rows)`,
        },
        vs(
          'city-scale p95 without the cache (counted on every request)',
          uncached.latency,
          gistUncached.latency,
          'p95',
        ),
        { label: 'setup (seed + bulk load)', value: setupSeconds, unit: 's' },
      ],
      raw: {
        counts,
        screen: SCREEN,
        api: { city: apiCity, street: apiStreet, uncachedCity: uncached },
        gist: { city: gistCity, street: gistStreet, uncachedCity: gistUncached },
        seed: { buildings: seeded.buildings, appeals: seeded.appeals, ms: Math.round(seeded.ms) },
      },
    };
  } finally {
    for (const app of apps) await app.close().catch(() => {});
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await raw.end({ timeout: 2 });
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The box a 1280 × 800 map shows around a centre at a zoom (web mercator, 256-pixel tiles). */
function viewport(lon: number, lat: number, zoom: number): Viewport {
  const world = 256 * 2 ** zoom;
  const halfLon = ((SCREEN.width / 2) * 360) / world;
  const { v } = mercator(lon, lat);
  const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  const dv = SCREEN.height / 2 / world;
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    zoom,
    minLon: r6(lon - halfLon),
    maxLon: r6(lon + halfLon),
    minLat: r6(latOf(v + dv)),
    maxLat: r6(latOf(v - dv)),
  };
}

/** GET the map for each viewport in turn over one keep-alive connection: latency, body size, mode. */
function httpClient() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (port: number, v: Viewport) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const query = `bbox=${v.minLon},${v.minLat},${v.maxLon},${v.maxLat}&zoom=${v.zoom}`;
      http
        .get({ agent, host: '127.0.0.1', port, path: `/api/map/appeals?${query}` }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  return {
    async measure(port: number, views: Viewport[]) {
      const ms: number[] = [];
      const sizes: number[] = [];
      const modes: Record<string, number> = {};
      let failed = 0;
      for (const v of views) {
        const t0 = performance.now();
        const res = await get(port, v);
        const elapsed = performance.now() - t0;
        if (res.status !== 200) {
          failed++;
          if (failed <= 3) console.error(`  map request failed ${res.status}: ${res.body.slice(0, 300)}`);
          continue;
        }
        ms.push(elapsed);
        sizes.push(Buffer.byteLength(res.body));
        const mode = (JSON.parse(res.body) as { mode: string }).mode;
        modes[mode] = (modes[mode] ?? 0) + 1;
      }
      if (failed) throw new Error(`${failed} of ${views.length} map requests failed`);
      return {
        latency: latencyStats(ms),
        size: { mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), max: Math.max(...sizes) },
        modes,
      };
    },
    close: () => agent.destroy(),
  };
}

/**
 * Open appeals at the city's buildings, a little off each house, in one INSERT … SELECT: statuses
 * and deadlines spread by a hash of the row number (reproducible), so the SLA view has appeals on
 * time, at risk and breached, and some in private categories (not on the public map).
 */
async function loadOpenAppeals(sql: postgres.Sql, count: number): Promise<void> {
  await sql.begin(async (tx) => {
    const [{ kzn }] = await tx`select id as kzn from municipalities where code = 'KZN'`;
    await tx`create temp table bench_buildings on commit drop as
      select row_number() over (order by id) as rn, id, district_id, address, location from buildings where municipality_id = ${kzn}`;
    await tx`create temp table bench_categories on commit drop as
      select row_number() over (order by id) as rn, id, public from categories where municipality_id = ${kzn} and active`;
    await tx`
      with g as (
        select g,
          ((g::bigint * 7907) % 1000) / 1000.0 as u1, ((g::bigint * 104729) % 1000) / 1000.0 as u2,
          ((g::bigint * 15485863) % 1000) / 1000.0 as u3
        from generate_series(1, ${count}) g),
      s as (
        select g.*, case when u2 < 0.1 then 'new' when u2 < 0.45 then 'assigned' when u2 < 0.9 then 'accepted'
                         when u2 < 0.95 then 'needs_info' else 'reopened' end::appeal_status as status
        from g),
      d as (
        select s.*,
          case when status = 'assigned' then now() + (u1 * 24 - 4) * interval '1 hour' end as response_due,
          case when status in ('assigned', 'accepted', 'reopened') then now() + (u3 * 80 - 10) * interval '1 hour' end as resolution_due
        from s)
      insert into appeals (municipality_id, number, author_id, category_id, building_id, district_id, location, address_text,
        description, priority, status, assigned_org_id, channel, public, created_at, updated_at,
        response_due_at, resolution_due_at, response_breached_at, resolution_breached_at)
      select ${kzn}, 'KZN-2020-' || lpad(d.g::text, 7, '0'), r.ids[1 + d.g % array_length(r.ids, 1)], c.id, b.id, b.district_id,
        point(b.location[0] + ((d.g * 37) % 101 - 50) * 0.000004, b.location[1] + ((d.g * 53) % 101 - 50) * 0.000003),
        b.address, 'Обращение для замера карты', 'normal', d.status, null, 'web', c.public, now() - interval '2 days', now(),
        d.response_due, d.resolution_due,
        case when d.response_due < now() then d.response_due end, case when d.resolution_due < now() then d.resolution_due end
      from d
      join bench_buildings b on b.rn = 1 + (d.g::bigint * 7919) % (select count(*) from bench_buildings)
      join bench_categories c on c.rn = 1 + d.g % (select count(*) from bench_categories)
      cross join (select array_agg(id order by id) as ids from users where role = 'resident' and municipality_id = ${kzn}) r`;
  });
}

/** Closed appeals at the places of the open ones (the map leaves them out unless asked for). */
async function loadClosedAppeals(sql: postgres.Sql, count: number): Promise<void> {
  await sql`
    with open as (select row_number() over (order by id) as rn, a.* from appeals a where number like 'KZN-2020-%')
    insert into appeals (municipality_id, number, author_id, category_id, building_id, district_id, location, address_text,
      description, priority, status, channel, public, created_at, updated_at, resolved_at)
    select o.municipality_id, 'KZN-2019-' || lpad(g::text, 7, '0'), o.author_id, o.category_id, o.building_id, o.district_id,
      o.location, o.address_text, o.description, o.priority, 'closed', o.channel, o.public,
      now() - interval '200 days', now() - interval '180 days', now() - interval '190 days'
    from generate_series(1, ${count}) g
    join open o on o.rn = 1 + (g::bigint * 7919) % (select count(*) from open)`;
}
