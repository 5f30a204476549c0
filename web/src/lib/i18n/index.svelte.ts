import { createContext } from 'svelte';
import { en } from './en.ts';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, type Language, locales } from './language.ts';
import { ru, type Messages } from './ru.ts';
import { tt } from './tt.ts';

export type { Language } from './language.ts';
export type { Messages } from './ru.ts';

// Tatar leaves the staff sections out: their screens fall back to Russian.
const catalogues: Record<Language, Messages> = { ru, en, tt: { ...ru, ...tt } };
// The product's working time zone, whatever the visitor's device says.
const TIME_ZONE = 'Europe/Moscow';

/** The interface language and its texts; one per page tree (set in the root layout). */
export class I18n {
  lang: Language = $state('ru');
  t: Messages = $derived(catalogues[this.lang]);
  #dateTime = $derived(
    new Intl.DateTimeFormat(locales[this.lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }),
  );
  #date = $derived(new Intl.DateTimeFormat(locales[this.lang], { dateStyle: 'medium', timeZone: TIME_ZONE }));
  // A calendar day (YYYY-MM-DD) is no moment: it is formatted as it is written, whatever the zone.
  #day = $derived(new Intl.DateTimeFormat(locales[this.lang], { dateStyle: 'medium', timeZone: 'UTC' }));
  #month = $derived(new Intl.DateTimeFormat(locales[this.lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  #monthShort = $derived(new Intl.DateTimeFormat(locales[this.lang], { month: 'short', timeZone: 'UTC' }));

  constructor(lang: Language) {
    this.lang = lang;
  }

  /** Switch the language and remember it in a cookie, so the server renders it next time. */
  setLanguage(lang: Language) {
    this.lang = lang;
    // The Cookie Store API is missing outside secure contexts (a plain-HTTP LAN address) and before iOS 18.4.
    // biome-ignore lint/suspicious/noDocumentCookie: a preference cookie must be set in every browser
    document.cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax`;
    document.documentElement.lang = lang;
  }

  /** The name in the current language, for records that carry nameRu and nameEn (Russian for Tatar). */
  name(record: { nameRu: string; nameEn: string }): string {
    return this.lang === 'en' ? record.nameEn || record.nameRu : record.nameRu;
  }

  /** A number with the language's separators. */
  number(value: number): string {
    return value.toLocaleString(locales[this.lang]);
  }

  /** Time left until a deadline (or past it), to the minute: «осталось 2 ч 15 мин». */
  countdown(remainingMs: number): string {
    const text = this.duration(remainingMs);
    return remainingMs < 0 ? this.t.countdown.late(text) : this.t.countdown.left(text);
  }

  /** A span of time to the minute, its sign ignored: «2 ч 15 мин», «3 дня 4 ч». */
  duration(ms: number): string {
    const c = this.t.countdown;
    const total = Math.floor(Math.abs(ms) / 60_000);
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const minutes = total % 60;
    const parts =
      days > 0
        ? [c.days(days), hours > 0 ? c.hours(hours) : '']
        : hours > 0
          ? [c.hours(hours), c.minutes(minutes)]
          : [c.minutes(minutes)];
    return parts.filter(Boolean).join(' ');
  }

  /**
   * A date as the language writes it («7 дек. 2026 г.», "Dec 7, 2026"): a moment's day in Moscow
   * time, or a calendar day given as YYYY-MM-DD. The one date format of the interface.
   */
  date(moment: Date | string): string {
    if (typeof moment === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(moment)) {
      return this.#day.format(new Date(`${moment}T00:00:00Z`));
    }
    return this.#date.format(typeof moment === 'string' ? new Date(moment) : moment);
  }

  /** A month given as YYYY-MM: «декабрь 2026 г.». */
  month(period: string): string {
    return this.#month.format(new Date(`${period.slice(0, 7)}-01T00:00:00Z`));
  }

  /** A month given as YYYY-MM, abbreviated for a chart's axis («окт.»): the table beside the chart names it in full. */
  monthShort(period: string): string {
    return this.#monthShort.format(new Date(`${period.slice(0, 7)}-01T00:00:00Z`));
  }

  /** A moment as date and time in Moscow time: the one date-and-time format of the interface. */
  dateTime(moment: Date | string): string {
    return this.#dateTime.format(typeof moment === 'string' ? new Date(moment) : moment);
  }
}

const [getI18n, setI18n] = createContext<I18n>();
export { getI18n, setI18n };
