/**
 * Sign-in, sessions and the municipality's accounts (api/accounts/). Residents sign in by code, so
 * those texts have their Tatar; staff sign-in and the admin's account records are staff-only.
 */
import type { Entry } from './index.ts';

export const accountMessages = {
  // Sign-in by code: residents read these.
  'auth.destination_expected': {
    ru: 'ожидается телефон или e-mail',
    en: 'expected a phone number or an e-mail address',
    tt: 'телефон яки e-mail көтелә',
  },
  'auth.code_format': { ru: 'код — 6 цифр', en: 'the code is 6 digits', tt: 'код — 6 сан' },
  'auth.code_sent': {
    ru: 'Если адрес верен, мы отправили на него код входа.',
    en: 'If the address is valid, a sign-in code is on its way.',
    tt: 'Адрес дөрес булса, без аңа керү кодын җибәрдек.',
  },
  'auth.code_wrong': { ru: 'Неверный код.', en: 'Wrong code.', tt: 'Код дөрес түгел.' },
  'auth.code_expired': {
    ru: 'Код недействителен, запросите новый.',
    en: 'The code is no longer valid, request a new one.',
    tt: 'Код гамәлдә түгел, яңасын сорагыз.',
  },
  'auth.municipality_unknown': {
    ru: 'Нет такого муниципалитета.',
    en: 'No such municipality.',
    tt: 'Мондый муниципалитет юк.',
  },
  'auth.account_disabled': {
    ru: 'Учётная запись отключена.',
    en: 'The account is disabled.',
    tt: 'Хисап язмасы сүндерелгән.',
  },
  'auth.staff_use_password': {
    ru: 'Сотрудники входят по логину и паролю.',
    en: 'Staff sign in with a login and password.',
    tt: 'Хезмәткәрләр логин һәм серсүз белән керә.',
  },
  // Staff sign-in.
  'auth.credentials_wrong': { ru: 'Неверный логин или пароль.', en: 'Wrong login or password.' },
  'auth.login_required': { ru: 'укажите логин', en: 'login is required' },
  'auth.password_required': { ru: 'укажите пароль', en: 'password is required' },
  // The admin's records of accounts.
  'user.login_format': {
    ru: 'от 3 до 64 знаков: латинские буквы, цифры, «.», «_», «-»',
    en: '3 to 64 Latin letters, digits, ".", "_", "-"',
  },
  'user.password_length': {
    ru: ({ min, max }) => `от ${min} до ${max} символов`,
    en: ({ min, max }) => `${min} to ${max} characters`,
  } satisfies Entry<{ min: number; max: number }>,
  'user.login_taken': { ru: 'логин уже занят', en: 'the login is taken' },
  'user.phone_taken': {
    ru: 'этот телефон уже у другой учётной записи',
    en: 'the phone belongs to another account',
  },
  'user.email_taken': {
    ru: 'этот e-mail уже у другой учётной записи',
    en: 'the e-mail belongs to another account',
  },
  'user.cannot_create': { ru: 'Учётную запись нельзя создать.', en: 'The account cannot be created.' },
  'user.cannot_change': { ru: 'Учётную запись нельзя изменить.', en: 'The account cannot be changed.' },
  'user.organisation_required': {
    ru: 'сотрудник организации работает в организации: укажите её',
    en: 'organisation staff need their organisation',
  },
  'user.resident_no_organisation': { ru: 'у жителя нет организации', en: 'a resident has no organisation' },
  'user.organisation_unknown': {
    ru: 'нет такой организации в этом муниципалитете',
    en: 'no such organisation here',
  },
  'user.own_role': { ru: 'свою роль изменить нельзя', en: 'you cannot change your own role' },
  'user.resident_stays': {
    ru: 'житель остаётся жителем: сотруднику нужна своя учётная запись',
    en: 'a resident stays a resident: staff get an account of their own',
  },
  'user.cannot_disable_self': {
    ru: 'Свою учётную запись отключить нельзя.',
    en: 'You cannot disable your own account.',
  },
  'user.resident_no_password': {
    ru: 'У жителей нет пароля: они входят по коду.',
    en: 'Residents have no password: they sign in with a code.',
  },
  'audit.datetime_expected': { ru: 'ожидается дата-время ISO 8601', en: 'expected an ISO 8601 date-time' },
};
