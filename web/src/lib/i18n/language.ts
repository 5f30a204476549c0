/** Interface languages: Russian first, then English and Tatar (Kazan is bilingual). */
export const languages = ['ru', 'en', 'tt'] as const;
export type Language = (typeof languages)[number];

export const LANGUAGE_COOKIE = 'otklik_lang';
// A year: the choice outlives sessions, it is not personal data.
export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** The BCP 47 locale each language formats dates and numbers with. */
export const locales: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB', tt: 'tt-RU' };

/** The language a cookie value names, Russian for anything else. */
export function parseLanguage(value: string | null | undefined): Language {
  return languages.find((lang) => lang === value) ?? 'ru';
}
