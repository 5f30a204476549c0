/**
 * "Войти через Госуслуги" (api/identity/): why a sign-in with the identity provider did not go
 * through, as the sign-in page shows it, and the problems of the identity's routes. Residents read
 * all of them, so each has its Tatar text.
 */
import type { Entry } from './index.ts';

export const identityMessages = {
  'identity.not_configured': {
    ru: 'Вход через Госуслуги не настроен на этой платформе.',
    en: 'Signing in with Gosuslugi is not set up on this platform.',
    tt: 'Бу платформада Дәүләт хезмәтләре аша керү көйләнмәгән.',
  },
  'identity.provider_unreachable': {
    ru: 'Госуслуги сейчас не отвечают. Попробуйте позже.',
    en: 'Gosuslugi is not answering right now. Try again later.',
    tt: 'Дәүләт хезмәтләре хәзер җавап бирми. Соңрак кабатлап карагыз.',
  },
  'identity.state_unknown': {
    ru: 'Вход через Госуслуги не найден: начните его заново.',
    en: 'This Gosuslugi sign-in is unknown: start it again.',
    tt: 'Дәүләт хезмәтләре аша керү табылмады: яңадан башлагыз.',
  },
  'identity.state_used': {
    ru: 'Этот вход через Госуслуги уже использован: начните его заново.',
    en: 'This Gosuslugi sign-in has already been used: start it again.',
    tt: 'Дәүләт хезмәтләре аша бу керү инде кулланылган: яңадан башлагыз.',
  },
  'identity.state_expired': {
    ru: 'Вход через Госуслуги длился дольше 10 минут: начните его заново.',
    en: 'The Gosuslugi sign-in took longer than 10 minutes: start it again.',
    tt: 'Дәүләт хезмәтләре аша керү 10 минуттан озаграк барды: яңадан башлагыз.',
  },
  'identity.denied': {
    ru: 'Вход отменён на Госуслугах: доступ к данным не предоставлен.',
    en: 'The sign-in was cancelled at Gosuslugi: access to your data was not given.',
    tt: 'Керү Дәүләт хезмәтләрендә туктатылды: мәгълүматларга керү рөхсәт ителмәде.',
  },
  'identity.provider_error': {
    ru: ({ error }) => `Госуслуги отказали во входе (${error}).`,
    en: ({ error }) => `Gosuslugi refused the sign-in (${error}).`,
    tt: ({ error }) => `Дәүләт хезмәтләре керүне кире какты (${error}).`,
  } satisfies Entry<{ error: string }>,
  'identity.code_rejected': {
    ru: 'Госуслуги не приняли код входа: он истёк или уже использован. Начните вход заново.',
    en: 'Gosuslugi did not accept the sign-in code: it expired or was already used. Start again.',
    tt: 'Дәүләт хезмәтләре керү кодын кабул итмәде: аның вакыты чыккан яки ул кулланылган. Яңадан башлагыз.',
  },
  'identity.token_invalid': {
    ru: 'Ответ Госуслуг не прошёл проверку. Начните вход заново.',
    en: 'The answer from Gosuslugi failed its checks. Start again.',
    tt: 'Дәүләт хезмәтләре җавабы тикшерүне узмады. Яңадан башлагыз.',
  },
  'identity.no_name': {
    ru: 'Госуслуги не передали ФИО: без него личность не подтвердить.',
    en: 'Gosuslugi gave no name: the identity cannot be verified without it.',
    tt: 'Дәүләт хезмәтләре исем-фамилияне бирмәде: аннан башка шәхесне раслап булмый.',
  },
  'identity.account_disabled': {
    ru: 'Учётная запись заблокирована.',
    en: 'The account is disabled.',
    tt: 'Хисап язмасы бикләнгән.',
  },
  'identity.linked_elsewhere': {
    ru: 'Эта учётная запись Госуслуг уже привязана к другому пользователю.',
    en: 'This Gosuslugi account is already linked to another user.',
    tt: 'Бу Дәүләт хезмәтләре хисап язмасы инде башка кулланучыга бәйләнгән.',
  },
  'identity.residents_only': {
    ru: 'Через Госуслуги входят жители; сотрудники входят по логину и паролю.',
    en: 'Residents sign in with Gosuslugi; staff sign in with a login and password.',
    tt: 'Дәүләт хезмәтләре аша яшәүчеләр керә; хезмәткәрләр логин һәм серсүз белән керә.',
  },
  'identity.none': {
    ru: 'Подтверждённых данных Госуслуг нет.',
    en: 'There is no verified Gosuslugi identity.',
    tt: 'Дәүләт хезмәтләре расланган мәгълүматлары юк.',
  },
};
