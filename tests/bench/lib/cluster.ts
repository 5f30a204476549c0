import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { connect, type Database } from '../../../db/client.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../../db/embedded.ts';
import { runMigrations } from '../../../db/migrate.ts';

export type BenchDatabase = { url: string; db: Database; adminUrl: string; stop: () => Promise<void> };

/**
 * A PostgreSQL for one benchmark: BENCH_DATABASE_URL's server when given, otherwise a fresh embedded
 * cluster with normal durability (fsync on), so app and baseline meet the same disk.
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let embedded: EmbeddedServer | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(tmpdir(), `otklik-bench-${name}-`));
    embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: 57000 + Math.floor(Math.random() * 1000),
      portFallback: true,
    });
    adminUrl = embedded.url('postgres');
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const database = `bench_${name}`;
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  const url = u.toString();
  const db = connect(url, { max: 40 });
  await runMigrations(db);
  return {
    url,
    db,
    adminUrl,
    stop: async () => {
      await db.$client.end({ timeout: 2 });
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's pgbench, if the machine has one (the project never depends on it). */
export function findPgbench(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const v of readdirSync(root).sort().reverse()) {
    const bin = path.join(root, v, 'bin', 'pgbench');
    if (existsSync(bin)) return bin;
  }
  return null;
}
