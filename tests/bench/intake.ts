import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { startBoss } from '../../jobs/boss.ts';
import { makers, square } from '../helpers/make.ts';
import { benchDatabase, findPgbench } from './lib/cluster.ts';
import { drive } from './lib/stats.ts';
import type { BenchResult } from './run.ts';

const run = promisify(execFile);

/**
 * POST /api/appeals throughput and latency next to the physical limit of the same write path:
 * the same rows (appeal with its public number, first event, routing job) written by plain SQL
 * transactions over postgres.js at the same concurrency, and pgbench TPC-B when the machine has it.
 */
export async function intake(opts: { quick: boolean }): Promise<BenchResult> {
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const durationMs = opts.quick ? 4000 : 10_000;
  const bd = await benchDatabase('intake');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  try {
    // A city: one municipality, a district, 200 buildings, a housing category, 64 signed-in residents.
    const make = makers(bd.db);
    const city = await make.municipality({ code: 'KZN', boundary: square(49.12, 55.79, 0.15) });
    const district = await make.district(city.id, { boundary: square(49.12, 55.79, 0.15) });
    const mc = await make.organisation(city.id);
    const buildingIds: number[] = [];
    for (let i = 0; i < 200; i++) {
      const b = await make.building(city.id, district.id, { lon: 49.05 + (i % 20) * 0.005, lat: 55.75 + Math.floor(i / 20) * 0.005, house: String(i + 1), managementCompanyId: mc.id });
      buildingIds.push(b.id);
    }
    const roof = await make.category(city.id, { code: 'roof_leak' });
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: bd.url, PORT: '0' });
    const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
    const app = await buildApp({ config, db: bd.db, boss });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const sessions: { cookie: string; csrf: string }[] = [];
    const residents: number[] = [];
    for (let i = 0; i < 64; i++) {
      const user = await make.user(city.id, { role: 'resident' });
      residents.push(user.id);
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      await createSession(bd.db, { tokenHash: app.hashSessionToken(token), userId: user.id, csrfToken: csrf, now: new Date(), expiresAt: new Date(Date.now() + 86400e3) });
      sessions.push({ cookie: `otklik_session=${token}`, csrf });
    }
    const body = {
      categoryId: roof.id,
      buildingId: buildingIds[7],
      description: 'Протекает кровля над третьим подъездом, вода стекает по стене на лестничной клетке пятого этажа.',
      entrance: '3',
      apartment: '57',
    };

    const httpLoad = async (label: string, extra: { ratePerSecond?: number; durationMs?: number }) => {
      const job = {
        url: `http://127.0.0.1:${port}/api/appeals`,
        concurrency,
        durationMs: extra.durationMs ?? durationMs,
        ratePerSecond: extra.ratePerSecond,
        sessions,
        body,
        keyPrefix: `${label}-${randomBytes(4).toString('hex')}`,
      };
      const { stdout, stderr } = await run(process.execPath, [path.join(import.meta.dirname, 'lib/http-load.ts'), JSON.stringify(job)], {
        maxBuffer: 1 << 20,
      });
      if (process.env.BENCH_TRACE && stderr) console.error(`[${label}]\n${stderr}`);
      return JSON.parse(stdout) as Awaited<ReturnType<typeof drive>>;
    };

    await httpLoad('warmup', { durationMs: 2000 });
    const api = await httpLoad('api', {});
    const halfLoad = await httpLoad('half', { ratePerSecond: Math.max(1, api.throughput / 2) });
    await app.close();
    await boss.stop({ graceful: false, close: true });

    // Baseline: the same three rows in one transaction, by hand, at the same concurrency.
    const sql = postgres(bd.url, { max: concurrency, onnotice: () => {} });
    const year = new Date().getFullYear();
    const baselineWrite = async (i: number) => {
      await sql.begin(async (tx) => {
        const [appeal] = await tx`
          insert into appeals (municipality_id, number, author_id, category_id, building_id, district_id, location,
            address_text, description, entrance, apartment, priority, status, channel, public, idempotency_key)
          values (${city.id}, (select ${`KZN-${year}-`} || lpad(n::text, greatest(6, length(n::text)), '0')
                   from next_appeal_number(${city.id}::int, ${year}::int) as n),
            ${residents[i % residents.length]}, ${roof.id}, ${body.buildingId}, ${district.id}, point(49.12, 55.79),
            'ул. Баумана, д. 12', ${body.description}, '3', '57', 'normal', 'new', 'web', true, ${`base-${i}`})
          returning id`;
        await tx`insert into appeal_events (appeal_id, type, to_status, actor_id, actor_role, payload)
                 values (${appeal.id}, 'created', 'new', ${residents[i % residents.length]}, 'resident', ${sql.json({ channel: 'web' })})`;
        await tx`insert into pgboss.job (id, name, data, singleton_key, policy, retry_limit, retry_backoff, expire_seconds)
                 values (gen_random_uuid(), 'appeal.route', ${sql.json({ appealId: Number(appeal.id) })}, ${`route:${appeal.id}`}, 'standard', 10, true, 300)`;
      });
      return true;
    };
    await drive(baselineWrite, { concurrency, durationMs: 2000 });
    const baseline = await drive((i) => baselineWrite(i + 1_000_000), { concurrency, durationMs });
    // The same open-loop rate as the API's half load: tells the disk's stalls from the app's.
    const baselineHalf = await drive((i) => baselineWrite(i + 2_000_000), {
      concurrency,
      durationMs,
      ratePerSecond: Math.max(1, api.throughput / 2),
    });
    await sql.end();

    // pgbench TPC-B on the same server, when Debian's PostgreSQL client tools are present.
    let pgbench: { tps: number } | null = null;
    const bin = findPgbench();
    if (bin) {
      const u = new URL(bd.url);
      u.pathname = '/bench_intake';
      const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
      const args = ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username)];
      spawnSync(bin, [...args, '-i', '-q', '-s', '10', 'bench_intake'], { env, encoding: 'utf8' });
      const out = spawnSync(bin, [...args, '-n', '-c', String(concurrency), '-j', '2', '-T', String(durationMs / 1000), 'bench_intake'], { env, encoding: 'utf8' });
      const tps = /tps = ([\d.]+)/.exec(out.stdout ?? '');
      if (tps) pgbench = { tps: Number(tps[1]) };
    }

    const ratio = Math.round((api.throughput / baseline.throughput) * 100) / 100;
    return {
      name: 'intake',
      description: `POST /api/appeals (JSON, no photos) over HTTP, ${concurrency} concurrent clients from a separate process, ${durationMs / 1000} s`,
      figures: [
        { label: 'intake throughput', value: api.throughput, unit: 'appeals/s', baseline: baseline.throughput, baselineLabel: 'plain SQL transactions (postgres.js)', ratio, target: '≥ 0.5 × baseline' },
        { label: 'intake p50 latency (full load)', value: api.latency.p50, unit: 'ms', baseline: baseline.latency.p50, baselineLabel: 'plain SQL p50' },
        { label: 'intake p99 latency (full load)', value: api.latency.p99, unit: 'ms', baseline: baseline.latency.p99, baselineLabel: 'plain SQL p99' },
        { label: 'intake p50 latency (half load)', value: halfLoad.latency.p50, unit: 'ms', baseline: baselineHalf.latency.p50, baselineLabel: 'plain SQL p50 at the same rate' },
        { label: 'intake p99 latency (half load)', value: halfLoad.latency.p99, unit: 'ms', baseline: baselineHalf.latency.p99, baselineLabel: 'plain SQL p99 at the same rate', target: '≤ 50 ms' },
        ...(pgbench
          ? [{ label: 'pgbench TPC-B', value: pgbench.tps, unit: 'tps', baseline: pgbench.tps, baselineLabel: 'pgbench TPC-B', ratio: Math.round((api.throughput / pgbench.tps) * 100) / 100 }]
          : []),
      ],
      raw: { api, halfLoad, baseline, baselineHalf, pgbench, failed: { api: api.failed, half: halfLoad.failed, baseline: baseline.failed } },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}
