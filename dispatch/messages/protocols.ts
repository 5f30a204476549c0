/**
 * Public discussions' results (issue 17): the organiser's recommendations, the protocol and the
 * conclusion. The organiser's refusals are read by staff (Russian and English); that a protocol or
 * a conclusion is not published yet is read by residents too (Tatar as well).
 */
import type { Entry } from './index.ts';

export const protocolMessages = {
  'protocol.unmoderated': {
    ru: ({ count }) =>
      `Протокол нельзя подписать: ${count} предлож. ещё не рассмотрено (примите или отклоните каждое).`,
    en: ({ count }) => `The protocol cannot be signed: ${count} proposal(s) are still waiting (accept or reject each).`,
  } satisfies Entry<{ count: number }>,
  'protocol.not_closed': {
    ru: 'Протокол подписывают после окончания приёма предложений, когда обсуждение закрыто.',
    en: 'The protocol is signed once the proposals period is over and the discussion is closed.',
  },
  'protocol.not_signed': {
    ru: 'Протокол ещё не подписан и не опубликован.',
    en: 'The protocol is not signed and published yet.',
    tt: 'Беркетмә әлегә имзаланмаган һәм басылмаган.',
  },
  'conclusion.not_published': {
    ru: 'Заключение ещё не опубликовано.',
    en: 'The conclusion is not published yet.',
    tt: 'Нәтиҗә әлегә басылмаган.',
  },
  'conclusion.protocol_unsigned': {
    ru: 'Заключение публикуют после подписания протокола.',
    en: 'The conclusion is published after the protocol is signed.',
  },
  'conclusion.recommendations_missing': {
    ru: ({ numbers }) => `Нет рекомендации по предложениям № ${numbers}: дайте её по каждому принятому предложению.`,
    en: ({ numbers }) => `No recommendation on proposals No. ${numbers}: give one on every accepted proposal.`,
  } satisfies Entry<{ numbers: string }>,
  'recommendation.not_accepted': {
    ru: 'Рекомендацию дают только по предложениям, принятым в протокол.',
    en: 'A recommendation is given only on proposals accepted into the protocol.',
  },
  'recommendation.closed': {
    ru: ({ status }) => `Рекомендации даются до публикации заключения; сейчас обсуждение в статусе «${status}».`,
    en: ({ status }) =>
      `Recommendations are given until the conclusion is published; the discussion is now "${status}".`,
  } satisfies Entry<{ status: string }>,
  'recommendation.changed_meanwhile': {
    ru: 'Предложение изменилось, пока вы его читали: обновите страницу.',
    en: 'The proposal changed while you were reading it: reload the page.',
  },
};
