/**
 * The texts of every notification, in Russian and English, in one place. A message carries the
 * appeal's number, category, address, status, due time and a link: never a resident's name, phone,
 * e-mail or apartment (organisations, dispatchers and city hall get these texts too).
 */
import type { Language, NoticeVars, Template } from './notifications.ts';
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

const statusNames: Record<AppealStatus, Record<Language, string>> = {
  new: { ru: 'новое', en: 'new' },
  assigned: { ru: 'передано исполнителю', en: 'sent to the organisation' },
  accepted: { ru: 'принято в работу', en: 'accepted' },
  needs_info: { ru: 'нужны уточнения', en: 'information needed' },
  resolved: { ru: 'решено', en: 'resolved' },
  closed: { ru: 'закрыто', en: 'closed' },
  rejected: { ru: 'возвращено диспетчеру', en: 'back with the dispatcher' },
  duplicate: { ru: 'объединено с другим обращением', en: 'merged with another appeal' },
  cancelled: { ru: 'отозвано', en: 'withdrawn' },
  reopened: { ru: 'открыто повторно', en: 'reopened' },
};

function formatTime(at: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

type Parts = { subject: string; lead: string };

/** Subject and first sentence of each template, per language. */
function parts(template: Template, lang: Language, f: MessageFacts, vars: NoticeVars): Parts {
  const n = f.number;
  const status = statusNames[vars.status ?? f.status][lang];
  const step = vars.step ?? 0;
  const clockRu = vars.clock === 'response' ? 'принятия в работу' : 'решения';
  const clockEn = vars.clock === 'response' ? 'acceptance' : 'resolution';
  const until = f.disputeUntil ? formatTime(f.disputeUntil, lang, f.timeZone) : null;
  const ru: Record<Template, Parts> = {
    status_changed: { subject: `Обращение ${n}: ${status}`, lead: `Статус обращения ${n} изменился: ${status}.` },
    appeal_accepted: { subject: `Обращение ${n} принято в работу`, lead: `Обращение ${n} принято в работу.` },
    info_requested: {
      subject: `Обращение ${n}: нужны уточнения`,
      lead: `По обращению ${n} исполнитель просит уточнений${vars.note ? `: «${vars.note}»` : ''}. Ответьте на странице обращения.`,
    },
    appeal_resolved: {
      subject: `Обращение ${n} решено — подтвердите`,
      lead: `Обращение ${n} отмечено как решённое. Подтвердите или оспорьте решение в течение 15 дней${until ? ` (до ${until})` : ''}; после этого обращение закроется само.`,
    },
    appeal_auto_closed: {
      subject: `Обращение ${n} закрыто`,
      lead: `Обращение ${n} закрыто: за 15 дней решение никто не оспорил.`,
    },
    appeal_merged: {
      subject: `Обращение ${n} объединено`,
      lead: `Обращение ${n} объединено с другим о той же проблеме; вы будете получать новости по нему.`,
    },
    appeal_assigned: { subject: `Новое обращение ${n}`, lead: `Вашей организации передано обращение ${n}.` },
    appeal_taken_away: {
      subject: `Обращение ${n} передано другой организации`,
      lead: `Обращение ${n} передано другой организации; действий не требуется.`,
    },
    info_provided: {
      subject: `Обращение ${n}: житель ответил`,
      lead: `По обращению ${n} получены уточнения от заявителя.`,
    },
    appeal_confirmed: { subject: `Обращение ${n} закрыто`, lead: `Заявитель подтвердил решение обращения ${n}.` },
    appeal_disputed: {
      subject: `Обращение ${n} открыто повторно`,
      lead: `Заявитель оспорил решение обращения ${n}; его нужно принять в работу снова.`,
    },
    appeal_cancelled: { subject: `Обращение ${n} отозвано`, lead: `Заявитель отозвал обращение ${n}.` },
    appeal_rated: { subject: `Обращение ${n} оценено`, lead: `Заявитель оценил работу по обращению ${n}.` },
    sla_reminder: { subject: `Напоминание: обращение ${n}`, lead: `Прошла половина срока ${clockRu} обращения ${n}.` },
    sla_warning: {
      subject: `Внимание: срок по обращению ${n}`,
      lead: `Прошло ${step} % срока ${clockRu} обращения ${n}.`,
    },
    sla_breach: { subject: `Просрочено: обращение ${n}`, lead: `Срок ${clockRu} обращения ${n} истёк.` },
    appeal_rejected: {
      subject: `Обращение ${n} возвращено в разбор`,
      lead: `Организация вернула обращение ${n}: его нужно направить заново.`,
    },
    sla_overdue: {
      subject: `Просрочено: обращение ${n}`,
      lead: `Обращение ${n} попало в очередь просроченных (срок ${clockRu} истёк).`,
    },
    appeal_escalated: { subject: `Эскалация: обращение ${n}`, lead: `Диспетчер эскалировал обращение ${n}.` },
    sla_city_hall: {
      subject: `Эскалация в мэрию: обращение ${n}`,
      lead: `Срок ${clockRu} обращения ${n} превышен вдвое (${step} %).`,
    },
  };
  const en: Record<Template, Parts> = {
    status_changed: { subject: `Appeal ${n}: ${status}`, lead: `The status of appeal ${n} changed: ${status}.` },
    appeal_accepted: { subject: `Appeal ${n} accepted`, lead: `Appeal ${n} has been accepted.` },
    info_requested: {
      subject: `Appeal ${n}: information needed`,
      lead: `The organisation handling appeal ${n} asks for more information${vars.note ? `: "${vars.note}"` : ''}. Reply on the appeal's page.`,
    },
    appeal_resolved: {
      subject: `Appeal ${n} resolved — please confirm`,
      lead: `Appeal ${n} is marked resolved. Confirm or dispute the fix within 15 days${until ? ` (until ${until})` : ''}; after that it closes by itself.`,
    },
    appeal_auto_closed: {
      subject: `Appeal ${n} closed`,
      lead: `Appeal ${n} is closed: nobody disputed the fix within 15 days.`,
    },
    appeal_merged: {
      subject: `Appeal ${n} merged`,
      lead: `Appeal ${n} was merged with another about the same problem; you will hear about that one.`,
    },
    appeal_assigned: { subject: `New appeal ${n}`, lead: `Appeal ${n} has been assigned to your organisation.` },
    appeal_taken_away: {
      subject: `Appeal ${n} moved to another organisation`,
      lead: `Appeal ${n} was handed to another organisation; nothing to do.`,
    },
    info_provided: {
      subject: `Appeal ${n}: the resident replied`,
      lead: `The resident replied to the question on appeal ${n}.`,
    },
    appeal_confirmed: { subject: `Appeal ${n} closed`, lead: `The resident confirmed the fix of appeal ${n}.` },
    appeal_disputed: {
      subject: `Appeal ${n} reopened`,
      lead: `The resident disputed the fix of appeal ${n}; it must be accepted again.`,
    },
    appeal_cancelled: { subject: `Appeal ${n} withdrawn`, lead: `The resident withdrew appeal ${n}.` },
    appeal_rated: { subject: `Appeal ${n} rated`, lead: `The resident rated the work on appeal ${n}.` },
    sla_reminder: { subject: `Reminder: appeal ${n}`, lead: `Half the ${clockEn} time of appeal ${n} has passed.` },
    sla_warning: {
      subject: `Warning: appeal ${n} deadline`,
      lead: `${step} % of the ${clockEn} time of appeal ${n} has passed.`,
    },
    sla_breach: { subject: `Overdue: appeal ${n}`, lead: `The ${clockEn} deadline of appeal ${n} has passed.` },
    appeal_rejected: {
      subject: `Appeal ${n} back in triage`,
      lead: `An organisation returned appeal ${n}: it needs routing again.`,
    },
    sla_overdue: {
      subject: `Overdue: appeal ${n}`,
      lead: `Appeal ${n} is in the overdue queue (its ${clockEn} deadline passed).`,
    },
    appeal_escalated: { subject: `Escalation: appeal ${n}`, lead: `A dispatcher escalated appeal ${n}.` },
    sla_city_hall: {
      subject: `Escalated to city hall: appeal ${n}`,
      lead: `The ${clockEn} time of appeal ${n} is exceeded twice over (${step} %).`,
    },
  };
  return (lang === 'ru' ? ru : en)[template];
}

/**
 * The reminder to submit meter readings before the window closes (issue 6): the building's address
 * and the last day, never the apartment.
 */
export function readingReminderMessage(
  lang: Language,
  r: { period: string; closesOn: string; address: string; link: string },
): RenderedMessage {
  const [y, m, d] = r.closesOn.split('-').map(Number);
  const day = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return lang === 'ru'
    ? {
        subject: 'Передайте показания счётчиков',
        text: `Приём показаний за ${r.period} заканчивается ${day}. По адресу ${r.address} переданы не все показания.\n${r.link}`,
      }
    : {
        subject: 'Submit your meter readings',
        text: `Readings for ${r.period} are taken until ${day}. Not every meter at ${r.address} has its reading yet.\n${r.link}`,
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
  return lang === 'ru'
    ? {
        subject: 'Заявка на привязку квартиры отклонена',
        text: `Управляющая компания удалила квартиру по адресу ${r.address}, к которой вы просили привязку.${r.reason ? ` Причина: ${r.reason}.` : ''} Проверьте номер квартиры и подайте заявку снова.\n${r.link}`,
      }
    : {
        subject: 'Apartment link request declined',
        text: `The management company removed the apartment at ${r.address} you asked to be linked to.${r.reason ? ` Reason: ${r.reason}.` : ''} Check the apartment number and ask again.\n${r.link}`,
      };
}

/** Render one message: a subject (e-mail, push title) and a text (SMS, e-mail body, push body). */
export function renderMessage(
  template: Template,
  lang: Language,
  facts: MessageFacts,
  vars: NoticeVars,
): RenderedMessage {
  const { subject, lead } = parts(template, lang, facts, vars);
  const category = lang === 'ru' ? facts.categoryRu : facts.categoryEn;
  const status = statusNames[vars.status ?? facts.status][lang];
  const lines = [lead, `${lang === 'ru' ? 'Категория' : 'Category'}: ${category}.`];
  if (facts.address) lines.push(`${lang === 'ru' ? 'Адрес' : 'Address'}: ${facts.address}.`);
  lines.push(`${lang === 'ru' ? 'Статус' : 'Status'}: ${status}.`);
  if (facts.dueAt) lines.push(`${lang === 'ru' ? 'Срок' : 'Due'}: ${formatTime(facts.dueAt, lang, facts.timeZone)}.`);
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

export const serviceNames: Record<Utility, Record<Language, string>> = {
  cold_water: { ru: 'холодная вода', en: 'cold water' },
  hot_water: { ru: 'горячая вода', en: 'hot water' },
  heating: { ru: 'отопление', en: 'heating' },
  electricity: { ru: 'электроэнергия', en: 'electricity' },
  gas: { ru: 'газ', en: 'gas' },
};

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
  const ru = lang === 'ru';
  const service = serviceNames[f.service][lang];
  const kind =
    f.kind === 'emergency'
      ? ru
        ? 'Аварийное отключение'
        : 'Emergency outage'
      : ru
        ? 'Плановое отключение'
        : 'Planned outage';
  const until = formatTime(f.expectedEndAt, lang, f.timeZone);
  const from = formatTime(f.startsAt, lang, f.timeZone);
  const where = f.firstAddress
    ? f.buildingCount > 1
      ? ru
        ? `${f.firstAddress} и ещё ${f.buildingCount - 1} д.`
        : `${f.firstAddress} and ${f.buildingCount - 1} more buildings`
      : f.firstAddress
    : '';
  const leads: Record<OutageTemplate, [string, string]> = ru
    ? {
        outage_published: [`${kind}: ${service}`, `${kind}: ${service} с ${from} до ${until} (ожидаемое окончание).`],
        outage_changed: [
          `Отключение изменено: ${service}`,
          `Отключение (${service}) изменено: ожидаемое окончание ${until}.`,
        ],
        outage_cancelled: [`Отключение отменено: ${service}`, `Отключение (${service}) с ${from} отменено.`],
        outage_restored: [
          `Подача восстановлена: ${service}`,
          `Подача восстановлена: ${service}${f.restoredAt ? `, ${formatTime(f.restoredAt, lang, f.timeZone)}` : ''}.`,
        ],
        outage_overdue_supervisor: [
          `Отключение не завершено в срок: ${service}`,
          `Отключение (${service}) не завершено к ожидаемому сроку ${until}.`,
        ],
        outage_overdue_dispatch: [
          `Просрочено отключение: ${service}`,
          `Отключение (${service}) идёт дольше ожидаемого (до ${until}).`,
        ],
        outage_overdue_city_hall: [
          `Эскалация в мэрию: отключение (${service})`,
          `Отключение (${service}) намного дольше ожидаемого срока ${until}.`,
        ],
      }
    : {
        outage_published: [`${kind}: ${service}`, `${kind}: ${service} from ${from} until ${until} (expected).`],
        outage_changed: [`Outage changed: ${service}`, `The ${service} outage changed: expected end ${until}.`],
        outage_cancelled: [`Outage cancelled: ${service}`, `The ${service} outage from ${from} is cancelled.`],
        outage_restored: [
          `Service restored: ${service}`,
          `${service[0].toUpperCase()}${service.slice(1)} is back${f.restoredAt ? ` since ${formatTime(f.restoredAt, lang, f.timeZone)}` : ''}.`,
        ],
        outage_overdue_supervisor: [
          `Outage past its expected end: ${service}`,
          `The ${service} outage did not end by ${until}.`,
        ],
        outage_overdue_dispatch: [
          `Overdue outage: ${service}`,
          `The ${service} outage runs past its expected end (${until}).`,
        ],
        outage_overdue_city_hall: [
          `Escalated to city hall: ${service} outage`,
          `The ${service} outage runs far past its expected end (${until}).`,
        ],
      };
  const [subject, lead] = leads[template];
  const lines = [lead];
  if (f.note) lines.push(f.note);
  lines.push(`${ru ? 'Причина' : 'Reason'}: ${f.reason}.`);
  if (where) lines.push(`${ru ? 'Адрес' : 'Address'}: ${where}.`);
  lines.push(`${ru ? 'Сообщила организация' : 'Published by'}: ${ru ? f.organisationRu : f.organisationEn}.`);
  lines.push(f.link);
  return { subject, text: lines.join('\n') };
}
