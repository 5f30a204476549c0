import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { LiveTestClient } from '../../helpers/live.ts';
import { smallCity } from '../../helpers/make.ts';
import { createTestDatabase } from '../../helpers/db.ts';
import { fileAppeal, missing, type Proc, SECRET, sessionFor, settle, sleep, startProcess } from './harness.ts';

export const STEPS = [
  'response:50',
  'response:75',
  'response:100',
  'response:200',
  'resolution:50',
  'resolution:75',
  'resolution:100',
  'resolution:200',
];

type Sql = Awaited<ReturnType<typeof createTestDatabase>>['db']['$client'];

/**
 * What the workers still owe these appeals: those not routed, and (with `steps`) each appeal's
 * ladder steps not done, by name; with the routing and escalation jobs by state, to tell a queue
 * still draining from one that stopped.
 */
export async function workStillMissing(sql: Sql, ids: readonly number[], steps: boolean): Promise<string[]> {
  const unrouted = await sql<{ id: string }[]>`
    select id from appeals where id = any(${ids}) and assigned_org_id is null order by id`;
  const left = missing(
    'appeals not routed',
    unrouted.map((r) => Number(r.id)),
  );
  if (steps) {
    const rows = await sql<{ id: string; done: string[] | null }[]>`
      select a.id, array_agg(s.clock || ':' || s.step) filter (where s.appeal_id is not null) as done
      from appeals a left join sla_steps s on s.appeal_id = a.id
      where a.id = any(${ids}) group by a.id having count(s.appeal_id) < ${STEPS.length} order by a.id`;
    const owed = rows.map((r) => {
      const done = new Set(r.done ?? []);
      return `${r.id} [${STEPS.filter((k) => !done.has(k)).join(' ')}]`;
    });
    const total = rows.reduce((n, r) => n + STEPS.length - (r.done?.length ?? 0), 0);
    left.push(...missing(`ladder steps not done: ${total}, of appeals`, owed));
  }
  if (left.length > 0) {
    const jobs = await sql<{ name: string; state: string; n: number }[]>`
      select name, state, count(*)::int as n from pgboss.job where name in ('appeal.route', 'sla.step') group by 1, 2 order by 1, 2`;
    left.push(`jobs: ${jobs.map((j) => `${j.name} ${j.state} ${j.n}`).join(', ') || 'none'}`);
  }
  return left;
}

/**
 * Where the settling went, from `since`: the routing done after it (how many, the last at +s) and
 * the ladder steps (how many, first and last at +s, by the timer or the sweeper).
 */
export async function settleTimeline(sql: Sql, ids: readonly number[], since: Date): Promise<string> {
  // The test's client sends no Date: an ISO string, cast.
  const from = since.toISOString();
  const [r] = await sql`select count(*)::int as n, extract(epoch from max(at) - ${from}::timestamptz) as last
    from appeal_events where appeal_id = any(${ids}) and type = 'assigned' and at >= ${from}::timestamptz`;
  const [s] = await sql`select count(*)::int as n, extract(epoch from min(done_at) - ${from}::timestamptz) as first,
      extract(epoch from max(done_at) - ${from}::timestamptz) as last,
      count(*) filter (where done_by = 'sweeper')::int as swept
    from sla_steps where appeal_id = any(${ids}) and done_at >= ${from}::timestamptz`;
  const at = (v: unknown) => (v == null ? '-' : `+${Number(v).toFixed(1)} s`);
  return `routed ${r.n} (last ${at(r.last)}), steps ${s.n} (first ${at(s.first)}, last ${at(s.last)}, ${s.swept} by the sweeper)`;
}

export type Run = {
  /** Appeals acknowledged, with the index of the API process that took each. */
  acked: { id: number; via: number }[];
  /** Per API process: the event ids its board client received (with repeats, if any). */
  seen: number[][];
  /** Event ids of the city written during the run. */
  written: number[];
  listenKills: number;
  settleMs: number;
  /** Where the settling went after the load (settleTimeline). */
  timeline: string;
  sql: Sql;
  close: () => Promise<void>;
};

