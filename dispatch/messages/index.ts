/**
 * The message catalogue: every text a person reads from the server, keyed by a stable id
 * (`appeal.not_found`), in Russian and English, and in Tatar for what residents read (Kazan is
 * bilingual). Code never glues two languages into one string: it names a message and the
 * person's language picks the text. Problems carry the id as `code`, so clients and tests match
 * on it, not on words.
 */
import { accountMessages } from './accounts.ts';
import { appealMessages } from './appeals.ts';
import { appointmentMessages } from './appointments.ts';
import { buildingMessages } from './buildings.ts';
import { directoryMessages } from './directory.ts';
import { discussionMessages } from './discussions.ts';
import { dispatchingMessages } from './dispatching.ts';
import { errorMessages } from './errors.ts';
import { eserviceStatsMessages } from './eservice-stats.ts';
import { eserviceMessages } from './eservices.ts';
import { hallMessages } from './hall.ts';
import { housingMessages } from './housing.ts';
import { identityMessages } from './identity.ts';
import { importMessages } from './imports.ts';
import { noticeMessages } from './notices.ts';
import { officeMessages } from './offices.ts';
import { openDataMessages } from './open-data.ts';
import { open311Messages } from './open311.ts';
import { notificationMessages } from './notifications.ts';
import { passportMessages } from './passports.ts';
import { protocolMessages } from './protocols.ts';
import { proposalMessages } from './proposals.ts';
import { uploadMessages } from './uploads.ts';

/** Russian first, English, and Tatar for residents. */
export const languages = ['ru', 'en', 'tt'] as const;
export type Language = (typeof languages)[number];

/** A text, or a function of the message's parameters that makes it. */
type Text<P> = string | ((params: P) => string);

/**
 * One message in each language. Tatar is given for every message a resident reads; a message
 * without it (staff-only) is read in Russian by someone who chose Tatar.
 */
export type Entry<P = void> = { ru: Text<P>; en: Text<P>; tt?: Text<P> };

export const catalogue = {
  ...errorMessages,
  ...noticeMessages,
  ...directoryMessages,
  ...uploadMessages,
  ...accountMessages,
  ...appealMessages,
  ...dispatchingMessages,
  ...housingMessages,
  ...buildingMessages,
  ...passportMessages,
  ...eserviceMessages,
  ...notificationMessages,
  ...eserviceStatsMessages,
  ...hallMessages,
  ...appointmentMessages,
  ...officeMessages,
  ...discussionMessages,
  ...proposalMessages,
  ...protocolMessages,
  ...identityMessages,
  ...importMessages,
  ...openDataMessages,
  ...open311Messages,
};
export type MessageId = keyof typeof catalogue;

/** The parameters a message takes (undefined when none). */
export type ParamsOf<Id extends MessageId> = (typeof catalogue)[Id]['ru'] extends (params: infer P) => string
  ? P
  : undefined;

/** A message named with its parameters, to be rendered later in the reader's language. */
export type Message = {
  [Id in MessageId]: ParamsOf<Id> extends undefined ? { id: Id } : { id: Id; params: ParamsOf<Id> };
}[MessageId];

/** The text of a message in a language (Tatar falls back to Russian where a message has none). */
export function render(message: Message, lang: Language): string {
  const entry = catalogue[message.id] as Entry<unknown>;
  const text = (lang === 'tt' ? (entry.tt ?? entry.ru) : entry[lang]) as Text<unknown>;
  return typeof text === 'function' ? text('params' in message ? message.params : undefined) : text;
}

/** Shorthand: `t('auth.required', 'en')`, `t('record.not_found', 'tt', { record: 'appeal' })`. */
export function t<Id extends MessageId>(
  id: Id,
  lang: Language,
  ...params: ParamsOf<Id> extends undefined ? [] : [ParamsOf<Id>]
): string {
  return render({ id, params: params[0] } as Message, lang);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4: tags with q-values;
 * `ru-RU` matches `ru`, `*` any), or null when it names none of them.
 */
export function negotiateLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  let best: { lang: Language; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...options] = part.trim().split(';');
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    const q = qOption ? Number(qOption.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.trim().toLowerCase().split('-')[0];
    const lang = primary === '*' ? 'ru' : primary;
    if (isLanguage(lang) && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? null;
}

// Places that take only text, such as zod's error messages, carry a message as a reference the
// problem handler renders in the reader's language (api/errors.ts).
const REF = 'msg:';

/** A message as text for zod: `.max(n, messageRef('field.too_long', { max: n }))`. */
export function messageRef<Id extends MessageId>(
  id: Id,
  ...params: ParamsOf<Id> extends undefined ? [] : [ParamsOf<Id>]
): string {
  return REF + JSON.stringify({ id, params: params[0] });
}

/** A message already named (a field's reason from `dispatch/`) as text for zod. */
export function refOf(message: Message): string {
  return REF + JSON.stringify(message);
}

/** The message a reference names, or null for plain text. */
export function messageOfRef(text: string): Message | null {
  if (!text.startsWith(REF)) return null;
  try {
    const m = JSON.parse(text.slice(REF.length)) as { id?: unknown; params?: unknown };
    return typeof m.id === 'string' && m.id in catalogue ? (m as Message) : null;
  } catch {
    return null;
  }
}
