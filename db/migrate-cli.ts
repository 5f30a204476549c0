import { ConfigError, loadConfig } from '../api/config.ts';
import { openDatabase } from '../api/platform.ts';
import { connect } from './client.ts';
import { runMigrations } from './migrate.ts';

/** `npm run db:migrate`: apply committed migrations to DATABASE_URL, or to the embedded database. */
try {
  const config = loadConfig();
  const database = await openDatabase(config, (line) => console.error(`postgres: ${line}`));
  const db = connect(database.url, { max: 2 });
  const t0 = performance.now();
  await runMigrations(db);
  console.log(`migrations applied in ${Math.round(performance.now() - t0)} ms`);
  await db.$client.end();
  await database.embedded?.stop();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
