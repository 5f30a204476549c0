/**
 * The delivery workers: one notify.deliver job per outbox row, delivered by `deliverOutboxRow`
 * (api/notifications/deliver.ts), and notify.dead, where a row whose retries ran out is marked dead.
 * A failure throws after its attempt is committed, so pg-boss retries with exponential backoff.
 */
import type { Database } from '../db/client.ts';
import { type Context, systemContext } from '../api/context.ts';
import { type Delivery, deliverOutboxRow, markNoticeDead } from '../api/notifications/deliver.ts';
import { createTransports, type DeliverySettings } from '../api/notifications/transports.ts';
import { type LogLevel, logsAt } from '../api/terminal.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

export type NotificationWorkerOptions = {
  settings: DeliverySettings & { PUBLIC_URL: string; NOTIFY_RETRY_LIMIT: number; NOTIFY_RETRY_DELAY: number };
  log?: (fields: Record<string, unknown>, message: string) => void;
  /** The lowest level printed (LOG_LEVEL): at `warn`, the default, only failures are. */
  logLevel?: LogLevel;
};

/** The process log's line for a delivery: `key=value` fields, a kept message's text on one line. */
function printLine(fields: Record<string, unknown>, message: string): void {
  const { text, ...rest } = fields;
  const pairs = Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  console.info(
    `[otklik] notify: ${message} ${pairs}${typeof text === 'string' ? ` | ${text.replaceAll('\n', ' | ')}` : ''}`,
  );
}

/** The delivery's log lines as the context's logger (object first, as pino takes them), from `level` up. */
function lineLog(line: (fields: Record<string, unknown>, message: string) => void, level: LogLevel): Context['log'] {
  const at = (entry: 'info' | 'warn' | 'error') =>
    ((fields: unknown, message?: string) => {
      if (!logsAt(level, entry)) return;
      if (typeof fields === 'string') line({}, fields);
      else line((fields ?? {}) as Record<string, unknown>, message ?? '');
    }) as Context['log']['info'];
  return { info: at('info'), warn: at('warn'), error: at('error'), debug() {} };
}

/** Register the delivery and dead-letter workers, with the configured retries on the queue. */
export async function registerNotifications(
  boss: Boss,
  db: Database,
  clock: () => Date,
  opts: NotificationWorkerOptions,
) {
  const { settings } = opts;
  await boss.updateQueue('notify.deliver', {
    retryLimit: settings.NOTIFY_RETRY_LIMIT,
    retryDelay: settings.NOTIFY_RETRY_DELAY,
    retryBackoff: true,
    retryDelayMax: 3600,
    deadLetter: 'notify.dead',
  });
  const ctx = systemContext({ db, boss, clock, log: lineLog(opts.log ?? printLine, opts.logLevel ?? 'info') });
  const delivery: Delivery = { transports: createTransports(settings), publicUrl: settings.PUBLIC_URL };
  // One job per fetch, so a failure retries only that message; four at a time per process.
  await boss.work(
    'notify.deliver',
    { batchSize: 1, pollingIntervalSeconds: 0.5, localConcurrency: 4 },
    async ([job]) => {
      const { outboxId } = queues['notify.deliver'].payload.parse(job.data);
      await deliverOutboxRow(ctx, delivery, outboxId);
    },
  );
  await boss.work('notify.dead', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await markNoticeDead(ctx, queues['notify.dead'].payload.parse(job.data).outboxId);
  });
}
