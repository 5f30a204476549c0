import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { Database } from '../../db/client.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { bookingCode, nearestTimes } from '../../dispatch/appointments.ts';
import { localInstant } from '../../dispatch/calendar.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { productionDay } from '../../dispatch/production-calendar.ts';
import { startBoss } from '../../jobs/boss.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { makers } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import { type LatencyStats, latencyStats } from './lib/stats.ts';
import { hallFigures } from './queue-hall.ts';
import type { BenchResult, Figure } from './run.ts';

const run = promisify(execFile);
const ZONE = 'Europe/Moscow';
const POINTS = 4;
const SLOT_MINUTES = 15;
/** A person taps at most this many of the alternatives offered before giving up on the day. */
const TRIES = 8;

type Load = {
  booked: number;
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  errors: string[];
  request: LatencyStats;
};

/**
 * The electronic queue under load (issue 16). Booking: `users` signed-in residents at once want a time
 * of one popular day at one office (4 windows, 15-minute slots, 128 slots: fewer than the users), each
 * taking the 409's first alternative on that day until booked or the day is full — over HTTP from a
 * separate process, next to the same work by plain SQL over postgres.js with the same concurrency and
 * pool (a transaction per request: the person's row lock, the limit, each free window's INSERT under the
 * exclusion constraint in a savepoint, the step's row; the nearest free times when none is left). After
 * both, SQL counts overlapping live appointments of a window: 0. The hall's figures (another part of the
 * issue) follow: from an operator's call to the hall display (tests/bench/queue-hall.ts).
 */
export async function queue(opts: { quick: boolean }): Promise<BenchResult> {
  const booking = await bookingFigures(opts);
  const hall = await hallPart(opts);
  return {
    name: 'queue',
    description: `${booking.description}; ${hall.description}`,
    figures: [...booking.figures, ...hall.figures],
    raw: { booking: booking.raw, hall: hall.raw },
  };
}

type Part = { description: string; figures: Figure[]; raw: unknown };

/** The hall's part: from an operator's call to the hall display (tests/bench/queue-hall.ts). */
async function hallPart(opts: { quick: boolean }): Promise<Part> {
  return { description: 'from an operator’s call to the hall display', figures: await hallFigures(opts), raw: null };
}

export async function bookingFigures(opts: { quick: boolean }): Promise<Part> {
  const users = opts.quick ? 200 : 500;
  const bd = await benchDatabase('queue');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'otklik-bench-queue-'));
  try {
    const s = await setUp(bd.db, bd.url, dataDir, users);
    const load = await bookOverHttp(s);
    if (load.errors.length > 0) throw new Error(`bookings failed: ${load.errors.join(' | ')}`);
    await s.close();
    const baseline = await bookBySql(bd.db, s);
    const doubles = {
      api: await doubleBookings(bd.db, s.api.officeId),
      sql: await doubleBookings(bd.db, s.sql.officeId),
    };
    if (doubles.api + doubles.sql > 0) throw new Error(`double bookings: ${JSON.stringify(doubles)}`);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const perSecond = (n: number, seconds: number) => Math.round((n / seconds) * 10) / 10;
    const apiBookings = perSecond(load.booked, load.seconds);
    const sqlBookings = perSecond(baseline.booked, baseline.seconds);
    const apiRequests = perSecond(load.requests, load.seconds);
    const sqlRequests = perSecond(baseline.requests, baseline.seconds);
    const figures: Figure[] = [
      {
        label: `${users} users at once for ${s.slots} slots of one day: bookings per second`,
        value: apiBookings,
        unit: 'bookings/s',
        baseline: sqlBookings,
        baselineLabel: 'the same INSERTs under the exclusion constraint by plain SQL',
        ratio: ratio(apiBookings, sqlBookings),
      },
      {
        label: 'requests per second (bookings and 409s with alternatives)',
        value: apiRequests,
        unit: 'requests/s',
        baseline: sqlRequests,
        baselineLabel: 'plain SQL transactions',
        ratio: ratio(apiRequests, sqlRequests),
      },
      {
        label: 'one booking request, p99',
        value: Math.round(load.request.p99),
        unit: 'ms',
        baseline: Math.round(baseline.request.p99),
        baselineLabel: 'plain SQL, p99',
        ratio: ratio(load.request.p99, baseline.request.p99),
      },
      {
        label: 'slots booked twice (overlapping live appointments of a window, by SQL after the run)',
        value: doubles.api,
        unit: 'appointments',
        baseline: doubles.sql,
        baselineLabel: 'plain SQL',
        target: '0',
      },
      {
        label: 'the day’s slots booked',
        value: load.booked,
        unit: `of ${s.slots}`,
        baseline: baseline.booked,
        baselineLabel: 'plain SQL',
      },
    ];
    return {
      description: `booking: ${users} concurrent users, one office with ${POINTS} windows, ${s.day} (${s.slots} slots), pool of 40 connections`,
      figures,
      raw: { load, baseline, doubles },
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

/** The first working day (Mon–Fri, no holiday) at least two days ahead, in Moscow. */
function popularDay(): string {
  let day = addDays(localDate(new Date(), ZONE), 2);
  for (;;) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5 && productionDay(day) === 'ordinary') return day;
    day = addDays(day, 1);
  }
}

