/**
 * The live websocket's protocol (GET /api/live), declared once: what a client may send and every
 * message the server sends. Each schema has an id, so the OpenAPI document carries them as
 * components (fastify-type-provider-zod's jsonSchemaTransformObject writes every registered schema)
 * and the web app's types are generated from them like every HTTP answer's.
 */
import { z } from 'zod';
import { appealStatuses, priorities, roles } from '../../db/schema/index.ts';
import { outageSchema, updateSchema } from '../outages/schemas.ts';

const topic = z.string().max(100);
const instant = z.iso.datetime({ offset: true });

export const liveClientMessage = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('subscribe'), topic, since: z.number().int().nonnegative().optional() }),
    z.object({ type: z.literal('unsubscribe'), topic }),
    z.object({ type: z.literal('ping') }),
  ])
  .meta({ id: 'LiveClientMessage' });
export type LiveClientMessage = z.infer<typeof liveClientMessage>;

export const liveHello = z
  .object({
    type: z.literal('hello'),
    role: z.enum([...roles, 'anonymous']),
    /** Where the appeal stream is: a `since` for the first subscription. */
    seq: z.number().int(),
    limits: z.object({ maxSubscriptions: z.number().int(), pingIntervalSeconds: z.number() }),
  })
  .meta({ id: 'LiveHello' });

export const liveSubscribed = z
  .object({ type: z.literal('subscribed'), topic, seq: z.number().int() })
  .meta({ id: 'LiveSubscribed' });

export const liveUnsubscribed = z
  .object({
    type: z.literal('unsubscribed'),
    topic,
    /** Present when the server ended it: the appeal was handed to another organisation. */
    reason: z.enum(['access_ended']).optional(),
  })
  .meta({ id: 'LiveUnsubscribed' });

/**
 * An appeal as a live message carries it: small, never the author, the description or notes. The
 * full view adds what queues sort and colour by (dispatch/live.ts `messageOf`).
 */
export const liveAppeal = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    priority: z.enum(priorities),
    categoryId: z.number().int(),
    districtId: z.number().int().nullable(),
    organisationId: z.number().int().nullable(),
    lat: z.number(),
    lon: z.number(),
    municipalityId: z.number().int().optional(),
    responseDueAt: instant.nullable().optional(),
    resolutionDueAt: instant.nullable().optional(),
    responseBreachedAt: instant.nullable().optional(),
    resolutionBreachedAt: instant.nullable().optional(),
  })
  .meta({ id: 'LiveAppeal' });

/** A replayed message (sent again after a reconnection with `since`) says so. */
const replay = z.literal(true).optional();

export const liveAppealEvent = z
  .object({
    type: z.literal('event'),
    topic,
    /** The appeal event's id. */
    seq: z.number().int(),
    kind: z.enum(['appeal.created', 'appeal.changed', 'appeal.escalated']),
    event: z.object({
      type: z.string(),
      fromStatus: z.enum(appealStatuses).nullable(),
      toStatus: z.enum(appealStatuses).nullable(),
      at: instant,
    }),
    appeal: liveAppeal,
    replay,
  })
  .meta({ id: 'LiveAppealEvent' });

/** Outage topics (outages:{municipalityId}, outage:{id}, building:{id}): the outage in its public view. */
export const liveOutageEvent = z
  .object({
    type: z.literal('event'),
    topic,
    /** The outage history entry's id. */
    seq: z.number().int(),
    kind: z.enum(['outage.published', 'outage.changed', 'outage.restored', 'outage.cancelled', 'outage.escalated']),
    update: updateSchema,
    outage: outageSchema,
    replay,
  })
  .meta({ id: 'LiveOutageEvent' });

/** An applicant's topic (applications:{userId}): a step of one of their applications, as "my applications" shows it. */
export const liveApplicationEvent = z
  .object({
    type: z.literal('event'),
    topic,
    /** The application event's id. */
    seq: z.number().int(),
    kind: z.literal('application.changed'),
    event: z.object({
      step: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      at: z.iso.datetime({ offset: true }),
    }),
    application: z.object({
      id: z.number().int(),
      number: z.string().nullable(),
      status: z.string(),
      stageIndex: z.number().int(),
      dueOn: z.iso.date().nullable(),
      version: z.number().int(),
    }),
    replay,
  })
  .meta({ id: 'LiveApplicationEvent' });

/** An office's hall (hall:{officeId}) and consoles (office:{officeId}): a step of one of its tickets. */
export const liveHallEvent = z
  .object({
    type: z.literal('event'),
    topic,
    /** The queue event's id. */
    seq: z.number().int(),
    kind: z.literal('hall.changed'),
    event: z.object({
      step: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      at: instant,
    }),
    ticket: z.object({
      id: z.number().int(),
      number: z.string(),
      serviceId: z.number().int(),
      status: z.string(),
      kind: z.enum(['booked', 'walk_in']),
      pointId: z.number().int().nullable(),
      pointLabel: z.string().nullable(),
      version: z.number().int(),
    }),
    /** Tickets waiting now per service (a service not listed has none). */
    waiting: z.array(z.object({ serviceId: z.number().int(), count: z.number().int() })),
    replay,
  })
  .meta({ id: 'LiveHallEvent' });

/** A discussion's page (discussion:{id}): a step of the discussion or of one of its proposals, with its counts. */
export const liveDiscussionEvent = z
  .object({
    type: z.literal('event'),
    topic,
    /** The discussion event's id. */
    seq: z.number().int(),
    kind: z.literal('discussion.changed'),
    event: z.object({
      step: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      at: instant,
    }),
    discussion: z.object({
      id: z.number().int(),
      status: z.string(),
      version: z.number().int(),
      counts: z.object({
        submitted: z.number().int(),
        accepted: z.number().int(),
        rejected: z.number().int(),
        total: z.number().int(),
      }),
    }),
    replay,
  })
  .meta({ id: 'LiveDiscussionEvent' });

export const liveResync = z
  .object({
    type: z.literal('resync'),
    topic,
    /**
     * The stream missed too much (or the server's listener did), or the server would not replay it
     * now (`replay_limited`: this address's replay budget is spent or the server is busy): load the
     * page again over HTTP; the live stream goes on. `not_replayed`: an applicant's topic is never
     * replayed, what a reconnecting client missed is read again over HTTP.
     */
    reason: z.enum(['too_far_behind', 'too_many_missed', 'listener_gap', 'replay_limited', 'not_replayed']),
  })
  .meta({ id: 'LiveResync' });

export const liveError = z
  .object({
    type: z.literal('error'),
    topic: topic.optional(),
    status: z.number().int(),
    code: z.enum(['bad_message', 'bad_topic', 'too_many_subscriptions', 'unauthorized', 'forbidden', 'not_found']),
    /** The catalogue's `live.<code>` in the reader's language. */
    detail: z.string(),
  })
  .meta({ id: 'LiveError' });

export const livePong = z.object({ type: z.literal('pong') }).meta({ id: 'LivePong' });

export const liveServerMessage = z
  .union([
    liveHello,
    liveSubscribed,
    liveUnsubscribed,
    liveAppealEvent,
    liveOutageEvent,
    liveApplicationEvent,
    liveHallEvent,
    liveDiscussionEvent,
    liveResync,
    liveError,
    livePong,
  ])
  .meta({ id: 'LiveServerMessage' });
export type LiveServerMessage = z.infer<typeof liveServerMessage>;
