import type { Handle } from '@sveltejs/kit/hooks';
import { TILE_URL } from '$app/env/public';
import { withTileSource } from '#lib/csp.ts';
import { LANGUAGE_COOKIE, parseLanguage } from '#lib/i18n/language.ts';

/**
 * The interface language comes from its cookie (Russian when absent) and goes into <html lang>.
 * The page's Content-Security-Policy (SvelteKit's, with its nonce) gets the map's tile host.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const lang = parseLanguage(event.cookies.get(LANGUAGE_COOKIE));
  event.locals.lang = lang;
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
  const policy = response.headers.get('content-security-policy');
  if (policy) {
    try {
      response.headers.set('content-security-policy', withTileSource(policy, TILE_URL));
    } catch {
      // An immutable response (a proxied fetch) keeps the policy it has.
    }
  }
  return response;
};
