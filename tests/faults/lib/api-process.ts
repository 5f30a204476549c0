/**
 * One API process for the fault tests: the real app (buildApp, live hub and feed, pg-boss for
 * sending jobs) on a port, nothing else. Env FAULTS_PROC = JSON { url, dataDir, secret, port }.
 * Tells its parent `{ cmd: 'ready', port }` over IPC once it listens.
 */
import { buildApp } from '../../../api/app.ts';
import { loadConfig } from '../../../api/config.ts';
import { connect, survivePostgresDriverRace } from '../../../db/client.ts';
import { startBoss } from '../../../jobs/boss.ts';

type Options = { url: string; dataDir: string; secret: string; port?: number };
const opts = JSON.parse(process.env.FAULTS_PROC as string) as Options;

// The load comes from one resident on one address: write rate limits (where the platform has them)
// would refuse it; the faults under test are elsewhere.
const config = loadConfig({
  DATA_DIR: opts.dataDir,
  DATABASE_URL: opts.url,
  PORT: String(opts.port ?? 0),
  SESSION_SECRET: opts.secret,
  LOG_LEVEL: 'silent',
  WRITE_RATE_LIMITS: 'off',
});
survivePostgresDriverRace();
const db = connect(opts.url, { max: 10 });
const boss = await startBoss(opts.url, { supervise: false, schedule: false, max: 2, onError: () => {} });
const app = await buildApp({ config, db, boss, logger: { level: process.env.FAULTS_LOG ?? 'silent' } });
await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
const address = app.server.address();
process.send?.({ cmd: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
