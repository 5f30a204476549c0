import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { Database } from '../../db/client.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { termEnd } from '../../dispatch/eservices.ts';
import { startBoss } from '../../jobs/boss.ts';
import { eserviceMakers } from '../helpers/eservices.ts';
import { makers } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import { type LatencyStats, latencyStats } from './lib/stats.ts';
import type { BenchResult, Figure } from './run.ts';

const run = promisify(execFile);

type Setup = Awaited<ReturnType<typeof setUp>>;
type LoadResult = {
  ok: number;
  failed: number;
  errors: string[];
  seconds: number;
  throughput: number;
  application: LatencyStats;
  submit: LatencyStats;
};

/** The values of the test service's form (tests/helpers/eservices.ts, gpzuFields). */
const VALUES = { cadastral: '16:50:011105:12', area: 600, purpose: 'house', comment: 'Строительство жилого дома' };

/**
 * Municipal e-services under load (issue 15):
 * 1. `applicants` people file at once, each an application with a file of its own (draft, a PDF
 *    document, the submission), over HTTP from a separate process — next to the same rows and the
 *    same file writes done with plain SQL and fs in the same run;
 * 2. the department's inbox holding 100,000 open applications: GET /api/applications/inbox, p95 —
 *    next to the plain SQL of the same page.
 */
export async function services(opts: { quick: boolean }): Promise<BenchResult> {
  const applicants = opts.quick ? 200 : 1000;
  const fileBytes = 256 * 1024;
  const bd = await benchDatabase('services');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'otklik-bench-services-'));
  try {
    const s = await setUp(bd.db, bd.url, dataDir, applicants);
    const load = await applyOverHttp(s, fileBytes);
    if (load.failed > 0) throw new Error(`${load.failed} applications failed: ${load.errors.join(' | ')}`);
    const rows = await rowsPerApplication(bd.db, s.serviceId, load.ok);
    const inbox = await inboxUnderLoad(bd.db, s, opts.quick ? 20_000 : 100_000, opts.quick ? 20 : 60);
    await s.close();
    const baseline = await applyBySql(bd.db, s, fileBytes, path.join(dataDir, 'baseline'));
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const figures: Figure[] = [
      {
        label: `${applicants} applicants at once: applications filed per second (draft + ${fileBytes / 1024} KB PDF + submit)`,
        value: load.throughput,
        unit: 'applications/s',
        baseline: baseline.throughput,
        baselineLabel: 'the same rows and files by plain SQL and fs',
        ratio: ratio(load.throughput, baseline.throughput),
      },
      {
        label: 'one application, p99 (three requests)',
        value: Math.round(load.application.p99),
        unit: 'ms',
        baseline: Math.round(baseline.application.p99),
        baselineLabel: 'plain SQL and fs, p99',
        ratio: ratio(load.application.p99, baseline.application.p99),
      },
      { label: 'the submission alone, p99', value: Math.round(load.submit.p99), unit: 'ms' },
      {
        label: `the department's inbox with ${inbox.open.toLocaleString('en')} open applications, p95 (${inbox.variants} filters)`,
        value: Math.round(inbox.api.p95 * 10) / 10,
        unit: 'ms',
        baseline: Math.round(inbox.sql.p95 * 10) / 10,
        baselineLabel: 'the same page and total (counted up to 10,001) by plain SQL, p95',
        ratio: ratio(inbox.api.p95, inbox.sql.p95),
        target: '≤ 50 ms',
      },
    ];
    return {
      name: 'services',
      description: `e-services: ${applicants} concurrent applications with files; rows written per application ${JSON.stringify(rows)}`,
      figures,
      raw: { load, baseline, rows, inbox },
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

/** A municipality, a department, the ГПЗУ-like service of the tests and `n` signed-in residents. */
async function setUp(db: Database, url: string, dataDir: string, n: number) {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN' });
  const department = await make.organisation(city.id, { kind: 'city_department' });
  const service = await eserviceMakers(db).service(city.id, department.id, { code: 'GPZU' });
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, PORT: '0', WRITE_RATE_LIMITS: 'off' });
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 4 });
  // Errors logged: a failed application is the bench's failure, and its cause is in the log.
  const app = await buildApp({ config, db, boss, logger: { level: 'error' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const people = await db.execute<{ id: string }>(
    sql`insert into users (municipality_id, role) select ${city.id}, 'resident' from generate_series(1, ${n}) returning id`,
  );
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const person of people) {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(db, {
      tokenHash: app.hashSessionToken(token),
      userId: Number(person.id),
      csrfToken: csrf,
      now: new Date(),
      expiresAt: new Date(Date.now() + 86400e3),
    });
    sessions.push({ cookie: `otklik_session=${token}`, csrf });
  }
  return {
    port,
    cityId: city.id,
    departmentId: department.id,
    serviceId: service.id,
    service,
    residents: people.map((p) => Number(p.id)),
    sessions,
    hashSessionToken: (token: string) => app.hashSessionToken(token),
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false, close: true });
    },
  };
}

