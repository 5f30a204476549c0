/**
 * GET /api/live: the websocket of live status. The session cookie authenticates it (anonymous
 * clients may follow the public map only); every subscription is checked against the permission
 * table like the HTTP route that shows the same records (dispatch/live.ts).
 *
 * The messages both ways are declared in ./schemas.ts (components Live… of the OpenAPI document).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { appealTopicFacts, eventSnapshotsBetween, organisationTopicFacts } from '../../db/queries/live.ts';
import { discussionTopicFacts } from '../../db/queries/discussions.ts';
import { officeTopicFacts } from '../../db/queries/hall.ts';
import { outageSnapshotsBetween, outageTopicFacts } from '../../db/queries/outages.ts';
import {
  type Audience,
  authorizeTopic,
  inBbox,
  isApplicationTopic,
  isDiscussionTopic,
  isOutageTopic,
  isQueueTopic,
  messageOf,
  parseTopic,
  reaches,
  type Topic,
  type TopicFacts,
  topicsOf,
} from '../../dispatch/live.ts';
import { outageMessageOf, outageTopicsOf } from '../../dispatch/live-records.ts';
import { type Language, t } from '../../dispatch/messages/index.ts';
import type { Actor } from '../../dispatch/permissions.ts';
import { HttpProblem } from '../errors.ts';
import { languageOf } from '../language.ts';
import { closeCodes, LiveClient, type SocketRefusal } from './hub.ts';
import { type LiveClientMessage, type LiveServerMessage, liveClientMessage } from './schemas.ts';

/** A server message as it goes on the wire: its type checks it against the declared protocol. */
const wire = (message: LiveServerMessage) => JSON.stringify(message);

/** Streams of several appeals replay this many ids before `since` (commits out of id order). */
const BACKFILL_OVERLAP = 200;
/** How long a client refused a socket is asked to wait (Retry-After). */
const SOCKET_RETRY_AFTER_SECONDS = 60;

// The error's `code` on the wire stays the protocol's; its text is the catalogue's `live.<code>`.
const problems = {
  bad_message: 'live.bad_message',
  bad_topic: 'live.bad_topic',
  too_many_subscriptions: 'live.too_many_subscriptions',
  unauthorized: 'live.unauthorized',
  forbidden: 'live.forbidden',
  not_found: 'live.not_found',
} as const;
const statusCode = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' } as const;

function errorMessage(lang: Language, code: keyof typeof problems, status: number, topic?: string, detail?: string) {
  return wire({
    type: 'error',
    topic,
    status,
    code,
    detail: `${t(problems[code], lang)}${detail ? ` ${detail}` : ''}`,
  });
}

async function factsOf(app: FastifyInstance, actor: Actor, topic: Topic): Promise<TopicFacts | null> {
  switch (topic.kind) {
    case 'appeal':
      return appealTopicFacts(app.db, topic.appealId, actor?.userId ?? null);
    case 'org':
      return organisationTopicFacts(app.db, topic.organisationId);
    case 'board':
      return { kind: 'board', municipalityId: topic.municipalityId };
    case 'outages':
    case 'outage':
    case 'building':
      return outageTopicFacts(app.db, topic);
    case 'hall':
    case 'office':
      return officeTopicFacts(app.db, topic.officeId);
    case 'discussion':
      return discussionTopicFacts(app.db, topic.discussionId);
    default:
      return { kind: 'public' };
  }
}

/** The Origin is this site: the public address, or the host the request was sent to. */
function sameSite(origin: string, host: string | undefined, publicUrl: string): boolean {
  try {
    const url = new URL(origin);
    return url.origin === new URL(publicUrl).origin || (host !== undefined && url.host === host);
  } catch {
    return false;
  }
}

export default async function liveRoutes(app: FastifyInstance) {
  const { hub } = app.live;

  app.get(
    '/live',
    {
      websocket: true,
      // Each subscription is checked against the permission table when it is made (api/live/hub.ts).
      config: { access: { public: 'the socket itself: every topic is authorised when subscribed' } },
      // A browser always sends Origin with a websocket handshake: only this site's pages may open one
      // with the visitor's cookie (cross-site WebSocket hijacking). Clients that are not browsers send none.
      preValidation: async (request) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !sameSite(origin, request.headers.host, app.config.PUBLIC_URL)) {
          request.log.info({ origin }, 'live: websocket from another origin refused');
          throw new HttpProblem(403, 'origin', { id: 'live.cross_origin' });
        }
        // Refused before the handshake, with a status a client can read (a browser sees the socket close).
        const refusal = hub.refusal(request.ip, request.actor === null);
        if (refusal) throw socketRefused(refusal);
      },
      schema: {
        tags: ['live'],
        summary: 'Живые обновления (websocket). Live updates over a websocket',
        description:
          'Topics: appeal:{id}, org:{id}, board:{municipalityId}, public:district:{id}, public:bbox:{w},{s},{e},{n}; ' +
          'outages (public): outages:{municipalityId}, outage:{id}, building:{id}; an applicant’s own applications: applications:{userId}; an office’s hall (public): hall:{officeId}, its consoles (staff): office:{officeId}; a discussion’s page (public): discussion:{id}. ' +
          'Subscribe with {"type":"subscribe","topic":…,"since":lastSeq}; messages carry seq (an appeal event id; on outage topics an outage history id; ' +
          'on applications:{userId} an application event id, and a reconnecting client is told to resync rather than replayed).',
      },
    },
    (socket: WebSocket, request: FastifyRequest) => openSocket(app, socket, request),
  );
}

