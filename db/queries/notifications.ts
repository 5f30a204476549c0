import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Language, NotificationKind, Person, PreferenceOverride } from '../../dispatch/notifications.ts';
import type { Role } from '../../dispatch/permissions.ts';
import type { Priority } from '../../dispatch/taxonomy.ts';
import type { Db } from '../client.ts';
import {
  appealFollowers,
  appeals,
  categories,
  municipalities,
  notificationAttempts,
  notificationOutbox,
  notificationPreferences,
  organisations,
  pushSubscriptions,
  userPersonal,
  users,
} from '../schema/index.ts';

/** What the notifications of an appeal need to know about it: public facts and who is involved. */
export async function getAppealForNotices(db: Db, appealId: number) {
  const [row] = await db
    .select({
      id: appeals.id,
      municipalityId: appeals.municipalityId,
      number: appeals.number,
      authorId: appeals.authorId,
      priority: sql<Priority>`${appeals.priority}`,
      status: appeals.status,
      assignedOrgId: appeals.assignedOrgId,
      addressText: appeals.addressText,
      categoryRu: categories.nameRu,
      categoryEn: categories.nameEn,
      responseDueAt: appeals.responseDueAt,
      resolutionDueAt: appeals.resolutionDueAt,
      resolvedAt: appeals.resolvedAt,
      timeZone: municipalities.timeZone,
    })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .innerJoin(municipalities, eq(municipalities.id, appeals.municipalityId))
    .where(eq(appeals.id, appealId));
  return row ?? null;
}
export type AppealForNotices = NonNullable<Awaited<ReturnType<typeof getAppealForNotices>>>;

export async function listFollowerIds(db: Db, appealId: number): Promise<number[]> {
  const rows = await db
    .select({ userId: appealFollowers.userId })
    .from(appealFollowers)
    .where(eq(appealFollowers.appealId, appealId));
  return rows.map((r) => r.userId);
}

export type PeopleQuery =
  | { userIds: readonly number[] }
  | { organisationId: number; roles: readonly Role[] }
  | { municipalityId: number; role: Role };

/** Active accounts with their contacts, channel choices and push subscriptions, in one query. */
export async function listPeople(db: Db, q: PeopleQuery): Promise<Person[]> {
  const where =
    'userIds' in q
      ? q.userIds.length === 0
        ? sql`false`
        : inArray(users.id, [...q.userIds])
      : 'organisationId' in q
        ? and(eq(users.organisationId, q.organisationId), inArray(users.role, [...q.roles]))
        : and(eq(users.municipalityId, q.municipalityId), eq(users.role, q.role));
  const rows = await db
    .select({
      userId: users.id,
      role: users.role,
      language: users.language,
      phone: userPersonal.phone,
      email: userPersonal.email,
      preferences: sql<PreferenceOverride[]>`coalesce((
        select json_agg(json_build_object('kind', p.kind, 'channel', p.channel, 'enabled', p.enabled))
        from ${notificationPreferences} p where p.user_id = ${users.id}), '[]'::json)`,
      pushEndpoints: sql<string[]>`coalesce((
        select json_agg(s.endpoint order by s.id) from ${pushSubscriptions} s where s.user_id = ${users.id}), '[]'::json)`,
    })
    .from(users)
    .leftJoin(userPersonal, eq(userPersonal.userId, users.id))
    .where(and(where, isNull(users.disabledAt)))
    .orderBy(asc(users.id));
  return rows.map((r) => ({ ...r, phone: r.phone ?? null, email: r.email ?? null }));
}

/** An organisation's public e-mail (not a person's). */
export async function getOrganisationEmail(db: Db, organisationId: number): Promise<string | null> {
  const [row] = await db
    .select({ email: organisations.email })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row?.email ?? null;
}

export type NoticeRow = {
  municipalityId: number;
  userId: number | null;
  appealId: number | null;
  channel: (typeof notificationOutbox.$inferInsert)['channel'];
  destination: string;
  kind: NotificationKind | null;
  template: string;
  subject?: string | null;
  body?: string | null;
  payload: Record<string, unknown>;
  sendAfter: Date | null;
  now: Date;
};

