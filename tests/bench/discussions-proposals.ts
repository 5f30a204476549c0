import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import { startBoss } from '../../jobs/boss.ts';
import { discussionMakers, squareTerritory } from '../helpers/discussions-make.ts';
import { makers, square } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import { type LatencyStats, latencyStats } from './lib/stats.ts';
import type { Figure } from './run.ts';

const run = promisify(execFile);

export type ProposalsBenchOptions = {
  quick: boolean;
  /** Proposals to submit (1,000; quick 120). */
  count?: number;
  /** Over how many seconds they are spread (60; quick 10). */
  seconds?: number;
  /** Eligible residents submitting them (250; quick 60). */
  residents?: number;
};

type Load = {
  statuses: Record<string, number>;
  errors: string[];
  seconds: number;
  maxInFlight: number;
  created: number;
  request: LatencyStats;
};

/**
 * 1,000 proposals in 60 s (issue 17): an open discussion whose territory holds `residents` eligible
 * people (made by set-based SQL, each with a verified identity registered in a building of the
 * territory and a session), and `count` proposals started on a fixed schedule over `seconds` — about
 * 17 a second, each by the next resident, concurrent as they overlap — through the HTTP API (the
 * gate: eligibility and the period; the multipart form; the row lock and the number; the author, the
 * event, the notice; the live announcement) from a separate process. Next to it, in the same run and
 * on the same schedule, the plain SQL of the same writes over postgres.js: the discussion's row
 * lock, the next number, the proposal, its author and its event in one transaction. Both runs are
 * then checked to have numbered 1…count without a gap or a duplicate. For tests/bench/discussions.ts.
 */
export async function proposalsBench(opts: ProposalsBenchOptions) {
  const count = opts.count ?? (opts.quick ? 120 : 1000);
  const seconds = opts.seconds ?? (opts.quick ? 10 : 60);
  const residents = opts.residents ?? (opts.quick ? 60 : 250);
  const bd = await benchDatabase('proposals');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'otklik-bench-proposals-'));
  try {
    const scene = await setUp(bd.db, bd.url, dataDir, residents);
    let load: Load;
    try {
      load = await proposeOverHttp(scene, count, seconds);
    } finally {
      await scene.close();
    }
    const baseline = await proposeBySql(bd.db, scene.baseline, count, seconds);
    const numbering = {
      api: await numberingProblems(bd.db, scene.api.discussionId, count),
      sql: await numberingProblems(bd.db, scene.baseline.discussionId, count),
    };
    const failed = count - load.created;
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const figures: Figure[] = [
      {
        label: `${count} proposals in ${seconds} s by ${residents} eligible residents: one submission, p50`,
        value: Math.round(load.request.p50),
        unit: 'ms',
        baseline: Math.round(baseline.request.p50),
        baselineLabel: 'the same rows by plain SQL on the same schedule, p50',
        ratio: ratio(load.request.p50, baseline.request.p50),
      },
      {
        label: 'one submission, p99',
        value: Math.round(load.request.p99),
        unit: 'ms',
        baseline: Math.round(baseline.request.p99),
        baselineLabel: 'plain SQL, p99',
        ratio: ratio(load.request.p99, baseline.request.p99),
        target: '< 1000 ms',
      },
      {
        label: 'submissions refused or failed',
        value: failed,
        unit: `of ${count}`,
        baseline: baseline.failed,
        baselineLabel: 'plain SQL',
        target: '0',
      },
      {
        label: 'proposal numbers missing or given twice (by SQL after the run)',
        value: numbering.api,
        unit: 'numbers',
        baseline: numbering.sql,
        baselineLabel: 'plain SQL',
        target: '0',
      },
      {
        label: 'time to submit them all',
        value: Math.round(load.seconds * 10) / 10,
        unit: 's',
        baseline: Math.round(baseline.seconds * 10) / 10,
        baselineLabel: 'plain SQL',
        target: `≤ ${seconds + 5} s`,
      },
    ];
    return {
      description: `proposals: ${count} over ${seconds} s (${Math.round((count / seconds) * 10) / 10}/s, open loop) by ${residents} eligible residents through the HTTP API, pool of 40 connections`,
      figures,
      raw: { load, baseline, numbering },
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

type Scene = Awaited<ReturnType<typeof setUp>>;

/**
 * A city, a building on the territory of two open discussions (the API's and the baseline's), `n`
 * residents registered there by verified identities (set-based SQL) with sessions, the app listening.
 */
async function setUp(db: Database, url: string, dataDir: string, n: number) {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN', boundary: square(49.12, 55.79, 0.2) });
  const district = await make.district(city.id);
  const organiser = await make.organisation(city.id, { kind: 'city_department', nameRu: 'Управление архитектуры' });
  const building = await make.building(city.id, district.id, { street: 'ул. Баумана', house: '12' });
  const admin = await make.user(city.id, { role: 'admin', login: 'bench-admin' });
  const discussions = discussionMakers(db);
  const territory = squareTerritory(49.12, 55.79);
  const api = await discussions.discussion(city.id, organiser.id, admin.id, { territory });
  const baseline = await discussions.discussion(city.id, organiser.id, admin.id, { territory });
  const people = await db.execute<{ id: string }>(
    sql`insert into users (municipality_id, role) select ${city.id}, 'resident' from generate_series(1, ${n}) returning id`,
  );
  const ids = people.map((p) => Number(p.id));
  await db.execute(sql`
    insert into user_personal (user_id, full_name, email)
      select id, 'Житель ' || id, 'resident' || id || '@example.invalid' from users where municipality_id = ${city.id} and role = 'resident'`);
  await db.execute(sql`
    insert into verified_identities (user_id, provider, issuer, subject, full_name, birth_date, registration_address, registration_building_id)
      select id, 'esia', 'https://esia.bench', 'sub-' || id, 'Житель ' || id, date '1980-01-01' + (id % 9000)::int,
        'г. Казань, ул. Баумана, д. 12, кв. ' || (id % 300 + 1), ${building.id}
      from users where municipality_id = ${city.id} and role = 'resident'`);
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, PORT: '0', WRITE_RATE_LIMITS: 'off' });
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 4 });
  const app = await buildApp({ config, db, boss, logger: { level: 'error' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const now = new Date();
  const rows = ids.map((userId) => {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    return {
      row: {
        tokenHash: app.hashSessionToken(token),
        userId,
        csrfToken: csrf,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 86400e3),
      },
      session: { cookie: `otklik_session=${token}`, csrf },
    };
  });
  await db.insert(s.sessions).values(rows.map((r) => r.row));
  return {
    port,
    api: { discussionId: api.id, sessions: rows.map((r) => r.session) },
    baseline: { discussionId: baseline.id, userIds: ids, buildingAddress: building.address },
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false, close: true });
    },
  };
}

