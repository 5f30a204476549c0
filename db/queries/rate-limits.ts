import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { rateLimits } from '../schema/index.ts';

export type RateLimitRule = { limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/**
 * Count one attempt against a fixed-window counter shared by every process. One statement, so
 * concurrent attempts cannot both slip under the limit: the row is created at count 1, counted up
 * while its window lasts, and restarted at 1 once the window has passed.
 */
export async function hit(db: Db, key: string, opts: RateLimitRule & { now: Date }): Promise<RateLimitResult> {
  const now = opts.now.toISOString();
  const windowPassed = sql`${rateLimits.windowStart} <= ${now}::timestamptz - make_interval(secs => ${opts.windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: opts.now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${windowPassed} then excluded.window_start else ${rateLimits.windowStart} end`,
        count: sql`case when ${windowPassed} then 1 else ${rateLimits.count} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, count: rateLimits.count });
  if (row.count <= opts.limit) return { allowed: true, retryAfterSeconds: 0 };
  const endsInMs = row.windowStart.getTime() + opts.windowSeconds * 1000 - opts.now.getTime();
  // Clamp: a clock set back (tests, a skewed process) must not ask for more than one window.
  const retryAfterSeconds = Math.min(opts.windowSeconds, Math.max(1, Math.ceil(endsInMs / 1000)));
  return { allowed: false, retryAfterSeconds };
}

/** Delete counters whose window started before `before` (pass now minus the longest window in use). */
export async function purgeRateLimits(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).returning({ key: rateLimits.key });
  return rows.length;
}

/**
 * Count one attempt against several counters (each with its own rule) in one statement: one round
 * trip however many limits a request is under. Answers the first counter that is over its limit.
 */
export async function hitMany(
  db: Db,
  counters: readonly (RateLimitRule & { key: string })[],
  now: Date,
): Promise<RateLimitResult & { key: string | null }> {
  if (counters.length === 0) return { allowed: true, retryAfterSeconds: 0, key: null };
  const at = now.toISOString();
  // Each counter's own window length travels with its row (a VALUES list joined in the update).
  const values = sql.join(
    counters.map((c) => sql`(${c.key}::text, ${c.windowSeconds}::int)`),
    sql`, `,
  );
  const rows = await db.execute<{ key: string; window_start: string | Date; count: number }>(sql`
    with input(key, window_seconds) as (values ${values})
    insert into rate_limits as r (key, window_start, count)
    select key, ${at}::timestamptz, 1 from input
    on conflict (key) do update set
      window_start = case when r.window_start <= excluded.window_start - make_interval(secs => (select window_seconds from input where input.key = excluded.key))
        then excluded.window_start else r.window_start end,
      count = case when r.window_start <= excluded.window_start - make_interval(secs => (select window_seconds from input where input.key = excluded.key))
        then 1 else r.count + 1 end
    returning r.key, r.window_start, r.count`);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const c of counters) {
    const row = byKey.get(c.key);
    if (!row || row.count <= c.limit) continue;
    const endsInMs = new Date(row.window_start).getTime() + c.windowSeconds * 1000 - now.getTime();
    return {
      allowed: false,
      retryAfterSeconds: Math.min(c.windowSeconds, Math.max(1, Math.ceil(endsInMs / 1000))),
      key: c.key,
    };
  }
  return { allowed: true, retryAfterSeconds: 0, key: null };
}