/** Queue messages (rendered later by the delivery job); call it inside the causing transaction. */
export async function insertNotices(db: Db, rows: readonly NoticeRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(notificationOutbox)
    .values(
      rows.map((r) => ({
        municipalityId: r.municipalityId,
        userId: r.userId,
        appealId: r.appealId,
        channel: r.channel,
        destination: r.destination,
        kind: r.kind,
        template: r.template,
        subject: r.subject ?? null,
        body: r.body ?? null,
        payload: r.payload,
        status: 'pending' as const,
        sendAfter: r.sendAfter,
        createdAt: r.now,
      })),
    )
    .returning({ id: notificationOutbox.id });
  return inserted.map((r) => r.id);
}

/** The outbox row under a lock: a second delivery of the same row waits here, then finds it done. */
export async function lockOutboxRow(db: Db, id: number) {
  const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)).for('update');
  return row ?? null;
}
export type OutboxRow = NonNullable<Awaited<ReturnType<typeof lockOutboxRow>>>;

export async function recordAttempt(
  db: Db,
  a: {
    outboxId: number;
    attempt: number;
    at: Date;
    channel: OutboxRow['channel'];
    ok: boolean;
    error: string | null;
    durationMs: number;
  },
): Promise<void> {
  await db.insert(notificationAttempts).values(a);
}

export async function updateOutboxRow(
  db: Db,
  id: number,
  set: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'subject' | 'body' | 'sentAt' | 'lastError'>>,
): Promise<void> {
  await db.update(notificationOutbox).set(set).where(eq(notificationOutbox.id, id));
}

/** Mark a row dead unless it was delivered meanwhile; true when it changed. */
export async function markOutboxDead(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(notificationOutbox)
    .set({ status: 'dead' })
    .where(and(eq(notificationOutbox.id, id), inArray(notificationOutbox.status, ['pending', 'failed'])))
    .returning({ id: notificationOutbox.id });
  return rows.length > 0;
}

export async function listPreferenceOverrides(db: Db, userId: number): Promise<PreferenceOverride[]> {
  return db
    .select({
      kind: notificationPreferences.kind,
      channel: notificationPreferences.channel,
      enabled: notificationPreferences.enabled,
    })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export async function savePreferenceOverrides(
  db: Db,
  userId: number,
  rows: readonly PreferenceOverride[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(rows.map((r) => ({ userId, kind: r.kind, channel: r.channel, enabled: r.enabled, updatedAt: now })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel],
      set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` },
    });
}

export async function getLanguage(db: Db, userId: number): Promise<Language> {
  const [row] = await db.select({ language: users.language }).from(users).where(eq(users.id, userId));
  return row?.language ?? 'ru';
}

export async function setLanguage(db: Db, userId: number, language: Language): Promise<void> {
  await db.update(users).set({ language }).where(eq(users.id, userId));
}

/** Register a browser's push subscription (an endpoint moves to whoever registers it last). */
export async function savePushSubscription(
  db: Db,
  s: { userId: number; endpoint: string; p256dh: string; auth: string; now: Date },
): Promise<void> {
  await db
    .insert(pushSubscriptions)
    .values({ userId: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, createdAt: s.now })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: s.userId, p256dh: s.p256dh, auth: s.auth, createdAt: s.now },
    });
}

export async function deletePushSubscription(db: Db, userId: number, endpoint: string): Promise<boolean> {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}

export async function getPushSubscription(db: Db, endpoint: string) {
  const [row] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
  return row ?? null;
}

/** A push service said the subscription is gone (404/410): forget it. */
export async function deletePushEndpoint(db: Db, endpoint: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
}

export async function countPushSubscriptions(db: Db, userId: number): Promise<number> {
  return db.$count(pushSubscriptions, eq(pushSubscriptions.userId, userId));
}
