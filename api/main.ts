/**
 * `npm start`, the composition root. Only light modules load before the web build's child process
 * is spawned; the server's own (routes, schemas, drizzle, pg-boss, the seed) load while it builds and
 * PostgreSQL starts, and the HTTP app is built while the demo city loads.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database } from '../db/client.ts';
import type { Boss } from '../jobs/queues.ts';
import type { App } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { ensureWebBuild, loadWebHandler, type WebHandler } from './web.ts';

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
  const { openDatabase } = await import('./platform.ts');
  // While stopping, PostgreSQL reports the connections it closes: expected, not worth printing.
  const database = await openDatabase(config, (line) => life.stopping() || say(`postgres: ${line}`));
  if (database.embedded) life.running.push({ name: 'PostgreSQL', stop: database.embedded.stop });
  say(
    database.embedded
      ? `embedded PostgreSQL in ${config.pgDir} (port ${database.embedded.port})`
      : 'PostgreSQL from DATABASE_URL',
  );
  const [{ connect }, { runMigrations }, { startBoss }] = await Promise.all([
    import('../db/client.ts'),
    import('../db/migrate.ts'),
    import('../jobs/boss.ts'),
  ]);
  const db = connect(database.url, { max: 20 });
  life.running.push({ name: 'database pool', stop: () => db.$client.end({ timeout: 5 }) });
  // Our migrations and pg-boss's own schema are independent: both at once.
  // pg-boss: an `api` process only sends jobs (no supervision, no schedules); the others work them.
  const works = config.ROLE !== 'api';
  const [, boss] = await Promise.all([
    runMigrations(db),
    startBoss(database.url, {
      supervise: works,
      schedule: works,
      onError: (err) => life.stopping() || console.error('[otklik] jobs:', err.message),
    }),
  ]);
  life.running.push({ name: 'jobs', stop: () => boss.stop({ graceful: true, timeout: 10_000 }) });
  return { db, boss };
}

type Deps = { db: Database; boss: Boss; clock: () => Date };

/** Processes starting together on an empty database: one loads the demo city, the others wait. */
async function loadDemoCity(config: Config, deps: Deps, say: Say) {
  const [{ locks, withAdvisoryLock }, { isDatabaseEmpty, seedDemoCity }, { systemContext }, { refreshAllClocks }] =
    await Promise.all([
      import('../db/locks.ts'),
      import('../db/seed/demo.ts'),
      import('./context.ts'),
      import('./sla/clocks.ts'),
    ]);
  await withAdvisoryLock(deps.db, locks.seed, async () => {
    if (config.SEED !== 'demo' || !(await isDatabaseEmpty(deps.db))) return;
    const t0 = performance.now();
    say('empty database: loading the demo city (Казань)…');
    let clocked = 0;
    await seedDemoCity(deps.db, {
      now: deps.clock(),
      uploadsDir: config.uploadsDir,
      // The demo's open appeals get their deadlines and escalation timers like live ones, while the
      // rest of the city loads (nobody else works on them yet: several at a time).
      withAppeals: async () => {
        clocked = await refreshAllClocks(systemContext(deps), undefined, { concurrency: 2 });
      },
    });
    say(`demo city loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${clocked} open appeals on the clock`);
  });
}

/**
 * The demo's stand-in for Gosuslugi (api/identity/stand-in.ts, a real OpenID Connect provider with
 * made-up citizens) when no provider is configured: `npm start` lets a visitor try "Войти через
 * Госуслуги". On its own port, at PUBLIC_URL's host; its state lives in memory (one process only).
 */
async function startIdentityStandIn(config: Config, say: Say, life: ReturnType<typeof shutdown>) {
  if (config.SEED !== 'demo' || config.OIDC_ISSUER_URL || config.ROLE !== 'all') return;
  const { demoCitizens, startStandIn } = await import('./identity/stand-in.ts');
  const redirectUri = config.OIDC_REDIRECT_URI ?? `${config.PUBLIC_URL}/api/identity/callback`;
  const client = { id: 'otklik-demo', secret: randomBytes(24).toString('base64url') };
  const standIn = await startStandIn({
    clientId: client.id,
    clientSecret: client.secret,
    redirectUris: [redirectUri],
    citizens: demoCitizens,
    host: config.HOST,
    publicHost: new URL(config.PUBLIC_URL).hostname,
  });
  life.running.push({ name: 'Gosuslugi stand-in', stop: standIn.close });
  Object.assign(config, {
    OIDC_ISSUER_URL: standIn.issuer,
    OIDC_CLIENT_ID: client.id,
    OIDC_CLIENT_SECRET: client.secret,
    OIDC_REDIRECT_URI: redirectUri,
  });
  say(`Госуслуги: demo stand-in (not the real ESIA) at ${standIn.issuer}; set OIDC_ISSUER_URL for a real provider`);
}

