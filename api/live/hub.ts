/**
 * The sockets of this process and what each follows. Events from the feed are fanned out to the
 * subscribers of their topics: each message is serialised once per view and written as the same
 * string to every socket. A socket whose send buffer grows past its bound is dropped, not buffered
 * without limit; pings find dead peers; a socket that follows nothing for long is closed.
 */
import type { WebSocket } from 'ws';
import type { Language } from '../../dispatch/messages/index.ts';
import type { Actor } from '../../dispatch/permissions.ts';
import {
  type Audience,
  type EventSnapshot,
  inBbox,
  keepsAppealAccess,
  messageOf,
  reaches,
  type Topic,
  topicsOf,
  type View,
} from '../../dispatch/live.ts';
import {
  type ApplicationEventSnapshot,
  applicationMessageOf,
  applicationTopicOf,
  type DiscussionEventSnapshot,
  discussionMessageOf,
  discussionTopicOf,
  type OutageSnapshot,
  outageMessageOf,
  outageTopicsOf,
} from '../../dispatch/live-records.ts';
import { type QueueEventSnapshot, queueMessageOf, queueTopicsOf } from '../../dispatch/hall.ts';
import type { ReplayGateLimits } from './replay-gate.ts';

/**
 * Every limit of the live stream, in one place: per socket, per client address and per process.
 * What each protects is in docs/security.md ("Live stream").
 */
export type LiveLimits = ReplayGateLimits & {
  /** Bytes queued on a socket before it is dropped as too slow. */
  maxBufferedBytes: number;
  maxSubscriptions: number;
  /** Incoming messages per socket per 10 s; more closes the socket (1008). */
  maxMessagesPer10s: number;
  /** A ping every interval; no pong by the next one ends the socket. */
  pingIntervalMs: number;
  /** A socket with no subscriptions for this long is closed. */
  idleTimeoutMs: number;
  /** Open sockets per client address (anonymous or not). */
  maxSocketsPerAddress: number;
  /** Open anonymous sockets in the process, from all addresses. */
  maxAnonymousSockets: number;
  /** A reconnecting client is replayed what it missed when that is at most this many ids behind… */
  maxReplayIds: number;
  /** …and at most this many messages; beyond either it is told to resync (reload over HTTP). */
  maxReplayEvents: number;
  /** Event ids read per query of a replay; the event loop is yielded between queries. */
  replayChunkIds: number;
};

export const defaultLimits: LiveLimits = {
  maxBufferedBytes: 1 << 20,
  maxSubscriptions: 50,
  maxMessagesPer10s: 100,
  pingIntervalMs: 30_000,
  idleTimeoutMs: 120_000,
  // A household or an office behind one address: a few tabs each.
  maxSocketsPerAddress: 20,
  maxAnonymousSockets: 2_000,
  maxReplayIds: 5_000,
  maxReplayEvents: 500,
  replayChunkIds: 250,
  // Four full catch-ups (5,000 ids back) a minute per address; a tab back from sleep needs far less.
  replayIdsPerAddressPerMinute: 20_000,
  replayConcurrency: 2,
  replayQueue: 100,
};

/** Why a new socket is refused, or null when it may open. */
export type SocketRefusal = 'too_many_sockets' | 'busy' | null;

/**
 * Close codes (4000–4999 are the application's). A slow client or one that stopped answering pings
 * is cut off without a close frame, which could not get past its backlog anyway (the client sees 1006).
 */
export const closeCodes = {
  idle: 4000,
  sessionEnded: 4001,
  /** This address has its share of sockets open: retry in a minute, not at once. */
  tooManySockets: 4029,
  /** Too many anonymous sockets in the process: retry in a minute, not at once. */
  busy: 4503,
  shuttingDown: 1001,
} as const;

type Subscription = { topic: Topic; audience: Audience };

export class LiveClient {
  readonly subs = new Map<string, Subscription>();
  alive = true;
  idleSince: number;
  readonly socket: WebSocket;
  readonly actor: Actor;
  /** The session behind the socket, re-checked while it lives; null for anonymous clients. */
  readonly sessionTokenHash: string | null;
  /** The language its error messages are written in (the handshake request's). */
  readonly lang: Language;
  /** The client's address (request.ip: TRUST_PROXY decides whether a proxy may tell it). */
  readonly address: string;
  constructor(
    socket: WebSocket,
    actor: Actor,
    sessionTokenHash: string | null,
    now: number,
    lang: Language = 'ru',
    address = '',
  ) {
    this.socket = socket;
    this.address = address;
    this.actor = actor;
    this.sessionTokenHash = sessionTokenHash;
    this.idleSince = now;
    this.lang = lang;
  }
}

