import { afterAll, describe, expect, it } from 'vitest';
import { FULL } from './lib/harness.ts';
import { type Run, runCity, STEPS } from './lib/load.ts';

/**
 * Two API processes and two worker processes on one PostgreSQL under load: every appeal routed
 * once, every ladder step once, and the board clients on each instance see the changes made
 * through the other (appeals filed on B appear on A's board and the reverse). The CI subset runs
 * it shorter and without the SLA ladder (worker-kill.test.ts checks the steps there).
 */
describe('scale-out: two API and two worker processes on one database', () => {
  let run: Run | null = null;
  afterAll(() => run?.close());

  it('loses and doubles nothing, and live events cross instances', async () => {
    run = await runCity({
      apis: 2,
      workers: 2,
      clients: FULL ? 3 : 2,
      loadMs: FULL ? 60_000 : 4_000,
      listenKills: 0,
      sla: FULL,
    });
    const { sql, acked } = run;
    const ids = acked.map((a) => a.id);
    expect(new Set(acked.map((a) => a.via))).toEqual(new Set([0, 1]));
    const assigned = await sql<{ n: number }[]>`
      select count(e.id)::int as n from appeals a left join appeal_events e on e.appeal_id = a.id and e.type = 'assigned'
      where a.id = any(${ids}) group by a.id`;
    expect(assigned.length).toBe(ids.length);
    expect(assigned.filter((r) => r.n !== 1)).toEqual([]);
    const steps = await sql<{ n: number }[]>`
      select count(*)::int as n from appeal_events where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach')
      group by appeal_id, payload->>'clock', payload->>'step'`;
    expect(steps.length).toBe(FULL ? ids.length * STEPS.length : 0);
    expect(steps.filter((s) => s.n !== 1)).toEqual([]);
    const [done] = await sql`select count(*)::int as n from sla_steps where appeal_id = any(${ids})`;
    expect(done.n).toBe(steps.length);
    // Both boards hold every event once.
    for (const seen of run.seen) {
      expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(run.written);
      expect(seen.length).toBe(new Set(seen).size);
    }
    // Crossing: the created events of appeals filed on instance 1 reached the board on instance 0, and the reverse.
    const createdVia = await sql<
      { id: string; appeal_id: string }[]
    >`select id, appeal_id from appeal_events where type = 'created' and appeal_id = any(${ids})`;
    const via = new Map(acked.map((a) => [a.id, a.via]));
    for (const [board, seen] of run.seen.entries()) {
      const set = new Set(seen);
      const fromOther = createdVia.filter((e) => via.get(Number(e.appeal_id)) !== board);
      expect(fromOther.length).toBeGreaterThan(0);
      expect(fromOther.filter((e) => !set.has(Number(e.id)))).toEqual([]);
    }
    console.log(
      `[faults] scale-out: 2 API + 2 worker processes; ${ids.length} appeals (${acked.filter((a) => a.via === 0).length} via A, ${acked.filter((a) => a.via === 1).length} via B), each routed once; ${steps.length} ladder steps once each; ${run.written.length} events on both boards once each; settled ${(run.settleMs / 1000).toFixed(1)} s after the load: ${run.timeline}`,
    );
  });
});
