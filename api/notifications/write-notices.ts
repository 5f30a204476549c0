/**
 * Writing notifications (services other use cases call inside their own transaction): the rules of dispatch/notifications.ts applied to the people, contacts and
 * choices in the database, as outbox rows plus one notify.deliver job each, all in the caller's
 * transaction (the one that writes the event), so a message exists if and only if its cause does.
 */
import type { Db } from '../../db/client.ts';
import {
  getAppealForNotices,
  getOrganisationEmail,
  insertNotices,
  listFollowerIds,
  listPeople,
  type NoticeRow,
} from '../../db/queries/notifications.ts';
import type { LadderAction } from '../../dispatch/escalation.ts';
import type { LifecycleEvent, ResolvedEffect } from '../../dispatch/lifecycle.ts';
import {
  type Audience,
  type Delivery,
  deliveriesFor,
  heldUntil,
  type Notice,
  type Person,
  stepNotices,
  transitionNotices,
  uniqueDeliveries,
} from '../../dispatch/notifications.ts';
import type { TimerStep } from '../../dispatch/sla.ts';
import { enqueueMany } from '../../jobs/queues.ts';
import type { Context } from '../context.ts';

/** What the writers use of a context: the caller's transaction and the job queue. */
type Outbox = Pick<Context, 'db' | 'boss'>;

type AppealFacts = { id: number; municipalityId: number; timeZone: string };

/**
 * The people of each audience: the residents named in one query, each organisation or role in one,
 * all sent at once (pipelined on the transaction's connection).
 */
async function peopleOf(
  db: Db,
  municipalityId: number,
  notices: readonly Notice[],
): Promise<(a: Audience) => Person[]> {
  const userIds = notices.flatMap((n) => (n.audience.type === 'user' ? [n.audience.userId] : []));
  const keyOf = (a: Audience) => JSON.stringify(a);
  const asked = new Map<string, Promise<Person[]>>();
  for (const { audience } of notices) {
    if (audience.type === 'user' || asked.has(keyOf(audience))) continue;
    const query =
      audience.type === 'organisation'
        ? { organisationId: audience.organisationId, roles: audience.roles }
        : { municipalityId, role: audience.role };
    asked.set(keyOf(audience), listPeople(db, query));
  }
  const [residents, ...lists] = await Promise.all([
    userIds.length > 0 ? listPeople(db, { userIds }) : [],
    ...asked.values(),
  ]);
  const groups = new Map([...asked.keys()].map((key, i) => [key, lists[i]]));
  return (a) => (a.type === 'user' ? residents.filter((p) => p.userId === a.userId) : (groups.get(keyOf(a)) ?? []));
}

/**
 * Resolve notices into deliveries, write them and queue their jobs; returns the rows written. Each
 * cause (a transition, one escalation step) is its own group, deduplicated on its own, so several
 * causes share the queries but none swallows another's message.
 */
async function queueNotices(
  ctx: Outbox,
  appeal: AppealFacts,
  causes: readonly (readonly Notice[])[],
  actorId: number | null,
  now: Date,
): Promise<number> {
  const all = causes.flat();
  if (all.length === 0) return 0;
  const people = await peopleOf(ctx.db, appeal.municipalityId, all);
  // An organisation's e-mail, read once for all the causes that need it.
  const emails = new Map<number, Promise<string | null>>();
  const emailOf = (organisationId: number) => {
    if (!emails.has(organisationId)) emails.set(organisationId, getOrganisationEmail(ctx.db, organisationId));
    return emails.get(organisationId) as Promise<string | null>;
  };
  const rows: NoticeRow[] = [];
  for (const notices of causes) rows.push(...(await deliveryRows(appeal, notices, people, emailOf, actorId, now)));
  return (await writeNotices(ctx, rows)).length;
}

/** The outbox rows of one cause's notices, each delivery once. */
async function deliveryRows(
  appeal: AppealFacts,
  notices: readonly Notice[],
  people: (a: Audience) => Person[],
  emailOf: (organisationId: number) => Promise<string | null>,
  actorId: number | null,
  now: Date,
): Promise<NoticeRow[]> {
  const deliveries: Delivery[] = [];
  for (const notice of notices) {
    const audience = people(notice.audience);
    let found = deliveriesFor(notice, audience, { actorId, organisationEmail: null });
    // The organisation's public e-mail is read only when none of its staff would hear the notice.
    if (found.length === 0 && notice.audience.type === 'organisation') {
      found = deliveriesFor(notice, audience, {
        actorId,
        organisationEmail: await emailOf(notice.audience.organisationId),
      });
    }
    deliveries.push(...found);
  }
  return uniqueDeliveries(deliveries).map((d) => ({
    municipalityId: appeal.municipalityId,
    userId: d.userId,
    appealId: appeal.id,
    channel: d.channel,
    destination: d.destination,
    kind: d.kind,
    template: d.template,
    payload: { language: d.language, emergency: d.emergency, vars: d.vars },
    sendAfter: heldUntil(now, appeal.timeZone, d.emergency),
    now,
  }));
}

/** Write outbox rows and one notify.deliver job each (held until `sendAfter`) in the caller's transaction. */
export async function writeNotices(ctx: Outbox, rows: readonly NoticeRow[]): Promise<number[]> {
  const ids = await insertNotices(ctx.db, rows);
  await enqueueMany(
    ctx.boss,
    ctx.db,
    'notify.deliver',
    ids.map((outboxId, i) => ({
      data: { outboxId },
      singletonKey: `notify:${outboxId}`,
      ...(rows[i].sendAfter ? { startAfter: rows[i].sendAfter } : {}),
    })),
  );
  return ids;
}

/**
 * The notifications of a lifecycle transition just written (call it in the same transaction, after
 * the transition is applied): residents hear of status changes, the rest what the effects name.
 */
export async function notifyTransition(
  ctx: Outbox,
  t: {
    appealId: number;
    event: Pick<LifecycleEvent, 'fromStatus' | 'toStatus' | 'note' | 'actorId'>;
    effects: readonly ResolvedEffect[];
  },
  now: Date,
): Promise<number> {
  const appeal = await getAppealForNotices(ctx.db, t.appealId);
  if (!appeal) return 0;
  const followerIds = t.event.fromStatus !== t.event.toStatus ? await listFollowerIds(ctx.db, t.appealId) : [];
  const notices = transitionNotices({ appeal, event: t.event, effects: t.effects, followerIds });
  return queueNotices(ctx, appeal, [notices], t.event.actorId, now);
}

/** The notifications of escalation steps of one appeal just recorded (same transaction), each step's own. */
export async function notifySteps(
  ctx: Outbox,
  appealId: number,
  steps: readonly { step: TimerStep; clock: 'response' | 'resolution'; actions: readonly LadderAction[] }[],
  now: Date,
): Promise<number> {
  if (steps.length === 0) return 0;
  const appeal = await getAppealForNotices(ctx.db, appealId);
  if (!appeal) return 0;
  const causes = steps.map((s) => stepNotices({ appeal, step: s.step, clock: s.clock, actions: s.actions }));
  return queueNotices(ctx, appeal, causes, null, now);
}
