import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { Database } from '../../db/client.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { startBoss } from '../../jobs/boss.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { makers, square } from '../helpers/make.ts';
import { httpLoad } from './lib/city.ts';
import { benchDatabase } from './lib/cluster.ts';
import { drive, type LatencyStats } from './lib/stats.ts';
import type { BenchResult, Figure } from './run.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * Live status at scale. A city of 10 districts and 4 management companies; 10,000 websocket clients
 * (in their own process): 9,000 anonymous map viewers on one district each, 900 residents on their
 * own appeals, 80 organisation staff on their organisation's queue, 20 dispatchers on the board.
 * Status changes (an organisation accepts an appeal, over HTTP) at 20 per second; latency = arrival
 * at the client − the moment the change's HTTP request was sent. Then:
 * - the server's send loop (the hub's fan-out: topic lookup, audience check, one serialisation per
 *   view, the buffer check, ws.send), per socket write, next to a raw loop writing one pre-framed
 *   message straight to the same clients' TCP sockets in the same process;
 * - the same clients split over two instances, the changes made on one: cross-instance latency;
 * - intake (POST /api/appeals) with the after-commit NOTIFY, without it, and with a NOTIFY inside
 *   the writing transaction (a trigger), alternated on the same database.
 */
export async function live(opts: { quick: boolean }): Promise<BenchResult> {
  const scale = opts.quick ? 0.2 : 1;
  const mix = { viewers: Math.round(9000 * scale), residents: Math.round(900 * scale), staff: 80, dispatchers: 20 };
  const rate = 20;
  const durationMs = opts.quick ? 10_000 : 60_000;
  const changes = Math.ceil((rate * durationMs) / 1000) + 20;
  const log = (line: string) => console.log(`  [live ${new Date().toISOString().slice(11, 23)}] ${line}`);

  const bd = await benchDatabase('live');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  const secret = randomBytes(32).toString('hex');
  const children: ChildProcess[] = [];
  try {
    const t0 = performance.now();
    const city = await makeCity(bd.db, bd.url, dataDir, secret, mix.residents, 2 * changes);
    log(
      `city: ${city.appeals.length} assigned appeals, ${city.residents.length} residents in ${Math.round(performance.now() - t0)} ms`,
    );

    const start = async (announce: 'after_commit' | 'off') => {
      const server = await startChild(path.join(import.meta.dirname, 'lib', 'live-server.ts'), {
        BENCH_LIVE: JSON.stringify({ url: bd.url, dataDir, secret, announce }),
      });
      children.push(server.child);
      return { ...server, url: `http://127.0.0.1:${(server.ready as { port: number }).port}` };
    };
    const a = await start('after_commit');

    // The client mix; `servers` spreads them round-robin.
    const specs = (servers: string[]) => {
      const out: { url: string; cookie?: string; topics: string[] }[] = [];
      const at = (i: number) => servers[i % servers.length];
      for (let i = 0; i < mix.viewers; i++)
        out.push({ url: at(i), topics: [`public:district:${city.districts[i % city.districts.length]}`] });
      for (const [i, r] of city.residents.slice(0, mix.residents).entries())
        out.push({ url: at(i), cookie: r.cookie, topics: r.appeals.map((id) => `appeal:${id}`) });
      for (let i = 0; i < mix.staff; i++) {
        const org = city.orgs[i % city.orgs.length];
        out.push({ url: at(i), cookie: org.sessions[i % org.sessions.length], topics: [`org:${org.id}`] });
      }
      for (let i = 0; i < mix.dispatchers; i++)
        out.push({ url: at(i), cookie: city.dispatcherCookie, topics: [`board:${city.cityId}`] });
      return out;
    };
    /** How many of these clients should get the change of this appeal. */
    const expected = (list: ReturnType<typeof specs>, appeal: (typeof city.appeals)[number]) =>
      list.filter(
        (s) =>
          s.topics.includes(`appeal:${appeal.id}`) ||
          s.topics.includes(`org:${appeal.orgId}`) ||
          s.topics.includes(`board:${city.cityId}`) ||
          s.topics.includes(`public:district:${appeal.districtId}`),
      ).length;

    const runPhase = async (label: string, servers: string[], appeals: typeof city.appeals, driveUrl: string) => {
      const list = specs(servers);
      const clients = await startChild(path.join(import.meta.dirname, 'lib', 'live-clients.ts'), {});
      children.push(clients.child);
      const connectedAt = performance.now();
      const ready = (await clients.ask({ cmd: 'start', job: { clients: list, connectConcurrency: 200 } }, 'ready')) as {
        connected: number;
      };
      log(
        `${label}: ${ready.connected}/${list.length} clients connected and subscribed in ${Math.round(performance.now() - connectedAt)} ms`,
      );
      const t0s: [number, number][] = [];
      let next = 0;
      const rss: number[] = [];
      const sampler = setInterval(() => {
        a.ask({ cmd: 'stats' }, 'stats').then(
          (s) => rss.push((s as { rssBytes: number }).rssBytes),
          () => {},
        );
      }, 1000);
      const driven = await drive(
        async () => {
          const appeal = appeals[next++];
          if (!appeal) return false;
          const started = performance.timeOrigin + performance.now();
          const res = await fetch(`${driveUrl}/api/appeals/${appeal.id}/actions`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: appeal.staffCookie,
              'x-csrf-token': appeal.staffCsrf,
            },
            body: JSON.stringify({ action: 'accept' }),
          });
          await res.arrayBuffer();
          if (res.status !== 200) return false;
          t0s.push([appeal.id, started]);
          return true;
        },
        { concurrency: 1, durationMs, ratePerSecond: rate },
      );
      await new Promise((r) => setTimeout(r, 3000));
      clearInterval(sampler);
      const report = (await clients.ask({ cmd: 'report', t0: t0s }, 'report')) as {
        byServer: Record<string, { latency: LatencyStats; deliveries: Record<number, number> }>;
        closedEarly: number;
        errors: number;
      };
      const changed = new Map(appeals.map((x) => [x.id, x]));
      const perServer = servers.map((url) => {
        const r = report.byServer[url] ?? { latency: null, deliveries: {} };
        const onServer = list.filter((s) => s.url === url);
        let want = 0;
        let got = 0;
        for (const [id] of t0s) {
          want += expected(onServer, changed.get(id) as (typeof city.appeals)[number]);
          got += r.deliveries[id] ?? 0;
        }
        return { url, latency: r.latency, want, got };
      });
      log(
        `${label}: ${driven.ok} changes (${driven.throughput}/s, HTTP p99 ${driven.latency.p99} ms); ${perServer.map((p) => `${p.url}: ${p.got}/${p.want} delivered, p50 ${p.latency?.p50} p99 ${p.latency?.p99} max ${p.latency?.max} ms`).join('; ')}; closed early ${report.closedEarly}`,
      );
      return { clients, ready, driven, perServer, rss, closedEarly: report.closedEarly };
    };

    // ── one instance ──────────────────────────────────────────────────────────────────────────
    const half = Math.floor(city.appeals.length / 2);
    const one = await runPhase('one instance', [a.url], city.appeals.slice(0, half), a.url);
    const stats = (await a.ask({ cmd: 'stats' }, 'stats')) as {
      rssBytes: number;
      sent: number;
      dropped: number;
      publishMs: number;
      clients: number;
    };
    const rawRun = (await a.ask({ cmd: 'raw', rounds: 20 }, 'raw')) as { ms: number; writes: number };
    const hubPerWriteUs = (stats.publishMs * 1000) / Math.max(1, stats.sent);
    const rawPerWriteUs = (rawRun.ms * 1000) / Math.max(1, rawRun.writes);
    log(
      `server: RSS ${(stats.rssBytes / 2 ** 20).toFixed(0)} MiB, ${stats.clients} sockets, ${stats.sent} sends in ${stats.publishMs.toFixed(0)} ms of fan-out (${hubPerWriteUs.toFixed(2)} µs/send); raw loop ${rawPerWriteUs.toFixed(2)} µs/write over ${rawRun.writes} writes; dropped ${stats.dropped}`,
    );
    await one.clients.ask({ cmd: 'stop' }, null);

    // ── two instances ─────────────────────────────────────────────────────────────────────────
    const b = await start('after_commit');
    const two = await runPhase('two instances', [a.url, b.url], city.appeals.slice(half), a.url);
    await two.clients.ask({ cmd: 'stop' }, null);
    const across = two.perServer.find((p) => p.url === b.url);
    const same = two.perServer.find((p) => p.url === a.url);

    // ── intake with and without NOTIFY ────────────────────────────────────────────────────────
    await b.ask({ cmd: 'stop' }, null);
    const off = await start('off');
    const raw = postgres(bd.url, { max: 1, onnotice: () => {} });
    const load = (server: { ready: unknown }, label: string) =>
      httpLoad(
        { port: (server.ready as { port: number }).port, sessions: city.intakeSessions, body: city.body },
        label,
        { concurrency: 16, durationMs: opts.quick ? 4000 : 8000 },
      );
    await load(a, 'warm-a');
    await load(off, 'warm-off');
    const intake = { after: [] as number[], none: [] as number[], inTx: [] as number[] };
    for (let round = 0; round < 3; round++) {
      intake.after.push((await load(a, `after-${round}`)).throughput);
      intake.none.push((await load(off, `none-${round}`)).throughput);
      await raw.unsafe(`create function bench_notify() returns trigger language plpgsql as $$
        begin perform pg_notify('otklik_live', (select string_agg(id::text, ',') from new_rows)); return null; end $$;
        create trigger bench_notify after insert on appeal_events referencing new table as new_rows for each statement execute function bench_notify()`);
      intake.inTx.push((await load(off, `intx-${round}`)).throughput);
      await raw.unsafe('drop trigger bench_notify on appeal_events; drop function bench_notify()');
    }
    await raw.end();
    const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10;
    log(
      `intake appeals/s: NOTIFY after commit ${intake.after.join(', ')}; none ${intake.none.join(', ')}; NOTIFY in the transaction ${intake.inTx.join(', ')}`,
    );
    await off.ask({ cmd: 'stop' }, null);
    await a.ask({ cmd: 'stop' }, null);

    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    const ratio = (v: number, base: number) => (base > 0 ? Math.round((v / base) * 100) / 100 : undefined);
    const oneLat = one.perServer[0].latency as LatencyStats;
    const figures: Figure[] = [
      {
        label: `delivery latency p50 (${one.ready.connected} clients, ${rate} changes/s, one instance)`,
        value: oneLat.p50,
        unit: 'ms',
      },
      { label: 'delivery latency p99 (one instance)', value: oneLat.p99, unit: 'ms', target: '≤ 500 ms' },
      { label: 'deliveries (one instance)', value: one.perServer[0].got, unit: `of ${one.perServer[0].want}` },
      {
        label: 'server RSS with the clients connected (max sampled)',
        value: mib(Math.max(stats.rssBytes, ...one.rss)),
        unit: 'MiB',
      },
      {
        label: 'send loop per socket write (hub fan-out)',
        value: Math.round(hubPerWriteUs * 100) / 100,
        unit: 'µs',
        baseline: Math.round(rawPerWriteUs * 100) / 100,
        baselineLabel: 'raw write of a pre-framed message to the same sockets',
        ratio: ratio(hubPerWriteUs, rawPerWriteUs),
      },
      {
        label: 'delivery latency p50 (two instances, clients on the other one)',
        value: across?.latency?.p50 ?? Number.NaN,
        unit: 'ms',
        baseline: same?.latency?.p50,
        baselineLabel: 'clients on the instance that made the change',
      },
      {
        label: 'delivery latency p99 (two instances, clients on the other one)',
        value: across?.latency?.p99 ?? Number.NaN,
        unit: 'ms',
        baseline: same?.latency?.p99,
        baselineLabel: 'clients on the instance that made the change',
        target: '≤ 750 ms',
      },
      {
        label: 'deliveries (two instances)',
        value: two.perServer.reduce((s, p) => s + p.got, 0),
        unit: `of ${two.perServer.reduce((s, p) => s + p.want, 0)}`,
      },
      {
        label: 'intake with NOTIFY after commit',
        value: mean(intake.after),
        unit: 'appeals/s',
        baseline: mean(intake.none),
        baselineLabel: 'no NOTIFY',
        ratio: ratio(mean(intake.after), mean(intake.none)),
        target: '≥ 0.9 × baseline',
      },
      {
        label: 'intake with NOTIFY inside the transaction (not used)',
        value: mean(intake.inTx),
        unit: 'appeals/s',
        baseline: mean(intake.none),
        baselineLabel: 'no NOTIFY',
        ratio: ratio(mean(intake.inTx), mean(intake.none)),
      },
    ];
    return {
      name: 'live',
      description:
        `${one.ready.connected} websocket clients (${mix.viewers} map viewers on 10 districts, ${mix.residents} residents on their appeals, ${mix.staff} organisation staff, ${mix.dispatchers} dispatchers), ` +
        `${rate} status changes/s over HTTP for ${durationMs / 1000} s; latency from the change's request to arrival. Then two instances, and intake with and without NOTIFY.`,
      figures,
      raw: {
        mix,
        one: { perServer: one.perServer, rss: one.rss, driven: one.driven },
        stats,
        rawRun,
        two: { perServer: two.perServer, driven: two.driven },
        intake,
      },
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await bd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Child = { child: ChildProcess; ready: unknown; ask: (msg: object, reply: string | null) => Promise<unknown> };

/** Fork a bench helper (on this Node), wait for its first message. */
function startChild(file: string, env: Record<string, string>): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const waiting = new Map<string, (m: unknown) => void>();
    const ask = (msg: object, reply: string | null) =>
      new Promise<unknown>((res) => {
        if (reply) waiting.set(reply, res);
        child.send(msg);
        if (!reply) setTimeout(() => res(null), 200);
      });
    child.once('message', (first) => {
      child.on('message', (m) => {
        const cmd = (m as { cmd: string }).cmd;
        const w = waiting.get(cmd);
        waiting.delete(cmd);
        w?.(m);
      });
      resolve({ child, ready: first, ask });
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(file)} exited with ${code}`)));
  });
}

type City = {
  cityId: number;
  districts: number[];
  orgs: { id: number; sessions: string[] }[];
  residents: { cookie: string; appeals: number[] }[];
  dispatcherCookie: string;
  appeals: { id: number; orgId: number; districtId: number; staffCookie: string; staffCsrf: string }[];
  intakeSessions: { cookie: string; csrf: string }[];
  body: Record<string, unknown>;
};

/** The city, its people with sessions, and `appealCount` appeals filed over HTTP and routed by the real code. */
async function makeCity(
  db: Database,
  url: string,
  dataDir: string,
  secret: string,
  residentCount: number,
  appealCount: number,
): Promise<City> {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN', boundary: square(49.15, 55.79, 0.3) });
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    PORT: '0',
    SESSION_SECRET: secret,
    WRITE_RATE_LIMITS: 'off',
  });
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 4 });
  const app = await buildApp({ config, db, boss });
  await app.ready();
  const session = async (userId: number) => {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(db, {
      tokenHash: app.hashSessionToken(token),
      userId,
      csrfToken: csrf,
      now: new Date(),
      expiresAt: new Date(Date.now() + 86400e3),
    });
    return { cookie: `otklik_session=${token}`, csrf };
  };
  try {
    const orgs: { id: number; staff: { cookie: string; csrf: string }[] }[] = [];
    for (let o = 0; o < 4; o++) {
      const org = await make.organisation(city.id, { code: `mc-${o}` });
      const staff = [];
      for (let s = 0; s < 20; s++)
        staff.push(
          await session(
            (await make.user(city.id, { role: 'org_staff', organisationId: org.id, login: `staff-${o}-${s}` })).id,
          ),
        );
      orgs.push({ id: org.id, staff });
    }
    const districts: number[] = [];
    const buildings: { id: number; districtId: number }[] = [];
    for (let d = 0; d < 10; d++) {
      const lon = 48.9 + d * 0.05;
      const district = await make.district(city.id, { code: `d-${d}`, boundary: square(lon, 55.79, 0.025) });
      districts.push(district.id);
      for (let k = 0; k < 4; k++) {
        const b = await make.building(city.id, district.id, {
          lon: lon - 0.01 + k * 0.005,
          lat: 55.79,
          house: String(d * 10 + k + 1),
          managementCompanyId: orgs[(d + k) % orgs.length].id,
        });
        buildings.push({ id: b.id, districtId: district.id });
      }
    }
    const roof = await make.category(city.id, { code: 'roof_leak' });
    const dispatchCentre = await make.organisation(city.id, { kind: 'dispatch_centre', code: 'eds' });
    const dispatcher = await session(
      (await make.user(city.id, { role: 'dispatcher', organisationId: dispatchCentre.id, login: 'disp' })).id,
    );
    const residents: { cookie: string; csrf: string; appeals: number[] }[] = [];
    for (let r = 0; r < residentCount; r++)
      residents.push({ ...(await session((await make.user(city.id, { role: 'resident' })).id)), appeals: [] });

    const appeals: City['appeals'] = [];
    const body = (buildingId: number) => ({
      categoryId: roof.id,
      buildingId,
      description: 'Протекает кровля над третьим подъездом, вода на лестнице.',
      entrance: '3',
      apartment: '57',
    });
    for (let i = 0; i < appealCount; i++) {
      const building = buildings[i % buildings.length];
      const author = residents[i % residents.length];
      const res = await app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { cookie: author.cookie, 'x-csrf-token': author.csrf },
        payload: body(building.id),
      });
      if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`);
      const id = res.json().id as number;
      if ((await routeAppeal(contextAt({ db, boss }, new Date()), id)) !== 'assigned')
        throw new Error(`appeal ${id} not routed`);
      const [row] = await db.$client`select assigned_org_id from appeals where id = ${id}`;
      const org = orgs.find((o) => o.id === Number(row.assigned_org_id)) as (typeof orgs)[number];
      const staff = org.staff[i % org.staff.length];
      author.appeals.push(id);
      appeals.push({
        id,
        orgId: org.id,
        districtId: building.districtId,
        staffCookie: staff.cookie,
        staffCsrf: staff.csrf,
      });
    }
    return {
      cityId: city.id,
      districts,
      orgs: orgs.map((o) => ({ id: o.id, sessions: o.staff.map((s) => s.cookie) })),
      residents: residents.map((r) => ({ cookie: r.cookie, appeals: r.appeals })),
      dispatcherCookie: dispatcher.cookie,
      appeals,
      intakeSessions: residents.slice(0, 64).map((r) => ({ cookie: r.cookie, csrf: r.csrf })),
      body: body(buildings[7].id),
    };
  } finally {
    await app.close();
    await boss.stop({ graceful: false, close: true });
  }
}
