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
