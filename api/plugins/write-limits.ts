import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hitMany, type RateLimitRule } from '../../db/queries/rate-limits.ts';
import { TooManyRequests } from '../errors.ts';

type Limit = { perUser: RateLimitRule; perIp: RateLimitRule };

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Caps on writes that residents (or a script posing as many) could use to flood the city: each
 * counted per signed-in user and per client address in fixed windows shared by every process (the
 * rate_limits table, as sign-in's limits in api/accounts/sign-in.ts). Per-address caps are generous:
 * mobile operators put many people behind one address. Sign-in has its own limits.
 */
export const writeLimits = {
  // A resident files a few appeals a day; 60 an hour is far above any real need (a dispatcher filing
  // for callers included) and still stops a script flooding the queues.
  appealCreate: { perUser: { limit: 60, windowSeconds: HOUR }, perIp: { limit: 600, windowSeconds: HOUR } },
  // Comments, status changes and resolutions: a busy dispatcher acts every few seconds at most.
  appealAction: { perUser: { limit: 600, windowSeconds: HOUR }, perIp: { limit: 3000, windowSeconds: HOUR } },
  // Every request that carries files (photos, documents, reading imports), whatever the route.
  upload: { perUser: { limit: 100, windowSeconds: HOUR }, perIp: { limit: 600, windowSeconds: HOUR } },
  // The resident's own cap on apartment link requests (10 a day) lives in api/apartments/link-requests.ts.
  apartmentLink: { perUser: { limit: 10, windowSeconds: DAY }, perIp: { limit: 100, windowSeconds: DAY } },
  meterReading: { perUser: { limit: 200, windowSeconds: HOUR }, perIp: { limit: 2000, windowSeconds: HOUR } },
  pushSubscription: { perUser: { limit: 30, windowSeconds: HOUR }, perIp: { limit: 300, windowSeconds: HOUR } },
} as const satisfies Record<string, Limit>;

export type WriteLimitName = keyof typeof writeLimits;

/** Which limits a route is under: "METHOD /route/pattern" as Fastify knows it. */
const routeLimits: Record<string, WriteLimitName> = {
  'POST /api/appeals': 'appealCreate',
  'POST /api/appeals/:id/actions': 'appealAction',
  'POST /api/me/apartments': 'apartmentLink',
  'POST /api/meters/:id/readings': 'meterReading',
  'POST /api/me/push-subscriptions': 'pushSubscription',
};

const isMultipart = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');

/** The limits this request counts against (none for reads and unlisted writes). */
export function limitsFor(request: FastifyRequest): WriteLimitName[] {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return [];
  const names: WriteLimitName[] = [];
  const named = routeLimits[`${request.method} ${request.routeOptions.url ?? ''}`];
  if (named) names.push(named);
  if (isMultipart(request)) names.push('upload');
  return names;
}

export default fp(
  async function writeLimitsPlugin(app: FastifyInstance, opts: { enabled: boolean }) {
    if (!opts.enabled) return;
    // Keys carry an HMAC of the address, not the address itself (the table outlives no window by much).
    const subjectKey = (name: string, subject: string) =>
      `write:${name}:${createHmac('sha256', app.config.SESSION_SECRET).update(`rate-limit:${subject}`).digest('hex').slice(0, 32)}`;

    // After the session is read (auth's onRequest) and before any body is parsed or file stored.
    app.addHook('onRequest', async (request) => {
      const names = limitsFor(request);
      if (names.length === 0) return;
      const counters = names.flatMap((name) => {
        const rule = writeLimits[name];
        const perIp = { ...rule.perIp, key: subjectKey(`${name}:ip`, request.ip) };
        const actor = request.actor;
        return actor ? [{ ...rule.perUser, key: subjectKey(`${name}:user`, String(actor.userId)) }, perIp] : [perIp];
      });
      const result = await hitMany(app.db, counters, app.clock());
      if (!result.allowed) {
        request.log.info({ limits: names, retryAfter: result.retryAfterSeconds }, 'write rate limit reached');
        throw new TooManyRequests(result.retryAfterSeconds);
      }
    });
  },
  { name: 'write-limits', dependencies: ['auth'] },
);
