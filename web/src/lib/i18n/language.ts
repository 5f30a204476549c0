/** Interface languages: Russian first, English as the alternative. */
export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];

export const LANGUAGE_COOKIE = 'otklik_lang';
// A year: the choice outlives sessions, it is not personal data.
export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** The language a cookie value names, Russian for anything else. */
export function parseLanguage(value: string | null | undefined): Language {
  return value === 'en' ? 'en' : 'ru';
}
