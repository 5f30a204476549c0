import { sql } from 'drizzle-orm';
import { fromDrizzle, type JobInsert, type PgBoss, type Queue, type SendOptions } from 'pg-boss';
import { z } from 'zod';
import type { Db, SqlExecutor } from '../db/client.ts';

/**
 * Every queue with its payload schema and options, in one place. A send with the wrong payload
 * fails to compile (see `enqueue`), and workers parse what they receive.
 */
export const queues = {
  /** Decide the organisation responsible for a new appeal (the dispatch issue adds the worker). */
  'appeal.route': {
    payload: z.object({ appealId: z.number().int().positive() }),
    // The heartbeat hands the job of a worker that died (SIGKILL, power) to another within ~20 s
    // instead of at expiry; the worker is not transactional, so pg-boss refreshes it while it runs.
    options: { policy: 'standard', retryLimit: 10, retryBackoff: true, expireInSeconds: 300, heartbeatSeconds: 10 },
  },
  /** Perform the escalation steps due for an appeal (armed at its next step's instant). */
  'sla.step': {
    payload: z.object({ appealId: z.number().int().positive() }),
    options: { policy: 'standard', retryLimit: 10, retryBackoff: true, expireInSeconds: 120, heartbeatSeconds: 10 },
  },
  /** Every minute: steps that fell due but did not happen (workers down, a job lost). */
  'sla.sweep': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 1, expireInSeconds: 120 },
  },
  /**
   * Recompute the clocks of a municipality's open appeals after its SLA policies changed. One at a
   * time per municipality (singletonKey), each change queues its own, so none is lost.
   */
  'sla.refresh': {
    payload: z.object({ municipalityId: z.number().int().positive() }),
    options: { policy: 'singleton', retryLimit: 5, retryBackoff: true, expireInSeconds: 900 },
  },
  /** Deliveries that ran out of retries: the worker marks their outbox rows dead. Created first. */
  'notify.dead': {
    payload: z.object({ outboxId: z.number().int().positive() }),
    options: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 60 },
  },
  /**
   * Deliver one outbox row (quiet hours hold it with startAfter). Retries back off exponentially
   * (the worker sets NOTIFY_RETRY_LIMIT / NOTIFY_RETRY_DELAY on the queue at start), then the job
   * goes to notify.dead.
   */
  'notify.deliver': {
    payload: z.object({ outboxId: z.number().int().positive() }),
    options: {
      policy: 'standard',
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: 120,
      deadLetter: 'notify.dead',
    },
  },
  /** Every minute: fold new appeal events into the city-hall statistics rollup (api/stats/service.ts rollUpStats). */
  'stats.rollup': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 600 },
  },
  /** Perform the escalation steps due for an outage past its expected end (api/outages/escalate-outage.ts). */
  'outage.step': {
    payload: z.object({ outageId: z.number().int().positive() }),
    options: { policy: 'standard', retryLimit: 10, retryBackoff: true, expireInSeconds: 120 },
  },
  /** Every minute: outage steps that fell due but did not happen. */
  'outage.sweep': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 1, expireInSeconds: 120 },
  },
  /** Daily: remind residents whose meters lack this month's reading, days before the window closes (api/readings/remind-readings.ts). */
  'readings.remind': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 900 },
  },
  /** Hourly: applications for e-services that passed their due day, marked once (api/eservices/overdue.ts). */
  'eservices.overdue': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 600 },
  },
  /**
   * Every 5 minutes: booked clients not checked in by the end of their slot and the office's late
   * minutes become no-shows; an office's tickets still waiting or called when its day is over are
   * closed (api/hall/sweep.ts).
   */
  'hall.sweep': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 240 },
  },
  /**
   * Remind a resident of an appointment (api/appointments/reminders.ts), sent with startAfter at the
   * reminder's time inside the booking's (or the reschedule's) transaction. The worker writes nothing
   * when the appointment is no longer booked or its start moved (`startsAt` is the start it was for).
   */
  'appointment.remind': {
    payload: z.object({
      appointmentId: z.number().int().positive(),
      kind: z.enum(['day_before', 'two_hours']),
      startsAt: z.iso.datetime(),
    }),
    options: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 120 },
  },
  /**
   * A discussion's timed step (issue 17): `open` at the exposition's first local day, `close` after
   * the proposals period's last, sent with startAfter when the discussion is announced; the worker
   * takes the step only if it is still due (api/discussions/timers.ts).
   */
  'discussion.step': {
    payload: z.object({ discussionId: z.number().int().positive(), step: z.enum(['open', 'close']) }),
    options: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 300 },
  },
  /** Every 10 minutes: discussions whose open or close fell due but did not happen (workers down, a job lost). */
  'discussion.sweep': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 300 },
  },
  /**
   * Tell the residents and right-holders of a discussion's territory that it opened or that its
   * conclusion is published: one set-based fan-out into the outbox, run once per moment
   * (discussions.open_notice_at / conclusion_notice_at).
   */
  'discussion.notify': {
    payload: z.object({ discussionId: z.number().int().positive(), moment: z.enum(['opened', 'concluded']) }),
    options: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 1800 },
  },
  /**
   * An import of a register file the admin uploaded (issue 18): read from DATA_DIR/imports/ and run
   * as the CLI runs it, its progress and refused lines written to import_runs (api/imports/).
   */
  'import.run': {
    payload: z.object({ runId: z.number().int().positive() }),
    options: { policy: 'standard', retryLimit: 0, expireInSeconds: 1800 },
  },
  /** Nightly: each municipality's open-data dump of the day before (api/open-data/), kept 30 days. */
  'open_data.dump': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 1800 },
  },
  /** Hourly clean-up of expired sessions, sign-in codes and rate-limit windows. */
  'housekeeping.purge': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 600 },
  },
  /** Nightly: delete stored photos and documents no record uses (jobs/uploads-sweep.ts). */
  'uploads.sweep': {
    payload: z.object({}).loose(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 1800 },
  },
} as const satisfies Record<string, { payload: z.ZodType; options: Omit<Queue, 'name'> }>;

export type QueueName = keyof typeof queues;
export type Payload<Q extends QueueName> = z.infer<(typeof queues)[Q]['payload']>;

/** pg-boss, as the services see it: they send jobs; only jobs/ starts it and registers workers. */
export type Boss = PgBoss;

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
