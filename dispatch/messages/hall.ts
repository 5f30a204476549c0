/**
 * The hall of an office (issue 16): the kiosk (residents read it: Tatar too), the reception's
 * check-in and the operator's console (staff: Russian and English).
 */
import type { Entry } from './index.ts';

const hhmm = (iso: string) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

export const hallMessages = {
  // ── The kiosk ──
  'hall.kiosk_key': {
    ru: 'Киоск не узнан: нужен действующий ключ киоска этого офиса.',
    en: 'Kiosk not recognised: this office’s current kiosk key is needed.',
    tt: 'Киоск танылмады: бу офисның гамәлдәге киоск ачкычы кирәк.',
  },
  'hall.check_in.invalid': {
    ru: 'Отметиться не удалось.',
    en: 'Could not check in.',
    tt: 'Теркәлү булмады.',
  },
  'hall.check_in.unknown_code': {
    ru: 'нет записи с таким кодом',
    en: 'no booking has this code',
    tt: 'мондый код белән язылу юк',
  },
  'hall.check_in.other_office': {
    ru: 'запись в другой офис',
    en: 'the booking is for another office',
    tt: 'язылу башка офиска',
  },
  'hall.check_in.not_today': {
    ru: 'запись не на сегодня',
    en: 'the booking is not for today',
    tt: 'язылу бүгенгә түгел',
  },
  'hall.check_in.too_early': {
    ru: ({ opensAt }) => `рано: отметиться можно с ${hhmm(opensAt)}`,
    en: ({ opensAt }) => `too early: check-in opens at ${hhmm(opensAt)}`,
    tt: ({ opensAt }) => `иртә: ${hhmm(opensAt)} сәгатьтән теркәлергә мөмкин`,
  } satisfies Entry<{ opensAt: string }>,
  'hall.check_in.not_booked': {
    ru: 'По этой записи уже отметились, или она отменена.',
    en: 'This booking is already checked in, or it was cancelled.',
    tt: 'Бу язылу буенча инде теркәлделәр яки ул юкка чыгарылды.',
  },
  'hall.walk_in.invalid': {
    ru: 'Талон без записи сейчас не выдаётся.',
    en: 'No walk-in ticket can be issued now.',
    tt: 'Язылусыз талон хәзер бирелми.',
  },
  'hall.walk_in.off': {
    ru: 'в этом офисе принимают только по записи',
    en: 'this office receives by appointment only',
    tt: 'бу офиста язылу буенча гына кабул итәләр',
  },
  'hall.walk_in.closed': {
    ru: 'офис сейчас не принимает',
    en: 'the office is not receiving now',
    tt: 'офис хәзер кабул итми',
  },
  'hall.walk_in.not_provided': {
    ru: 'эту услугу сейчас не оказывают',
    en: 'this service is not given now',
    tt: 'бу хезмәт хәзер күрсәтелми',
  },

  // ── The operator's console ──
  'hall.point_busy': {
    ru: 'У окна уже есть вызванный посетитель: сначала завершите его приём.',
    en: 'This point already has a client called: finish with them first.',
  },
  'hall.ticket.changed_meanwhile': {
    ru: 'Талон уже изменили: обновите экран.',
    en: 'The ticket was changed meanwhile: reload.',
  },
  'hall.ticket.step_not_allowed': {
    ru: ({ step, status }) => `Шаг «${step}» невозможен для талона в состоянии «${status}».`,
    en: ({ step, status }) => `The step “${step}” is not possible for a ticket that is “${status}”.`,
  } satisfies Entry<{ step: string; status: string }>,
  'hall.ticket.no_show_too_soon': {
    ru: ({ at }) => `Отметить неявку можно с ${hhmm(at)}.`,
    en: ({ at }) => `A no-show may be marked from ${hhmm(at)}.`,
  } satisfies Entry<{ at: string }>,
  'hall.redirect.invalid': {
    ru: 'Перенаправить не удалось.',
    en: 'Could not redirect.',
  },
  'hall.redirect.point_needed': {
    ru: 'укажите окно, куда направить',
    en: 'name the point to send the client to',
  },
  'hall.redirect.point_invalid': {
    ru: 'нужно другое работающее окно этого офиса',
    en: 'another active point of this office is needed',
  },
  'hall.not_operator': {
    ru: 'Вы не работаете в этом офисе.',
    en: 'You do not work at this office.',
  },
};
