import { fromDrizzle, type JobInsert, PgBoss, type SendOptions } from 'pg-boss';
import { sql } from 'drizzle-orm';
import type { Db, SqlExecutor } from '../db/client.ts';
import { type Payload, type QueueName, queues } from './queues.ts';

export type Boss = PgBoss;

/** Start pg-boss on the database (installing its schema on first use) and create every queue. */
export async function startBoss(
  url: string,
  opts: { max?: number; supervise?: boolean; schedule?: boolean; onError?: (err: Error) => void } = {},
): Promise<Boss> {
  const boss = new PgBoss({
    connectionString: url,
    max: opts.max ?? 4,
    application_name: 'otklik-jobs',
    supervise: opts.supervise ?? true,
    schedule: opts.schedule ?? true,
    // The supervisor's pass (expiry, missed heartbeats of dead workers) every 10 s, not every minute.
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
  boss.on('error', opts.onError ?? ((err) => console.error(err)));
  await boss.start();
  const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
  for (const [name, def] of Object.entries(queues)) {
    const queue = existing.get(name);
    if (!queue) {
      await boss.createQueue(name, def.options);
      continue;
    }
    // Queues created before their heartbeat was defined get it (the rest of their options stay).
    const heartbeatSeconds = (def.options as { heartbeatSeconds?: number }).heartbeatSeconds;
    if (heartbeatSeconds !== undefined && queue.heartbeatSeconds !== heartbeatSeconds)
      await boss.updateQueue(name, { heartbeatSeconds });
  }
  return boss;
}

/** Send a job inside the caller's transaction: the job exists if and only if the data committed. */
export async function enqueue<Q extends QueueName>(
  boss: Boss,
  tx: Db,
  name: Q,
  payload: Payload<Q>,
  options: Omit<SendOptions, 'db'> = {},
): Promise<string | null> {
  return boss.send(name, payload, { ...options, db: fromDrizzle(tx, sql) });
}

/**
 * The same through an executor of one of our pipelined transactions (db/client.ts
 * `pipelinedTransaction`): pg-boss's own statement, sent in the transaction's stream.
 */
export async function enqueueOn<Q extends QueueName>(
  boss: Boss,
  executor: SqlExecutor,
  name: Q,
  payload: Payload<Q>,
  options: Omit<SendOptions, 'db'> = {},
): Promise<string | null> {
  return boss.send(name, payload, { ...options, db: executor });
}

/** Send many jobs of one queue inside the caller's transaction (one round trip). */
export async function enqueueMany<Q extends QueueName>(
  boss: Boss,
  tx: Db,
  name: Q,
  jobs: readonly (Omit<JobInsert, 'data'> & { data: Payload<Q> })[],
): Promise<void> {
  if (jobs.length > 0) await boss.insert(name, [...jobs], { db: fromDrizzle(tx, sql) });
}
