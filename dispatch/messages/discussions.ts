/**
 * Public discussions (issue 17): the organiser's problems with a territory and dates (staff read
 * them: Russian and English), and what a resident reads about taking part (Tatar too).
 */
import type { Entry } from './index.ts';

/** The schedule's fields, as an organiser reads them. */
const dateNames: Record<string, { ru: string; en: string }> = {
  noticeOn: { ru: 'дата оповещения', en: 'the notice date' },
  expositionFrom: { ru: 'начало экспозиции', en: 'the exposition’s opening' },
  expositionTo: { ru: 'конец экспозиции', en: 'the exposition’s end' },
  proposalsFrom: { ru: 'начало приёма предложений', en: 'the start of proposals' },
  proposalsTo: { ru: 'конец приёма предложений', en: 'the end of proposals' },
  protocolBy: { ru: 'срок протокола', en: 'the protocol’s date' },
  conclusionBy: { ru: 'срок заключения', en: 'the conclusion’s date' },
};

const ruDate = (d: string) => d.split('-').reverse().join('.');
const months = (n: number) => (n === 1 ? 'месяц' : n < 5 ? `${n} месяца` : `${n} месяцев`);

export const discussionMessages = {
  // The territory (dispatch/territory.ts).
  'territory.empty': {
    ru: 'укажите территорию: контур на карте или земельные участки',
    en: 'give the territory: an outline on the map or land plots',
  },
  'territory.too_large': { ru: 'слишком много контуров, вырезов или участков', en: 'too many areas, holes or plots' },
  'territory.too_few': { ru: 'нужно не меньше трёх точек', en: 'at least three corners are needed' },
  'territory.too_many': {
    ru: ({ max }) => `не больше ${max} точек`,
    en: ({ max }) => `at most ${max} corners`,
  } satisfies Entry<{ max: number }>,
  'territory.out_of_range': { ru: 'координаты вне диапазона', en: 'coordinates out of range' },
  'territory.crosses': { ru: 'контур пересекает сам себя', en: 'the outline crosses itself' },
  'territory.outside': {
    ru: 'контур выходит за границу муниципалитета',
    en: 'the outline leaves the municipality',
  },
  'territory.hole_outside': {
    ru: 'вырез должен лежать внутри своего контура',
    en: 'a hole must lie inside its outline',
  },
  'territory.holes_meet': { ru: 'вырезы пересекаются или касаются', en: 'the holes cross or touch' },
  'territory.cadastral_number': {
    ru: 'кадастровый номер вида 16:50:011101:123',
    en: 'a cadastral number such as 16:50:011101:123',
  },
  // The schedule (dispatch/discussions.ts).
  'discussion.date_order': {
    ru: ({ after }) => `не раньше, чем ${dateNames[after]?.ru ?? after}`,
    en: ({ after }) => `not before ${dateNames[after]?.en ?? after}`,
  } satisfies Entry<{ after: string }>,
  'discussion.date_past': { ru: 'дата уже прошла', en: 'the date has passed' },
  'discussion.notice_lead': {
    ru: ({ days }) => `оповещение публикуется не позднее чем за ${days} дней до экспозиции`,
    en: ({ days }) => `the notice comes at least ${days} days before the exposition`,
  } satisfies Entry<{ days: number }>,
  'discussion.exposition_short': {
    ru: ({ days }) => `экспозиция длится не меньше ${days} дней`,
    en: ({ days }) => `the exposition lasts at least ${days} days`,
  } satisfies Entry<{ days: number }>,
  'discussion.protocol_late': {
    ru: ({ by }) => `протокол подписывается не позднее ${ruDate(by)} (5 рабочих дней после приёма предложений)`,
    en: ({ by }) => `the protocol is signed by ${by} (5 working days after proposals close)`,
  } satisfies Entry<{ by: string }>,
  'discussion.conclusion_late': {
    ru: ({ by }) => `заключение публикуется не позднее ${ruDate(by)} (5 рабочих дней после протокола)`,
    en: ({ by }) => `the conclusion is published by ${by} (5 working days after the protocol)`,
  } satisfies Entry<{ by: string }>,
  'discussion.too_long': {
    ru: ({ months: n, by }) => `по закону не дольше ${months(n)} от оповещения: до ${ruDate(by)}`,
    en: ({ months: n, by }) => `the law allows at most ${n} month(s) from the notice: until ${by}`,
  } satisfies Entry<{ months: number; by: string }>,
  'discussion.too_short': {
    ru: ({ months: n, from }) => `по закону не короче ${months(n)} от оповещения: не раньше ${ruDate(from)}`,
    en: ({ months: n, from }) => `the law requires at least ${n} month(s) from the notice: not before ${from}`,
  } satisfies Entry<{ months: number; from: string }>,
  // Steps (api/discussions/steps.ts).
  'discussion.changed_meanwhile': {
    ru: 'Обсуждение изменилось, пока вы его читали: обновите страницу.',
    en: 'The discussion changed while you were reading it: reload the page.',
    tt: 'Сез укыганда тикшерү үзгәрде: битне яңартыгыз.',
  },
  'discussion.step_not_allowed': {
    ru: ({ step, status }) => `Шаг «${step}» невозможен в статусе «${status}».`,
    en: ({ step, status }) => `The step "${step}" is not possible in the status "${status}".`,
  } satisfies Entry<{ step: string; status: string }>,
  // Who may take part (dispatch/discussions.ts `eligibility`), as the resident reads it.
  'discussion.eligible.registration': {
    ru: ({ address }) => `Ваш адрес регистрации по данным Госуслуг — ${address} — на территории проекта.`,
    en: ({ address }) => `Your registration address from Gosuslugi, ${address}, is on the project’s territory.`,
    tt: ({ address }) => `Дәүләт хезмәтләре буенча теркәлү адресыгыз — ${address} — проект территориясендә.`,
  } satisfies Entry<{ address: string }>,
  'discussion.eligible.apartment': {
    ru: ({ address }) => `Помещение ${address}, подтверждённое управляющей компанией, — на территории проекта.`,
    en: ({ address }) =>
      `The premises ${address}, confirmed by the management company, are on the project’s territory.`,
    tt: ({ address }) => `Идарәче компания раслаган ${address} бүлмәсе проект территориясендә.`,
  } satisfies Entry<{ address: string }>,
  'discussion.ineligible.anonymous': {
    ru: 'Войдите, чтобы узнать, можете ли вы участвовать.',
    en: 'Sign in to find out whether you may take part.',
    tt: 'Катнаша алуыгызны белү өчен керегез.',
  },
  'discussion.ineligible.unidentified': {
    ru: 'Участвовать могут жители и правообладатели территории: войдите через Госуслуги или подтвердите квартиру в управляющей компании.',
    en: 'Residents and right-holders of the territory may take part: sign in with Gosuslugi or have your apartment confirmed by the management company.',
    tt: 'Территориянең кешеләре һәм хокук ияләре катнаша ала: Дәүләт хезмәтләре аша керегез яки идарәче компаниядә фатирыгызны раслатыгыз.',
  },
  'discussion.ineligible.address_unknown': {
    ru: ({ addresses }) =>
      `Адрес регистрации по данным Госуслуг (${addresses}) не найден в реестре домов города; подтвердите квартиру в управляющей компании.`,
    en: ({ addresses }) =>
      `Your registration address from Gosuslugi (${addresses}) is not in the city’s register of buildings; have your apartment confirmed by the management company.`,
    tt: ({ addresses }) =>
      `Дәүләт хезмәтләре буенча теркәлү адресы (${addresses}) шәһәр йортлары реестрында табылмады; фатирыгызны идарәче компаниядә раслатыгыз.`,
  } satisfies Entry<{ addresses: string }>,
  'discussion.ineligible.outside': {
    ru: ({ addresses }) =>
      `Ваши адреса (${addresses}) вне территории проекта: участвуют жители и правообладатели территории.`,
    en: ({ addresses }) =>
      `Your addresses (${addresses}) are outside the project’s territory: its residents and right-holders take part.`,
    tt: ({ addresses }) =>
      `Адресларыгыз (${addresses}) проект территориясеннән читтә: территориянең кешеләре һәм хокук ияләре катнаша.`,
  } satisfies Entry<{ addresses: string }>,
  // The organiser's work (api/discussions/).
  'discussion.invalid_territory': {
    ru: 'Территория указана неверно.',
    en: 'The territory is not right.',
  },
  'discussion.invalid_schedule': {
    ru: 'Даты обсуждения не соответствуют закону.',
    en: 'The discussion’s dates do not follow the law.',
  },
  'discussion.unknown_building': {
    ru: 'Таких домов нет в муниципалитете.',
    en: 'There are no such buildings in the municipality.',
  },
  'discussion.unknown_building.reason': { ru: 'нет такого дома', en: 'no such building' },
  'discussion.no_such_organiser': {
    ru: 'Укажите организацию-организатора этого муниципалитета.',
    en: 'Name an organising organisation of this municipality.',
  },
  'discussion.no_such_organiser.reason': { ru: 'нет такой организации', en: 'no such organisation' },
  'discussion.not_editable': {
    ru: ({ status }) => `Обсуждение можно менять только до оповещения (сейчас «${status}»).`,
    en: ({ status }) => `A discussion can be changed only before its notice (now "${status}").`,
  } satisfies Entry<{ status: string }>,
  'discussion.needs_document': {
    ru: 'Приложите хотя бы один документ проекта до оповещения.',
    en: 'Attach at least one document of the project before the notice.',
  },
  'discussion.document_too_large': {
    ru: ({ mb }) => `Документ больше ${mb} МБ.`,
    en: ({ mb }) => `The document is larger than ${mb} MB.`,
  } satisfies Entry<{ mb: number }>,
  'discussion.document_type': {
    ru: 'Документ должен быть PDF, PNG или JPEG.',
    en: 'The document must be a PDF, PNG or JPEG.',
  },
  'discussion.document_type.reason': {
    ru: 'не PDF, PNG или JPEG по содержимому',
    en: 'not a PDF, PNG or JPEG by its content',
  },
  'discussion.one_file': { ru: 'Приложите один файл в поле file.', en: 'Attach one file in the field file.' },
  // The territory's notice (api/discussions/notify-territory.ts), as residents read it.
  'discussion.notice.opened.subject': {
    ru: ({ title }) => `Открыто общественное обсуждение: ${title}`,
    en: ({ title }) => `A public discussion is open: ${title}`,
    tt: ({ title }) => `Иҗтимагый тикшерү ачылды: ${title}`,
  } satisfies Entry<{ title: string }>,
  'discussion.notice.opened.body': {
    ru: ({ title, from, to, link }) =>
      `Ваш дом на территории проекта «${title}». Предложения и замечания принимаются с ${ruDate(from)} по ${ruDate(to)}: ${link}`,
    en: ({ title, from, to, link }) =>
      `Your building is on the territory of the project "${title}". Proposals and remarks are taken from ${from} to ${to}: ${link}`,
    tt: ({ title, from, to, link }) =>
      `Йортыгыз «${title}» проекты территориясендә. Тәкъдимнәр һәм искәрмәләр ${ruDate(from)} – ${ruDate(to)} кабул ителә: ${link}`,
  } satisfies Entry<{ title: string; from: string; to: string; link: string }>,
  'discussion.notice.concluded.subject': {
    ru: ({ title }) => `Опубликовано заключение: ${title}`,
    en: ({ title }) => `The conclusion is published: ${title}`,
    tt: ({ title }) => `Йомгак бастырылды: ${title}`,
  } satisfies Entry<{ title: string }>,
  'discussion.notice.concluded.body': {
    ru: ({ title, link }) => `Заключение о результатах общественного обсуждения проекта «${title}»: ${link}`,
    en: ({ title, link }) => `The conclusion on the results of the public discussion of "${title}": ${link}`,
    tt: ({ title, link }) => `«${title}» проектын иҗтимагый тикшерү нәтиҗәләре турында йомгак: ${link}`,
  } satisfies Entry<{ title: string; link: string }>,
};
