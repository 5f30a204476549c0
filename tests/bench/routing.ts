import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { registerRouting } from '../../jobs/route-appeal.ts';
import { benchCity, httpLoad } from './lib/city.ts';
import { benchDatabase } from './lib/cluster.ts';
import { latencyStats } from './lib/stats.ts';
import type { BenchResult } from './run.ts';

/**
 * Routing under a steady 50 appeals/s for 60 s: time from intake to "assigned" (p50/p95/p99), and
 * the job queue's drain rate next to a plain FOR UPDATE SKIP LOCKED fetch-and-complete loop (batch
 * 50) on the same database in the same run.
 */
export async function routing(opts: { quick: boolean }): Promise<BenchResult> {
  const rate = 50;
  const durationMs = opts.quick ? 10_000 : 60_000;
  const bd = await benchDatabase('routing');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  try {
    const city = await benchCity(bd.db, bd.url, dataDir);
    await registerRouting(city.boss, bd.db, () => new Date());
    const load = await httpLoad(city, 'routing', { concurrency: 16, durationMs, ratePerSecond: rate });
    // Let the last ones through, then read intake → assigned from the history.
    const settleBy = Date.now() + 30_000;
    while (Date.now() < settleBy) {
      const [row] = await bd.db.execute<{ n: number }>(
        sql`select count(*)::int as n from appeals where status = 'new'`,
      );
      if (row.n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = await bd.db.execute<{ ms: number }>(sql`
      select extract(epoch from (e.at - a.created_at)) * 1000 as ms
      from appeals a join appeal_events e on e.appeal_id = a.id and e.type = 'assigned'`);
    const [left] = await bd.db.execute<{ n: number }>(sql`select count(*)::int as n from appeals where status = 'new'`);
    const latency = latencyStats(rows.map((r) => Number(r.ms)));
    const p95 = (() => {
      const s = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
      return Math.round(s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] * 100) / 100;
    })();
    await city.close();

    // Queue drain: 5,000 no-op jobs through pg-boss (batch 50, burst while batches are full) …
    const jobs = opts.quick ? 2000 : 5000;
    const { startBoss } = await import('../../jobs/boss.ts');
    const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
    await boss.createQueue('bench.noop');
    for (let i = 0; i < jobs; i += 500) {
      await boss.insert(
        'bench.noop',
        Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ data: { n: i + k } })),
      );
    }
    let done = 0;
    const t0 = performance.now();
    const finished = new Promise<void>((resolve) => {
      void boss.work(
        'bench.noop',
        { batchSize: 50, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
        async (batch) => {
          done += batch.length;
          if (done >= jobs) resolve();
        },
      );
    });
    await finished;
    const bossRate = Math.round((jobs / ((performance.now() - t0) / 1000)) * 10) / 10;
    await boss.stop({ graceful: false, close: true });

    // … and the same number of rows through a plain SKIP LOCKED loop.
    const raw = postgres(bd.url, { max: 1, onnotice: () => {} });
    await raw`create table bench_queue (id bigserial primary key, data jsonb not null, state text not null default 'created')`;
    await raw`insert into bench_queue (data) select jsonb_build_object('n', g) from generate_series(1, ${jobs}) g`;
    const t1 = performance.now();
    for (;;) {
      const batch = await raw`
        with next as (select id from bench_queue where state = 'created' order by id limit 50 for update skip locked)
        update bench_queue q set state = 'active' from next where q.id = next.id returning q.id`;
      if (batch.length === 0) break;
      await raw`update bench_queue set state = 'completed' where id = any(${batch.map((b) => b.id)})`;
    }
    const rawRate = Math.round((jobs / ((performance.now() - t1) / 1000)) * 10) / 10;
    await raw.end();

    return {
      name: 'routing',
      description: `${rate} appeals/s over HTTP for ${durationMs / 1000} s, routed by the pg-boss worker in the same process; queue drain of ${jobs} jobs`,
      figures: [
        { label: 'intake → assigned p50', value: latency.p50, unit: 'ms' },
        { label: 'intake → assigned p95', value: p95, unit: 'ms', target: '≤ 1000 ms' },
        { label: 'intake → assigned p99', value: latency.p99, unit: 'ms' },
        { label: 'appeals routed / filed', value: rows.length, unit: `of ${load.ok} (left new: ${left.n})` },
        {
          label: 'queue drain (pg-boss, batch 50)',
          value: bossRate,
          unit: 'jobs/s',
          baseline: rawRate,
          baselineLabel: 'plain FOR UPDATE SKIP LOCKED, batch 50',
          ratio: Math.round((bossRate / rawRate) * 100) / 100,
          target: '≥ 0.25 × baseline',
        },
      ],
      raw: { load, latency, p95, bossRate, rawRate, left: left.n },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}
