/**
 * The sign-in code's SMS and e-mail, and a person's notification settings (api/notifications/).
 * Residents meet all of these, so each has its Tatar text.
 */
import type { Entry } from './index.ts';

export const notificationMessages = {
  // ── The sign-in code, as sent ──
  'notification.login_code.subject': {
    ru: 'Код входа в Отклик',
    en: 'Your Otklik sign-in code',
    tt: 'Отклик системасына керү коды',
  },
  'notification.login_code.body': {
    ru: ({ code, minutes }) => `Код входа в Отклик: ${code}. Действует ${minutes} минут. Никому его не сообщайте.`,
    en: ({ code, minutes }) => `Your Otklik sign-in code: ${code}. Valid for ${minutes} minutes. Do not share it.`,
    tt: ({ code, minutes }) =>
      `Отклик системасына керү коды: ${code}. ${minutes} минут гамәлдә. Аны беркемгә дә әйтмәгез.`,
  } satisfies Entry<{ code: string; minutes: number }>,

  // ── Notification settings ──
  'notification.kind_not_received': {
    ru: 'Такие сообщения вам не приходят.',
    en: 'You do not receive this kind of message.',
    tt: 'Сезгә мондый хәбәрләр килми.',
  },
  'notification.kinds_available': {
    ru: ({ kinds }) => `доступно: ${kinds}`,
    en: ({ kinds }) => `available: ${kinds}`,
    tt: ({ kinds }) => `мөмкин: ${kinds}`,
  } satisfies Entry<{ kinds: string }>,
  'notification.field.language': {
    ru: 'язык: ru, en или tt',
    en: 'language: ru, en or tt',
    tt: 'тел: ru, en яки tt',
  },
  'notification.field.kind_unknown': {
    ru: 'нет такого вида сообщений',
    en: 'no such kind of message',
    tt: 'мондый хәбәр төре юк',
  },
  'notification.field.too_many_kinds': { ru: 'слишком много', en: 'too many', tt: 'артык күп' },
  'notification.field.https_url': {
    ru: 'ожидается адрес https://',
    en: 'expected an https:// URL',
    tt: 'https:// адресы көтелә',
  },
  'notification.field.url_too_long': { ru: 'слишком длинный адрес', en: 'URL too long', tt: 'адрес артык озын' },
  'notification.field.base64url': { ru: 'ожидается base64url', en: 'expected base64url', tt: 'base64url көтелә' },
};