async function applyOverHttp(s: Setup, fileBytes: number): Promise<LoadResult> {
  const job = {
    url: `http://127.0.0.1:${s.port}`,
    serviceId: s.serviceId,
    fileBytes,
    sessions: s.sessions,
    values: VALUES,
  };
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'lib', 'apply-load.ts'), JSON.stringify(job)],
    { maxBuffer: 1 << 22 },
  );
  return JSON.parse(stdout);
}

/** What one application filed over HTTP left in the database, on average: the baseline writes as much. */
async function rowsPerApplication(db: Database, serviceId: number, n: number) {
  const [r] = await db.execute<{ events: number; files: number; outbox: number; jobs: number }>(sql`
    select
      (select count(*)::int from application_events e join applications a on a.id = e.application_id where a.service_id = ${serviceId}) as events,
      (select count(*)::int from application_files f join applications a on a.id = f.application_id where a.service_id = ${serviceId}) as files,
      (select count(*)::int from notification_outbox) as outbox,
      (select count(*)::int from pgboss.job where name <> '__pgboss__send-it') as jobs`);
  const per = (x: number) => Math.round((x / n) * 100) / 100;
  return { events: per(r.events), files: per(r.files), outbox: per(r.outbox), jobs: per(r.jobs) };
}

/**
 * The baseline: the same applications written with plain SQL through the same pool, as many at once:
 * the draft row; the file hashed and written content-addressed through a temporary file, its row;
 * then one transaction taking the number, submitting (term from termEnd) with its events, and the
 * notice rows with their delivery jobs that the API wrote per application.
 */
