/**
 * Notifications (SMS, e-mail, push): the subject and first sentence of each, by template, and the
 * words around them. Residents' messages are in Tatar too; messages only staff receive are not
 * (a member of staff who chose Tatar reads them in Russian). Parameters are public facts only:
 * never a resident's name, phone, e-mail or apartment.
 */
import type { Entry } from './index.ts';

/** What an appeal notice's sentences may say. */
export type AppealNotice = {
  number: string;
  /** The status's name, in the message's language. */
  status: string;
  /** The organisation's question (info requested). */
  note?: string | null;
  /** The end of the 15-day window to confirm or dispute, formatted. */
  until?: string | null;
  /** The escalation step, in per cent of the clock. */
  step?: number;
  clock?: 'response' | 'resolution';
};

/** What an outage notice's sentences may say. */
export type OutageNotice = {
  kind: string;
  service: string;
  from: string;
  until: string;
  restoredAt: string | null;
};

type A = Entry<AppealNotice>;
type O = Entry<OutageNotice>;

const clockRu = (p: AppealNotice) => (p.clock === 'response' ? 'принятия в работу' : 'решения');
const clockEn = (p: AppealNotice) => (p.clock === 'response' ? 'acceptance' : 'resolution');
const capitalised = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

export const noticeMessages = {
  // ── The words around every message ──
  'notice.label.category': { ru: 'Категория', en: 'Category', tt: 'Төркем' },
  'notice.label.address': { ru: 'Адрес', en: 'Address', tt: 'Адрес' },
  'notice.label.status': { ru: 'Статус', en: 'Status', tt: 'Хәле' },
  'notice.label.due': { ru: 'Срок', en: 'Due', tt: 'Вакыты' },
  'notice.label.reason': { ru: 'Причина', en: 'Reason', tt: 'Сәбәбе' },
  'notice.label.published_by': { ru: 'Сообщила организация', en: 'Published by', tt: 'Хәбәр итүче оешма' },

  // ── Appeal statuses, as messages name them ──
  'appeal.status.new': { ru: 'новое', en: 'new', tt: 'яңа' },
  'appeal.status.assigned': {
    ru: 'передано исполнителю',
    en: 'sent to the organisation',
    tt: 'башкаручыга тапшырылды',
  },
  'appeal.status.accepted': { ru: 'принято в работу', en: 'accepted', tt: 'эшкә алынды' },
  'appeal.status.needs_info': { ru: 'нужны уточнения', en: 'information needed', tt: 'ачыклаулар кирәк' },
  'appeal.status.resolved': { ru: 'решено', en: 'resolved', tt: 'хәл ителде' },
  'appeal.status.closed': { ru: 'закрыто', en: 'closed', tt: 'ябылды' },
  'appeal.status.rejected': {
    ru: 'возвращено диспетчеру',
    en: 'back with the dispatcher',
    tt: 'диспетчерга кайтарылды',
  },
  'appeal.status.duplicate': {
    ru: 'объединено с другим обращением',
    en: 'merged with another appeal',
    tt: 'башка мөрәҗәгать белән берләштерелде',
  },
  'appeal.status.cancelled': { ru: 'отозвано', en: 'withdrawn', tt: 'кире алынды' },
  'appeal.status.reopened': { ru: 'открыто повторно', en: 'reopened', tt: 'яңадан ачылды' },

  // ── Appeals: to the author and followers (in Tatar too) ──
  'notice.status_changed.subject': {
    ru: (p) => `Обращение ${p.number}: ${p.status}`,
    en: (p) => `Appeal ${p.number}: ${p.status}`,
    tt: (p) => `${p.number} мөрәҗәгате: ${p.status}`,
  } satisfies A,
  'notice.status_changed.lead': {
    ru: (p) => `Статус обращения ${p.number} изменился: ${p.status}.`,
    en: (p) => `The status of appeal ${p.number} changed: ${p.status}.`,
    tt: (p) => `${p.number} мөрәҗәгатенең хәле үзгәрде: ${p.status}.`,
  } satisfies A,
  'notice.appeal_accepted.subject': {
    ru: (p) => `Обращение ${p.number} принято в работу`,
    en: (p) => `Appeal ${p.number} accepted`,
    tt: (p) => `${p.number} мөрәҗәгате эшкә алынды`,
  } satisfies A,
  'notice.appeal_accepted.lead': {
    ru: (p) => `Обращение ${p.number} принято в работу.`,
    en: (p) => `Appeal ${p.number} has been accepted.`,
    tt: (p) => `${p.number} мөрәҗәгате эшкә алынды.`,
  } satisfies A,
  'notice.info_requested.subject': {
    ru: (p) => `Обращение ${p.number}: нужны уточнения`,
    en: (p) => `Appeal ${p.number}: information needed`,
    tt: (p) => `${p.number} мөрәҗәгате: ачыклаулар кирәк`,
  } satisfies A,
  'notice.info_requested.lead': {
    ru: (p) =>
      `По обращению ${p.number} исполнитель просит уточнений${p.note ? `: «${p.note}»` : ''}. Ответьте на странице обращения.`,
    en: (p) =>
      `The organisation handling appeal ${p.number} asks for more information${p.note ? `: "${p.note}"` : ''}. Reply on the appeal's page.`,
    tt: (p) =>
      `${p.number} мөрәҗәгате буенча башкаручы ачыклаулар сорый${p.note ? `: «${p.note}»` : ''}. Мөрәҗәгать битендә җавап бирегез.`,
  } satisfies A,
  'notice.appeal_resolved.subject': {
    ru: (p) => `Обращение ${p.number} решено — подтвердите`,
    en: (p) => `Appeal ${p.number} resolved — please confirm`,
    tt: (p) => `${p.number} мөрәҗәгате хәл ителде — раслагыз`,
  } satisfies A,
  'notice.appeal_resolved.lead': {
    ru: (p) =>
      `Обращение ${p.number} отмечено как решённое. Подтвердите или оспорьте решение в течение 15 дней${p.until ? ` (до ${p.until})` : ''}; после этого обращение закроется само.`,
    en: (p) =>
      `Appeal ${p.number} is marked resolved. Confirm or dispute the fix within 15 days${p.until ? ` (until ${p.until})` : ''}; after that it closes by itself.`,
    tt: (p) =>
      `${p.number} мөрәҗәгате хәл ителгән дип билгеләнде. 15 көн эчендә${p.until ? ` (${p.until} кадәр)` : ''} карарны раслагыз яки аңа каршы чыгыгыз; аннан соң мөрәҗәгать үзе ябылачак.`,
  } satisfies A,
  'notice.appeal_auto_closed.subject': {
    ru: (p) => `Обращение ${p.number} закрыто`,
    en: (p) => `Appeal ${p.number} closed`,
    tt: (p) => `${p.number} мөрәҗәгате ябылды`,
  } satisfies A,
  'notice.appeal_auto_closed.lead': {
    ru: (p) => `Обращение ${p.number} закрыто: за 15 дней решение никто не оспорил.`,
    en: (p) => `Appeal ${p.number} is closed: nobody disputed the fix within 15 days.`,
    tt: (p) => `${p.number} мөрәҗәгате ябылды: 15 көн эчендә карарга беркем дә каршы чыкмады.`,
  } satisfies A,
  'notice.appeal_merged.subject': {
    ru: (p) => `Обращение ${p.number} объединено`,
    en: (p) => `Appeal ${p.number} merged`,
    tt: (p) => `${p.number} мөрәҗәгате берләштерелде`,
  } satisfies A,
  'notice.appeal_merged.lead': {
    ru: (p) => `Обращение ${p.number} объединено с другим о той же проблеме; вы будете получать новости по нему.`,
    en: (p) => `Appeal ${p.number} was merged with another about the same problem; you will hear about that one.`,
    tt: (p) =>
      `${p.number} мөрәҗәгате шул ук проблема турындагы башка мөрәҗәгать белән берләштерелде; аның яңалыклары сезгә килеп торачак.`,
  } satisfies A,

  // ── Appeals: to organisations, dispatchers, supervisors and city hall (staff) ──
  'notice.appeal_assigned.subject': {
    ru: (p) => `Новое обращение ${p.number}`,
    en: (p) => `New appeal ${p.number}`,
  } satisfies A,
  'notice.appeal_assigned.lead': {
    ru: (p) => `Вашей организации передано обращение ${p.number}.`,
    en: (p) => `Appeal ${p.number} has been assigned to your organisation.`,
  } satisfies A,
  'notice.appeal_taken_away.subject': {
    ru: (p) => `Обращение ${p.number} передано другой организации`,
    en: (p) => `Appeal ${p.number} moved to another organisation`,
  } satisfies A,
  'notice.appeal_taken_away.lead': {
    ru: (p) => `Обращение ${p.number} передано другой организации; действий не требуется.`,
    en: (p) => `Appeal ${p.number} was handed to another organisation; nothing to do.`,
  } satisfies A,
  'notice.info_provided.subject': {
    ru: (p) => `Обращение ${p.number}: житель ответил`,
    en: (p) => `Appeal ${p.number}: the resident replied`,
  } satisfies A,
  'notice.info_provided.lead': {
    ru: (p) => `По обращению ${p.number} получены уточнения от заявителя.`,
    en: (p) => `The resident replied to the question on appeal ${p.number}.`,
  } satisfies A,
  'notice.appeal_confirmed.subject': {
    ru: (p) => `Обращение ${p.number} закрыто`,
    en: (p) => `Appeal ${p.number} closed`,
  } satisfies A,
  'notice.appeal_confirmed.lead': {
    ru: (p) => `Заявитель подтвердил решение обращения ${p.number}.`,
    en: (p) => `The resident confirmed the fix of appeal ${p.number}.`,
  } satisfies A,
  'notice.appeal_disputed.subject': {
    ru: (p) => `Обращение ${p.number} открыто повторно`,
    en: (p) => `Appeal ${p.number} reopened`,
  } satisfies A,
  'notice.appeal_disputed.lead': {
    ru: (p) => `Заявитель оспорил решение обращения ${p.number}; его нужно принять в работу снова.`,
    en: (p) => `The resident disputed the fix of appeal ${p.number}; it must be accepted again.`,
  } satisfies A,
  'notice.appeal_cancelled.subject': {
    ru: (p) => `Обращение ${p.number} отозвано`,
    en: (p) => `Appeal ${p.number} withdrawn`,
  } satisfies A,
  'notice.appeal_cancelled.lead': {
    ru: (p) => `Заявитель отозвал обращение ${p.number}.`,
    en: (p) => `The resident withdrew appeal ${p.number}.`,
  } satisfies A,
  'notice.appeal_rated.subject': {
    ru: (p) => `Обращение ${p.number} оценено`,
    en: (p) => `Appeal ${p.number} rated`,
  } satisfies A,
  'notice.appeal_rated.lead': {
    ru: (p) => `Заявитель оценил работу по обращению ${p.number}.`,
    en: (p) => `The resident rated the work on appeal ${p.number}.`,
  } satisfies A,
  'notice.sla_reminder.subject': {
    ru: (p) => `Напоминание: обращение ${p.number}`,
    en: (p) => `Reminder: appeal ${p.number}`,
  } satisfies A,
  'notice.sla_reminder.lead': {
    ru: (p) => `Прошла половина срока ${clockRu(p)} обращения ${p.number}.`,
    en: (p) => `Half the ${clockEn(p)} time of appeal ${p.number} has passed.`,
  } satisfies A,
  'notice.sla_warning.subject': {
    ru: (p) => `Внимание: срок по обращению ${p.number}`,
    en: (p) => `Warning: appeal ${p.number} deadline`,
  } satisfies A,
  'notice.sla_warning.lead': {
    ru: (p) => `Прошло ${p.step ?? 0} % срока ${clockRu(p)} обращения ${p.number}.`,
    en: (p) => `${p.step ?? 0} % of the ${clockEn(p)} time of appeal ${p.number} has passed.`,
  } satisfies A,
  'notice.sla_breach.subject': {
    ru: (p) => `Просрочено: обращение ${p.number}`,
    en: (p) => `Overdue: appeal ${p.number}`,
  } satisfies A,
  'notice.sla_breach.lead': {
    ru: (p) => `Срок ${clockRu(p)} обращения ${p.number} истёк.`,
    en: (p) => `The ${clockEn(p)} deadline of appeal ${p.number} has passed.`,
  } satisfies A,
  'notice.appeal_rejected.subject': {
    ru: (p) => `Обращение ${p.number} возвращено в разбор`,
    en: (p) => `Appeal ${p.number} back in triage`,
  } satisfies A,
  'notice.appeal_rejected.lead': {
    ru: (p) => `Организация вернула обращение ${p.number}: его нужно направить заново.`,
    en: (p) => `An organisation returned appeal ${p.number}: it needs routing again.`,
  } satisfies A,
  'notice.sla_overdue.subject': {
    ru: (p) => `Просрочено: обращение ${p.number}`,
    en: (p) => `Overdue: appeal ${p.number}`,
  } satisfies A,
  'notice.sla_overdue.lead': {
    ru: (p) => `Обращение ${p.number} попало в очередь просроченных (срок ${clockRu(p)} истёк).`,
    en: (p) => `Appeal ${p.number} is in the overdue queue (its ${clockEn(p)} deadline passed).`,
  } satisfies A,
  'notice.appeal_escalated.subject': {
    ru: (p) => `Эскалация: обращение ${p.number}`,
    en: (p) => `Escalation: appeal ${p.number}`,
  } satisfies A,
  'notice.appeal_escalated.lead': {
    ru: (p) => `Диспетчер эскалировал обращение ${p.number}.`,
    en: (p) => `A dispatcher escalated appeal ${p.number}.`,
  } satisfies A,
  'notice.sla_city_hall.subject': {
    ru: (p) => `Эскалация в мэрию: обращение ${p.number}`,
    en: (p) => `Escalated to city hall: appeal ${p.number}`,
  } satisfies A,
  'notice.sla_city_hall.lead': {
    ru: (p) => `Срок ${clockRu(p)} обращения ${p.number} превышен вдвое (${p.step ?? 0} %).`,
    en: (p) => `The ${clockEn(p)} time of appeal ${p.number} is exceeded twice over (${p.step ?? 0} %).`,
  } satisfies A,

  // ── Outages: services and kinds ──
  'service.cold_water': { ru: 'холодная вода', en: 'cold water', tt: 'салкын су' },
  'service.hot_water': { ru: 'горячая вода', en: 'hot water', tt: 'кайнар су' },
  'service.heating': { ru: 'отопление', en: 'heating', tt: 'җылыту' },
  'service.electricity': { ru: 'электроэнергия', en: 'electricity', tt: 'электр энергиясе' },
  'service.gas': { ru: 'газ', en: 'gas', tt: 'газ' },
  'outage.kind.planned': { ru: 'Плановое отключение', en: 'Planned outage', tt: 'Планлы сүндерү' },
  'outage.kind.emergency': { ru: 'Аварийное отключение', en: 'Emergency outage', tt: 'Авария сүндерүе' },
  'outage.where_more': {
    ru: ({ address, more }) => `${address} и ещё ${more} д.`,
    en: ({ address, more }) => `${address} and ${more} more buildings`,
    tt: ({ address, more }) => `${address} һәм тагын ${more} йорт`,
  } satisfies Entry<{ address: string; more: number }>,

  // ── Outages: to residents of the buildings (in Tatar too) ──
  'notice.outage_published.subject': {
    ru: (p) => `${p.kind}: ${p.service}`,
    en: (p) => `${p.kind}: ${p.service}`,
    tt: (p) => `${p.kind}: ${p.service}`,
  } satisfies O,
  'notice.outage_published.lead': {
    ru: (p) => `${p.kind}: ${p.service} с ${p.from} до ${p.until} (ожидаемое окончание).`,
    en: (p) => `${p.kind}: ${p.service} from ${p.from} until ${p.until} (expected).`,
    tt: (p) => `${p.kind}: ${p.service}, ${p.from} — ${p.until} (көтелгән тәмамлану).`,
  } satisfies O,
  'notice.outage_changed.subject': {
    ru: (p) => `Отключение изменено: ${p.service}`,
    en: (p) => `Outage changed: ${p.service}`,
    tt: (p) => `Сүндерү үзгәрде: ${p.service}`,
  } satisfies O,
  'notice.outage_changed.lead': {
    ru: (p) => `Отключение (${p.service}) изменено: ожидаемое окончание ${p.until}.`,
    en: (p) => `The ${p.service} outage changed: expected end ${p.until}.`,
    tt: (p) => `Сүндерү (${p.service}) үзгәрде: көтелгән тәмамлану ${p.until}.`,
  } satisfies O,
  'notice.outage_cancelled.subject': {
    ru: (p) => `Отключение отменено: ${p.service}`,
    en: (p) => `Outage cancelled: ${p.service}`,
    tt: (p) => `Сүндерү юкка чыгарылды: ${p.service}`,
  } satisfies O,
  'notice.outage_cancelled.lead': {
    ru: (p) => `Отключение (${p.service}) с ${p.from} отменено.`,
    en: (p) => `The ${p.service} outage from ${p.from} is cancelled.`,
    tt: (p) => `${p.from} башланасы сүндерү (${p.service}) юкка чыгарылды.`,
  } satisfies O,
  'notice.outage_restored.subject': {
    ru: (p) => `Подача восстановлена: ${p.service}`,
    en: (p) => `Service restored: ${p.service}`,
    tt: (p) => `Бирү торгызылды: ${p.service}`,
  } satisfies O,
  'notice.outage_restored.lead': {
    ru: (p) => `Подача восстановлена: ${p.service}${p.restoredAt ? `, ${p.restoredAt}` : ''}.`,
    en: (p) => `${capitalised(p.service)} is back${p.restoredAt ? ` since ${p.restoredAt}` : ''}.`,
    tt: (p) => `Бирү торгызылды: ${p.service}${p.restoredAt ? `, ${p.restoredAt}` : ''}.`,
  } satisfies O,

  // ── Outages: escalation to staff ──
  'notice.outage_overdue_supervisor.subject': {
    ru: (p) => `Отключение не завершено в срок: ${p.service}`,
    en: (p) => `Outage past its expected end: ${p.service}`,
  } satisfies O,
  'notice.outage_overdue_supervisor.lead': {
    ru: (p) => `Отключение (${p.service}) не завершено к ожидаемому сроку ${p.until}.`,
    en: (p) => `The ${p.service} outage did not end by ${p.until}.`,
  } satisfies O,
  'notice.outage_overdue_dispatch.subject': {
    ru: (p) => `Просрочено отключение: ${p.service}`,
    en: (p) => `Overdue outage: ${p.service}`,
  } satisfies O,
  'notice.outage_overdue_dispatch.lead': {
    ru: (p) => `Отключение (${p.service}) идёт дольше ожидаемого (до ${p.until}).`,
    en: (p) => `The ${p.service} outage runs past its expected end (${p.until}).`,
  } satisfies O,
  'notice.outage_overdue_city_hall.subject': {
    ru: (p) => `Эскалация в мэрию: отключение (${p.service})`,
    en: (p) => `Escalated to city hall: ${p.service} outage`,
  } satisfies O,
  'notice.outage_overdue_city_hall.lead': {
    ru: (p) => `Отключение (${p.service}) намного дольше ожидаемого срока ${p.until}.`,
    en: (p) => `The ${p.service} outage runs far past its expected end (${p.until}).`,
  } satisfies O,

  // ── Meters and apartments: to residents (in Tatar too) ──
  'notice.reading_reminder.subject': {
    ru: 'Передайте показания счётчиков',
    en: 'Submit your meter readings',
    tt: 'Счётчик күрсәткечләрен тапшырыгыз',
  },
  'notice.reading_reminder.text': {
    ru: (p) =>
      `Приём показаний за ${p.period} заканчивается ${p.day}. По адресу ${p.address} переданы не все показания.`,
    en: (p) =>
      `Readings for ${p.period} are taken until ${p.day}. Not every meter at ${p.address} has its reading yet.`,
    tt: (p) =>
      `${p.period} өчен күрсәткечләр ${p.day} кадәр кабул ителә. ${p.address} адресы буенча барлык күрсәткечләр дә тапшырылмаган.`,
  } satisfies Entry<{ period: string; day: string; address: string }>,
  'notice.apartment_removed.subject': {
    ru: 'Заявка на привязку квартиры отклонена',
    en: 'Apartment link request declined',
    tt: 'Фатирга бәйләү турындагы гариза кире кагылды',
  },
  'notice.apartment_removed.text': {
    ru: (p) =>
      `Управляющая компания удалила квартиру по адресу ${p.address}, к которой вы просили привязку.${p.reason ? ` Причина: ${p.reason}.` : ''} Проверьте номер квартиры и подайте заявку снова.`,
    en: (p) =>
      `The management company removed the apartment at ${p.address} you asked to be linked to.${p.reason ? ` Reason: ${p.reason}.` : ''} Check the apartment number and ask again.`,
    tt: (p) =>
      `Идарәче компания сез бәйләнеш сораган ${p.address} адресындагы фатирны бетерде.${p.reason ? ` Сәбәбе: ${p.reason}.` : ''} Фатир номерын тикшерегез һәм гаризаны яңадан бирегез.`,
  } satisfies Entry<{ address: string; reason: string | null }>,
};
