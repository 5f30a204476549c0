import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { enqueue, type QueueName } from '../../jobs/queues.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Real PostgreSQL, real pg-boss. The workers here poll every 30 s, so a job done within a few
 * seconds was woken, not polled: the contrast is seconds against half a minute, whatever the load.
 */
describe('waking workers on commit and at a timer’s instant', () => {
  let d: TestDatabase;
  let boss: Boss;
  const done: { queue: string; at: number; data: unknown }[] = [];

  beforeAll(async () => {
    d = await createTestDatabase();
    // The killed listener (below) is reported as an error; pg-boss reconnects it.
    boss = await startBoss(d.url, { supervise: false, schedule: false, max: 4, onError: () => {} });
  });
  afterEach(async () => {
    await boss.offWork('appeal.route').catch(() => {});
    await boss.offWork('discussion.step').catch(() => {});
    done.length = 0;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await d?.drop();
  });

  /** A worker on `queue` that polls every `pollSeconds`, once it has made its first fetch. */
  const slowWorker = async (queue: QueueName, pollSeconds = 30) => {
    const id = await boss.work(
      queue,
      { pollingIntervalSeconds: pollSeconds, notifyPollingIntervalSeconds: pollSeconds, batchSize: 10 },
      async (jobs) => {
        for (const job of jobs) done.push({ queue, at: Date.now(), data: job.data });
      },
    );
    const lastFetch = () => boss.getWipData().find((w) => w.id === id)?.lastFetchedOn ?? null;
    while (lastFetch() === null) await sleep(20);
    return { id, lastFetch };
  };
  const waitFor = async (n: number, ms: number) => {
    const until = Date.now() + ms;
    while (done.length < n && Date.now() < until) await sleep(20);
    return done.length;
  };

  it('a job committed on a queue wakes its worker at once, long before the worker’s 30-s poll', async () => {
    await slowWorker('appeal.route');
    const committed = await d.db.transaction(async (tx) => {
      await enqueue(boss, tx, 'appeal.route', { appealId: 1 });
      return Date.now();
    });
    expect(await waitFor(1, 10_000)).toBe(1);
    expect(done[0].at - committed).toBeLessThan(10_000);
  });

  it('a rolled-back transaction wakes nobody: the worker does not fetch, and there is no job', async () => {
    const worker = await slowWorker('appeal.route');
    const before = worker.lastFetch();
    await d.db
      .transaction(async (tx) => {
        await enqueue(boss, tx, 'appeal.route', { appealId: 2 });
        throw new Error('rolled back');
      })
      .catch(() => {});
    // A committed job in the same spot is done within milliseconds (above); here nothing moves.
    await sleep(1500);
    expect(worker.lastFetch()).toEqual(before);
    expect(done).toEqual([]);
  });

  it('a job whose notification was lost (the listener’s connection killed) is still done (the poll, or the listener’s catch-up when it reconnects)', async () => {
    await slowWorker('appeal.route', 2);
    await d.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`);
    await d.db.transaction(async (tx) => {
      await enqueue(boss, tx, 'appeal.route', { appealId: 3 });
    });
    expect(await waitFor(1, 20_000)).toBe(1);
    expect(done[0].data).toEqual({ appealId: 3 });
  });

  it('a timer armed 300 ms ahead is done at its instant, not at the next 30-s poll', async () => {
    await slowWorker('discussion.step');
    const dueAt = Date.now() + 300;
    await d.db.transaction(async (tx) => {
      await enqueue(boss, tx, 'discussion.step', { discussionId: 1, step: 'open' }, { startAfter: new Date(dueAt) });
    });
    expect(await waitFor(1, 10_000)).toBe(1);
    expect(done[0].at).toBeGreaterThanOrEqual(dueAt);
    expect(done[0].at - dueAt).toBeLessThan(5_000);
  });

  it('a timer nobody announced (sent past jobs/queues.ts) is found by the look-ahead pass and done at its instant', async () => {
    await slowWorker('discussion.step');
    // Beyond the first pass, inside the horizon of the next ones (every 5 s, 15 s ahead).
    const dueAt = Date.now() + 6_000;
    await boss.send('discussion.step', { discussionId: 2, step: 'close' }, { startAfter: new Date(dueAt) });
    expect(await waitFor(1, 20_000)).toBe(1);
    expect(done[0].at).toBeGreaterThanOrEqual(dueAt);
    expect(done[0].at - dueAt).toBeLessThan(5_000);
  });
});
