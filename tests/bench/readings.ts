import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { SESSION_COOKIE } from '../../api/plugins/auth.ts';
import { pgArray } from '../../db/queries/readings.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { startBoss } from '../../jobs/boss.ts';
import { benchDatabase } from './lib/cluster.ts';
import type { BenchResult, Figure } from './run.ts';

/**
 * A management company's import of one month's meter readings for 100,000 apartments (20,000 in
 * quick mode), through the real HTTP endpoint (POST /api/housing/readings/import, JSON rows by
 * serial), next to a plain SQL insert of the same rows (INSERT … SELECT FROM unnest, no lookup,
 * no checks) on the same database in the same run.
 *
 * The data: the demo city's first management company is given 1,000 buildings of 100 apartments
 * (20 in quick mode), each apartment one cold-water meter with six
 * months of history (3–12 m³ a month; every 50th meter stuck at zero, every 40th past its
 * verification date). The imported month has a spike (5 × the average) on every 100th meter and a
 * decrease on every 500th, so the anomaly check and the refusals have work to do. The clock is the
 * 20th, inside the 15th–25th window.
 *
 * Five repetitions (the median is reported; the machine is shared, so single runs vary); each deletes the month's readings first, so every import and every plain insert
 * writes all the rows anew; the import's time covers the HTTP request (JSON parse of the body),
 * the temp table, the meter lookup with its last seven readings, checkReading per row, the insert
 * and the report.
 */
