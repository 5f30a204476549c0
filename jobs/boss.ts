import { PgBoss } from 'pg-boss';
import { queues } from './queues.ts';
import { TimerWake } from './timer-wake.ts';

import type { Boss } from './queues.ts';

export type { Boss };

/**
 * The poll of a `notify` queue's workers while pg-boss's listener is up: only the floor under the
 * wakes (a job committed now: pg-boss's NOTIFY; a delayed job: the timer wheel, jobs/timer-wake.ts).
 * A lost wake delays a job by at most this; without the listener the workers' own poll applies.
 */
export const BACKSTOP_POLL_SECONDS = 5;

/** Start pg-boss on the database (installing its schema on first use) and create every queue. */
export async function startBoss(
  url: string,
  opts: {
    max?: number;
    supervise?: boolean;
    schedule?: boolean;
    onError?: (err: Error) => void;
    /**
     * Whether this process's workers are woken (pg-boss's LISTEN and the timer wheel): on by default,
     * off in a process that only sends jobs. Its sends notify the workers either way.
     */
    listen?: boolean;
    /** The timer wheel that wakes delayed jobs' workers at their instant (jobs/timer-wake.ts); on by default. */
    timerWake?: boolean;
  } = {},
): Promise<Boss> {
  let boss = await bossOn(url, opts);
  if (await reconcileQueues(boss)) {
    // A queue's `notify` changed: pg-boss reads it from the cache it filled at start (and refreshes
    // every minute), so senders and workers would not see it yet. Once per change, a fresh start.
    await boss.stop({ graceful: false, close: true });
    boss = await bossOn(url, opts);
  }
  if ((opts.listen ?? true) && (opts.timerWake ?? true)) {
    const wake = new TimerWake(boss, (err) => boss.emit('error', err as Error));
    await wake.start();
    boss.on('stopped', () => void wake.stop());
  }
  return boss;
}

async function bossOn(
  url: string,
  opts: { max?: number; supervise?: boolean; schedule?: boolean; onError?: (err: Error) => void; listen?: boolean },
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
    // One LISTEN connection per process: a job committed on a `notify` queue wakes its workers here
    // at once (pg-boss sends the NOTIFY in the inserting transaction; the listener reconnects and
    // then has every such worker fetch once). Polling stays as the floor.
    useListenNotify: opts.listen ?? true,
  });
  boss.on('error', opts.onError ?? ((err) => console.error(err)));
  await boss.start();
  return boss;
}

/** Create the missing queues and bring old ones to their heartbeat and `notify`; true when a `notify` changed. */
async function reconcileQueues(boss: Boss): Promise<boolean> {
  const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
  let notifyChanged = false;
  for (const [name, def] of Object.entries(queues)) {
    const queue = existing.get(name);
    if (!queue) {
      await boss.createQueue(name, def.options);
      continue;
    }
    // Queues created before their heartbeat or wake was defined get it (the rest of their options stay).
    const heartbeatSeconds = (def.options as { heartbeatSeconds?: number }).heartbeatSeconds;
    const notify = (def.options as { notify?: boolean }).notify ?? false;
    if (heartbeatSeconds !== undefined && queue.heartbeatSeconds !== heartbeatSeconds)
      await boss.updateQueue(name, { heartbeatSeconds });
    if ((queue.notify ?? false) !== notify) {
      await boss.updateQueue(name, { notify });
      notifyChanged = true;
    }
  }
  return notifyChanged;
}