/** A socket the handshake let through: counted in, its messages read one at a time. */
function openSocket(app: FastifyInstance, socket: WebSocket, request: FastifyRequest) {
  const { hub } = app.live;
  // Handshakes in flight all passed the check at preValidation: the count is taken again as the socket joins.
  const refusal = hub.refusal(request.ip, request.actor === null);
  if (refusal) {
    socket.close(refusal === 'busy' ? closeCodes.busy : closeCodes.tooManySockets, refusal);
    return;
  }
  const client = new LiveClient(
    socket,
    request.actor,
    request.sessionTokenHash,
    Date.now(),
    languageOf(request),
    request.ip,
  );
  hub.add(client);
  let windowStart = Date.now();
  let received = 0;
  let work = Promise.resolve();

  socket.on('close', () => hub.remove(client));
  socket.on('error', () => hub.remove(client));
  socket.on('message', (data, isBinary) => {
    const now = Date.now();
    if (now - windowStart > 10_000) {
      windowStart = now;
      received = 0;
    }
    if (++received > hub.limits.maxMessagesPer10s) {
      hub.remove(client);
      socket.close(1008, 'too many messages');
      return;
    }
    const parsed = isBinary ? ({ ok: false, reason: 'a binary message' } as const) : parse(data.toString());
    if (!parsed.ok) {
      // The client's mistake, answered below: worth a line, not an error.
      request.log.info({ reason: parsed.reason }, 'live: bad message from the client');
      hub.send(
        client,
        errorMessage(
          client.lang,
          'bad_message',
          400,
          undefined,
          'JSON: {type:"subscribe"|"unsubscribe"|"ping", topic?, since?}',
        ),
      );
      return;
    }
    // One message at a time per socket, so a subscription is in place before the next one; each
    // after a turn of the event loop, else a burst of subscriptions runs as one long task.
    work = work
      .then(() => yieldToLoop())
      .then(() => handle(app, client, parsed.message))
      .catch((err: Error) => request.log.error({ err }, 'live: handling a message failed'));
  });

  hub.send(client, hello(app, request));
}

function socketRefused(refusal: Exclude<SocketRefusal, null>): HttpProblem {
  const retry = {
    headers: { 'retry-after': String(SOCKET_RETRY_AFTER_SECONDS) },
    extra: { retryAfter: SOCKET_RETRY_AFTER_SECONDS },
  };
  return refusal === 'busy'
    ? new HttpProblem(503, 'live-busy', { id: 'live.busy' }, retry)
    : new HttpProblem(429, 'too-many-requests', { id: 'live.too_many_sockets' }, retry);
}

/** The first message on a socket: who it is for, where the stream is, and its limits. */
function hello(app: FastifyInstance, request: FastifyRequest): string {
  const { hub, feed } = app.live;
  return wire({
    type: 'hello',
    role: request.actor?.role ?? 'anonymous',
    seq: feed.position,
    limits: { maxSubscriptions: hub.limits.maxSubscriptions, pingIntervalSeconds: hub.limits.pingIntervalMs / 1000 },
  });
}

/** A client's message, or what is wrong with it (said without its content). */
function parse(text: string): { ok: true; message: LiveClientMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = liveClientMessage.safeParse(json);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  return { ok: false, reason: `not a message: ${issue?.path.join('.') || '(root)'} ${issue?.code ?? ''}`.trim() };
}

