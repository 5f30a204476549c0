import type { Handle } from '@sveltejs/kit/hooks';
import { TILE_URL } from '$app/env/public';
import { withTileSource } from '#lib/csp.ts';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, parseLanguage } from '#lib/i18n/language.ts';

/**
 * The interface language comes from its cookie (Russian when absent) and goes into <html lang>.
 * A first visit gets the cookie too: the API answers in the language of the cookie, so its
 * messages match the screen rather than the browser's Accept-Language.
 * The page's Content-Security-Policy (SvelteKit's, with its nonce) gets the map's tile host.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LANGUAGE_COOKIE);
  const lang = parseLanguage(chosen);
  event.locals.lang = lang;
  if (chosen === undefined) {
    event.cookies.set(LANGUAGE_COOKIE, lang, {
      path: '/',
      maxAge: LANGUAGE_COOKIE_MAX_AGE,
      sameSite: 'lax',
      httpOnly: false,
      secure: event.url.protocol === 'https:',
    });
  }
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