export async function readings(opts: { quick: boolean }): Promise<BenchResult> {
  const apartments = Number(process.env.BENCH_READINGS_APARTMENTS ?? (opts.quick ? 20_000 : 100_000));
  const buildingsCount = 1000;
  const perBuilding = Math.ceil(apartments / buildingsCount);
  const reps = opts.quick ? 1 : 5;
  const log = (line: string) => console.log(`  [readings ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const bd = await benchDatabase('readings');
  const raw = bd.db.$client;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  const now = new Date('2026-10-20T09:00:00Z');
  const period = '2026-10';
  try {
    const seeded = performance.now();
    await seedDemoCity(bd.db, { buildings: buildingsCount + 200, appeals: 0, now, seed: 11 });
    const [company] = await raw<{ id: number }[]>`select id from organisations where code = 'uk01'`;
    const [staff] = await raw<{ id: number }[]>`select id from users where login = 'uk1.boss'`;
    await raw`update buildings set management_company_id = ${company.id}
      where id in (select id from buildings where municipality_id = (select min(id) from municipalities) order by id limit ${buildingsCount})`;
    await raw`
      insert into apartments (building_id, number, account_number)
      select b.id, n::text, 'LS' || b.id || '-' || n
      from (select id from buildings where management_company_id = ${company.id} order by id limit ${buildingsCount}) b,
           generate_series(1, ${perBuilding}) n
      on conflict do nothing`;
    await raw`
      insert into meters (apartment_id, kind, tariffs, serial_number, verification_due)
      select a.id, 'cold_water', 1, 'BENCH-' || a.id, case when a.id % 40 = 0 then date '2026-01-01' else date '2031-01-01' end
      from apartments a join buildings b on b.id = a.building_id where b.management_company_id = ${company.id}
      order by a.id limit ${apartments}`;
    // Six months of history: a running total of 3–12 m³ a month (zero for every 50th meter).
    await raw`
      insert into meter_readings (meter_id, period, values, consumption, source, submitted_by, submitted_at)
      select m.id, to_char(date '2026-04-01' + (k || ' month')::interval, 'YYYY-MM'),
        array[100 + case when m.id % 50 = 0 then 0 else k * (3 + m.id % 10) end]::numeric[],
        case when k = 0 then null else array[case when m.id % 50 = 0 then 0 else 3 + m.id % 10 end]::numeric[] end,
        'resident', ${staff.id}, date '2026-04-20' + (k || ' month')::interval + interval '9 hours'
      from meters m, generate_series(0, 5) k where m.serial_number like 'BENCH-%'`;
    await raw`analyze`;
    const meters = await raw<{ id: number; serial: string; last: number; step: number }[]>`
      select m.id::int as id, m.serial_number as serial, r.values[1]::float8 as last,
        (case when m.id % 50 = 0 then 0 else 3 + m.id % 10 end)::int as step
      from meters m join meter_readings r on r.meter_id = m.id and r.period = '2026-09'
      where m.serial_number like 'BENCH-%' order by m.id`;
    const rows = meters.map((m, i) => {
      const used = i % 100 === 0 ? m.step * 5 + 5 : m.step;
      const value = i % 500 === 250 ? m.last - 1 : m.last + used;
      return { serial: m.serial, meterId: m.id, values: [Math.round(value * 1000) / 1000] };
    });
    log(
      `seeded ${meters.length} apartments with 6 months of history in ${Math.round((performance.now() - seeded) / 1000)} s`,
    );

    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: bd.url, PORT: '0' });
    const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 2 });
    // The route logs the time of each phase of an import; the bench keeps them beside the totals.
    const phases: Record<string, number>[] = [];
    const stream = {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; ms?: Record<string, number> };
        if (entry.msg === 'readings imported' && entry.ms) phases.push(entry.ms);
      },
    };
    const app = await buildApp({ config, db: bd.db, boss, clock: () => now, logger: { level: 'info', stream } });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(bd.db, {
      tokenHash: app.hashSessionToken(token),
      userId: staff.id,
      csrfToken: csrf,
      now: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const headers = { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const body = JSON.stringify({ rows: rows.map((r) => ({ serial: r.serial, values: r.values })) });

    const importMs: number[] = [];
    const plainMs: number[] = [];
    type Report = { accepted: number; refusedCount: number; flagged: Record<string, number> };
    let report: Report | null = null;
    for (let rep = 0; rep < reps; rep++) {
      await raw`delete from meter_readings where period = ${period}`;
      await raw`vacuum analyze meter_readings`;
      let t0 = performance.now();
      const res = await fetch(`${baseUrl}/api/housing/readings/import`, { method: 'POST', headers, body });
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
      const current = (await res.json()) as Report;
      report = current;
      importMs.push(performance.now() - t0);
      log(
        `import ${rep + 1}: ${Math.round(importMs.at(-1) as number)} ms, accepted ${current.accepted}, refused ${current.refusedCount}, flagged ${JSON.stringify(current.flagged)}, phases ${JSON.stringify(phases.at(-1))}`,
      );

      await raw`delete from meter_readings where period = ${period}`;
      await raw`vacuum analyze meter_readings`;
      t0 = performance.now();
      await raw`
        insert into meter_readings (meter_id, period, values, source, submitted_by, submitted_at)
        select t.meter_id, ${period}, array[t.v], 'import', ${staff.id}, ${now.toISOString()}::timestamptz
        from unnest(${pgArray(rows.map((r) => r.meterId))}::bigint[], ${pgArray(rows.map((r) => r.values[0]))}::numeric[]) as t(meter_id, v)`;
      plainMs.push(performance.now() - t0);
      log(`plain insert ${rep + 1}: ${Math.round(plainMs.at(-1) as number)} ms`);
    }
    await app.close();
    await boss.stop({ graceful: false, close: true });

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const imp = median(importMs);
    const plain = median(plainMs);
    const figures: Figure[] = [
      {
        label: `import of ${rows.length} readings over HTTP (checks, anomaly flags, per-line report)`,
        value: Math.round(imp),
        unit: 'ms',
        baseline: Math.round(plain),
        baselineLabel: 'plain INSERT … SELECT FROM unnest of the same rows',
        ratio: Math.round((imp / plain) * 10) / 10,
        target: '100,000 apartments in seconds',
      },
      {
        label: 'import throughput',
        value: Math.round(rows.length / (imp / 1000)),
        unit: 'rows/s',
        baseline: Math.round(rows.length / (plain / 1000)),
        baselineLabel: 'plain insert rows/s',
      },
    ];
    return {
      name: 'readings',
      description:
        'A management company imports one month of meter readings for all its apartments through POST /api/housing/readings/import (JSON, by serial), ' +
        'with the rules of dispatch/readings.ts and the anomaly check over six months of history, next to a plain INSERT … SELECT FROM unnest of the same rows.',
      figures,
      raw: {
        apartments: rows.length,
        reps,
        importMs: importMs.map(Math.round),
        importPhasesMs: phases,
        plainMs: plainMs.map(Math.round),
        bodyBytes: body.length,
        report: report && { ...report, refused: undefined },
      },
    };
  } finally {
    await bd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
