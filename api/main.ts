import { performance } from 'node:perf_hooks';
import { connect, type Database, survivePostgresDriverRace } from '../db/client.ts';
import { locks, withAdvisoryLock } from '../db/locks.ts';
import { runMigrations } from '../db/migrate.ts';
import { demoLogins, isDatabaseEmpty, seedDemoCity } from '../db/seed/demo.ts';
import { startBoss } from '../jobs/boss.ts';
import type { Boss } from '../jobs/queues.ts';
import { startWorkers } from '../jobs/workers.ts';
import { buildApp } from './app.ts';
import { systemContext } from './context.ts';
import { refreshAllClocks } from './sla/clocks.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './platform.ts';
import { ensureWebBuild, loadWebHandler } from './web.ts';

type Say = (line: string) => void;
type Part = { name: string; stop: () => Promise<unknown> };

/** The configuration, or exit 2 with the one line naming what is wrong. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Everything started is stopped in reverse order, also when a signal arrives mid-start. */
function shutdown(say: Say) {
  const running: Part[] = [];
  let stopping = false;
  let stoppingSince = 0;
  const stop = async (reason: string, code: number) => {
    if (stopping) {
      // Stopping the embedded PostgreSQL makes our process group receive a SIGINT of its own
      // (seen with strace: kill(0, SIGINT)); only a later, deliberate second Ctrl-C forces the exit.
      if (Date.now() - stoppingSince < 3000) return;
      say('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    stoppingSince = Date.now();
    say(`${reason}: stopping…`);
    // Not unref'd: pg-boss's graceful stop waits on unref'd timers; this handle keeps Node alive.
    const force = setTimeout(() => {
      console.error('[otklik] shutdown took too long, exiting');
      process.exit(1);
    }, 20_000);
    for (const part of running.reverse()) {
      await part.stop().catch((err) => console.error(`[otklik] error while stopping ${part.name}:`, err));
    }
    clearTimeout(force);
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  return { running, stop, stopping: () => stopping };
}

/** PostgreSQL (embedded unless DATABASE_URL), its pool, the migrations and pg-boss. */
async function startData(config: Config, say: Say, life: ReturnType<typeof shutdown>) {
  // While stopping, PostgreSQL reports the connections it closes: expected, not worth printing.
  const database = await openDatabase(config, (line) => life.stopping() || say(`postgres: ${line}`));
  if (database.embedded) life.running.push({ name: 'PostgreSQL', stop: database.embedded.stop });
  say(
    database.embedded
      ? `embedded PostgreSQL in ${config.pgDir} (port ${config.EMBEDDED_PG_PORT})`
      : 'PostgreSQL from DATABASE_URL',
  );
  const db = connect(database.url, { max: 20 });
  life.running.push({ name: 'database pool', stop: () => db.$client.end({ timeout: 5 }) });
  await runMigrations(db);
  // pg-boss: an `api` process only sends jobs (no supervision, no schedules); the others work them.
  const works = config.ROLE !== 'api';
  const boss = await startBoss(database.url, {
    supervise: works,
    schedule: works,
    onError: (err) => life.stopping() || console.error('[otklik] jobs:', err.message),
  });
  life.running.push({ name: 'jobs', stop: () => boss.stop({ graceful: true, timeout: 10_000 }) });
  return { db, boss };
}

/** Processes starting together on an empty database: one loads the demo city, the others wait. */
async function loadDemoCity(config: Config, deps: { db: Database; boss: Boss; clock: () => Date }, say: Say) {
  await withAdvisoryLock(deps.db, locks.seed, async () => {
    if (config.SEED !== 'demo' || !(await isDatabaseEmpty(deps.db))) return;
    const t0 = performance.now();
    say('empty database: loading the demo city (Казань)…');
    await seedDemoCity(deps.db, { now: deps.clock() });
    say(`demo city loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The demo's open appeals get their deadlines and escalation timers like live ones.
    say(`${await refreshAllClocks(systemContext(deps))} open demo appeals put on the clock`);
  });
}

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo city, workers, HTTP. */
async function main() {
  const started = performance.now();
  const config = configOrExit();
  process.env.TZ = config.TZ;
  survivePostgresDriverRace();
  const say: Say = (line) => console.log(`[otklik] ${line}`);
  const since = () => ((performance.now() - started) / 1000).toFixed(1);

  // The web build (when missing or stale) runs in a child process while PostgreSQL starts.
  const webBuild = config.ROLE === 'workers' ? null : ensureWebBuild({ log: (line) => say(`web: ${line}`) });
  webBuild?.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const life = shutdown(say);

  try {
    const { db, boss } = await startData(config, say, life);
    // The one clock of the platform.
    const clock = () => new Date();
    await loadDemoCity(config, { db, boss, clock }, say);
    if (config.ROLE !== 'api')
      await startWorkers({
        boss,
        db,
        clock,
        notifications: { settings: config, logLevel: config.LOG_LEVEL },
        housekeeping: { uploadsDir: config.uploadsDir, auditRetentionDays: config.AUDIT_RETENTION_DAYS },
      });
    if (!webBuild) {
      say(`ready in ${since()} s: workers only (ROLE=workers)`);
      return;
    }
    await webBuild;
    const web = { handler: await loadWebHandler() };
    const app = await buildApp({ config, db, boss, clock, logger: { level: config.LOG_LEVEL }, web, terminal: say });
    life.running.push({ name: 'HTTP server', stop: () => app.close() });
    await app.listen({ port: config.PORT, host: config.HOST });

    const only = config.ROLE === 'api' ? ', HTTP only (ROLE=api)' : '';
    say(`ready in ${since()} s: ${config.PUBLIC_URL}  (API docs: ${config.PUBLIC_URL}/api/docs)${only}`);
    if (config.SEED !== 'demo') return;
    say('demo sign-in / демо-входы:');
    for (const l of demoLogins)
      say(`  ${l.role.padEnd(15)} ${l.login.padEnd(16)} ${l.secret.padEnd(26)} ${l.description}`);
  } catch (err) {
    if (life.stopping()) return;
    console.error('[otklik] failed to start:', err instanceof Error ? err.message : err);
    if (config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace') console.error(err);
    await life.stop('start-up failed', 1);
  }
}

main().catch((err) => {
  console.error('[otklik] failed to start:', err instanceof Error ? err.message : err);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
