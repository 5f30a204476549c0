import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

/**
 * postgres.js 3.4.9 could write a transaction's BEGIN without reserving its connection when the
 * BEGIN filled the connection's pipeline (porsager/postgres#823, #1189): the transaction failed with
 * UNSAFE_TRANSACTION, and the server's open transaction went back to the pool for unrelated queries
 * to join. The services bench met it with 1,000 applicants at once (a draft answered 500). Our patch
 * (db/patches/, applied by npm's postinstall) reserves the connection whenever BEGIN is written.
 */
describe('the PostgreSQL driver under a full pipeline', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('runs every transaction on a connection of its own while all of them are busy (the issue’s reproduction, 20 rounds)', async () => {
    // Three connections, two queries in flight on each: a BEGIN queued behind a busy one fills it.
    const sql = postgres(t.url, {
      max: 3,
      // A documented option (README, "max_pipeline") missing from postgres.js's types.
      ...({ max_pipeline: 2 } as object),
      onnotice: () => {},
      connection: { application_name: 'driver-test' },
    });
    try {
      const failures: string[] = [];
      for (let round = 0; round < 20; round++) {
        // Sent in this order: one long query on each connection, one more behind each (pipelined),
        // then the transactions: each BEGIN is the query that fills a connection's pipeline.
        const busy = Array.from({ length: 3 }, () => sql`select pg_sleep(0.2)`.execute());
        const plain = Array.from({ length: 3 }, (_, i) => sql`select ${i}::int as i`.execute());
        const transactions = Array.from({ length: 5 }, (_, i) =>
          sql.begin(async (tx) => {
            await tx`select pg_sleep(0.01)`;
            return i;
          }),
        );
        const settled = await Promise.allSettled([...busy, ...plain, ...transactions]);
        for (const s of settled) if (s.status === 'rejected') failures.push(String((s.reason as Error).message));
        // No connection of the pool is left inside a transaction once everything answered.
        const [{ open }] = await t.db.$client<{ open: number }[]>`
          select count(*)::int as open from pg_stat_activity
          where application_name = 'driver-test' and state like 'idle in transaction%'`;
        expect(open, `round ${round}`).toBe(0);
      }
      expect(failures).toEqual([]);
    } finally {
      await sql.end({ timeout: 2 });
    }
  }, 60_000);
});