export type HubStats = { clients: number; subscriptions: number; sent: number; dropped: number };

export class LiveHub {
  readonly clients = new Set<LiveClient>();
  private readonly byTopic = new Map<string, Set<LiveClient>>();
  private readonly bboxClients = new Set<LiveClient>();
  private readonly socketsByAddress = new Map<string, number>();
  private anonymous = 0;
  private timer: NodeJS.Timeout | null = null;
  sent = 0;
  dropped = 0;

  readonly limits: LiveLimits;
  constructor(limits: LiveLimits = defaultLimits) {
    this.limits = limits;
  }

  start() {
    this.timer = setInterval(() => this.heartbeat(Date.now()), this.limits.pingIntervalMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const c of this.clients) c.socket.close(closeCodes.shuttingDown, 'server shutting down');
  }

  /** Whether one more socket from this address (anonymous or not) may open. */
  refusal(address: string, anonymous: boolean): SocketRefusal {
    if ((this.socketsByAddress.get(address) ?? 0) >= this.limits.maxSocketsPerAddress) return 'too_many_sockets';
    if (anonymous && this.anonymous >= this.limits.maxAnonymousSockets) return 'busy';
    return null;
  }

  add(client: LiveClient) {
    this.clients.add(client);
    this.socketsByAddress.set(client.address, (this.socketsByAddress.get(client.address) ?? 0) + 1);
    if (client.actor === null) this.anonymous++;
    client.socket.on('pong', () => {
      client.alive = true;
    });
  }

  remove(client: LiveClient) {
    if (this.clients.delete(client)) {
      const left = (this.socketsByAddress.get(client.address) ?? 1) - 1;
      if (left > 0) this.socketsByAddress.set(client.address, left);
      else this.socketsByAddress.delete(client.address);
      if (client.actor === null) this.anonymous--;
    }
    for (const name of client.subs.keys()) this.unindex(client, name);
    client.subs.clear();
    this.bboxClients.delete(client);
  }

  subscribe(client: LiveClient, name: string, sub: Subscription) {
    client.subs.set(name, sub);
    if (sub.topic.kind === 'bbox') this.bboxClients.add(client);
    else {
      const set = this.byTopic.get(name) ?? new Set<LiveClient>();
      this.byTopic.set(name, set);
      set.add(client);
    }
  }

  unsubscribe(client: LiveClient, name: string, now: number) {
    if (!client.subs.delete(name)) return false;
    this.unindex(client, name);
    if (![...client.subs.values()].some((s) => s.topic.kind === 'bbox')) this.bboxClients.delete(client);
    if (client.subs.size === 0) client.idleSince = now;
    return true;
  }

  private unindex(client: LiveClient, name: string) {
    const set = this.byTopic.get(name);
    if (!set) return;
    set.delete(client);
    if (set.size === 0) this.byTopic.delete(name);
  }

