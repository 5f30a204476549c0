/**
 * One worker process for the fault tests: pg-boss with every worker of the platform (startWorkers),
 * supervising and scheduling like `npm start`. Env FAULTS_PROC = JSON { url }.
 * Tells its parent `{ cmd: 'ready' }` over IPC once its workers are registered.
 */
import { connect, survivePostgresDriverRace } from '../../../db/client.ts';
import { startBoss } from '../../../jobs/boss.ts';
import { startWorkers } from '../../../jobs/workers.ts';

const opts = JSON.parse(process.env.FAULTS_PROC as string) as { url: string };
survivePostgresDriverRace();
const db = connect(opts.url, { max: 10 });
const boss = await startBoss(opts.url, { max: 4, onError: () => {} });
await startWorkers({ boss, db, clock: () => new Date() });
process.send?.({ cmd: 'ready' });