async function applyBySql(db: Database, s: Setup, fileBytes: number, dir: string) {
  const rows = await rowsPerApplication(db, s.serviceId, s.residents.length);
  const extraNotices = Math.round(rows.outbox);
  const today = new Date().toISOString().slice(0, 10);
  const due = termEnd(today, s.service.termDays, s.service.termUnit);
  const one = async (applicant: number) => {
    const t0 = performance.now();
    const [draft] = await db.execute<{ id: string }>(sql`
      insert into applications (municipality_id, service_id, form_version, department_id, applicant_id, applicant_kind, values)
      values (${s.cityId}, ${s.serviceId}, 1, ${s.departmentId}, ${applicant}, 'person', ${JSON.stringify(VALUES)}::jsonb)
      returning id`);
    await db.execute(
      sql`insert into application_events (application_id, step, actor_id, to_status) values (${draft.id}, 'created', ${applicant}, 'draft')`,
    );
    const bytes = randomBytes(fileBytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const target = path.join(dir, sha.slice(0, 2), sha.slice(2, 4), `${sha}.pdf`);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, target);
    await db.execute(sql`
      insert into application_files (application_id, kind, document_code, name, sha256, media_type, size, storage_path, uploaded_by)
      values (${draft.id}, 'document', 'passport', 'passport.pdf', ${sha}, 'application/pdf', ${fileBytes}, ${target}, ${applicant})`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select id from applications where id = ${draft.id} for update`);
      const [n] = await tx.execute<{ last: number }>(sql`
        insert into application_numbers (municipality_id, year, last) values (${s.cityId}, 2027, 1)
        on conflict (municipality_id, year) do update set last = application_numbers.last + 1 returning last`);
      await tx.execute(sql`
        update applications set status = 'submitted', number = ${`BASE-2027-${String(n.last).padStart(6, '0')}`},
          submitted_at = now(), term_start_on = ${today}, due_on = ${due}, stage_index = 0, stage_started_at = now(),
          idempotency_key = ${`base-${applicant}`}, version = version + 1, updated_at = now()
        where id = ${draft.id}`);
      await tx.execute(sql`
        insert into application_events (application_id, step, actor_id, from_status, to_status, to_stage)
        values (${draft.id}, 'submit', ${applicant}, 'draft', 'submitted', 0)`);
      for (let k = 0; k < extraNotices; k++) {
        const [o] = await tx.execute<{ id: string }>(sql`
          insert into notification_outbox (municipality_id, user_id, channel, destination, kind, template, subject, body, status)
          values (${s.cityId}, ${applicant}, 'email', 'bench@example.invalid', 'application_status', 'application_submitted', 'Заявление принято', 'Заявление зарегистрировано', 'pending')
          returning id`);
        await tx.execute(sql`
          insert into pgboss.job (id, name, data, singleton_key, policy, retry_limit, retry_delay, retry_backoff, expire_seconds)
          values (gen_random_uuid(), 'notify.deliver', jsonb_build_object('outboxId', ${o.id}::bigint), ${`notify:${o.id}`}, 'standard', 5, 30, true, 120)`);
      }
    });
    return performance.now() - t0;
  };
  const started = performance.now();
  const latencies = await Promise.all(s.residents.map(one));
  const seconds = (performance.now() - started) / 1000;
  return {
    throughput: Math.round((latencies.length / seconds) * 10) / 10,
    seconds,
    application: latencyStats(latencies),
  };
}

/**
 * The inbox: `open` open applications of the department (five services, every open status, stages,
 * due days from ten days ago to a month ahead, one in twenty paused), read by a clerk page by page
 * with each filter a clerk uses, `perVariant` times each over HTTP — next to the same page and total
 * by plain SQL (the two queries at once, as the API sends them).
 */
async function inboxUnderLoad(db: Database, s: Setup, open: number, perVariant: number) {
  const services = [s.serviceId];
  const make = eserviceMakers(db);
  for (let i = 0; i < 4; i++) services.push((await make.service(s.cityId, s.departmentId, { code: `SVC${i}` })).id);
  await db.execute(sql`
    insert into applications (municipality_id, service_id, form_version, department_id, number, applicant_id, applicant_kind,
      status, stage_index, stage_started_at, values, submitted_at, term_start_on, due_on, version)
    select ${s.cityId}, (${`{${services.join(',')}}`}::int[])[1 + i % 5], 1, ${s.departmentId}, 'LOAD-' || i,
      (${`{${s.residents.join(',')}}`}::bigint[])[1 + i % ${s.residents.length}], 'person',
      (array['submitted', 'in_progress', 'in_progress', 'awaiting_documents', 'ready'])[1 + i % 5]::application_status,
      i % 3, now() - (i % 30) * interval '1 day', '{}'::jsonb, now() - (i % 40) * interval '1 day',
      current_date - (i % 40), case when i % 20 = 0 then null else current_date - 10 + (i * 7919) % 41 end, 1
    from generate_series(1, ${open}) as i`);
  // The steady state autovacuum keeps after a bulk load: statistics and the visibility map.
  await db.execute(sql`vacuum analyze applications`);
  await db.execute(sql`analyze eservices`);
  const [staff] = await db.execute<{ id: string }>(
    sql`insert into users (municipality_id, role, organisation_id, login) values (${s.cityId}, 'org_staff', ${s.departmentId}, 'bench.clerk') returning id`,
  );
  const token = randomBytes(32).toString('base64url');
  await createSession(db, {
    tokenHash: s.hashSessionToken(token),
    userId: Number(staff.id),
    csrfToken: randomBytes(24).toString('base64url'),
    now: new Date(),
    expiresAt: new Date(Date.now() + 86400e3),
  });
  const variants: { query: string; where: ReturnType<typeof sql> }[] = [
    { query: '', where: sql`true` },
    { query: 'termState=overdue', where: sql`a.due_on < current_date` },
    {
      query: 'termState=at_risk',
      where: sql`a.due_on >= current_date and a.due_on < current_date + greatest(2, (e.term_days + 4) / 5)
        and a.due_on < current_date + (select max(greatest(2, (term_days + 4) / 5)) from eservices where municipality_id = ${s.cityId})`,
    },
    { query: 'termState=paused', where: sql`a.due_on is null` },
    { query: 'stage=1', where: sql`a.stage_index = 1` },
    { query: `serviceId=${services[2]}`, where: sql`a.service_id = ${services[2]}` },
    { query: 'status=awaiting_documents', where: sql`a.status = 'awaiting_documents'` },
    { query: 'offset=5000', where: sql`true` },
  ];
  const api: number[] = [];
  const plain: number[] = [];
  const headers = { cookie: `otklik_session=${token}` };
  for (let round = 0; round < perVariant; round++) {
    for (const v of variants) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${s.port}/api/applications/inbox?${v.query}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`inbox ${v.query}: ${res.status}`);
      api.push(performance.now() - t0);
      const offset = v.query === 'offset=5000' ? 5000 : 0;
      const status = v.query.startsWith('status=')
        ? sql`true`
        : sql`a.status in ('submitted', 'in_progress', 'awaiting_documents', 'ready')`;
      const t1 = performance.now();
      await Promise.all([
        db.execute(sql`
          select a.*, e.* from applications a join eservices e on e.id = a.service_id
          where a.department_id = ${s.departmentId} and ${status} and ${v.where}
          order by a.due_on asc nulls last, a.id asc limit 50 offset ${offset}`),
        db.execute(sql`
          select count(*) from (select 1 from applications a join eservices e on e.id = a.service_id
          where a.department_id = ${s.departmentId} and ${status} and ${v.where} limit 10001) counted`),
      ]);
      plain.push(performance.now() - t1);
    }
  }
  return { open, variants: variants.length, api: latencyStats(api), sql: latencyStats(plain) };
}
