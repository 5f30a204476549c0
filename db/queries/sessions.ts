import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { sessions, users } from '../schema/index.ts';

export type SessionActor = {
  userId: number;
  role: (typeof users.$inferSelect)['role'];
  municipalityId: number;
  organisationId: number | null;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
};

/** The live session with this token hash and its user, or null when absent, expired or revoked. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionActor | null> {
  const rows = await db
    .select({
      userId: users.id,
      role: users.role,
      municipalityId: users.municipalityId,
      organisationId: users.organisationId,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Slide the session's expiry forward (called at most every few minutes per session). */
export async function touchSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt })
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
  await db.delete(sessions).where(sql`coalesce(${sessions.revokedAt}, ${sessions.expiresAt}) < ${now}::timestamptz - interval '1 day'`);
}
