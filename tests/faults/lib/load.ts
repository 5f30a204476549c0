import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { LiveTestClient } from '../../helpers/live.ts';
import { smallCity } from '../../helpers/make.ts';
import { createTestDatabase } from '../../helpers/db.ts';
import { fileAppeal, type Proc, SECRET, sessionFor, sleep, startProcess, waitFor } from './harness.ts';

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

export type Run = {
  /** Appeals acknowledged, with the index of the API process that took each. */
  acked: { id: number; via: number }[];
  /** Per API process: the event ids its board client received (with repeats, if any). */
  seen: number[][];
  /** Event ids of the city written during the run. */
  written: number[];
  listenKills: number;
  settleMs: number;
  sql: Awaited<ReturnType<typeof createTestDatabase>>['db']['$client'];
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

    const settleMs = await waitFor(
      'every appeal routed, every step done, every event on every board',
      async () => {
        const [row] = await sql`select
            (select count(*)::int from appeals where id = any(${ids}) and assigned_org_id is not null) as routed,
            (select count(*)::int from sla_steps where appeal_id = any(${ids})) as steps,
            (select count(*)::int from appeal_events e join appeals a on a.id = e.appeal_id where e.id > ${start} and a.municipality_id = ${c.city.id}) as events`;
        const seenAll = boards.every(
          (b) => new Set(b.events(`board:${c.city.id}`).map((m) => m.seq)).size >= row.events,
        );
        return row.routed === ids.length && (!opts.sla || row.steps === ids.length * STEPS.length) && seenAll;
      },
      240_000,
      500,
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
      sql,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