/**
 * The HTTP app, built (plugins, routes, their schemas) while the demo city loads; it is not ready
 * (no live feed started) before it listens. The web app's handler joins once the build is done.
 */
async function prepareHttp(
  config: Config,
  data: Promise<Deps>,
  say: Say,
): Promise<{ app: App; web: () => Promise<void> }> {
  const { buildApp } = await import('./app.ts');
  const deps = await data;
  let handler: WebHandler | null = null;
  const web = { handler: ((req, res, next) => handler?.(req, res, next)) as WebHandler };
  const app = await buildApp({ ...deps, config, logger: { level: config.LOG_LEVEL }, web, terminal: say });
  return {
    app,
    web: async () => {
      handler = await loadWebHandler();
    },
  };
}

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo city, workers, HTTP. */
async function main() {
  const started = performance.now();
  const config = configOrExit();
  process.env.TZ = config.TZ;
  const say: Say = (line) => console.log(`[otklik] ${line}`);
  const since = () => ((performance.now() - started) / 1000).toFixed(1);

  // The web build (when missing or stale) runs in a child process while PostgreSQL starts.
  const webBuild = config.ROLE === 'workers' ? null : ensureWebBuild({ log: (line) => say(`web: ${line}`) });
  webBuild?.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const life = shutdown(say);

  try {
    const { survivePostgresDriverRace } = await import('../db/client.ts');
    survivePostgresDriverRace();
    // The one clock of the platform.
    const clock = () => new Date();
    // Before the app is built: the routes read the provider's settings from the config.
    await startIdentityStandIn(config, say, life);
    const data = startData(config, say, life).then(({ db, boss }) => ({ db, boss, clock }));
    const http = webBuild ? prepareHttp(config, data, say) : null;
    http?.catch(() => {}); // awaited below, as the build
    const deps = await data;
    await loadDemoCity(config, deps, say);
    // An import run by this process's worker forgets the app's cached reference data (when it has an app).
    let forgetReference = () => {};
    const workers = async () => {
      if (config.ROLE === 'api') return;
      const [{ startWorkers }, { importsDirOf }] = await Promise.all([
        import('../jobs/workers.ts'),
        import('./imports/service.ts'),
      ]);
      await startWorkers({
        ...deps,
        notifications: { settings: config, logLevel: config.LOG_LEVEL },
        housekeeping: { uploadsDir: config.uploadsDir, auditRetentionDays: config.AUDIT_RETENTION_DAYS },
        imports: { dir: importsDirOf(config.DATA_DIR), afterChange: () => forgetReference() },
        openData: { dataDir: config.DATA_DIR, publicUrl: config.PUBLIC_URL },
      });
    };
    if (!webBuild || !http) {
      await workers();
      say(`ready in ${since()} s: workers only (ROLE=workers)`);
      return;
    }
    const { app, web } = await http;
    forgetReference = () => app.reference.clear();
    life.running.push({ name: 'HTTP server', stop: () => app.close() });
    await webBuild;
    await web();
    await app.listen({ port: config.PORT, host: config.HOST });
    // The workers start once the server listens, not while the web app builds: on a first start
    // they would take their catch-up (the demo's overdue appeals' escalation steps, ~150 jobs,
    // ~4 s of CPU) from the build, which is what the first start waits for. Jobs sent meanwhile wait
    // in their queues; the timers' sweeper finds any step that fell due.
    await workers();

    const only = config.ROLE === 'api' ? ', HTTP only (ROLE=api)' : '';
    say(`ready in ${since()} s: ${config.PUBLIC_URL}  (API docs: ${config.PUBLIC_URL}/api/docs)${only}`);
    if (config.SEED === 'demo') await printDemoLogins(say);
  } catch (err) {
    if (life.stopping()) return;
    console.error('[otklik] failed to start:', err instanceof Error ? err.message : err);
    if (config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace') console.error(err);
    await life.stop('start-up failed', 1);
  }
}

async function printDemoLogins(say: Say) {
  const { demoLogins } = await import('../db/seed/demo.ts');
  say('demo sign-in / демо-входы:');
  for (const l of demoLogins)
    say(`  ${l.role.padEnd(15)} ${l.login.padEnd(16)} ${l.secret.padEnd(26)} ${l.description}`);
  const { DEMO_OPEN311_KEY } = await import('../db/seed/open311.ts');
  say(`  Open311 api_key (KZN): ${DEMO_OPEN311_KEY}`);
}

main().catch((err) => {
  console.error('[otklik] failed to start:', err instanceof Error ? err.message : err);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
