/**
 * What the e-services screens share: a catalogue text in the reader's language, the term state's
 * badge, and the file checks made before anything is sent.
 */
import type { TermState } from '#lib/api.ts';
import type { Language } from '#lib/i18n/index.svelte.ts';

/** A text the catalogue keeps in three languages. */
export const inLang = (texts: { ru: string; en: string; tt: string }, lang: Language) => texts[lang] || texts.ru;

/** The badge's class of a term state: on time plain, at risk warned, overdue bad, paused plain. */
export const termBadge = (state: TermState | null) =>
  state === 'overdue' ? 'badge bad' : state === 'at_risk' ? 'badge warn' : 'badge';

/** The API's limits of an application's files (FILE_LIMITS in dispatch/eservices.ts), told before sending. */
export const FILE_LIMIT_MB = { file: 20, application: 100 } as const;
const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
export const ACCEPT = ACCEPTED.join(',');

/** Why a file cannot be sent, or null: its type by the browser's reading and its size. */
export function fileProblem(file: File): 'type' | 'size' | null {
  if (file.type && !ACCEPTED.includes(file.type)) return 'type';
  if (file.size > FILE_LIMIT_MB.file * 1024 * 1024) return 'size';
  return null;
}

/** A size as a person reads it: «1,2 МБ», «350 КБ». */
export function fileSize(bytes: number, lang: Language): string {
  const mb = bytes / 1024 / 1024;
  const unit = lang === 'en' ? ['KB', 'MB'] : ['КБ', 'МБ'];
  return mb >= 1
    ? `${mb.toLocaleString(lang === 'en' ? 'en' : 'ru', { maximumFractionDigits: 1 })} ${unit[1]}`
    : `${Math.max(1, Math.round(bytes / 1024))} ${unit[0]}`;
}

/** The Idempotency-Key of one submission of a draft, kept across reloads so a retry submits it once. */
export function submissionKey(applicationId: number): string {
  const name = `otklik-submit-${applicationId}`;
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}