/** The day's slot starts of the test office's week (09:00–13:00, 14:00–18:00). */
function dayStarts(day: string): number[] {
  const starts: number[] = [];
  for (const [from, to] of [
    ['09:00', '13:00'],
    ['14:00', '18:00'],
  ])
    for (let t = localInstant(ZONE, day, from); t < localInstant(ZONE, day, to); t += SLOT_MINUTES * 60_000)
      starts.push(t);
  return starts;
}

type Setup = Awaited<ReturnType<typeof setUp>>;
type Office = { officeId: number; serviceId: number; pointIds: number[]; municipalityId: number };

/** A municipality, two identical offices (the API's and the baseline's), `n` residents with sessions and phones. */
async function setUp(db: Database, url: string, dataDir: string, n: number) {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN' });
  const organisation = await make.organisation(city.id, { kind: 'district_administration' });
  const queueMake = appointmentMakers(db);
  const service = await queueMake.service(city.id);
  const office = async (code: string): Promise<Office> => {
    const o = await queueMake.office(city.id, organisation.id, { code });
    const pointIds: number[] = [];
    for (let i = 1; i <= POINTS; i++)
      pointIds.push(
        (await queueMake.point(o.id, [{ serviceId: service.id, slotMinutes: SLOT_MINUTES }], { label: `окно ${i}` }))
          .id,
      );
    return { officeId: o.id, serviceId: service.id, pointIds, municipalityId: city.id };
  };
  const api = await office('bench-api');
  const baseline = await office('bench-sql');
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, PORT: '0', WRITE_RATE_LIMITS: 'off' });
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 4 });
  const app = await buildApp({ config, db, boss, logger: { level: 'error' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const people = await db.execute<{ id: string }>(
    sql`insert into users (municipality_id, role) select ${city.id}, 'resident' from generate_series(1, ${2 * n}) returning id`,
  );
  await db.execute(
    sql`insert into user_personal (user_id, phone) select id, '+7900' || lpad(id::text, 7, '0') from users where municipality_id = ${city.id} and role = 'resident'`,
  );
  const ids = people.map((p) => Number(p.id));
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const userId of ids.slice(0, n)) {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(db, {
      tokenHash: app.hashSessionToken(token),
      userId,
      csrfToken: csrf,
      now: new Date(),
      expiresAt: new Date(Date.now() + 86400e3),
    });
    sessions.push({ cookie: `otklik_session=${token}`, csrf });
  }
  const day = popularDay();
  const starts = dayStarts(day);
  return {
    port,
    day,
    starts,
    slots: starts.length * POINTS,
    api: { ...api, sessions },
    sql: { ...baseline, userIds: ids.slice(n) },
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false, close: true });
    },
  };
}

async function bookOverHttp(s: Setup): Promise<Load> {
  const job = {
    url: `http://127.0.0.1:${s.port}`,
    officeId: s.api.officeId,
    serviceId: s.api.serviceId,
    day: s.day,
    starts: s.starts.map((t) => new Date(t).toISOString()),
    tries: TRIES,
    sessions: s.api.sessions,
  };
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'lib', 'book-load.ts'), JSON.stringify(job)],
    {
      maxBuffer: 1 << 22,
    },
  );
  return JSON.parse(stdout);
}

