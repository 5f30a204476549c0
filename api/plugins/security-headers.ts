import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Headers every response carries, the API's and the web app's alike. They are set on the raw
 * response before any handler runs, so a reply that the web app writes itself (a hijacked reply)
 * gets them too. The web app's pages bring their own Content-Security-Policy (SvelteKit's, with a
 * nonce for its inline bootstrap script, completed in web/src/hooks.server.ts); everything else
 * (JSON, files, problem documents) gets one that allows nothing to run.
 */
export const apiContentSecurityPolicy =
  "default-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// The API documentation page (Swagger UI) loads its own scripts, styles and images from /api/docs.
const docsContentSecurityPolicy =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The camera (the inspection form's photo input) and geolocation for this origin only; nothing else. */
export const permissionsPolicy =
  'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), serial=(), midi=(), display-capture=()';

// Two years, the preload list's minimum; sent only when the app is served over HTTPS (PUBLIC_URL).
const HSTS = 'max-age=63072000; includeSubDomains';

export function commonSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': permissionsPolicy,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(https ? { 'strict-transport-security': HSTS } : {}),
  };
}

/**
 * The headers of every answer that is not a web page (the API, its problems, the health checks, the
 * HTTP parser's refusals written on the socket in api/errors.ts): the common ones and the policy that
 * runs nothing.
 */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return { ...commonSecurityHeaders(https), 'content-security-policy': apiContentSecurityPolicy };
}

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
/** Whether the app answers a URL itself (the API and the health checks) rather than the web app's pages. */
export const isApiAnswer = (url: string) => isApiPath(url) || /^\/(healthz|readyz)(\?|$)/.test(url);
const isDocsPath = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');

export default fp(
  async function securityHeaders(app: FastifyInstance, opts: { https: boolean; web: boolean }) {
    const common = Object.entries(commonSecurityHeaders(opts.https));
    app.addHook('onRequest', async (request, reply) => {
      for (const [name, value] of common) reply.raw.setHeader(name, value);
      const url = request.url;
      // Web pages get SvelteKit's policy; the health checks and the API (all of it when no web app is served) this one.
      if (isDocsPath(url)) reply.raw.setHeader('content-security-policy', docsContentSecurityPolicy);
      else if (!opts.web || isApiAnswer(url)) reply.raw.setHeader('content-security-policy', apiContentSecurityPolicy);
    });
  },
  { name: 'security-headers' },
);
