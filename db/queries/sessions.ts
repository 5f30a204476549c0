import { and, eq, gt, inArray, isNull, lt, Placeholder, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Database, Db } from '../client.ts';
import { sessions, users } from '../schema/index.ts';

/** A session is live: not revoked, not expired, and its user not disabled (joined with users). */
const liveAt = (now: Date | Placeholder) =>
  and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(users.disabledAt));

export type SessionActor = {
  userId: number;
  role: (typeof users.$inferSelect)['role'];
  municipalityId: number;
  organisationId: number | null;
  /** The language the user reads messages in. */
  language: (typeof users.$inferSelect)['language'];
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
};

/**
 * Every request with a session cookie runs this, and drizzle's query builder cost more than the
 * query itself: the text is built once, here, from `liveAt`, and sent as a statement postgres.js
 * prepares once per connection.
 */
const liveSession = new QueryBuilder()
  .select({
    userId: users.id,
    role: users.role,
    municipalityId: users.municipalityId,
    organisationId: users.organisationId,
    language: users.language,
    csrfToken: sessions.csrfToken,
    expiresAt: sessions.expiresAt,
    lastSeenAt: sessions.lastSeenAt,
  })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), liveAt(sql.placeholder('now'))))
  .limit(1)
  .toSQL();

type LiveSessionRow = {
  id: string;
  role: SessionActor['role'];
  municipality_id: number;
  organisation_id: number | null;
  language: SessionActor['language'];
  csrf_token: string;
  // drizzle's parsers leave timestamps as text (db/client.ts).
  expires_at: string;
  last_seen_at: string;
};

/** The live session with this token hash and its user, or null when absent, expired or revoked. */
export async function findLiveSession(db: Database, tokenHash: string, now: Date): Promise<SessionActor | null> {
  const values: Record<string, string> = { tokenHash, now: now.toISOString() };
  const params = liveSession.params.map((p) => (p instanceof Placeholder ? values[p.name] : p));
  const [row] = await db.$client.unsafe<LiveSessionRow[]>(liveSession.sql, params as never[]);
  if (!row) return null;
  return {
    userId: Number(row.id),
    role: row.role,
    municipalityId: row.municipality_id,
    organisationId: row.organisation_id,
    language: row.language,
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
    lastSeenAt: new Date(row.last_seen_at),
  };
}

/**
 * Slide the session's expiry forward (called at most every few minutes per session), never past its
 * absolute end: `absoluteMs` after it was created.
 */
export async function touchSession(
  db: Db,
  tokenHash: string,
  now: Date,
  expiresAt: Date,
  absoluteMs: number,
): Promise<void> {
  await db
    .update(sessions)
    .set({
      lastSeenAt: now,
      expiresAt: sql`least(${expiresAt.toISOString()}::timestamptz, ${sessions.createdAt} + make_interval(secs => ${absoluteMs / 1000}))`,
    })
    .where(and(eq(sessions.tokenHash, tokenHash), lt(sessions.lastSeenAt, now)));
}

export async function createSession(
  db: Db,
  s: { tokenHash: string; userId: number; csrfToken: string; now: Date; expiresAt: Date; userAgent?: string },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: s.tokenHash,
    userId: s.userId,
    csrfToken: s.csrfToken,
    createdAt: s.now,
    lastSeenAt: s.now,
    expiresAt: s.expiresAt,
    userAgent: s.userAgent?.slice(0, 300),
  });
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

/** The user's live sessions, the most recently used first (for the "where am I signed in" list). */
export async function listUserSessions(db: Db, userId: number, now: Date) {
  return db
    .select({
      tokenHash: sessions.tokenHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.userId, userId), liveAt(now)))
    .orderBy(sql`${sessions.lastSeenAt} desc`)
    .limit(100);
}

export async function revokeUserSessions(db: Db, userId: number, now: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/** Delete sessions that ended more than a day ago. */
export async function purgeEndedSessions(db: Db, now: Date): Promise<void> {
  await db
    .delete(sessions)
    .where(sql`coalesce(${sessions.revokedAt}, ${sessions.expiresAt}) < ${now}::timestamptz - interval '1 day'`);
}

/** Of these sessions, the ones that are no longer live (signed out, revoked, expired, user disabled). */
export async function endedSessions(db: Db, tokenHashes: readonly string[], now: Date): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(inArray(sessions.tokenHash, [...tokenHashes]), liveAt(now)));
  const live = new Set(rows.map((r) => r.tokenHash));
  return new Set(tokenHashes.filter((h) => !live.has(h)));
}
