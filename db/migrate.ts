import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.ts';

export const migrationsFolder = path.join(import.meta.dirname, 'migrations');

/** Apply every committed migration that has not run yet (safe to repeat). */
export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
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
