/**
 * The texts of "Войти через Госуслуги": the sign-in button, why a sign-in with the identity provider
 * did not go through (by the API's message id, dispatch/messages/identity.ts), and the resident's
 * verified data on their settings page, in Russian, English and Tatar (residents read all of it).
 */
import type { Language } from './language.ts';

const ru = {
  button: 'Войти через Госуслуги',
  or: 'или',
  buttonHint: 'Подтверждённые ФИО, дата рождения и адрес регистрации — для участия в общественных обсуждениях.',
  errors: {
    'identity.not_configured': 'Вход через Госуслуги не настроен на этой платформе.',
    'identity.provider_unreachable': 'Госуслуги сейчас не отвечают. Попробуйте позже.',
    'identity.state_unknown': 'Вход через Госуслуги не найден: начните его заново.',
    'identity.state_used': 'Этот вход через Госуслуги уже использован: начните его заново.',
    'identity.state_expired': 'Вход через Госуслуги длился дольше 10 минут: начните его заново.',
    'identity.denied': 'Вход отменён на Госуслугах: доступ к данным не предоставлен.',
    'identity.provider_error': 'Госуслуги отказали во входе. Попробуйте ещё раз.',
    'identity.code_rejected': 'Госуслуги не приняли код входа: он истёк или уже использован. Начните вход заново.',
    'identity.token_invalid': 'Ответ Госуслуг не прошёл проверку. Начните вход заново.',
    'identity.no_name': 'Госуслуги не передали ФИО: без него личность не подтвердить.',
    'identity.account_disabled': 'Учётная запись заблокирована.',
    'identity.linked_elsewhere': 'Эта учётная запись Госуслуг уже привязана к другому пользователю.',
    'identity.residents_only': 'Через Госуслуги входят жители; сотрудники входят по логину и паролю.',
  } as Record<string, string>,
  failed: 'Не удалось войти через Госуслуги.',
  section: 'Подтверждённые данные (Госуслуги)',
  sectionHint: 'Их сообщили Госуслуги; по адресу регистрации решается, можно ли участвовать в обсуждении.',
  loading: 'Загружаем…',
  error: 'Не удалось загрузить.',
  none: 'Данные не подтверждены.',
  link: 'Подтвердить через Госуслуги',
  fullName: 'ФИО',
  birthDate: 'Дата рождения',
  registration: 'Адрес регистрации',
  apartment: (n: string) => `кв. ${n}`,
  building: 'Дом в реестре города',
  buildingNotFound: 'не найден — участие по адресу регистрации недоступно',
  phone: 'Телефон',
  verifiedAt: 'Подтверждено',
  unlink: 'Отвязать Госуслуги',
  confirmUnlink: 'Отвязать Госуслуги? Участвовать в обсуждениях по адресу регистрации будет нельзя.',
  unlinked: 'Госуслуги отвязаны.',
  unlinkFailed: 'Не удалось отвязать.',
};

type Texts = typeof ru;

const en: Texts = {
  button: 'Sign in with Gosuslugi',
  or: 'or',
  buttonHint: 'Your verified name, birth date and registration address, to take part in public discussions.',
  errors: {
    'identity.not_configured': 'Signing in with Gosuslugi is not set up on this platform.',
    'identity.provider_unreachable': 'Gosuslugi is not answering right now. Try again later.',
    'identity.state_unknown': 'This Gosuslugi sign-in is unknown: start it again.',
    'identity.state_used': 'This Gosuslugi sign-in has already been used: start it again.',
    'identity.state_expired': 'The Gosuslugi sign-in took longer than 10 minutes: start it again.',
    'identity.denied': 'The sign-in was cancelled at Gosuslugi: access to your data was not given.',
    'identity.provider_error': 'Gosuslugi refused the sign-in. Try again.',
    'identity.code_rejected': 'Gosuslugi did not accept the sign-in code: it expired or was already used. Start again.',
    'identity.token_invalid': 'The answer from Gosuslugi failed its checks. Start again.',
    'identity.no_name': 'Gosuslugi gave no name: the identity cannot be verified without it.',
    'identity.account_disabled': 'The account is disabled.',
    'identity.linked_elsewhere': 'This Gosuslugi account is already linked to another user.',
    'identity.residents_only': 'Residents sign in with Gosuslugi; staff sign in with a login and password.',
  },
  failed: 'Could not sign in with Gosuslugi.',
  section: 'Verified data (Gosuslugi)',
  sectionHint: 'Given by Gosuslugi; your registration address decides whether you may take part in a discussion.',
  loading: 'Loading…',
  error: 'Could not load.',
  none: 'Nothing verified yet.',
  link: 'Verify with Gosuslugi',
  fullName: 'Name',
  birthDate: 'Date of birth',
  registration: 'Registration address',
  apartment: (n: string) => `apt. ${n}`,
  building: 'Building in the city register',
  buildingNotFound: 'not found — taking part by the registration address is not available',
  phone: 'Phone',
  verifiedAt: 'Verified',
  unlink: 'Unlink Gosuslugi',
  confirmUnlink: 'Unlink Gosuslugi? You will not be able to take part in discussions by your registration address.',
  unlinked: 'Gosuslugi unlinked.',
  unlinkFailed: 'Could not unlink.',
};

