/**
 * Taking part in a public discussion (issue 17): why a proposal is refused (not a participant, out of
 * the period, its text, point and files), the moderation's refusals, and the notices a participant
 * gets (received, accepted, rejected with the reason). Residents read all of it: each has Tatar.
 */
import type { Entry } from './index.ts';

/** A local date as the city writes it: 07.12.2026. */
const cityDate = (d: string) => d.split('-').reverse().join('.');

type Period = { from: string; to: string };
type Received = { number: number; title: string };

export const proposalMessages = {
  'proposal.not_eligible': {
    ru: 'Вы не можете участвовать в этом обсуждении.',
    en: 'You may not take part in this discussion.',
    tt: 'Сез бу тикшерүдә катнаша алмыйсыз.',
  },
  'proposal.period_before': {
    ru: ({ from, to }) => `Приём предложений ещё не начался: он идёт с ${cityDate(from)} по ${cityDate(to)}.`,
    en: ({ from, to }) => `Proposals are not taken yet: they are taken from ${cityDate(from)} to ${cityDate(to)}.`,
    tt: ({ from, to }) => `Тәкъдимнәр кабул итү әле башланмаган: ${cityDate(from)} – ${cityDate(to)}.`,
  } satisfies Entry<Period>,
  'proposal.period_after': {
    ru: ({ from, to }) => `Приём предложений закончился: он шёл с ${cityDate(from)} по ${cityDate(to)}.`,
    en: ({ from, to }) => `Proposals are no longer taken: they were taken from ${cityDate(from)} to ${cityDate(to)}.`,
    tt: ({ from, to }) => `Тәкъдимнәр кабул итү тәмамланды: ${cityDate(from)} – ${cityDate(to)}.`,
  } satisfies Entry<Period>,
  'proposal.discussion_cancelled': {
    ru: 'Обсуждение отменено: предложения не принимаются.',
    en: 'The discussion was cancelled: proposals are not taken.',
    tt: 'Тикшерү туктатылды: тәкъдимнәр кабул ителми.',
  },
  'proposal.idempotency_key_reused': {
    ru: 'Этот ключ повтора уже использован для предложения по другому обсуждению.',
    en: 'This retry key was already used for a proposal to another discussion.',
    tt: 'Бу кабатлау ачкычы башка тикшерүгә тәкъдим өчен кулланылган инде.',
  },
  'proposal.invalid': {
    ru: 'Предложение заполнено неверно.',
    en: 'The proposal is not filled in correctly.',
    tt: 'Тәкъдим дөрес тутырылмаган.',
  },
  'proposal.field.text_required': {
    ru: 'напишите предложение или замечание',
    en: 'write your proposal or remark',
    tt: 'тәкъдимегезне яки искәрмәгезне языгыз',
  },
  'proposal.field.point_outside_city': {
    ru: 'точка вне границ города',
    en: 'the point is outside the city',
    tt: 'нокта шәһәр чикләреннән читтә',
  },
  'proposal.field.point_pair': {
    ru: 'укажите и долготу, и широту',
    en: 'give both longitude and latitude',
    tt: 'озынлыкны да, киңлекне дә күрсәтегез',
  },
  'proposal.file_type': {
    ru: 'Файл должен быть PDF, PNG или JPEG.',
    en: 'A file must be a PDF, PNG or JPEG.',
    tt: 'Файл PDF, PNG яки JPEG булырга тиеш.',
  },
  'proposal.file_type.reason': {
    ru: 'по содержимому это не PDF, PNG или JPEG',
    en: 'by its content this is not a PDF, PNG or JPEG',
    tt: 'эчтәлеге буенча бу PDF, PNG яки JPEG түгел',
  },
  'proposal.files_field': {
    ru: 'файлы прикладываются в поле files',
    en: 'files go in the field files',
    tt: 'файллар files кырында салына',
  },
  // Moderation.
  'proposal.reject_reason_required': {
    ru: 'укажите причину отклонения (не короче 3 символов): участник её прочтёт',
    en: 'give the reason (at least 3 characters): the participant reads it',
  },
  'proposal.moderation_closed': {
    ru: 'Протокол подписан: решения по предложениям больше не меняются.',
    en: 'The protocol is signed: decisions on proposals no longer change.',
  },
  'proposal.step_not_allowed': {
    ru: ({ step, status }) => `Шаг «${step}» невозможен в статусе «${status}».`,
    en: ({ step, status }) => `The step "${step}" is not possible in the status "${status}".`,
  } satisfies Entry<{ step: string; status: string }>,
  'proposal.changed_meanwhile': {
    ru: 'Предложение изменилось, пока вы его читали: обновите страницу.',
    en: 'The proposal changed while you were reading it: reload the page.',
    tt: 'Сез укыганда тәкъдим үзгәрде: битне яңартыгыз.',
  },
  // Notices to the participant (kind `discussion`).
  'notice.proposal.subject': {
    ru: ({ number }) => `Ваше предложение № ${number}`,
    en: ({ number }) => `Your proposal No. ${number}`,
    tt: ({ number }) => `Сезнең № ${number} тәкъдимегез`,
  } satisfies Entry<{ number: number }>,
  'notice.proposal.received': {
    ru: ({ number, title }) =>
      `Ваше предложение по обсуждению «${title}» получено и зарегистрировано под № ${number}. Организатор рассмотрит его.`,
    en: ({ number, title }) =>
      `Your proposal on "${title}" was received and registered as No. ${number}. The organiser will consider it.`,
    tt: ({ number, title }) =>
      `«${title}» тикшерүе буенча тәкъдимегез алынды, № ${number} белән теркәлде. Оештыручы аны карап чыгачак.`,
  } satisfies Entry<Received>,
  'notice.proposal.accepted': {
    ru: ({ number, title }) => `Ваше предложение № ${number} по обсуждению «${title}» принято и войдёт в протокол.`,
    en: ({ number, title }) => `Your proposal No. ${number} on "${title}" was accepted into the protocol.`,
    tt: ({ number, title }) => `«${title}» буенча № ${number} тәкъдимегез кабул ителде һәм протоколга керәчәк.`,
  } satisfies Entry<Received>,
  'notice.discussion.cancelled.subject': {
    ru: 'Общественное обсуждение отменено',
    en: 'The public discussion is cancelled',
    tt: 'Җәмәгать тикшерүе юкка чыгарылды',
  },
  'notice.discussion.cancelled': {
    ru: ({ title, reason }) =>
      `Обсуждение «${title}», в котором вы вносили предложения, отменено организатором. Причина: ${reason}`,
    en: ({ title, reason }) =>
      `The discussion "${title}", to which you made proposals, was cancelled by the organiser. The reason: ${reason}`,
    tt: ({ title, reason }) =>
      `Сез тәкъдимнәр керткән «${title}» тикшерүе оештыручы тарафыннан юкка чыгарылды. Сәбәбе: ${reason}`,
  } satisfies Entry<{ title: string; reason: string }>,
  'notice.proposal.rejected': {
    ru: ({ number, title, reason }) =>
      `Ваше предложение № ${number} по обсуждению «${title}» отклонено. Причина: ${reason}`,
    en: ({ number, title, reason }) => `Your proposal No. ${number} on "${title}" was rejected. The reason: ${reason}`,
    tt: ({ number, title, reason }) => `«${title}» буенча № ${number} тәкъдимегез кире кагылды. Сәбәбе: ${reason}`,
  } satisfies Entry<Received & { reason: string }>,
};