/**
 * `apis` API processes and `workers` worker processes on one database; a dispatcher's board client
 * on every API process; `clients` clients per API process filing appeals for `loadMs`; meanwhile the
 * LISTEN connections are cut `listenKills` times. Returns once every appeal is routed, every step
 * done (with `sla`) and every board client holds every event of the city.
 */
export async function runCity(opts: {
  apis: number;
  workers: number;
  clients: number;
  loadMs: number;
  listenKills: number;
  sla: boolean;
}): Promise<Run> {
  const database = await createTestDatabase();
  const sql = database.db.$client;
  const c = await smallCity(database.db);
  if (opts.sla)
    await c.make.slaPolicy24x7(
      c.city.id,
      c.roof.id,
      { amount: 0.05, unit: 'minutes' },
      { amount: 0.1, unit: 'minutes' },
    );
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-faults-'));
  const procs: Proc[] = [];
  const boards: LiveTestClient[] = [];
  const close = async () => {
    for (const b of boards) b.close();
    for (const p of procs) await p.kill();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const apis: Proc[] = [];
    for (let i = 0; i < opts.apis; i++)
      apis.push(await startProcess('api', { url: database.url, dataDir, secret: SECRET }));
    procs.push(...apis);
    for (let i = 0; i < opts.workers; i++) procs.push(await startProcess('worker', { url: database.url }));
    const bases = apis.map((a) => `http://127.0.0.1:${a.port}`);
    const [{ start }] = await sql`select coalesce(max(id), 0)::bigint as start from appeal_events`;
    for (const base of bases) {
      const board = await LiveTestClient.open(base, await sessionFor(database.db, SECRET, c.users.dispatcher.id));
      expect((await board.subscribe(`board:${c.city.id}`)).type).toBe('subscribed');
      boards.push(board);
    }
    const resident = await sessionFor(database.db, SECRET, c.users.resident.id);

    const acked: Run['acked'] = [];
    const refused: number[] = [];
    const until = Date.now() + opts.loadMs;
    const client = async (via: number) => {
      while (Date.now() < until) {
        const r = await fileAppeal(bases[via], resident, {
          categoryId: c.roof.id,
          buildingId: c.building.id,
          description: `Течёт крыша (через ${via})`,
        });
        if (r.status === 201 && r.id) acked.push({ id: r.id, via });
        else refused.push(r.status);
        await sleep(20);
      }
    };
    let listenKills = 0;
    const killer = async () => {
      for (let k = 0; k < opts.listenKills; k++) {
        await sleep(opts.loadMs / (opts.listenKills + 1));
        const [row] = await sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and query ilike 'listen%' and application_name = 'otklik'`;
        listenKills += row.n;
      }
    };
    await Promise.all([
      ...bases.flatMap((_, via) => Array.from({ length: opts.clients }, () => client(via))),
      killer(),
    ]);
    expect(refused).toEqual([]);
    const ids = acked.map((a) => a.id);

    const loadEnd = new Date();
    const settleMs = await settle(
      async () => {
        const written = await sql<
          { id: string }[]
        >`select e.id from appeal_events e join appeals a on a.id = e.appeal_id
          where e.id > ${start} and a.municipality_id = ${c.city.id} order by e.id`;
        const left = await workStillMissing(sql, ids, opts.sla);
        for (const [i, b] of boards.entries()) {
          const seen = new Set(b.events(`board:${c.city.id}`).map((m) => Number(m.seq)));
          left.push(
            ...missing(
              `events not seen by the board on API ${i}`,
              written.map((e) => Number(e.id)).filter((id) => !seen.has(id)),
            ),
          );
        }
        return left;
      },
      { timeoutMs: 240_000, stepMs: 500, what: 'every appeal routed, every step done, every event on every board' },
    );
    await sleep(2000); // repeats, if any, would arrive now
    const written = (
      await sql<
        { id: string }[]
      >`select e.id from appeal_events e join appeals a on a.id = e.appeal_id where e.id > ${start} and a.municipality_id = ${c.city.id} order by e.id`
    ).map((r) => Number(r.id));
    return {
      acked,
      seen: boards.map((b) => b.events(`board:${c.city.id}`).map((m) => Number(m.seq))),
      written,
      listenKills,
      settleMs,
      timeline: await settleTimeline(sql, ids, loadEnd),
      sql,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
