/**
 * The committed appeal events of every process, in this process: one LISTEN connection on the
 * `otklik_live` channel, whose notifications carry event ids only. Ids are gathered for a few
 * milliseconds and read in one query; the events go out in the order their notifications came, which
 * is commit order. When the connection drops and comes back, the events committed meanwhile are
 * read from appeal_events (after the last id seen, with an overlap for commits that finished out of
 * id order), so a dropped listener loses nothing; ids already passed on are skipped. A light
 * periodic look at the newest ids finds what was committed but never announced (its process died
 * between the commit and the NOTIFY, or it was written by plain SQL). The outages' history
 * (outage_updates, channel `otklik_outages`) is read the same way by a second feed.
 */
import {
  APPLICATION_CHANNEL,
  DISCUSSION_CHANNEL,
  LIVE_CHANNEL,
  OUTAGE_CHANNEL,
  QUEUE_CHANNEL,
} from '../../db/announce.ts';
import type { Database, Db } from '../../db/client.ts';
import {
  applicationEventIdsAfter,
  applicationEventSnapshots,
  applicationEventSnapshotsAfter,
  lastApplicationEventId,
} from '../../db/queries/eservices.ts';
import {
  discussionEventIdsAfter,
  discussionEventSnapshots,
  discussionEventSnapshotsAfter,
  lastDiscussionEventId,
} from '../../db/queries/discussions.ts';
import {
  lastQueueEventId,
  queueEventIdsAfter,
  queueEventSnapshots,
  queueEventSnapshotsAfter,
} from '../../db/queries/queue-events.ts';
import { eventIdsAfter, eventSnapshots, eventSnapshotsAfter, lastEventId } from '../../db/queries/live.ts';
import {
  lastOutageUpdateId,
  outageSnapshots,
  outageSnapshotsAfter,
  outageUpdateIdsAfter,
} from '../../db/queries/outages.ts';
import type { QueueEventSnapshot } from '../../dispatch/hall.ts';
import type { EventSnapshot } from '../../dispatch/live.ts';
import type { ApplicationEventSnapshot, DiscussionEventSnapshot, OutageSnapshot } from '../../dispatch/live-records.ts';

/** A stream of committed rows with increasing ids, announced on a channel. */
export type FeedSource<E extends { id: number }> = {
  channel: string;
  lastId: (db: Db) => Promise<number>;
  idsAfter: (db: Db, afterId: number, limit: number) => Promise<number[]>;
  snapshots: (db: Db, ids: readonly number[]) => Promise<E[]>;
  snapshotsAfter: (db: Db, afterId: number, limit: number) => Promise<E[]>;
};

export const appealEventSource: FeedSource<EventSnapshot> = {
  channel: LIVE_CHANNEL,
  lastId: lastEventId,
  idsAfter: eventIdsAfter,
  snapshots: eventSnapshots,
  snapshotsAfter: eventSnapshotsAfter,
};

export const outageUpdateSource: FeedSource<OutageSnapshot> = {
  channel: OUTAGE_CHANNEL,
  lastId: lastOutageUpdateId,
  idsAfter: outageUpdateIdsAfter,
  snapshots: outageSnapshots,
  snapshotsAfter: outageSnapshotsAfter,
};

/** E-services: the steps of applications, for their applicants' "my applications" (channel `otklik_applications`). */
export const applicationEventSource: FeedSource<ApplicationEventSnapshot> = {
  channel: APPLICATION_CHANNEL,
  lastId: lastApplicationEventId,
  idsAfter: applicationEventIdsAfter,
  snapshots: applicationEventSnapshots,
  snapshotsAfter: applicationEventSnapshotsAfter,
};

/** The electronic queue: the steps of hall tickets, for hall displays and consoles (channel `otklik_queue`). */
export const queueEventSource: FeedSource<QueueEventSnapshot> = {
  channel: QUEUE_CHANNEL,
  lastId: lastQueueEventId,
  idsAfter: queueEventIdsAfter,
  snapshots: queueEventSnapshots,
  snapshotsAfter: queueEventSnapshotsAfter,
};

/** Public discussions: the steps of a discussion and its proposals, for its page (channel `otklik_discussions`). */
export const discussionEventSource: FeedSource<DiscussionEventSnapshot> = {
  channel: DISCUSSION_CHANNEL,
  lastId: lastDiscussionEventId,
  idsAfter: discussionEventIdsAfter,
  snapshots: discussionEventSnapshots,
  snapshotsAfter: discussionEventSnapshotsAfter,
};

