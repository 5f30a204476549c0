import { PgBoss } from 'pg-boss';
import { queues } from './queues.ts';

import type { Boss } from './queues.ts';

export type { Boss };

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
