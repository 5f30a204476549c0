import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { outageCity } from '../helpers/outages.ts';

const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.now() + h * HOUR);
// The raw client takes instants as text (drizzle replaced its date serialisers).
const text = (d: Date) => d.toISOString();

/**
 * Two changes of one service over one building that both pass the overlap check: the exclusion
 * constraint on outage_buildings refuses the second (23P01), and its 409 names the outage that won,
 * as the check does. The race is forced in a fixed order: a competing transaction holds its
 * overlapping row uncommitted while the request passes its check and blocks on the constraint, then
 * commits.
 */
describe('outages: a collision found by the exclusion constraint', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let staff: Awaited<ReturnType<TestApp['signIn']>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await outageCity(t.db);
    staff = await t.signIn(c.users.orgStaff.id);
  });
  afterAll(() => t?.close());

  const publish = async (buildingIds: number[], from: number, to: number, reason: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/outages',
      headers: staff,
      payload: {
        service: 'hot_water',
        kind: 'planned',
        reason,
        startsAt: at(from).toISOString(),
        expectedEndAt: at(to).toISOString(),
        buildingIds,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };

  /** Wait until a statement of this database waits on a lock (the request is blocked on the constraint). */
  const waitForLockWait = async () => {
    for (let i = 0; i < 500; i++) {
      const [{ n }] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the request never waited on the competing transaction');
  };

  /**
   * Run `competitor` in a transaction that stays open until `request` is blocked behind it, then
   * commit it and return the request's answer.
   */
  const race = async <T>(
    competitor: (tx: typeof t.db.$client) => Promise<unknown>,
    request: () => Promise<T>,
  ): Promise<T> => {
    let commit!: () => void;
    const held = new Promise<void>((r) => {
      commit = r;
    });
    let ready!: (err?: unknown) => void;
    const written = new Promise<void>((resolve, reject) => {
      ready = (err) => (err ? reject(err) : resolve());
    });
    const tx = t.db.$client.begin(async (q) => {
      try {
        await competitor(q as unknown as typeof t.db.$client);
      } catch (err) {
        ready(err);
        throw err;
      }
      ready();
      await held;
    });
    tx.catch(() => {});
    await written;
    const answer = request();
    await waitForLockWait();
    commit();
    await tx;
    return answer;
  };

  it('a change that lost the race names the outage it collides with, its reason and times', async () => {
    const mine = await publish([c.building.id], 24, 32, 'Промывка системы');
    // The other outage is over the neighbouring building, later: no overlap yet.
    const theirs = await publish([c.near.id], 40, 48, 'Замена задвижки');
    const moved = at(26);
    const res = await race(
      // …which is moved earlier (as a concurrent PATCH would) while mine takes in the neighbour.
      async (q) => {
        await q`update outages set starts_at = ${text(moved)}, version = version + 1 where id = ${theirs.id}`;
        await q`update outage_buildings set during = tstzrange(${text(moved)}::timestamptz, (select expected_end_at from outages where id = ${theirs.id}), '[)') where outage_id = ${theirs.id}`;
      },
      () =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/outages/${mine.id}`,
          headers: staff,
          payload: { expectedVersion: mine.version, buildingIds: [c.building.id, c.near.id] },
        }),
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = res.json();
    expect(problem.outageId).toBe(theirs.id);
    expect(problem.detail).toContain(`№${theirs.id}`);
    expect(problem.detail).toContain('ул. Баумана, д. 14');
    expect(problem.conflictingOutage).toMatchObject({
      id: theirs.id,
      kind: 'planned',
      reason: 'Замена задвижки',
      buildingId: c.near.id,
      startsAt: moved.toISOString(),
      expectedEndAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(problem.errors).toEqual([
      { field: 'body.buildingIds', code: 'outage.overlaps.reason', reason: expect.stringContaining(String(theirs.id)) },
    ]);
    // Nothing of the lost change was kept.
    const [row] = await t.db.execute<{ version: number; n: number }>(
      sql`select version, (select count(*)::int from outage_buildings where outage_id = ${mine.id}) as n from outages where id = ${mine.id}`,
    );
    expect(row).toEqual({ version: mine.version, n: 1 });
  });

  it('a publication that lost the race names the outage published first', async () => {
    let winnerId = 0;
    const res = await race(
      async (q) => {
        const [o] = await q<{ id: string }[]>`
          insert into outages (municipality_id, organisation_id, service, kind, reason, starts_at, expected_end_at, created_by)
          values (${c.city.id}, ${c.mc.id}, 'hot_water', 'emergency', 'Порыв на вводе', ${text(at(60))}, ${text(at(66))}, ${c.users.orgStaff.id}) returning id`;
        winnerId = Number(o.id);
        await q`insert into outage_buildings (outage_id, building_id, service, during) values (${winnerId}, ${c.building.id}, 'hot_water', tstzrange(${text(at(60))}::timestamptz, ${text(at(66))}::timestamptz, '[)'))`;
      },
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/outages',
          headers: staff,
          payload: {
            service: 'hot_water',
            kind: 'planned',
            reason: 'Плановый ремонт',
            startsAt: at(62).toISOString(),
            expectedEndAt: at(70).toISOString(),
            buildingIds: [c.building.id],
          },
        }),
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      outageId: winnerId,
      conflictingOutage: { id: winnerId, kind: 'emergency', reason: 'Порыв на вводе', address: 'ул. Баумана, д. 12' },
    });
  });
});
