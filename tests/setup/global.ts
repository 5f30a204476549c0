import { mkdtempSync, rmSync } from 'node:fs';
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
  if (!adminUrl) {
    dir = mkdtempSync(path.join(tmpdir(), 'otklik-test-'));
    const port = 56000 + Math.floor(Math.random() * 2000);
    server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, ephemeral: true });
    adminUrl = server.url('postgres');
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
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

  return async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
