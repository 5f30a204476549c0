import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connect, type Database } from '../../db/client.ts';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export type TestDatabase = { name: string; url: string; db: Database; drop: () => Promise<void> };

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // CREATE DATABASE ... TEMPLATE fails if another session is copying the same template at once.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${inject('templateDb')}`);
      break;
    } catch (err) {
      if (attempt > 50 || !String((err as Error).message).includes('is being accessed by other users')) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  const url = withDatabase(adminUrl, name);
  const db = connect(url, { max: opts.max ?? 10 });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.$client.end({ timeout: 1 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The test cluster's log lines of one database (its ERRORs and their STATEMENTs), up to now: a
 * marker logged through the database is waited for, so whatever was logged before it is in the file.
 * Null when the cluster is not the tests' own (TEST_DATABASE_URL): its log is not ours to read.
 */
export async function serverLogOf(database: { db: Database; url: string }): Promise<string[] | null> {
  const file = inject('pgLogFile');
  if (!file) return null;
  const name = new URL(database.url).pathname.slice(1);
  const marker = `otklik-log-mark-${randomBytes(6).toString('hex')}`;
  await database.db.$client.unsafe(`do $$ begin raise log '${marker}'; end $$`);
  for (let waited = 0; ; waited += 20) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const end = text.indexOf(marker);
    if (end >= 0) {
      return text
        .slice(0, end)
        .split('\n')
        .filter((line) => line.includes(`] ${name} `));
    }
    if (waited > 10_000) throw new Error(`the test cluster's log (${file}) never showed ${marker}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
