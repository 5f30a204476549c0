import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../db/client.ts';
import { migrationsCurrent, runMigrations } from '../db/migrate.ts';
import { withDatabase } from './helpers/db.ts';

describe('migrations', () => {
  const admin = postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
  const name = `t_migrate_${process.pid}`;
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('lets several processes migrate one empty database at once: each succeeds, every migration runs once', async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = withDatabase(inject('pgAdminUrl'), name);
    // Separate pools stand for separate processes (API, workers, a second API) starting together.
    const pools = Array.from({ length: 4 }, () => connect(url, { max: 2 }));
    try {
      const results = await Promise.allSettled(pools.map((db) => runMigrations(db)));
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(await migrationsCurrent(pools[0])).toBe(true);
      const rows = await pools[0]
        .$client`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash having count(*) > 1`;
      expect(rows).toEqual([]);
      // And again, when there is nothing left to do.
      await runMigrations(pools[1]);
    } finally {
      await Promise.all(pools.map((db) => db.$client.end({ timeout: 1 })));
    }
  });
});