const live = sql`status in ('booked', 'checked_in', 'served')`;
const list = (values: readonly number[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const sqlState = (err: unknown) => {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: string }).code;
    if (code && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
};

/** Insert at a window in a savepoint: null when the exclusion constraint refuses it; again after a deadlock (as the API does). */
async function insertAt(tx: Parameters<Parameters<Database['transaction']>[0]>[0], insert: SQL) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const [row] = await tx.transaction((sp) => sp.execute<{ id: string }>(insert));
      return row.id;
    } catch (error) {
      const state = sqlState(error);
      if (state === '23P01') return null;
      if (state !== '40P01') throw error;
    }
  }
  return null;
}

/**
 * One request of the baseline, as one transaction: the person's row lock, their live appointments,
 * the windows free at that time tried one by one in a savepoint, the step's row; none left — the
 * nearest free times of the day. The same work as the API's, without HTTP, checks and notices.
 */
async function bookOnce(db: Database, o: Setup['sql'], starts: number[], userId: number, start: number) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from users where id = ${userId} for update`);
    await tx.execute(
      sql`select count(*) from appointments where user_id = ${userId} and status in ('booked', 'checked_in')`,
    );
    const end = new Date(start + SLOT_MINUTES * 60_000);
    const taken = await tx.execute<{ point_id: number }>(
      sql`select point_id from appointments where point_id in (${list(o.pointIds)}) and starts_at < ${end} and ends_at > ${new Date(start)} and ${live}`,
    );
    for (const pointId of o.pointIds.filter((p) => !taken.some((x) => x.point_id === p))) {
      const id = await insertAt(
        tx,
        sql`insert into appointments (municipality_id, office_id, point_id, service_id, user_id, starts_at, ends_at, code)
          values (${o.municipalityId}, ${o.officeId}, ${pointId}, ${o.serviceId}, ${userId}, ${new Date(start)}, ${end}, ${bookingCode(randomBytes(8))})
          returning id`,
      );
      if (id === null) continue;
      await tx.execute(
        sql`insert into queue_events (office_id, appointment_id, step, actor_id, to_status, point_id) values (${o.officeId}, ${id}, 'book', ${userId}, 'booked', ${pointId})`,
      );
      return { booked: true as const };
    }
    const busy = await tx.execute<{ point_id: number; starts_at: string }>(
      sql`select point_id, starts_at from appointments where point_id in (${list(o.pointIds)}) and starts_at >= ${new Date(starts[0])} and starts_at <= ${new Date(starts.at(-1)!)} and ${live}`,
    );
    const held = new Set(busy.map((b) => `${b.point_id}@${new Date(b.starts_at).getTime()}`));
    const free = starts.flatMap((t) =>
      o.pointIds.filter((p) => !held.has(`${p}@${t}`)).map((pointId) => ({ pointId, start: t, end: t })),
    );
    return { booked: false as const, alternatives: nearestTimes(free, start, 3) };
  });
}

/** The baseline: as many people at once over the same pool, each trying the alternatives as the load does. */
async function bookBySql(db: Database, s: Setup) {
  const latencies: number[] = [];
  let booked = 0;
  const person = async (userId: number, i: number) => {
    let wanted = s.starts[(i * 7919) % s.starts.length];
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const t0 = performance.now();
      const got = await bookOnce(db, s.sql, s.starts, userId, wanted);
      latencies.push(performance.now() - t0);
      if (got.booked) {
        booked++;
        return;
      }
      if (got.alternatives.length === 0) return;
      wanted = got.alternatives[0];
    }
  };
  const started = performance.now();
  await Promise.all(s.sql.userIds.map(person));
  const seconds = (performance.now() - started) / 1000;
  return { booked, requests: latencies.length, seconds, request: latencyStats(latencies) };
}

/** Live appointments of an office's windows that overlap another of the same window. */
async function doubleBookings(db: Database, officeId: number): Promise<number> {
  const [r] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from appointments a join appointments b
      on a.point_id = b.point_id and a.id < b.id and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
    where a.office_id = ${officeId} and a.status in ('booked', 'checked_in', 'served') and b.status in ('booked', 'checked_in', 'served')`);
  return r.n;
}