  /**
   * Write to one socket, dropping it when its peer does not keep up. A message fanned out to many
   * sockets comes as one Buffer (encoded once), sent as a text frame.
   */
  send(client: LiveClient, data: string | Buffer): boolean {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.dropped++;
      this.remove(client);
      // The close frame would wait behind the backlog: end the connection at once.
      socket.terminate();
      return false;
    }
    socket.send(data, { binary: false });
    this.sent++;
    return true;
  }

  /** Fan committed events out to every subscriber here, in commit order. */
  publish(events: readonly EventSnapshot[]) {
    for (const e of events) {
      const cache = new Map<string, Buffer>();
      const text = (topic: string, view: View) => {
        const key = `${view}\u0000${topic}`;
        let s = cache.get(key);
        if (s === undefined) {
          s = Buffer.from(JSON.stringify({ topic, ...messageOf(e, view) }));
          cache.set(key, s);
        }
        return s;
      };
      for (const topic of topicsOf(e)) {
        const set = this.byTopic.get(topic);
        if (!set) continue;
        for (const client of set) {
          const sub = client.subs.get(topic);
          if (!sub) continue;
          if (reaches(e, sub.audience)) this.send(client, text(topic, sub.audience.view));
          if (sub.topic.kind === 'appeal' && !keepsAppealAccess(client.actor, sub.audience, e)) {
            this.unsubscribe(client, topic, Date.now());
            this.send(client, JSON.stringify({ type: 'unsubscribed', topic, reason: 'access_ended' }));
          }
        }
      }
      if (this.bboxClients.size > 0 && e.appeal.public) {
        for (const client of this.bboxClients) {
          for (const [name, sub] of client.subs) {
            if (sub.topic.kind === 'bbox' && inBbox(e, sub.topic) && reaches(e, sub.audience))
              this.send(client, text(name, 'public'));
          }
        }
      }
    }
  }

  /**
   * Fan committed outage events out. Outages are public, so every subscriber gets the same message:
   * its body is serialised once per event and prefixed with each topic (a district's outage reaches
   * hundreds of building topics).
   */
  publishOutages(events: readonly OutageSnapshot[], now: Date) {
    for (const e of events) {
      let body: string | null = null;
      for (const topic of outageTopicsOf(e)) {
        const set = this.byTopic.get(topic);
        if (!set || set.size === 0) continue;
        body ??= JSON.stringify(outageMessageOf(e, now)).slice(1);
        const data = Buffer.from(`{"topic":${JSON.stringify(topic)},${body}`);
        for (const client of set) this.send(client, data);
      }
    }
  }

  /** Fan committed application events out to their applicants' sockets (one topic each). */
  publishApplications(events: readonly ApplicationEventSnapshot[]) {
    for (const e of events) {
      const topic = applicationTopicOf(e);
      const set = this.byTopic.get(topic);
      if (!set || set.size === 0) continue;
      const data = Buffer.from(JSON.stringify({ topic, ...applicationMessageOf(e) }));
      for (const client of set) this.send(client, data);
    }
  }

  /** Fan committed queue events out to the office's hall displays and consoles (the same message to both). */
  publishQueue(events: readonly QueueEventSnapshot[]) {
    for (const e of events) {
      let body: string | null = null;
      for (const topic of queueTopicsOf(e)) {
        const set = this.byTopic.get(topic);
        if (!set || set.size === 0) continue;
        body ??= JSON.stringify(queueMessageOf(e)).slice(1);
        const data = Buffer.from(`{"topic":${JSON.stringify(topic)},${body}`);
        for (const client of set) this.send(client, data);
      }
    }
  }

  /** Fan committed discussion events out to their discussion's page. */
  publishDiscussions(events: readonly DiscussionEventSnapshot[]) {
    for (const e of events) {
      const topic = discussionTopicOf(e);
      const set = this.byTopic.get(topic);
      if (!set || set.size === 0) continue;
      const data = Buffer.from(JSON.stringify({ topic, ...discussionMessageOf(e) }));
      for (const client of set) this.send(client, data);
    }
  }

  /** Ping everyone; end those that did not answer the last ping and those idle too long. */
  heartbeat(now: number) {
    for (const client of this.clients) {
      if (!client.alive) {
        this.remove(client);
        client.socket.terminate();
        continue;
      }
      if (client.subs.size === 0 && now - client.idleSince > this.limits.idleTimeoutMs) {
        this.remove(client);
        client.socket.close(closeCodes.idle, 'idle');
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  /** Tell every stream it must reload (the feed could not read back what it missed). */
  resyncAll(reason: string, only?: (topic: Topic) => boolean) {
    for (const client of this.clients) {
      for (const [name, sub] of client.subs)
        if (!only || only(sub.topic)) this.send(client, JSON.stringify({ type: 'resync', topic: name, reason }));
    }
  }

  /** Close the sockets of sessions that ended (signed out, revoked, expired). */
  endSessions(ended: ReadonlySet<string>) {
    for (const client of this.clients) {
      if (client.sessionTokenHash && ended.has(client.sessionTokenHash)) {
        this.remove(client);
        client.socket.close(closeCodes.sessionEnded, 'session ended');
      }
    }
  }

  stats(): HubStats {
    let subscriptions = 0;
    for (const c of this.clients) subscriptions += c.subs.size;
    return { clients: this.clients.size, subscriptions, sent: this.sent, dropped: this.dropped };
  }
}
