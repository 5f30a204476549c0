/**
 * Telling every process that appeal events were committed: `NOTIFY otklik_live '<id>,<id>,…'`
 * (ids only), sent after the writing transaction commits, not inside it. A NOTIFY inside a
 * transaction makes its commit take a database-wide lock until the commit is on disk, so the
 * commits of every intake would queue behind one another (bench -- live measures both); sent
 * afterwards, batched over 25 ms per process, it costs intake one short statement per
 * batch on another connection. If a process dies between its commit and the announcement, the
 * listeners' periodic catch-up (api/live/feed.ts) finds the event within seconds. Outage history
 * rows (outage_updates) are announced the same way on a channel of their own, `otklik_outages`.
 */
import type postgres from 'postgres';

export const LIVE_CHANNEL = 'otklik_live';
export const OUTAGE_CHANNEL = 'otklik_outages';
/** E-services: application_events ids (an applicant's "my applications" live). */
export const APPLICATION_CHANNEL = 'otklik_applications';
/** The electronic queue: queue_events ids (the hall displays and the operators' consoles live). */
export const QUEUE_CHANNEL = 'otklik_queue';
/** Public discussions: discussion_events ids (a discussion's page live: its status and its counts). */
export const DISCUSSION_CHANNEL = 'otklik_discussions';
/** PostgreSQL allows 8000 bytes per payload; ids are at most 16 characters with the comma. */
const IDS_PER_NOTIFY = 400;

/** Event ids written by each open transaction, announced when it commits. */
const written = new WeakMap<object, number[]>();
/** Outage history ids written by each open transaction, likewise. */
const writtenOutageUpdates = new WeakMap<object, number[]>();
/** Application event ids written by each open transaction, likewise. */
const writtenApplicationEvents = new WeakMap<object, number[]>();
/** Queue event ids written by each open transaction, likewise. */
const writtenQueueEvents = new WeakMap<object, number[]>();
/** Discussion event ids written by each open transaction, likewise. */
const writtenDiscussionEvents = new WeakMap<object, number[]>();

/**
 * Note appeal events just inserted through `db`: announced when its transaction commits, or at
 * once when `db` is a pool (the insert has committed already).
 */
export function announceEvents(db: object, rows: readonly { id: number }[]): void {
  const list = written.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announce(rows.map((r) => r.id));
}

/** Note outage history rows just inserted through `db` (as `announceEvents` does for appeals). */
export function announceOutageUpdates(db: object, rows: readonly { id: number }[]): void {
  const list = writtenOutageUpdates.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announceOutageUpdates(rows.map((r) => r.id));
}

/** Note application events just inserted through `db` (as `announceEvents` does for appeals). */
export function announceApplicationEvents(db: object, rows: readonly { id: number }[]): void {
  const list = writtenApplicationEvents.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announceApplicationEvents(rows.map((r) => r.id));
}

/** Note queue events just inserted through `db` (as `announceEvents` does for appeals). */
export function announceQueueEvents(db: object, rows: readonly { id: number }[]): void {
  const list = writtenQueueEvents.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announceQueueEvents(rows.map((r) => r.id));
}

/** Note discussion events just inserted through `db` (as `announceEvents` does for appeals). */
export function announceDiscussionEvents(db: object, rows: readonly { id: number }[]): void {
  const list = writtenDiscussionEvents.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announceDiscussionEvents(rows.map((r) => r.id));
}

export type Announcer = {
  /** Announce ids that have committed. */
  announce(ids: readonly number[]): void;
  /** Announce outage history ids that have committed. */
  announceOutageUpdates(ids: readonly number[]): void;
  /** Announce application event ids that have committed. */
  announceApplicationEvents(ids: readonly number[]): void;
  /** Announce queue event ids that have committed. */
  announceQueueEvents(ids: readonly number[]): void;
  /** Announce discussion event ids that have committed. */
  announceDiscussionEvents(ids: readonly number[]): void;
  /** Run `fn` in a transaction and announce what it wrote once it has committed. */
  track<T>(fn: (collect: (tx: object) => void) => Promise<T>): Promise<T>;
  flush(): Promise<void>;
};

/** What the channels' batchers of one announcer share: the chain of NOTIFYs sent in order. */
type Sender = { sending: Promise<void>; client: postgres.Sql; onError?: (err: Error) => void };

/**
 * Ids of one channel, gathered for 25 ms and sent in order after what came before. At 1,200
 * appeals/s, 2 ms batches cost intake a fifth of its throughput in NOTIFYs and in the listeners'
 * read-backs (bench -- live: 0.79× no NOTIFY); 25 ms ones about a twelfth (0.92×), for 25 ms more
 * delivery latency.
 */
function batcher(sender: Sender, channel: string, batchMs: number) {
  let pending: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  const send = (ids: number[]) => {
    sender.sending = sender.sending
      .then(async () => {
        for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY)
          await sender.client.notify(channel, ids.slice(i, i + IDS_PER_NOTIFY).join(','));
      })
      .catch((err: Error) => sender.onError?.(err));
  };
  return {
    announce(ids: readonly number[]) {
      pending.push(...ids);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const batch = pending;
        pending = [];
        send(batch);
      }, batchMs);
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      const batch = pending;
      pending = [];
      send(batch);
    },
  };
}

export function createAnnouncer(
  client: postgres.Sql,
  opts: { batchMs?: number; onError?: (err: Error) => void } = {},
): Announcer {
  const sender: Sender = { sending: Promise.resolve(), client, onError: opts.onError };
  const batchMs = opts.batchMs ?? 25;
  const appealEvents = batcher(sender, LIVE_CHANNEL, batchMs);
  const outageUpdates = batcher(sender, OUTAGE_CHANNEL, batchMs);
  const applicationEvents = batcher(sender, APPLICATION_CHANNEL, batchMs);
  // The hall display waits for these: 5 ms batches, not 25 (a call is one event, not a stream of them).
  const queueEvents = batcher(sender, QUEUE_CHANNEL, 5);
  const discussionEvents = batcher(sender, DISCUSSION_CHANNEL, batchMs);

  return {
    announce: (ids) => appealEvents.announce(ids),
    announceOutageUpdates: (ids) => outageUpdates.announce(ids),
    announceApplicationEvents: (ids) => applicationEvents.announce(ids),
    announceQueueEvents: (ids) => queueEvents.announce(ids),
    announceDiscussionEvents: (ids) => discussionEvents.announce(ids),
    async track(fn) {
      const [ids, outageIds, applicationIds, queueIds, discussionIds]: number[][] = [[], [], [], [], []];
      const result = await fn((tx) => {
        written.set(tx, ids);
        writtenOutageUpdates.set(tx, outageIds);
        writtenApplicationEvents.set(tx, applicationIds);
        writtenQueueEvents.set(tx, queueIds);
        writtenDiscussionEvents.set(tx, discussionIds);
      });
      if (ids.length > 0) appealEvents.announce(ids);
      if (outageIds.length > 0) outageUpdates.announce(outageIds);
      if (applicationIds.length > 0) applicationEvents.announce(applicationIds);
      if (queueIds.length > 0) queueEvents.announce(queueIds);
      if (discussionIds.length > 0) discussionEvents.announce(discussionIds);
      return result;
    },
    async flush() {
      appealEvents.flush();
      outageUpdates.flush();
      applicationEvents.flush();
      queueEvents.flush();
      discussionEvents.flush();
      await sender.sending;
    },
  };
}
