import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { exited, freePort, refusedStart, startPlatform } from '../helpers/platform.ts';
import { withDatabase } from '../helpers/db.ts';

const port = await freePort();

describe('split roles (ROLE=api and ROLE=workers on one PostgreSQL)', () => {
  const admin = postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
  const name = `t_roles_${process.pid}`;
  const url = withDatabase(inject('pgAdminUrl'), name);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-roles-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('start together on an empty database: migrated and seeded once, HTTP from the api process, jobs worked by the workers process', async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const env = { DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(port), SEED: 'demo' };
    const [workers, api] = await Promise.all([
      startPlatform({ ...env, ROLE: 'workers' }),
      startPlatform({ ...env, ROLE: 'api' }),
    ]);
    children.push(workers.child, api.child);
    const outputs = workers.output() + api.output();
    expect(outputs.match(/demo city loaded/g)).toHaveLength(1);
    expect(workers.output()).toContain('workers only (ROLE=workers)');
    expect(api.output()).toContain('HTTP only (ROLE=api)');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    // A routing job sent now is worked, and only a worker process can work it.
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [appeal] = await sql<{ id: string }[]>`select id from appeals order by id limit 1`;
      const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false, migrate: false });
      await boss.start();
      const jobId = await boss.send('appeal.route', { appealId: Number(appeal.id) });
      await boss.stop({ graceful: false, close: true });
      let state = '';
      for (let i = 0; i < 100 && state !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        [{ state }] = await sql<{ state: string }[]>`select state from pgboss.job where id = ${jobId}`;
      }
      expect(state).toBe('completed');
    } finally {
      await sql.end();
    }

    api.child.kill('SIGTERM');
    workers.child.kill('SIGTERM');
    expect(await Promise.all([exited(api.child), exited(workers.child)])).toEqual([0, 0]);
  }, 240_000);

  it('refuses a split role without DATABASE_URL, naming the setting', async () => {
    const { code, stderr } = await refusedStart({ DATA_DIR: dataDir, ROLE: 'api', DATABASE_URL: '' });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'Configuration error: ROLE other than all needs DATABASE_URL (the embedded PostgreSQL belongs to one process) (got "api")',
    );
  });
});
