import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.ts';
import { locks, withAdvisoryLock } from './locks.ts';

export const migrationsFolder = path.join(import.meta.dirname, 'migrations');

/**
 * Apply every committed migration that has not run yet (safe to repeat, and safe from several
 * processes at once: API and worker processes of one city start together). drizzle reads which
 * migrations ran before it opens its transaction, so two processes could both apply the same one and
 * the second fail; under the advisory lock the second waits, then finds nothing left to do.
 */
export async function runMigrations(db: Database): Promise<void> {
  await withAdvisoryLock(db, locks.migrate, () => migrate(db, { migrationsFolder }));
}

/** True when the database has every migration this code ships with. */
export async function migrationsCurrent(db: Database): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const latest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const rows = await db.execute<{ created_at: string }>(
      sql`select max(created_at) as created_at from drizzle.__drizzle_migrations`,
    );
    return Number(rows[0]?.created_at) >= latest;
  } catch {
    return false;
  }
}

/** Is the database reachable? (readiness) */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
