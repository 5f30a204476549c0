import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCity } from '../helpers/make.ts';
import { type OwnCluster, ownCluster } from './lib/cluster.ts';
import {
  type Filed,
  fileAppeal,
  FULL,
  type Proc,
  SECRET,
  sessionFor,
  settle,
  sleep,
  startProcess,
} from './lib/harness.ts';
import { workStillMissing } from './lib/load.ts';

/** How many answers had each status, as `{"201":12,"503":4}`. */
function statusesOf(results: readonly Filed[]): string {
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return JSON.stringify(statuses);
}

const RESTARTS = Number(process.env.FAULTS_PG_RESTARTS ?? (FULL ? 5 : 1));
const DOWN_MS = 3000;

/**
 * PostgreSQL stopped in immediate mode (no checkpoint, crash recovery at start) under intake load,
 * left down for 3 s, then started again. While it is gone every request gets an answer: 503
 * problem+json with Retry-After, never a 500 or a hang; /readyz says 503 too. Once it is back the
 * API and the workers recover by themselves within 10 s, and no acknowledged appeal is lost.
 */
describe('PostgreSQL restarted in immediate mode under load', () => {
  let cluster: OwnCluster;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let dataDir: string;
  const procs: Proc[] = [];
  beforeAll(async () => {
    cluster = await ownCluster();
    c = await smallCity(cluster.db);
    dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-faults-'));
  });
  afterAll(async () => {
    for (const p of procs) await p.kill();
    await cluster?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers 503 with Retry-After while the database is down and recovers within 10 s (${RESTARTS} restarts)`, async () => {
    const api = await startProcess('api', { url: cluster.url, dataDir, secret: SECRET });
    procs.push(api);
    procs.push(await startProcess('worker', { url: cluster.url }));
    const base = `http://127.0.0.1:${api.port}`;
    const resident = await sessionFor(cluster.db, SECRET, c.users.resident.id);

    const results: (Filed & { at: number; ms: number })[] = [];
    const acked: number[] = [];
    let loading = true;
    const client = async () => {
      while (loading) {
        const t0 = Date.now();
        const r = await fileAppeal(
          base,
          resident,
          { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша в подъезде' },
          30_000,
        );
        results.push({ ...r, at: t0, ms: Date.now() - t0 });
        if (r.status === 201 && r.id) acked.push(r.id);
        await sleep(r.status === 201 ? 30 : 100);
      }
    };
    const clients = [client(), client(), client()];
    const ready = async () => (await fetch(`${base}/readyz`).catch(() => null))?.status ?? 0;

    const recoveries: number[] = [];
    const readyStatusesDown: number[] = [];
    const startTimes: number[] = [];
    for (let k = 0; k < RESTARTS; k++) {
      await settle(
        () =>
          acked.length >= (k + 1) * 20
            ? []
            : [
                `appeals acknowledged: ${acked.length} of ${(k + 1) * 20}; last answers ${statusesOf(results.slice(-20))}`,
              ],
        { timeoutMs: 30_000, what: 'some appeals accepted' },
      );
      const stop = await cluster.pgCtl('stop', '-m', 'immediate', '-w');
      expect(stop.status, stop.output).toBe(0);
      const downAt = Date.now();
      await sleep(DOWN_MS / 2);
      readyStatusesDown.push(await ready());
      await sleep(DOWN_MS / 2);
      // `restart` starts it again with the options of its last start (postmaster.opts).
      const restartAt = Date.now();
      const start = await cluster.pgCtl('restart', '-m', 'immediate', '-w');
      startTimes.push(Date.now() - restartAt);
      expect(start.status, start.output).toBe(0);
      const backAt = Date.now();
      // While it was down: answered before the restart began (pg_ctl -w returns only some time after
      // the server takes connections again, so a request may rightly succeed just before backAt).
      const during = results.filter((r) => r.at >= downAt + 200 && r.at + r.ms < restartAt);
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((r) => r.status !== 503)).toEqual([]);
      expect(during.every((r) => Number(r.retryAfter) > 0 && r.type?.startsWith('application/problem+json'))).toBe(
        true,
      );
      // Recovered: an appeal accepted again, and ready again.
      const recovered = await settle(
        () =>
          results.some((r) => r.at >= backAt && r.status === 201)
            ? []
            : [
                `no 201 since the server was back; answers since then ${statusesOf(results.filter((r) => r.at >= backAt))}`,
              ],
        { timeoutMs: 30_000, stepMs: 50, what: 'an appeal accepted after the restart' },
      );
      await settle(
        async () => {
          const status = await ready();
          return status === 200 ? [] : [`/readyz answers ${status}`];
        },
        { timeoutMs: 30_000, what: '/readyz 200' },
      );
      recoveries.push(recovered);
      if (process.env.FAULTS_DEBUG)
        for (const r of results.filter((x) => x.at > downAt - 500))
          console.log(`t=${r.at - downAt} ms=${r.ms} status=${r.status} (back at ${backAt - downAt})`);
    }
    loading = false;
    await Promise.all(clients);
    if (process.env.FAULTS_DEBUG) console.log(cluster.log());

    expect(readyStatusesDown.every((s) => s === 503)).toBe(true);
    expect(results.filter((r) => r.status === 500 || r.status === 0)).toEqual([]);
    expect(Math.max(...recoveries)).toBeLessThan(10_000);
    // No acknowledged write lost: every appeal there with its event, and routed by the worker that lived through it.
    const sql = cluster.db.$client;
    const rows =
      await sql`select a.id from appeals a join appeal_events e on e.appeal_id = a.id and e.type = 'created' where a.id = any(${acked})`;
    expect(rows.length).toBe(acked.length);
    await settle(() => workStillMissing(sql, acked, false), {
      timeoutMs: 60_000,
      stepMs: 500,
      what: 'every acknowledged appeal routed',
    }).catch((err) => {
      throw new Error(`${err.message}\nworker output: ${procs[1].output()}`);
    });
    const statuses = statusesOf(results);
    console.log(
      `[faults] PostgreSQL immediate restart: ${RESTARTS} restarts, down ${DOWN_MS} ms each; recovered (first 201) ${recoveries.map((ms) => `${ms} ms`).join(', ')} after the server was back (pg_ctl restart took ${startTimes.map((ms) => `${ms} ms`).join(', ')}); slowest answer while down ${Math.max(...results.filter((r) => r.status === 503).map((r) => r.ms))} ms; ${acked.length} acknowledged appeals all present and routed; responses ${statuses}`,
    );
  });
});
