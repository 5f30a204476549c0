/**
 * `npm run seed -- [--buildings N] [--appeals N] [--seed N] [--now ISO] [--reset]`
 *
 * Loads the demo city into DATABASE_URL, or into the embedded PostgreSQL in DATA_DIR (the same
 * database `npm start` uses). Refuses a database that already has data unless --reset, which empties
 * the application tables (pg-boss's and drizzle's schemas are left alone).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../api/config.ts';
import { openDatabase } from '../../api/platform.ts';
import { connect } from '../client.ts';
import { runMigrations } from '../migrate.ts';
import { DEMO_DEFAULTS, formatDemoLogins, isDatabaseEmpty, resetDatabase, seedDemoCity } from './demo.ts';
import { LIMITS } from './generate.ts';
import { ProgressBar } from './progress.ts';

const USAGE = `usage: npm run seed -- [--buildings N] [--appeals N] [--seed N] [--now ISO-8601] [--reset]
  --buildings  apartment buildings of Kazan, ${LIMITS.minBuildings}..${LIMITS.maxBuildings} (default ${DEMO_DEFAULTS.buildings})
  --appeals    appeals over the last 90 days, 0..${LIMITS.maxAppeals} (default ${DEMO_DEFAULTS.appeals})
  --seed       random seed, 0..4294967295 (default ${DEMO_DEFAULTS.seed}); the same seed gives the same city
  --now        end of the generated history (default: now)
  --reset      empty the application tables first, if the database has data`;

export type SeedFlags = {
  buildings: number;
  appeals: number;
  seed: number;
  now: Date | undefined;
  reset: boolean;
  help: boolean;
};

export class FlagError extends Error {}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const cleaned = text.replaceAll('_', '');
  if (!/^\d+$/.test(cleaned)) throw new FlagError(`--${name} must be a whole number (got "${text}")`);
  const value = Number(cleaned);
  if (value < min || value > max) throw new FlagError(`--${name} must be from ${min} to ${max} (got ${text})`);
  return value;
}

/** Parse the command line; a bad flag throws a FlagError with a one-line message. */
export function parseFlags(argv: string[]): SeedFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        buildings: { type: 'string' },
        appeals: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new FlagError((err as Error).message.split('\n')[0]);
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(String(values.now));
    if (Number.isNaN(now.getTime())) throw new FlagError(`--now must be an ISO-8601 date-time (got "${values.now}")`);
  }
  return {
    buildings: wholeNumber(
      'buildings',
      values.buildings as string | undefined,
      DEMO_DEFAULTS.buildings,
      LIMITS.minBuildings,
      LIMITS.maxBuildings,
    ),
    appeals: wholeNumber('appeals', values.appeals as string | undefined, DEMO_DEFAULTS.appeals, 0, LIMITS.maxAppeals),
    seed: wholeNumber('seed', values.seed as string | undefined, DEMO_DEFAULTS.seed, 0, 0xffffffff),
    now,
    reset: values.reset === true,
    help: values.help === true,
  };
}

const say = (line: string) => console.log(`[seed] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  let flags: SeedFlags;
  let config: ReturnType<typeof loadConfig>;
  try {
    flags = parseFlags(process.argv.slice(2));
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    config = loadConfig();
  } catch (err) {
    if (err instanceof FlagError || err instanceof ConfigError) {
      console.error(`seed: ${err.message} (npm run seed -- --help)`);
      return 2;
    }
    throw err;
  }

  const started = performance.now();
  const database = await openDatabase(config, (line) => console.error(`[seed] postgres: ${line}`));
  say(
    database.embedded
      ? `embedded PostgreSQL in ${config.pgDir} (port ${database.embedded.port})`
      : 'PostgreSQL from DATABASE_URL',
  );
  const db = connect(database.url, { max: 2 });
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\n[seed] interrupted: rolling back and stopping…');
    // closing the connections aborts the load; its transaction rolls back
    void db.$client.end({ timeout: 0 });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await runMigrations(db);
    if (flags.reset) {
      say('--reset: emptying the application tables');
      await resetDatabase(db);
    } else if (!(await isDatabaseEmpty(db))) {
      console.error('seed: the database already has data; run with --reset to replace it');
      return 1;
    }
    say(
      `generating Kazan with ${flags.buildings.toLocaleString('en')} buildings and ${flags.appeals.toLocaleString('en')} appeals (seed ${flags.seed})`,
    );
    const bar = new ProgressBar();
    const summary = await seedDemoCity(db, {
      buildings: flags.buildings,
      appeals: flags.appeals,
      seed: flags.seed,
      now: flags.now,
      uploadsDir: config.uploadsDir,
      onProgress: bar.update,
    });
    bar.finish();
    say(
      `loaded in ${seconds(summary.ms)}: ${summary.buildings.toLocaleString('en')} buildings, ${summary.users.toLocaleString('en')} users, ` +
        `${summary.appeals.toLocaleString('en')} appeals, ${summary.events.toLocaleString('en')} events, ` +
        `${summary.organisations} organisations, ${summary.categories} categories (history up to ${summary.now.toISOString()})`,
    );
    say('demo sign-in / демо-входы:');
    for (const line of formatDemoLogins()) say(`  ${line}`);
    say(`total ${seconds(performance.now() - started)}`);
    return 0;
  } catch (err) {
    if (interrupted) return 130;
    throw err;
  } finally {
    if (!interrupted) await db.$client.end({ timeout: 5 });
    await database.embedded?.stop();
  }
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`seed: failed: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.LOG_LEVEL === 'debug') console.error(err);
      process.exit(1);
    },
  );
}