async function proposeOverHttp(scene: Scene, count: number, seconds: number): Promise<Load> {
  const job = {
    url: `http://127.0.0.1:${scene.port}`,
    discussionId: scene.api.discussionId,
    count,
    seconds,
    sessions: scene.api.sessions,
  };
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'lib', 'propose-load.ts'), JSON.stringify(job)],
    { maxBuffer: 1 << 22 },
  );
  return JSON.parse(stdout);
}

/**
 * The baseline: on the same schedule, one transaction per proposal — the discussion's row lock, the
 * next number, the proposal, its author's row and its event — without HTTP, the gate, files or notices.
 */
async function proposeBySql(db: Database, b: Scene['baseline'], count: number, seconds: number) {
  const latencies: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  const one = async (i: number) => {
    const userId = b.userIds[i % b.userIds.length];
    const t0 = performance.now();
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from discussions where id = ${b.discussionId} for update`);
        const [p] = await tx.execute<{ id: string; number: number }>(sql`
          insert into proposals (discussion_id, number, author_id, body, lon, lat, idempotency_key)
          values (${b.discussionId},
            (select coalesce(max(number), 0) + 1 from proposals where discussion_id = ${b.discussionId}),
            ${userId}, ${`Предложение ${i + 1}: сохранить сквер, добавить освещение и скамейки у дома.`},
            ${49.12}, ${55.79}, ${`baseline-${i}`})
          returning id, number`);
        await tx.execute(sql`
          insert into proposal_authors (proposal_id, full_name, birth_date, address, bases)
          select ${p.id}, full_name, birth_date, registration_address,
            jsonb_build_array(jsonb_build_object('kind', 'registration', 'address', ${b.buildingAddress}::text))
          from verified_identities where user_id = ${userId}`);
        await tx.execute(sql`
          insert into discussion_events (discussion_id, proposal_id, step, actor_id, to_status, data)
          values (${b.discussionId}, ${p.id}, 'submitted', ${userId}, 'submitted', jsonb_build_object('number', ${p.number}::int))`);
      });
      latencies.push(performance.now() - t0);
    } catch (err) {
      failed++;
      if (errors.length < 5) errors.push(String((err as Error).cause ?? err).slice(0, 200));
    }
  };
  const started = performance.now();
  const gap = (seconds * 1000) / count;
  const all: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + i * gap - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    all.push(one(i));
  }
  await Promise.all(all);
  return { failed, errors, seconds: (performance.now() - started) / 1000, request: latencyStats(latencies) };
}

/** How many of the numbers 1…count a discussion lacks or has twice. */
async function numberingProblems(db: Database, discussionId: number, count: number): Promise<number> {
  const [r] = await db.execute<{ missing: number; twice: number }>(sql`
    select
      (select count(*)::int from generate_series(1, ${count}) n
        where not exists (select 1 from proposals p where p.discussion_id = ${discussionId} and p.number = n)) as missing,
      (select count(*)::int from (select number from proposals where discussion_id = ${discussionId}
        group by number having count(*) > 1) d) as twice`);
  return r.missing + r.twice;
}
