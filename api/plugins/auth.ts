import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createSession, findLiveSession, touchSession } from '../../db/queries/sessions.ts';
import type { Action, Actor, Resource, Role } from '../../dispatch/permissions.ts';
import { can } from '../../dispatch/permissions.ts';
import { Forbidden, HttpProblem, Unauthorized } from '../errors.ts';

export const SESSION_COOKIE = 'otklik_session';
/** Over HTTPS the cookie takes the __Host- prefix: Secure, Path=/, no Domain, so no subdomain can set it. */
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);
export const CSRF_HEADER = 'x-csrf-token';
const HOUR_MS = 3600 * 1000;
// A resident's session: 30 days of inactivity end it, activity slides it forward; however active, it
// ends 90 days after sign-in. Residents sign in by a one-time code, so a long session spares them SMS.
export const SESSION_TTL_MS = 30 * 24 * HOUR_MS;
export const SESSION_ABSOLUTE_MS = 90 * 24 * HOUR_MS;
// Staff see residents' personal data: 12 idle hours (a shift) end their session, and 30 days at most.
export const STAFF_SESSION_TTL_MS = 12 * HOUR_MS;
export const STAFF_SESSION_ABSOLUTE_MS = 30 * 24 * HOUR_MS;

/** How long a session of this role lives: idle, and at most from sign-in. */
export function sessionLimits(role: Role): { idleMs: number; absoluteMs: number } {
  return role === 'resident'
    ? { idleMs: SESSION_TTL_MS, absoluteMs: SESSION_ABSOLUTE_MS }
    : { idleMs: STAFF_SESSION_TTL_MS, absoluteMs: STAFF_SESSION_ABSOLUTE_MS };
}
// Write last_seen_at at most every 5 minutes per session, not on every request.
const TOUCH_EVERY_MS = 5 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting; null for an anonymous visitor. */
    actor: Actor;
    /** The session's token hash, when the request carries a live session. */
    sessionTokenHash: string | null;
  }
  interface FastifyInstance {
    /** Start a session for the user and set the cookie; returns the CSRF token for the client. */
    startSession(
      reply: FastifyReply,
      request: FastifyRequest,
      user: { id: number; role: Role },
    ): Promise<{ csrfToken: string }>;
    hashSessionToken(token: string): string;
    /** The session cookie's name (`__Host-otklik_session` over HTTPS). */
    sessionCookieName: string;
  }
}

/** Throw 401/403 unless the request's actor may do the action (to the resource, if given). */
export function authorize(request: FastifyRequest, action: Action, resource?: Resource): void {
  if (can(request.actor, action, resource)) return;
  throw request.actor ? new Forbidden() : new Unauthorized();
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sessions in PostgreSQL behind an HttpOnly SameSite cookie; CSRF token on cookie-authenticated writes. */
export default fp(
  async function auth(app: FastifyInstance, opts: { secret: string; secureCookies: boolean }) {
    const hashSessionToken = (token: string) => createHmac('sha256', opts.secret).update(token).digest('hex');
    app.decorate('hashSessionToken', hashSessionToken);
    const cookieName = sessionCookieName(opts.secureCookies);
    app.decorate('sessionCookieName', cookieName);
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionTokenHash', null);
    app.decorateRequest('userLanguage', null);

    app.decorate(
      'startSession',
      async (reply: FastifyReply, request: FastifyRequest, user: { id: number; role: Role }) => {
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        const now = app.clock();
        const limits = sessionLimits(user.role);
        await createSession(app.db, {
          tokenHash: hashSessionToken(token),
          userId: user.id,
          csrfToken,
          now,
          expiresAt: new Date(now.getTime() + limits.idleMs),
          userAgent: request.headers['user-agent'],
        });
        // The cookie lasts as long as the session may (its absolute end); the server ends it when idle.
        reply.setCookie(cookieName, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secureCookies,
          maxAge: limits.absoluteMs / 1000,
        });
        return { csrfToken };
      },
    );

    app.addHook('onRequest', async (request) => {
      const token = request.cookies[cookieName];
      if (!token || token.length > 100) return;
      const tokenHash = hashSessionToken(token);
      const now = app.clock();
      const session = await findLiveSession(app.db, tokenHash, now);
      if (!session) return;
      if (!safeMethods.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        const expected = Buffer.from(session.csrfToken);
        const given = Buffer.from(typeof sent === 'string' ? sent : '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new HttpProblem(403, 'csrf', { id: 'auth.csrf' });
        }
      }
      request.actor = {
        userId: session.userId,
        role: session.role,
        municipalityId: session.municipalityId,
        organisationId: session.organisationId,
      };
      request.sessionTokenHash = tokenHash;
      request.userLanguage = session.language;
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        const limits = sessionLimits(session.role);
        await touchSession(app.db, tokenHash, now, new Date(now.getTime() + limits.idleMs), limits.absoluteMs);
      }
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
