import { sql } from 'drizzle-orm';
import type { Db, SqlExecutor } from '../client.ts';

/**
 * The channel on which a job armed with `startAfter` close to its instant is announced, so that the
 * workers' timer wheels (jobs/timer-wake.ts) wake their queue at that instant. PostgreSQL delivers a
 * NOTIFY only when its transaction commits: a rolled-back arm announces nothing.
 */
export const TIMER_CHANNEL = 'otklik_timers';

/** One announcement: `<queue>|<epoch ms of the instant>`. */
export const timerPayload = (queue: string, dueMs: number) => `${queue}|${dueMs}`;

/** Announce timers in the caller's transaction: one statement, however many instants. */
export async function announceTimers(db: Db, payloads: readonly string[]): Promise<void> {
  if (payloads.length === 0) return;
  await db.execute(sql`select pg_notify(${TIMER_CHANNEL}, p) from unnest(${sql.param([...payloads])}::text[]) p`);
}

/** The same through an executor of a pipelined transaction (db/client.ts `pipelinedTransaction`). */
export async function announceTimersOn(executor: SqlExecutor, payloads: readonly string[]): Promise<void> {
  if (payloads.length === 0) return;
  await executor.executeSql(`select pg_notify($1, p) from unnest($2::text[]) p`, [
    TIMER_CHANNEL,
    `{${payloads.map((p) => `"${p}"`).join(',')}}`,
  ]);
}

export type DueTimer = { queue: string; dueMs: number };

/**
 * The distinct instants at which jobs of these queues fall due within the next `horizonMs`
 * (pg-boss's job table; index job_i14 on name, state, blocked, start_after), at most `limit`,
 * through pg-boss's own pool.
 */
export async function timersDueWithin(
  executor: SqlExecutor,
  opts: { queues: readonly string[]; horizonMs: number; limit: number },
): Promise<DueTimer[]> {
  const { rows } = await executor.executeSql(
    `select distinct name as queue, floor(extract(epoch from start_after) * 1000)::bigint as due_ms
     from pgboss.job
     where name = any($1::text[]) and state = 'created' and not blocked
       and start_after > now() and start_after <= now() + make_interval(secs => $2)
     order by due_ms
     limit $3`,
    [opts.queues, opts.horizonMs / 1000, opts.limit],
  );
  return (rows as { queue: string; due_ms: string }[]).map((r) => ({ queue: r.queue, dueMs: Number(r.due_ms) }));
}
