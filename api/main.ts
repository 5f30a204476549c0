import { performance } from 'node:perf_hooks';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './platform.ts';
import { ensureWebBuild, loadWebHandler } from './web.ts';
import { connect } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { demoLogins, isDatabaseEmpty, seedDemoCity } from '../db/seed/demo.ts';
import { startBoss } from '../jobs/boss.ts';
import { startWorkers } from '../jobs/workers.ts';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo city, workers, HTTP. */
async function main() {
  const started = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  process.env.TZ = config.TZ;
  const say = (line: string) => console.log(`[otklik] ${line}`);

  // The web build (when missing or stale) runs in a child process while PostgreSQL starts.
  const webBuild = ensureWebBuild({ log: (line) => say(`web: ${line}`) });
  webBuild.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"

  let stopping = false;
  // While stopping, PostgreSQL reports the connections it closes: expected, not worth printing.
  const database = await openDatabase(config, (line) => stopping || say(`postgres: ${line}`));
  say(database.embedded ? `embedded PostgreSQL in ${config.pgDir} (port ${config.EMBEDDED_PG_PORT})` : 'PostgreSQL from DATABASE_URL');
  const db = connect(database.url, { max: 20 });
  await runMigrations(db);

  if (config.SEED === 'demo' && (await isDatabaseEmpty(db))) {
    const t0 = performance.now();
    say('empty database: loading the demo city (Казань)…');
    await seedDemoCity(db, { now: new Date() });
    say(`demo city loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const clock = () => new Date();
  const boss = await startBoss(database.url, { onError: (err) => stopping || console.error('[otklik] jobs:', err.message) });
  await startWorkers({ boss, db, clock });
  await webBuild;
  const web = { handler: await loadWebHandler() };
  const app = await buildApp({ config, db, boss, clock, logger: { level: config.LOG_LEVEL }, web });
  await app.listen({ port: config.PORT, host: config.HOST });

  say(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${config.PUBLIC_URL}  (API docs: ${config.PUBLIC_URL}/api/docs)`);
  say('demo sign-in / демо-входы:');
  for (const l of demoLogins) say(`  ${l.role.padEnd(15)} ${l.login.padEnd(16)} ${l.secret.padEnd(26)} ${l.description}`);

  const stop = async (signal: string) => {
    if (stopping) {
      say('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    say(`${signal}: stopping…`);
    const force = setTimeout(() => {
      console.error('[otklik] shutdown took too long, exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await db.$client.end({ timeout: 5 });
      await database.embedded?.stop();
      say('stopped');
      process.exit(0);
    } catch (err) {
      console.error('[otklik] error while stopping:', err);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('[otklik] failed to start:', err instanceof Error ? err.message : err);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
