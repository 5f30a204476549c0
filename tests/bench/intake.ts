import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { benchCity, httpLoad } from './lib/city.ts';
import { benchDatabase, findPgbench } from './lib/cluster.ts';
import { drive } from './lib/stats.ts';
import type { BenchResult } from './run.ts';

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
    const city = await benchCity(bd.db, bd.url, dataDir);
    const load = (label: string, extra: { ratePerSecond?: number; durationMs?: number }) =>
      httpLoad(city, label, {
        concurrency,
        durationMs: extra.durationMs ?? durationMs,
        ratePerSecond: extra.ratePerSecond,
      });
    const { residents, body, districtId } = city;
    const cityId = city.cityId;
    const roofId = city.roofId;

    await load('warmup', { durationMs: 2000 });
    const api = await load('api', {});
    const halfLoad = await load('half', { ratePerSecond: Math.max(1, api.throughput / 2) });
    await city.close();

    // Baseline: the same three rows in one transaction, by hand, at the same concurrency.
    const sql = postgres(bd.url, { max: concurrency, onnotice: () => {} });
    const year = new Date().getFullYear();
    const baselineWrite = async (i: number) => {
      await sql.begin(async (tx) => {
        const [appeal] = await tx`
          insert into appeals (municipality_id, number, author_id, category_id, building_id, district_id, location,
            address_text, description, entrance, apartment, priority, status, channel, public, idempotency_key)
          values (${cityId}, (select ${`KZN-${year}-`} || lpad(n::text, greatest(6, length(n::text)), '0')
                   from next_appeal_number(${cityId}::int, ${year}::int) as n),
            ${residents[i % residents.length]}, ${roofId}, ${body.buildingId as number}, ${districtId}, point(49.12, 55.79),
            'ул. Баумана, д. 12', ${body.description as string}, '3', '57', 'normal', 'new', 'web', true, ${`base-${i}`})
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
      const out = spawnSync(
        bin,
        [...args, '-n', '-c', String(concurrency), '-j', '2', '-T', String(durationMs / 1000), 'bench_intake'],
        { env, encoding: 'utf8' },
      );
      const tps = /tps = ([\d.]+)/.exec(out.stdout ?? '');
      if (tps) pgbench = { tps: Number(tps[1]) };
    }

    const ratio = Math.round((api.throughput / baseline.throughput) * 100) / 100;
    return {
      name: 'intake',
      description: `POST /api/appeals (JSON, no photos) over HTTP, ${concurrency} concurrent clients from a separate process, ${durationMs / 1000} s`,
      figures: [
        {
          label: 'intake throughput',
          value: api.throughput,
          unit: 'appeals/s',
          baseline: baseline.throughput,
          baselineLabel: 'plain SQL transactions (postgres.js)',
          ratio,
          target: '≥ 0.5 × baseline',
        },
        {
          label: 'intake p50 latency (full load)',
          value: api.latency.p50,
          unit: 'ms',
          baseline: baseline.latency.p50,
          baselineLabel: 'plain SQL p50',
        },
        {
          label: 'intake p99 latency (full load)',
          value: api.latency.p99,
          unit: 'ms',
          baseline: baseline.latency.p99,
          baselineLabel: 'plain SQL p99',
        },
        {
          label: 'intake p50 latency (half load)',
          value: halfLoad.latency.p50,
          unit: 'ms',
          baseline: baselineHalf.latency.p50,
          baselineLabel: 'plain SQL p50 at the same rate',
        },
        {
          label: 'intake p99 latency (half load)',
          value: halfLoad.latency.p99,
          unit: 'ms',
          baseline: baselineHalf.latency.p99,
          baselineLabel: 'plain SQL p99 at the same rate',
          target: '≤ 50 ms',
        },
        ...(pgbench
          ? [
              {
                label: 'pgbench TPC-B',
                value: pgbench.tps,
                unit: 'tps',
                baseline: pgbench.tps,
                baselineLabel: 'pgbench TPC-B',
                ratio: Math.round((api.throughput / pgbench.tps) * 100) / 100,
              },
            ]
          : []),
      ],
      raw: {
        api,
        halfLoad,
        baseline,
        baselineHalf,
        pgbench,
        failed: { api: api.failed, half: halfLoad.failed, baseline: baseline.failed },
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}
