/**
 * The office admin and the queue's figures (api/offices/, api/queue-stats/): staff read them, so
 * Russian and English; what the person whose appointment the office cancelled reads has Tatar too.
 */
import type { Entry } from './index.ts';

const appointmentsWord = (n: number) => {
  const last = n % 10;
  const lastTwo = n % 100;
  if (last === 1 && lastTwo !== 11) return 'запись';
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return 'записи';
  return 'записей';
};

export const officeMessages = {
  'office.not_found': { ru: 'Офис не найден.', en: 'Office not found.' },
  'office.point_not_found': { ru: 'Окно или кабинет не найдены.', en: 'Service point not found.' },
  'office.exception_not_found': { ru: 'Исключение из графика не найдено.', en: 'Schedule exception not found.' },
  'office.service_not_found': { ru: 'Услуга для записи не найдена.', en: 'Appointment service not found.' },
  'office.invalid': { ru: 'Ошибка в настройках офиса.', en: 'The office’s settings are invalid.' },
  'office.changed_meanwhile': {
    ru: 'Запись изменили, пока вы её редактировали: обновите страницу.',
    en: 'The record was changed meanwhile: reload it.',
  },
  'office.code_taken': { ru: 'Такой код уже есть.', en: 'This code is taken.' },
  'office.label_taken': { ru: 'Окно с таким названием в офисе уже есть.', en: 'The office has a point of this label.' },
  'office.exception_exists': {
    ru: 'На этот день исключение уже задано: удалите его, чтобы задать другое.',
    en: 'This day already has an exception: remove it to set another.',
  },
  'office.catalogue_admin_only': {
    ru: 'Перечень услуг для записи ведёт администратор муниципалитета.',
    en: 'The municipality’s admin keeps the catalogue of services.',
  },
  'office.affects_appointments': {
    ru: ({ count }) =>
      `Изменение затрагивает ${count} ${appointmentsWord(count)} граждан. Чтобы отменить их, повторите запрос с cancelAffected и причиной.`,
    en: ({ count }) =>
      `The change affects ${count} booked appointment${count === 1 ? '' : 's'}. To cancel them, repeat it with cancelAffected and a reason.`,
  } satisfies Entry<{ count: number }>,
  'office.field.interval_bad_time': { ru: 'время в формате ЧЧ:ММ', en: 'a time as HH:MM' },
  'office.field.interval_empty': { ru: 'конец позже начала', en: 'the end after the start' },
  'office.field.interval_unordered': { ru: 'интервалы по порядку', en: 'intervals in order' },
  'office.field.interval_overlapping': {
    ru: 'интервалы не пересекаются (перерыв — промежуток между ними)',
    en: 'intervals do not overlap (a break is the gap between them)',
  },
  'office.field.not_an_operator': {
    ru: 'операторы — сотрудники или руководители организации офиса',
    en: 'operators are staff or supervisors of the office’s organisation',
  },
  'office.field.no_such_service': { ru: 'нет такой услуги для записи', en: 'no such appointment service' },
  'office.field.service_twice': { ru: 'услуга указана дважды', en: 'the service is named twice' },
  'office.field.no_such_point': { ru: 'нет такого окна в этом офисе', en: 'no such point in this office' },
  'office.field.no_such_eservice': { ru: 'нет такой муниципальной услуги', en: 'no such e-service' },
  'office.field.reason_needed': {
    ru: 'укажите причину отмены записей',
    en: 'give the reason the appointments are cancelled',
  },
  'office.field.slot_minutes': {
    ru: ({ allowed }) => `одно из: ${allowed}`,
    en: ({ allowed }) => `one of: ${allowed}`,
  } satisfies Entry<{ allowed: string }>,
  'office.field.letter': {
    ru: ({ allowed }) => `одна из букв: ${allowed}`,
    en: ({ allowed }) => `one of the letters: ${allowed}`,
  } satisfies Entry<{ allowed: string }>,
  'office.field.not_past': { ru: 'сегодня или позже', en: 'today or later' },
  'office.field.hhmm': { ru: 'время в формате ЧЧ:ММ', en: 'a time as HH:MM' },
  'queue_stats.own_organisation_only': {
    ru: 'Только показатели офисов своей организации.',
    en: 'Only your own organisation’s offices.',
  },
  'queue_stats.field.not_your_office': { ru: 'не офис вашей организации', en: 'not an office of your organisation' },
  'notice.appointment.schedule_cancelled.subject': {
    ru: 'Запись отменена',
    en: 'Appointment cancelled',
    tt: 'Язылу юкка чыгарылды',
  },
  'notice.appointment.schedule_cancelled': {
    ru: ({ office, service, when, reason, link }) =>
      `${office} отменил вашу запись «${service}» на ${when}. Причина: ${reason}. Записаться снова: ${link}`,
    en: ({ office, service, when, reason, link }) =>
      `${office} cancelled your appointment “${service}” on ${when}. Reason: ${reason}. Book again: ${link}`,
    tt: ({ office, service, when, reason, link }) =>
      `${office} сезнең «${service}» язылуыгызны (${when}) юкка чыгарды. Сәбәбе: ${reason}. Яңадан язылу: ${link}`,
  } satisfies Entry<{ office: string; service: string; when: string; reason: string; link: string }>,
};