/** One client message: a ping, an unsubscription, or a subscription checked and caught up. */
async function handle(app: FastifyInstance, client: LiveClient, msg: LiveClientMessage) {
  const { hub, feed, outageFeed, applicationFeed, queueFeed, discussionFeed } = app.live;
  if (msg.type === 'ping') {
    hub.send(client, wire({ type: 'pong' }));
    return;
  }
  const topic = parseTopic(msg.topic);
  if (!topic) {
    hub.send(
      client,
      errorMessage(
        client.lang,
        'bad_topic',
        400,
        msg.topic,
        'appeal:{id} · org:{id} · board:{id} · public:district:{id} · public:bbox:{w},{s},{e},{n} (≤ 2°) · outages:{municipalityId} · outage:{id} · building:{id} · applications:{userId} · hall:{officeId} · office:{officeId} · discussion:{id}',
      ),
    );
    return;
  }
  if (msg.type === 'unsubscribe') {
    hub.unsubscribe(client, msg.topic, Date.now());
    hub.send(client, wire({ type: 'unsubscribed', topic: msg.topic }));
    return;
  }
  const name = msg.topic;
  if (!client.subs.has(name) && client.subs.size >= hub.limits.maxSubscriptions) {
    hub.send(
      client,
      errorMessage(client.lang, 'too_many_subscriptions', 429, name, `≤ ${hub.limits.maxSubscriptions}`),
    );
    return;
  }
  const decision = authorizeTopic(client.actor, topic, await factsOf(app, client.actor, topic));
  if (!decision.ok) {
    hub.send(client, errorMessage(client.lang, statusCode[decision.status], decision.status, name));
    return;
  }
  const audience = { view: decision.view, internal: decision.internal };
  // In place before the backfill is read: an event committed meanwhile comes live (perhaps twice).
  const upTo = isOutageTopic(topic)
    ? outageFeed.position
    : isApplicationTopic(topic)
      ? applicationFeed.position
      : isQueueTopic(topic)
        ? queueFeed.position
        : isDiscussionTopic(topic)
          ? discussionFeed.position
          : feed.position;
  hub.subscribe(client, name, { topic, audience });
  hub.send(client, wire({ type: 'subscribed', topic: name, seq: upTo }));
  if (msg.since === undefined || msg.since >= upTo) return;
  // An applicant's few applications, and a hall's board, are read again over HTTP rather than replayed.
  if (isApplicationTopic(topic) || isQueueTopic(topic) || isDiscussionTopic(topic)) {
    hub.send(client, wire({ type: 'resync', topic: name, reason: 'not_replayed' }));
    return;
  }
  if (upTo - msg.since > hub.limits.maxReplayIds) {
    hub.send(client, wire({ type: 'resync', topic: name, reason: 'too_far_behind' }));
    return;
  }
  const from = topic.kind === 'appeal' ? msg.since : Math.max(0, msg.since - BACKFILL_OVERLAP);
  // Paid for by the client's address (on the app's clock, which tests set), then run in turn with
  // every other replay of the process.
  const charged = app.live.replays.charge(client.address, upTo - from, app.clock().getTime());
  const turn = charged ? await app.live.replays.turn() : null;
  if (!turn) {
    hub.send(client, wire({ type: 'resync', topic: name, reason: 'replay_limited' }));
    return;
  }
  try {
    await replayMissed(app, client, { name, topic, audience, from, upTo });
  } finally {
    turn();
  }
}

/**
 * What a reconnecting client missed on a topic after `from`, or resync when that is too much. Read
 * a chunk of ids at a time, yielding to the event loop between chunks, so a replay never holds it
 * for long (/healthz answers in between).
 */
async function replayMissed(
  app: FastifyInstance,
  client: LiveClient,
  s: { name: string; topic: Topic; audience: Audience; from: number; upTo: number },
) {
  const { hub } = app.live;
  const { name, topic, audience } = s;
  const { maxReplayEvents, replayChunkIds } = hub.limits;
  const now = app.clock();
  const messages: string[] = [];
  for (let lo = s.from; lo < s.upTo; lo += replayChunkIds) {
    const hi = Math.min(s.upTo, lo + replayChunkIds);
    if (isOutageTopic(topic)) {
      for (const e of await outageSnapshotsBetween(app.db, lo, hi))
        if (outageTopicsOf(e).includes(name))
          messages.push(JSON.stringify({ topic: name, ...outageMessageOf(e, now), replay: true }));
    } else {
      const single = topic.kind === 'appeal' ? { appealId: topic.appealId } : undefined;
      for (const e of await eventSnapshotsBetween(app.db, lo, hi, single))
        if ((topic.kind === 'bbox' ? inBbox(e, topic) : topicsOf(e).includes(name)) && reaches(e, audience))
          messages.push(JSON.stringify({ topic: name, ...messageOf(e, audience.view), replay: true }));
    }
    if (messages.length > maxReplayEvents) {
      hub.send(client, wire({ type: 'resync', topic: name, reason: 'too_many_missed' }));
      return;
    }
    if (!client.subs.has(name)) return;
    await yieldToLoop();
  }
  for (const m of messages) hub.send(client, m);
}
