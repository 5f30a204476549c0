import { type Context, systemContext } from '../../api/context.ts';
import type { Database } from '../../db/client.ts';
import type { Boss } from '../../jobs/queues.ts';

/** A timer's context (no actor) over a test's database and boss, its clock stopped at `now`. */
export function contextAt(t: { db: Database; boss: Boss }, now: Date): Context {
  return systemContext({ db: t.db, boss: t.boss, clock: () => now });
}
