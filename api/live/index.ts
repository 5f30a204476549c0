/**
 * Live status for this process: the event feed (LISTEN), the hub of sockets, and the periodic check
 * that ends the sockets of sessions that ended. Started when the app is ready, stopped on close.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { endedSessions } from '../../db/queries/sessions.ts';
import { isApplicationTopic, isDiscussionTopic, isOutageTopic, isQueueTopic } from '../../dispatch/live.ts';
import type { ApplicationEventSnapshot, DiscussionEventSnapshot, OutageSnapshot } from '../../dispatch/live-records.ts';
import type { QueueEventSnapshot } from '../../dispatch/hall.ts';
import {
  applicationEventSource,
  discussionEventSource,
  EventFeed,
  outageUpdateSource,
  queueEventSource,
} from './feed.ts';
import { defaultLimits, type LiveLimits, LiveHub } from './hub.ts';
import { ReplayGate } from './replay-gate.ts';

export type Live = {
  hub: LiveHub;
  feed: EventFeed;
  outageFeed: EventFeed<OutageSnapshot>;
  applicationFeed: EventFeed<ApplicationEventSnapshot>;
  queueFeed: EventFeed<QueueEventSnapshot>;
  discussionFeed: EventFeed<DiscussionEventSnapshot>;
  replays: ReplayGate;
};

declare module 'fastify' {
  interface FastifyInstance {
    live: Live;
  }
}

/** How often the sessions behind open sockets are checked (sign-out, revocation, expiry). */
const SESSION_CHECK_MS = 60_000;

/** The feeds of the topics with a sequence of their own: outages, applications, the hall, discussions. */
function topicFeeds(app: FastifyInstance, hub: LiveHub, pollMs: number | undefined) {
  const outageFeed = new EventFeed(app.db, {
    source: outageUpdateSource,
    onEvents: (events) => hub.publishOutages(events, app.clock()),
    onGap: () => hub.resyncAll('listener_gap', isOutageTopic),
    pollMs: pollMs,
    log: app.log,
  });
  const applicationFeed = new EventFeed(app.db, {
    source: applicationEventSource,
    onEvents: (events) => hub.publishApplications(events),
    onGap: () => hub.resyncAll('listener_gap', isApplicationTopic),
    pollMs: pollMs,
    log: app.log,
  });
  // The hall display waits on this one: 5 ms to gather a burst, not 25.
  const queueFeed = new EventFeed(app.db, {
    source: queueEventSource,
    batchMs: 5,
    onEvents: (events) => hub.publishQueue(events),
    onGap: () => hub.resyncAll('listener_gap', isQueueTopic),
    pollMs: pollMs,
    log: app.log,
  });
  const discussionFeed = new EventFeed(app.db, {
    source: discussionEventSource,
    onEvents: (events) => hub.publishDiscussions(events),
    onGap: () => hub.resyncAll('listener_gap', isDiscussionTopic),
    pollMs: pollMs,
    log: app.log,
  });
  return { outageFeed, applicationFeed, queueFeed, discussionFeed };
}

export default fp(
  async function live(
    app: FastifyInstance,
    opts: { limits?: Partial<LiveLimits>; sessionCheckMs?: number; feedPollMs?: number },
  ) {
    const hub = new LiveHub({ ...defaultLimits, ...opts.limits });
    const feed = new EventFeed(app.db, {
      onEvents: (events) => hub.publish(events),
      onGap: () =>
        hub.resyncAll(
          'listener_gap',
          (t) => !isOutageTopic(t) && !isApplicationTopic(t) && !isQueueTopic(t) && !isDiscussionTopic(t),
        ),
      pollMs: opts.feedPollMs,
      log: app.log,
    });
    const { outageFeed, applicationFeed, queueFeed, discussionFeed } = topicFeeds(app, hub, opts.feedPollMs);
    app.decorate('live', {
      hub,
      feed,
      outageFeed,
      applicationFeed,
      queueFeed,
      discussionFeed,
      replays: new ReplayGate(hub.limits),
    });

    let sessionTimer: NodeJS.Timeout | null = null;
    const checkSessions = async () => {
      const hashes = [
        ...new Set([...hub.clients].map((c) => c.sessionTokenHash).filter((h): h is string => h !== null)),
      ];
      hub.endSessions(await endedSessions(app.db, hashes, app.clock()));
    };

    app.addHook('onReady', async () => {
      await feed.start();
      await outageFeed.start();
      await applicationFeed.start();
      await queueFeed.start();
      await discussionFeed.start();
      hub.start();
      sessionTimer = setInterval(() => {
        checkSessions().catch((err: Error) => app.log.error({ err }, 'live: checking sessions failed'));
      }, opts.sessionCheckMs ?? SESSION_CHECK_MS);
      sessionTimer.unref();
    });
    app.addHook('preClose', async () => {
      if (sessionTimer) clearInterval(sessionTimer);
      hub.stop();
      await feed.stop();
      await outageFeed.stop();
      await applicationFeed.stop();
      await queueFeed.stop();
      await discussionFeed.stop();
    });
  },
  { name: 'live', dependencies: ['auth'] },
);