/** Ids below the newest seen that may still commit after it (transactions run concurrently). */
const REPLAY_OVERLAP = 2000;
/** How many recent ids are remembered to skip repeats. */
const SEEN_CAPACITY = 50_000;
/** At most this many events are read back after a reconnect; more means clients must resync. */
const CATCH_UP_LIMIT = 20_000;

export type FeedOptions<E extends { id: number } = EventSnapshot> = {
  /** What is read (appeal events unless said otherwise). */
  source?: FeedSource<E>;
  /** Gather notifications this long before reading them (one query for a burst). */
  batchMs?: number;
  /** How often the newest ids are compared with what was passed on. */
  pollMs?: number;
  onEvents: (events: E[]) => void;
  /** The listener missed more than it could read back: every stream should resync. */
  onGap?: () => void;
  log?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
};

export class EventFeed<E extends { id: number } = EventSnapshot> {
  private pending: number[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly seen = new Set<number>();
  private newest = 0;
  private listening = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;

  private readonly db: Database;
  private readonly opts: FeedOptions<E>;
  private readonly source: FeedSource<E>;
  constructor(db: Database, opts: FeedOptions<E>) {
    this.db = db;
    this.opts = opts;
    this.source = opts.source ?? (appealEventSource as unknown as FeedSource<E>);
  }

  async start(): Promise<void> {
    this.newest = await this.source.lastId(this.db);
    // What is already there is history, not news.
    for (const id of await this.source.idsAfter(this.db, Math.max(0, this.newest - REPLAY_OVERLAP), REPLAY_OVERLAP))
      this.remember(id);
    const listener = await this.db.$client.listen(
      this.source.channel,
      (payload) => this.onNotify(payload),
      () => this.onListen(),
    );
    this.unlisten = listener.unlisten;
    this.pollTimer = setInterval(() => this.enqueue(() => this.poll()), this.opts.pollMs ?? 2000);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.unlisten?.().catch(() => {});
    await this.chain;
  }

  /** The newest event id passed on (streams report it as their current sequence). */
  get position(): number {
    return this.newest;
  }

  private onListen() {
    // The first LISTEN starts from the newest id read at start; later ones came back from a drop.
    if (!this.listening) {
      this.listening = true;
      return;
    }
    this.enqueue(() => this.catchUp());
  }

  private onNotify(payload: string) {
    for (const part of payload.split(',')) {
      const id = Number(part);
      if (Number.isSafeInteger(id) && id > 0) this.pending.push(id);
    }
    if (this.flushTimer || this.pending.length === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const ids = this.pending;
      this.pending = [];
      this.enqueue(() => this.deliver(ids));
    }, this.opts.batchMs ?? 25);
  }

  /** Work runs one piece at a time, so events leave in the order they arrived. */
  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain
      .then(work)
      .catch((err: Error) => this.opts.log?.error({ err }, 'live feed: reading events failed'));
  }

  private async deliver(ids: number[]) {
    if (this.stopped) return;
    const fresh = ids.filter((id) => !this.seen.has(id));
    if (fresh.length === 0) return;
    const byId = new Map((await this.source.snapshots(this.db, fresh)).map((e) => [e.id, e]));
    // Keep the order of the notifications (commit order), not of ids.
    this.pass(fresh.map((id) => byId.get(id)).filter((e): e is E => e !== undefined));
  }

  private async poll() {
    if (this.stopped) return;
    const unseen = (
      await this.source.idsAfter(this.db, Math.max(0, this.newest - REPLAY_OVERLAP), CATCH_UP_LIMIT)
    ).filter((id) => !this.seen.has(id));
    if (unseen.length > 0) await this.deliver(unseen);
  }

  private async catchUp() {
    if (this.stopped) return;
    const from = Math.max(0, this.newest - REPLAY_OVERLAP);
    const events = await this.source.snapshotsAfter(this.db, from, CATCH_UP_LIMIT + 1);
    if (events.length > CATCH_UP_LIMIT) {
      this.opts.log?.warn({ from }, 'live feed: too much missed while disconnected; clients resync');
      for (const e of events) this.remember(e.id);
      this.opts.onGap?.();
      return;
    }
    this.pass(events.filter((e) => !this.seen.has(e.id)));
  }

  private pass(events: E[]) {
    for (const e of events) this.remember(e.id);
    if (events.length > 0) this.opts.onEvents(events);
  }

  private remember(id: number) {
    this.seen.add(id);
    if (id > this.newest) this.newest = id;
    if (this.seen.size > SEEN_CAPACITY) {
      // Sets iterate in insertion order: forget the oldest tenth.
      let n = SEEN_CAPACITY / 10;
      for (const old of this.seen) {
        this.seen.delete(old);
        if (--n <= 0) break;
      }
    }
  }
}
