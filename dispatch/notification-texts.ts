/**
 * Notifications rendered from the message catalogue (dispatch/messages/notices.ts) in the reader's
 * language. A message carries the appeal's number, category, address, status, due time and a link:
 * never a resident's name, phone, e-mail or apartment (organisations, dispatchers and city hall get
 * these texts too).
 */
import { type Language, t } from './messages/index.ts';
import type { NoticeVars, Template } from './notifications.ts';
import type { AppealStatus, Utility } from './taxonomy.ts';

/** What a text may say about an appeal: public facts only. */
export type MessageFacts = {
  number: string;
  categoryRu: string;
  categoryEn: string;
  address: string | null;
  /** The status the message is about (the transition's), else the appeal's current one. */
  status: AppealStatus;
  /** The deadline that runs now (acceptance, else resolution), shown in the municipality's zone. */
  dueAt: Date | null;
  timeZone: string;
  /** The end of the 15-day window to confirm or dispute a fix. */
  disputeUntil: Date | null;
  link: string;
};

export type RenderedMessage = { subject: string; text: string };

const locales: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB', tt: 'tt-RU' };

function formatTime(at: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone,
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

const statusName = (status: AppealStatus, lang: Language) => t(`appeal.status.${status}`, lang);

/**
 * The reminder to submit meter readings before the window closes (issue 6): the building's address
 * and the last day, never the apartment.
 */
export function readingReminderMessage(
  lang: Language,
  r: { period: string; closesOn: string; address: string; link: string },
): RenderedMessage {
  const [y, m, d] = r.closesOn.split('-').map(Number);
  const day = new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
  return {
    subject: t('notice.reading_reminder.subject', lang),
    text: `${t('notice.reading_reminder.text', lang, { period: r.period, day, address: r.address })}\n${r.link}`,
  };
}

/**
 * A resident's pending link request answered because the company removed the apartment: the
 * building's address and the company's reason, never the apartment (the same rule as every text).
 */
export function apartmentRemovedMessage(
  lang: Language,
  r: { address: string; reason: string | null; link: string },
): RenderedMessage {
  return {
    subject: t('notice.apartment_removed.subject', lang),
    text: `${t('notice.apartment_removed.text', lang, { address: r.address, reason: r.reason })}\n${r.link}`,
  };
}

/** Render one message: a subject (e-mail, push title) and a text (SMS, e-mail body, push body). */
export function renderMessage(
  template: Template,
  lang: Language,
  facts: MessageFacts,
  vars: NoticeVars,
): RenderedMessage {
  const status = statusName(vars.status ?? facts.status, lang);
  const notice = {
    number: facts.number,
    status,
    note: vars.note,
    until: facts.disputeUntil ? formatTime(facts.disputeUntil, lang, facts.timeZone) : null,
    step: vars.step ?? 0,
    clock: vars.clock,
  };
  const subject = t(`notice.${template}.subject`, lang, notice);
  const category = lang === 'en' ? facts.categoryEn : facts.categoryRu;
  const lines = [t(`notice.${template}.lead`, lang, notice), `${t('notice.label.category', lang)}: ${category}.`];
  if (facts.address) lines.push(`${t('notice.label.address', lang)}: ${facts.address}.`);
  lines.push(`${t('notice.label.status', lang)}: ${status}.`);
  if (facts.dueAt) lines.push(`${t('notice.label.due', lang)}: ${formatTime(facts.dueAt, lang, facts.timeZone)}.`);
  lines.push(facts.link);
  return { subject, text: lines.join('\n') };
}

// ── Outages ──────────────────────────────────────────────────────────────────────────────────────

export const outageTemplates = [
  'outage_published',
  'outage_changed',
  'outage_cancelled',
  'outage_restored',
  'outage_overdue_supervisor',
  'outage_overdue_dispatch',
  'outage_overdue_city_hall',
] as const;
export type OutageTemplate = (typeof outageTemplates)[number];

/** What an outage message may say: the outage's public facts (the publisher is an organisation). */
export type OutageFacts = {
  id: number;
  service: Utility;
  kind: 'planned' | 'emergency';
  reason: string;
  organisationRu: string;
  organisationEn: string;
  /** The first affected address and how many buildings in all. */
  firstAddress: string | null;
  buildingCount: number;
  startsAt: Date;
  expectedEndAt: Date;
  restoredAt: Date | null;
  timeZone: string;
  /** The publisher's message with this change ("работы продлены"). */
  note: string | null;
  link: string;
};

/** Render an outage message (written to the outbox already rendered, one text per language). */
export function renderOutageMessage(template: OutageTemplate, lang: Language, f: OutageFacts): RenderedMessage {
  const notice = {
    kind: t(`outage.kind.${f.kind}`, lang),
    service: t(`service.${f.service}`, lang),
    from: formatTime(f.startsAt, lang, f.timeZone),
    until: formatTime(f.expectedEndAt, lang, f.timeZone),
    restoredAt: f.restoredAt ? formatTime(f.restoredAt, lang, f.timeZone) : null,
  };
  const where = f.firstAddress
    ? f.buildingCount > 1
      ? t('outage.where_more', lang, { address: f.firstAddress, more: f.buildingCount - 1 })
      : f.firstAddress
    : '';
  const lines = [t(`notice.${template}.lead`, lang, notice)];
  if (f.note) lines.push(f.note);
  lines.push(`${t('notice.label.reason', lang)}: ${f.reason}.`);
  if (where) lines.push(`${t('notice.label.address', lang)}: ${where}.`);
  const organisation = lang === 'en' ? f.organisationEn : f.organisationRu;
  lines.push(`${t('notice.label.published_by', lang)}: ${organisation}.`);
  lines.push(f.link);
  return { subject: t(`notice.${template}.subject`, lang, notice), text: lines.join('\n') };
}
