import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCity } from '../helpers/make.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { FULL, fileAppeal, type Proc, SECRET, sessionFor, settle, sleep, startProcess } from './lib/harness.ts';
import { STEPS, settleTimeline, workStillMissing } from './lib/load.ts';

const KILLS = Number(process.env.FAULTS_KILLS ?? (FULL ? 100 : 4));

/**
 * A worker process (every worker of the platform, as `npm start` runs them) is killed with SIGKILL
 * again and again while an API process takes appeals: each kill is aimed at a moment when routing
 * or escalation jobs are active. Afterwards one worker runs on: every appeal is routed exactly once
 * and every ladder step (8 per appeal: response and resolution at 50/75/100/200 %) happens once.
 */
describe('worker process killed with SIGKILL under load', () => {
  let database: TestDatabase;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let dataDir: string;
  const procs: Proc[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    c = await smallCity(database.db);
    // 24/7, accept within 3 s and resolve within 6 s: every step falls due within 12 s of intake.
    await c.make.slaPolicy24x7(
      c.city.id,
      c.roof.id,
      { amount: 0.05, unit: 'minutes' },
      { amount: 0.1, unit: 'minutes' },
    );
    dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-faults-'));
  });
  afterAll(async () => {
    for (const p of procs) await p.kill();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`routes every appeal once and performs every step once across ${KILLS} kills`, async () => {
    const sql = database.db.$client;
    const api = await startProcess('api', { url: database.url, dataDir, secret: SECRET });
    procs.push(api);
    const base = `http://127.0.0.1:${api.port}`;
    const resident = await sessionFor(database.db, SECRET, c.users.resident.id);

    // Load: two clients filing appeals for the whole run.
    const ids: number[] = [];
    const refused: number[] = [];
    let loading = true;
    const client = async () => {
      while (loading) {
        const r = await fileAppeal(base, resident, {
          categoryId: c.roof.id,
          buildingId: c.building.id,
          description: 'Течёт крыша над пятым этажом',
        });
        if (r.status === 201 && r.id) ids.push(r.id);
        else refused.push(r.status);
        await sleep(50);
      }
    };
    const clients = [client(), client()];

    let inFlight = 0;
    const active = async () =>
      Number(
        (
          await sql`select count(*)::int as n from pgboss.job where state = 'active' and name in ('appeal.route', 'sla.step')`
        )[0].n,
      );
    for (let k = 0; k < KILLS; k++) {
      const worker = await startProcess('worker', { url: database.url });
      // Kill it while it holds jobs (or after 3 s at most).
      const until = Date.now() + 3000;
      let busy = false;
      while (!busy && Date.now() < until) {
        busy = (await active()) > 0;
        if (!busy) await sleep(5);
      }
      await worker.kill();
      if (busy) inFlight++;
    }
    loading = false;
    await Promise.all(clients);
    expect(refused).toEqual([]);
    expect(ids.length).toBeGreaterThan(KILLS);

    // One worker runs on: heartbeats of the killed workers' jobs lapse, they are retried; the sweeper
    // catches steps whose timer job died with a worker.
    const lastKill = new Date();
    const survivor = await startProcess('worker', { url: database.url });
    procs.push(survivor);
    const settled = await settle(() => workStillMissing(sql, ids, true), {
      timeoutMs: 240_000,
      stepMs: 500,
      what: 'every appeal routed and every step done',
    });
    await sleep(2000); // anything still queued (duplicates) would run now

    const assigned = await sql<{ appeal_id: string; n: number }[]>`
      select a.id as appeal_id, count(e.id)::int as n from appeals a
      left join appeal_events e on e.appeal_id = a.id and e.type = 'assigned'
      where a.id = any(${ids}) group by a.id`;
    expect(assigned.length).toBe(ids.length);
    expect(assigned.filter((r) => r.n !== 1)).toEqual([]);
    const wrongOrg =
      await sql`select id from appeals where id = any(${ids}) and assigned_org_id is distinct from ${c.mc.id}`;
    expect(wrongOrg.length).toBe(0);

    const steps = await sql<{ appeal_id: string; step: string; n: number }[]>`
      select appeal_id, (payload->>'clock') || ':' || (payload->>'step') as step, count(*)::int as n from appeal_events
      where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach') group by 1, 2`;
    expect(steps.filter((s) => s.n !== 1)).toEqual([]);
    const byAppeal = new Map<string, string[]>();
    for (const s of steps) byAppeal.set(String(s.appeal_id), [...(byAppeal.get(String(s.appeal_id)) ?? []), s.step]);
    for (const id of ids) expect((byAppeal.get(String(id)) ?? []).sort(), `appeal ${id}`).toEqual([...STEPS].sort());
    const [left] = await sql`select
        (select count(*)::int from appeals where id = any(${ids}) and next_step_at is not null) as armed,
        (select count(*)::int from pgboss.job where name = 'appeal.route' and state = 'failed') as failed`;
    expect(left).toEqual({ armed: 0, failed: 0 });
    console.log(
      `[faults] worker SIGKILL: ${KILLS} kills, ${inFlight} with routing/escalation jobs active; ${ids.length} appeals, ${ids.length * STEPS.length} steps checked once each; settled ${(settled / 1000).toFixed(1)} s after the last kill: ${await settleTimeline(sql, ids, lastKill)}`,
    );
  });
});