const tt: Texts = {
  button: 'Дәүләт хезмәтләре аша керү',
  or: 'яки',
  buttonHint: 'Расланган исем-фамилия, туган көн һәм теркәлү адресы — иҗтимагый фикер алышуларда катнашу өчен.',
  errors: {
    'identity.not_configured': 'Бу платформада Дәүләт хезмәтләре аша керү көйләнмәгән.',
    'identity.provider_unreachable': 'Дәүләт хезмәтләре хәзер җавап бирми. Соңрак кабатлап карагыз.',
    'identity.state_unknown': 'Дәүләт хезмәтләре аша керү табылмады: яңадан башлагыз.',
    'identity.state_used': 'Дәүләт хезмәтләре аша бу керү инде кулланылган: яңадан башлагыз.',
    'identity.state_expired': 'Дәүләт хезмәтләре аша керү 10 минуттан озаграк барды: яңадан башлагыз.',
    'identity.denied': 'Керү Дәүләт хезмәтләрендә туктатылды: мәгълүматларга керү рөхсәт ителмәде.',
    'identity.provider_error': 'Дәүләт хезмәтләре керүне кире какты. Тагын бер тапкыр карагыз.',
    'identity.code_rejected':
      'Дәүләт хезмәтләре керү кодын кабул итмәде: аның вакыты чыккан яки ул кулланылган. Яңадан башлагыз.',
    'identity.token_invalid': 'Дәүләт хезмәтләре җавабы тикшерүне узмады. Яңадан башлагыз.',
    'identity.no_name': 'Дәүләт хезмәтләре исем-фамилияне бирмәде: аннан башка шәхесне раслап булмый.',
    'identity.account_disabled': 'Хисап язмасы бикләнгән.',
    'identity.linked_elsewhere': 'Бу Дәүләт хезмәтләре хисап язмасы инде башка кулланучыга бәйләнгән.',
    'identity.residents_only': 'Дәүләт хезмәтләре аша яшәүчеләр керә; хезмәткәрләр логин һәм серсүз белән керә.',
  },
  failed: 'Дәүләт хезмәтләре аша керә алмадык.',
  section: 'Расланган мәгълүматлар (Дәүләт хезмәтләре)',
  sectionHint: 'Аларны Дәүләт хезмәтләре бирде; фикер алышуда катнашу теркәлү адресы буенча хәл ителә.',
  loading: 'Йөкләнә…',
  error: 'Йөкләп булмады.',
  none: 'Мәгълүматлар расланмаган.',
  link: 'Дәүләт хезмәтләре аша раслау',
  fullName: 'Исем-фамилия',
  birthDate: 'Туган көн',
  registration: 'Теркәлү адресы',
  apartment: (n: string) => `${n} фатир`,
  building: 'Шәһәр реестрындагы йорт',
  buildingNotFound: 'табылмады — теркәлү адресы буенча катнашып булмый',
  phone: 'Телефон',
  verifiedAt: 'Расланды',
  unlink: 'Дәүләт хезмәтләрен аеру',
  confirmUnlink: 'Дәүләт хезмәтләрен аерыргамы? Теркәлү адресы буенча фикер алышуларда катнашып булмаячак.',
  unlinked: 'Дәүләт хезмәтләре аерылды.',
  unlinkFailed: 'Аерып булмады.',
};

const texts: Record<Language, Texts> = { ru, en, tt };

/** The identity texts in a language. */
export const identityTexts = (lang: Language): Texts => texts[lang];
