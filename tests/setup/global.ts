import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { connect } from '../../db/client.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../db/embedded.ts';
import { runMigrations } from '../../db/migrate.ts';
import { startBoss } from '../../jobs/boss.ts';

export const TEMPLATE_DB = 'otklik_template';

declare module 'vitest' {
  interface ProvidedContext {
    /** Connection URL of the maintenance database of the test cluster (no database name applied). */
    pgAdminUrl: string;
    /** The test cluster's server log, each line naming its database; '' with TEST_DATABASE_URL. */
    pgLogFile: string;
    templateDb: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Start a throwaway PostgreSQL (unless TEST_DATABASE_URL is given), migrate a template database once
 * (schema + pg-boss), and hand its location to the test files, which clone it.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedServer | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let logFile = '';
  if (!adminUrl) {
    dir = mkdtempSync(path.join(tmpdir(), 'otklik-test-'));
    const port = 56000 + Math.floor(Math.random() * 2000);
    const file = path.join(dir, 'postgres.log');
    logFile = file;
    server = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port,
      // Another run or cluster may hold the random port: the next free one then.
      portFallback: true,
      ephemeral: true,
      log: (line) => appendFileSync(file, `${line}\n`),
    });
    adminUrl = server.url('postgres');
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (server) {
    // The database in every line of a session's, so a test can read its own database's (tests/helpers/db.ts).
    await admin.unsafe(`alter system set log_line_prefix = '%m [%p] %q%d '`);
    await admin.unsafe('select pg_reload_conf()');
  }
  await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.unsafe(`create database ${TEMPLATE_DB}`);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  const db = connect(templateUrl, { max: 2 });
  await runMigrations(db);
  const boss = await startBoss(templateUrl, { supervise: false, schedule: false, max: 1 });
  await boss.stop({ graceful: false });
  await db.$client.end();
  await admin.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', TEMPLATE_DB);
  project.provide('pgLogFile', logFile);

  return async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
