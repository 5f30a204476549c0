import type { Handle } from '@sveltejs/kit/hooks';
import { LANGUAGE_COOKIE, parseLanguage } from '#lib/i18n/language.ts';

/** The interface language comes from its cookie (Russian when absent) and goes into <html lang>. */
export const handle: Handle = async ({ event, resolve }) => {
  const lang = parseLanguage(event.cookies.get(LANGUAGE_COOKIE));
  event.locals.lang = lang;
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};
