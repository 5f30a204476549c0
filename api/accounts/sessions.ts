import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { findLiveSession, listUserSessions, revokeSession, revokeUserSessions } from '../../db/queries/sessions.ts';
import { getSessionUser } from '../../db/queries/users.ts';
import type { Context } from '../context.ts';
import { NotFound, Unauthorized } from '../errors.ts';
import { describeUserAgent } from '../user-agent.ts';

/*
 * A person's own sessions: the one a sign-in starts, the one a reloaded page recovers, the list of
 * where they are signed in, and ending one or all of them. `tokenHash` is the request's session, if any.
 */

/** The signed-in person's id (the routes' access let only signed-in people in). */
function userOf(ctx: Context): number {
  if (!ctx.actor) throw new Unauthorized();
  return ctx.actor.userId;
}

/**
 * A session's id in the API: derived from the token's hash (itself an HMAC of the token), so the list
 * never shows what the database keys sessions by, and the id is no use for signing in.
 */
const publicSessionId = (tokenHash: string) =>
  createHash('sha256').update(`session-id:${tokenHash}`).digest('base64url').slice(0, 16);

/** The user a new session is for; the session the request carried, if any, ends (one per sign-in). */
export async function userForNewSession(ctx: Context, userId: number, replacedTokenHash: string | null) {
  if (replacedTokenHash) await revokeSession(ctx.db, replacedTokenHash, ctx.clock());
  const user = await getSessionUser(ctx.db, userId);
  if (!user) throw new Unauthorized();
  return user;
}

/** The signed-in user and the session's CSRF token, for a reloaded page. */
export async function currentSession(ctx: Context, tokenHash: string | null) {
  // Read outside any transaction: a request's context holds the database itself.
  const session = tokenHash ? await findLiveSession(ctx.db as Database, tokenHash, ctx.clock()) : null;
  const user = await getSessionUser(ctx.db, userOf(ctx));
  if (!session || !user) throw new Unauthorized();
  return { user, csrfToken: session.csrfToken };
}

/** End the request's session. */
export async function signOut(ctx: Context, tokenHash: string | null): Promise<void> {
  if (tokenHash) await revokeSession(ctx.db, tokenHash, ctx.clock());
}

/** The user's live sessions, the most recently used first. */
export async function listSessions(ctx: Context, tokenHash: string | null) {
  const rows = await listUserSessions(ctx.db, userOf(ctx), ctx.clock());
  return rows.map((r) => ({
    id: publicSessionId(r.tokenHash),
    current: r.tokenHash === tokenHash,
    device: describeUserAgent(r.userAgent),
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** End one of the user's own sessions (`current` names the request's); says whether it was the request's. */
export async function endSession(ctx: Context, id: string, tokenHash: string | null): Promise<{ current: boolean }> {
  const userId = userOf(ctx);
  const rows = await listUserSessions(ctx.db, userId, ctx.clock());
  const session = rows.find((r) =>
    id === 'current' ? r.tokenHash === tokenHash : publicSessionId(r.tokenHash) === id,
  );
  if (!session) throw new NotFound('session');
  await revokeSession(ctx.db, session.tokenHash, ctx.clock());
  ctx.log.info({ userId }, 'ended a session');
  return { current: session.tokenHash === tokenHash };
}

/** End every session of the user, the request's included. */
export async function signOutEverywhere(ctx: Context): Promise<number> {
  const userId = userOf(ctx);
  const revokedSessions = await revokeUserSessions(ctx.db, userId, ctx.clock());
  ctx.log.info({ userId, revokedSessions }, 'signed out everywhere');
  return revokedSessions;
}
