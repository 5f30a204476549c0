import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiAnswer } from './security-headers.ts';

/**
 * How long browsers and proxies may keep a route's public answer (`config.cache`), declared only on
 * routes whose answer to an anonymous visitor holds no personal data and does not depend on cookies
 * (the reader's language changes problems only, which are never kept).
 */
export type PublicCache = {
  /** Seconds the answer stays fresh; 0 when it changes often or when signed-in readers get more
   * (an outage one follows): kept, but checked with the server each time (ETag, 304). */
  maxAge: number;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: PublicCache;
  }
}

const isPublicPolicy = (value: unknown): value is string => typeof value === 'string' && /^public\b/.test(value);

/** The answer's ETag: a hash of its bytes. */
const etagOf = (payload: string | Buffer) =>
  `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;

function notModified(request: FastifyRequest, etag: string): boolean {
  const asked = request.headers['if-none-match'];
  if (!asked) return false;
  return asked
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/**
 * The caching rule of every answer outside the web app's pages (docs/security.md, "Caching"):
 * nothing is stored (`no-store`) but an anonymous visitor's successful GET of a route that declares
 * `config.cache` (or answers a public file with a public policy of its own), which gets
 * `public, max-age=…` or `public, no-cache`, an ETag and 304 when it has not changed. A request that
 * carries a session is never stored, whatever the route: its answers may hold the person's data.
 */
function cachePolicy(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  const own = reply.getHeader('cache-control');
  const declared = request.routeOptions.config?.cache;
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  // A file route that answered 304 to a copy it recognised itself (its ETag, Last-Modified) keeps its policy.
  if (reply.statusCode === 304 && !request.actor && readOnly && isPublicPolicy(own)) return payload;
  if (request.actor || reply.statusCode !== 200 || !readOnly || !(declared || isPublicPolicy(own))) {
    reply.header('cache-control', 'no-store');
    return payload;
  }
  if (!isPublicPolicy(own))
    reply.header('cache-control', declared!.maxAge > 0 ? `public, max-age=${declared!.maxAge}` : 'public, no-cache');
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // a file's stream
  const etag = etagOf(payload);
  reply.header('etag', etag);
  if (!notModified(request, etag)) return payload;
  reply.code(304);
  return '';
}

export default fp(
  async function caching(app: FastifyInstance, opts: { web: boolean }) {
    app.addHook('onSend', async (request, reply, payload) =>
      // The web app's pages and assets keep SvelteKit's own headers (immutable assets, pages without personal data).
      opts.web && !isApiAnswer(request.url) ? payload : cachePolicy(request, reply, payload),
    );
  },
  { name: 'caching', dependencies: ['auth'] },
);
