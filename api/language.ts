import type { FastifyRequest } from 'fastify';
import { isLanguage, type Language, negotiateLanguage } from '../dispatch/messages/index.ts';

/** The web app's language switch keeps the reader's choice in this cookie (web/src/lib/i18n/language.ts). */
export const LANGUAGE_COOKIE = 'otklik_lang';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's language for messages (set by the auth plugin), null when anonymous. */
    userLanguage: Language | null;
  }
}

/**
 * The language to answer a request in: the one chosen in the web app on this device (its cookie),
 * else the signed-in user's language preference, else the best of the Accept-Language header, else
 * Russian.
 */
export function languageOf(request: FastifyRequest): Language {
  const chosen = request.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  return request.userLanguage ?? negotiateLanguage(request.headers['accept-language']) ?? 'ru';
}
