/**
 * Telling every process that appeal events were committed: `NOTIFY otklik_live '<id>,<id>,…'`
 * (ids only), sent after the writing transaction commits, not inside it. A NOTIFY inside a
 * transaction makes its commit take a database-wide lock until the commit is on disk, so the
 * commits of every intake would queue behind one another (bench -- live measures both); sent
 * afterwards, batched over a few milliseconds per process, it costs intake one short statement per
 * batch on another connection. If a process dies between its commit and the announcement, the
 * listeners' periodic catch-up (api/live/feed.ts) finds the event within seconds.
 */
import type postgres from 'postgres';

export const LIVE_CHANNEL = 'otklik_live';
/** PostgreSQL allows 8000 bytes per payload; ids are at most 16 characters with the comma. */
const IDS_PER_NOTIFY = 400;

/** Event ids written by each open transaction, announced when it commits. */
const written = new WeakMap<object, number[]>();

/**
 * Note appeal events just inserted through `db`: announced when its transaction commits, or at
 * once when `db` is a pool (the insert has committed already).
 */
export function announceEvents(db: object, rows: readonly { id: number }[]): void {
  const list = written.get(db);
  if (list) list.push(...rows.map((r) => r.id));
  else (db as { $announcer?: Announcer }).$announcer?.announce(rows.map((r) => r.id));
}

export type Announcer = {
  /** Announce ids that have committed. */
  announce(ids: readonly number[]): void;
  /** Run `fn` in a transaction and announce what it wrote once it has committed. */
  track<T>(fn: (collect: (tx: object) => void) => Promise<T>): Promise<T>;
  flush(): Promise<void>;
};

export function createAnnouncer(client: postgres.Sql, opts: { batchMs?: number; onError?: (err: Error) => void } = {}): Announcer {
  let pending: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> = Promise.resolve();

  const send = (ids: number[]) => {
    sending = sending
      .then(async () => {
        for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) await client.notify(LIVE_CHANNEL, ids.slice(i, i + IDS_PER_NOTIFY).join(','));
      })
      .catch((err: Error) => opts.onError?.(err));
  };
  const announce = (ids: readonly number[]) => {
    pending.push(...ids);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const batch = pending;
      pending = [];
      send(batch);
    }, opts.batchMs ?? 2);
  };

  return {
    announce,
    async track(fn) {
      const ids: number[] = [];
      const result = await fn((tx) => written.set(tx, ids));
      if (ids.length > 0) announce(ids);
      return result;
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        const batch = pending;
        pending = [];
        send(batch);
      }
      await sending;
    },
  };
}
