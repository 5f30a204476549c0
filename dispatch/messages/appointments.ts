/**
 * Booking an appointment at an office (issue 16): why a time cannot be booked, a taken slot, a
 * change after the cut-off, and the notices a resident gets (the booking, the reminders, the office's
 * cancellation). Residents read all of it: each has its Tatar text.
 */
import type { Entry } from './index.ts';

type Visit = { office: string; address: string; time: string; code: string; service: string };

export const appointmentMessages = {
  'appointment.invalid': {
    ru: 'Записаться на это время нельзя.',
    en: 'This time cannot be booked.',
    tt: 'Бу вакытка язылып булмый.',
  },
  'appointment.field.not_provided': {
    ru: 'эта услуга в этом учреждении не оказывается',
    en: 'the office does not provide this service',
    tt: 'бу учреждениедә мондый хезмәт күрсәтелми',
  },
  'appointment.field.service_unknown': {
    ru: 'такой услуги для записи нет',
    en: 'there is no such service to book',
    tt: 'язылу өчен мондый хезмәт юк',
  },
  'appointment.field.office_unknown': {
    ru: 'такого учреждения нет',
    en: 'there is no such office',
    tt: 'мондый учреждение юк',
  },
  'appointment.field.past': { ru: 'это время уже прошло', en: 'this time has passed', tt: 'бу вакыт узды инде' },
  'appointment.field.too_soon': {
    ru: 'слишком близко: запись закрывается заранее',
    en: 'too soon: booking closes in advance',
    tt: 'бик якын: язылу алдан ябыла',
  },
  'appointment.field.beyond_horizon': {
    ru: 'запись на этот день ещё не открыта',
    en: 'booking for this day is not open yet',
    tt: 'бу көнгә язылу әле ачылмаган',
  },
  'appointment.field.holiday': {
    ru: 'в этот день учреждение не работает',
    en: 'the office does not work that day',
    tt: 'бу көнне учреждение эшләми',
  },
  'appointment.field.closed': {
    ru: 'в этот день приём закрыт',
    en: 'no reception that day',
    tt: 'бу көнне кабул итү ябык',
  },
  'appointment.field.outside_hours': {
    ru: 'это время вне часов приёма',
    en: 'this time is outside the office’s hours',
    tt: 'бу вакыт кабул итү сәгатьләреннән тыш',
  },
  'appointment.field.off_grid': {
    ru: 'приём начинается в другое время: выберите из свободного',
    en: 'slots start at other times: choose a free one',
    tt: 'кабул итү башка вакытта башлана: бушларыннан сайлагыз',
  },
  'appointment.field.one_per_service': {
    ru: 'у вас уже есть запись на эту услугу',
    en: 'you already have a booking for this service',
    tt: 'сездә бу хезмәткә язылу бар инде',
  },
  'appointment.field.too_many': {
    ru: ({ max }) => `у вас уже ${max} активные записи: это предел`,
    en: ({ max }) => `you already have ${max} active bookings: that is the limit`,
    tt: ({ max }) => `сездә инде ${max} актив язылу бар: бу чик`,
  } satisfies Entry<{ max: number }>,
  'appointment.field.application_unknown': {
    ru: 'такого вашего заявления нет',
    en: 'you have no application with this number',
    tt: 'сездә мондый номерлы гариза юк',
  },
  'appointment.field.application_not_ready': {
    ru: 'результат по заявлению ещё не готов',
    en: 'the application’s result is not ready yet',
    tt: 'гариза буенча нәтиҗә әле әзер түгел',
  },
  'appointment.field.application_closed': {
    ru: 'заявление уже закрыто',
    en: 'the application is closed',
    tt: 'гариза ябылган инде',
  },
  'appointment.field.application_other_service': {
    ru: 'это заявление по другой услуге',
    en: 'this application is for another service',
    tt: 'бу гариза башка хезмәт буенча',
  },
  'appointment.field.idempotency_key_taken': {
    ru: 'этот ключ уже использован для другой записи',
    en: 'this key was used for another booking',
    tt: 'бу ачкыч башка язылу өчен кулланылган',
  },
  'appointment.slot_taken': {
    ru: 'Это время только что заняли. Выберите другое — ближайшее свободное ниже.',
    en: 'This time was just taken. Choose another: the nearest free times are below.',
    tt: 'Бу вакытны гына алдылар. Башкасын сайлагыз: иң якын буш вакытлар түбәндә.',
  },
  'appointment.stale': {
    ru: 'Запись уже изменилась: обновите страницу.',
    en: 'The booking changed meanwhile: reload it.',
    tt: 'Язылу үзгәрде инде: битне яңартыгыз.',
  },
  'appointment.cutoff_passed': {
    ru: ({ minutes }) => `Изменить или отменить запись можно не позже чем за ${minutes} мин. до приёма.`,
    en: ({ minutes }) => `A booking can be changed or cancelled up to ${minutes} minutes before it.`,
    tt: ({ minutes }) => `Язылуны кабул итүгә ${minutes} минут калганчы гына үзгәртеп яки юкка чыгарып була.`,
  } satisfies Entry<{ minutes: number }>,
  'appointment.not_booked': {
    ru: 'Эта запись уже не активна.',
    en: 'This booking is no longer active.',
    tt: 'Бу язылу инде актив түгел.',
  },
  'appointment.reason_needed': {
    ru: 'Укажите причину отмены: человек её получит.',
    en: 'Give the reason: the person will receive it.',
  },
  'appointment.field.reason_needed': { ru: 'нужна причина', en: 'a reason is needed' },

  // ── Notices ──
  'notice.appointment.subject': {
    ru: ({ code }) => `Запись на приём ${code}`,
    en: ({ code }) => `Appointment ${code}`,
    tt: ({ code }) => `Кабул итүгә язылу ${code}`,
  } satisfies Entry<{ code: string }>,
  'notice.appointment.booked': {
    ru: (v) => `Вы записаны: ${v.service}, ${v.office} (${v.address}), ${v.time}. Код записи ${v.code}.`,
    en: (v) => `You are booked: ${v.service}, ${v.office} (${v.address}), ${v.time}. Booking code ${v.code}.`,
    tt: (v) => `Сез язылдыгыз: ${v.service}, ${v.office} (${v.address}), ${v.time}. Язылу коды ${v.code}.`,
  } satisfies Entry<Visit>,
  'notice.appointment.day_before': {
    ru: (v) => `Напоминаем: завтра приём — ${v.service}, ${v.office} (${v.address}), ${v.time}. Код ${v.code}.`,
    en: (v) =>
      `Reminder: your appointment is tomorrow — ${v.service}, ${v.office} (${v.address}), ${v.time}. Code ${v.code}.`,
    tt: (v) => `Искәртәбез: иртәгә кабул итү — ${v.service}, ${v.office} (${v.address}), ${v.time}. Код ${v.code}.`,
  } satisfies Entry<Visit>,
  'notice.appointment.two_hours': {
    ru: (v) => `Через 2 часа приём — ${v.service}, ${v.office} (${v.address}), ${v.time}. Код ${v.code}.`,
    en: (v) => `Your appointment is in 2 hours — ${v.service}, ${v.office} (${v.address}), ${v.time}. Code ${v.code}.`,
    tt: (v) => `2 сәгатьтән кабул итү — ${v.service}, ${v.office} (${v.address}), ${v.time}. Код ${v.code}.`,
  } satisfies Entry<Visit>,
  'notice.appointment.cancelled_by_office': {
    ru: (v) => `Учреждение отменило вашу запись ${v.code} на ${v.time} (${v.office}). Причина: ${v.reason}`,
    en: (v) => `The office cancelled your booking ${v.code} for ${v.time} (${v.office}). Reason: ${v.reason}`,
    tt: (v) => `Учреждение сезнең ${v.time} вакытына ${v.code} язылуын юкка чыгарды (${v.office}). Сәбәбе: ${v.reason}`,
  } satisfies Entry<Visit & { reason: string }>,
  'notice.application.ready_collect_book': {
    ru: ({ number, where, link }) =>
      `Результат по заявлению ${number} готов. Где получить: ${where}. Записаться на приём, чтобы получить: ${link}`,
    en: ({ number, where, link }) =>
      `The result of application ${number} is ready. Collect it at: ${where}. Book a visit to collect it: ${link}`,
    tt: ({ number, where, link }) =>
      `${number} гаризасы буенча нәтиҗә әзер. Кайда алырга: ${where}. Алу өчен кабул итүгә язылу: ${link}`,
  } satisfies Entry<{ number: string; where: string; link: string }>,
};
