/**
 * Problems the API answers with (RFC 9457 `detail`, and `reason` of a field), by stable id.
 * Residents meet all of these, so each has its Tatar text.
 */
import type { Entry } from './index.ts';

/** The kinds of record a "not found" names, as a person reads them. */
export const recordNames = {
  appeal: { ru: 'Обращение', en: 'Appeal', tt: 'Мөрәҗәгать' },
  apartment: { ru: 'Квартира', en: 'Apartment', tt: 'Фатир' },
  application: { ru: 'Заявление', en: 'Application', tt: 'Гариза' },
  appointment: { ru: 'Запись на приём', en: 'Appointment', tt: 'Кабул итүгә язылу' },
  attachment: { ru: 'Файл', en: 'File', tt: 'Файл' },
  building: { ru: 'Дом', en: 'Building', tt: 'Йорт' },
  category: { ru: 'Тема', en: 'Category', tt: 'Тема' },
  defect: { ru: 'Дефект', en: 'Defect', tt: 'Җитешсезлек' },
  district: { ru: 'Район', en: 'District', tt: 'Район' },
  eservice: { ru: 'Услуга', en: 'Service', tt: 'Хезмәт' },
  document: { ru: 'Документ', en: 'Document', tt: 'Документ' },
  inspection: { ru: 'Осмотр', en: 'Inspection', tt: 'Тикшерү' },
  interagency: { ru: 'Межведомственный запрос', en: 'Inter-agency request', tt: 'Ведомствоара сорау' },
  link: { ru: 'Привязка', en: 'Link', tt: 'Бәйләнеш' },
  meter: { ru: 'Счётчик', en: 'Meter', tt: 'Счётчик' },
  point: { ru: 'Окно', en: 'Service point', tt: 'Тәрәзә' },
  ticket: { ru: 'Талон', en: 'Ticket', tt: 'Талон' },
  discussion: { ru: 'Общественное обсуждение', en: 'Public discussion', tt: 'Җәмәгать тикшерүе' },
  discussion_document: { ru: 'Документ проекта', en: 'Project document', tt: 'Проект документы' },
  proposal: { ru: 'Предложение', en: 'Proposal', tt: 'Тәкъдим' },
  municipality: { ru: 'Муниципалитет', en: 'Municipality', tt: 'Муниципаль берәмлек' },
  office: { ru: 'Учреждение', en: 'Office', tt: 'Учреждение' },
  organisation: { ru: 'Организация', en: 'Organisation', tt: 'Оешма' },
  outage: { ru: 'Отключение', en: 'Outage', tt: 'Сүндерү' },
  policy: { ru: 'Норматив', en: 'Policy', tt: 'Норматив' },
  rule: { ru: 'Правило', en: 'Rule', tt: 'Кагыйдә' },
  sla_policy: { ru: 'SLA-политика', en: 'SLA policy', tt: 'SLA-сәясәте' },
  session: { ru: 'Сеанс', en: 'Session', tt: 'Сеанс' },
  subscription: { ru: 'Подписка', en: 'Subscription', tt: 'Язылу' },
  user: { ru: 'Пользователь', en: 'User', tt: 'Кулланучы' },
} as const;
export type RecordName = keyof typeof recordNames;

export const errorMessages = {
  'auth.required': { ru: 'Требуется вход.', en: 'Sign-in required.', tt: 'Системага керергә кирәк.' },
  'auth.forbidden': { ru: 'Недостаточно прав.', en: 'Not allowed.', tt: 'Хокукларыгыз җитми.' },
  'auth.csrf': {
    ru: 'Нет или неверный CSRF-токен (заголовок X-CSRF-Token).',
    en: 'Missing or wrong CSRF token (the X-CSRF-Token header).',
    tt: 'CSRF-токен юк яки дөрес түгел (X-CSRF-Token башлыгы).',
  },
  'record.not_found': {
    ru: ({ record }) => `${recordNames[record].ru}: не найдено.`,
    en: ({ record }) => `${recordNames[record].en}: not found.`,
    tt: ({ record }) => `${recordNames[record].tt}: табылмады.`,
  } satisfies Entry<{ record: RecordName }>,
  'route.not_found': {
    ru: ({ route }) => `Нет такого адреса: ${route}.`,
    en: ({ route }) => `No such route: ${route}.`,
    tt: ({ route }) => `Мондый адрес юк: ${route}.`,
  } satisfies Entry<{ route: string }>,
  'request.body_timeout': {
    ru: 'Тело запроса передавалось слишком долго; соединение закрыто.',
    en: 'The request body took too long to arrive; the connection is closed.',
    tt: 'Сорау эчтәлеге артык озак килде; тоташу ябылды.',
  },
  'request.invalid': { ru: 'Ошибка в данных запроса.', en: 'Invalid request.', tt: 'Сорау мәгълүматларында хата.' },
  'request.too_large': { ru: 'Тело запроса слишком велико.', en: 'Request body too large.', tt: 'Сорау артык зур.' },
  'request.unsupported_media_type': {
    ru: 'Неподдерживаемый тип содержимого.',
    en: 'Unsupported media type.',
    tt: 'Эчтәлекнең мондый төре кабул ителми.',
  },
  'request.bad_content_length': {
    ru: 'Неверная длина содержимого.',
    en: 'Invalid Content-Length.',
    tt: 'Эчтәлек озынлыгы дөрес түгел.',
  },
  'request.empty_json': { ru: 'Пустое тело JSON.', en: 'Empty JSON body.', tt: 'JSON буш.' },
  'request.bad_json': { ru: 'Неверный JSON.', en: 'Invalid JSON body.', tt: 'JSON дөрес түгел.' },
  'request.multipart_expected': {
    ru: 'Ожидается multipart/form-data.',
    en: 'Expected multipart/form-data.',
    tt: 'multipart/form-data көтелә.',
  },
  'request.multipart_malformed': {
    ru: 'Повреждённая форма multipart.',
    en: 'Malformed multipart form.',
    tt: 'multipart форма бозылган.',
  },
  'upload.file_too_large': { ru: 'Файл больше 10 МБ.', en: 'File larger than 10 MB.', tt: 'Файл 10 МБ тан зуррак.' },
  'upload.too_many_files': { ru: 'Не больше 5 файлов.', en: 'At most 5 files.', tt: '5 файлдан артык түгел.' },
  'form.too_many_parts': {
    ru: 'Слишком много частей формы.',
    en: 'Too many form parts.',
    tt: 'Форма өлешләре артык күп.',
  },
  'form.too_many_fields': {
    ru: 'Слишком много полей формы.',
    en: 'Too many form fields.',
    tt: 'Форма кырлары артык күп.',
  },
  'form.forbidden_field_name': { ru: 'Недопустимое имя поля.', en: 'Forbidden field name.', tt: 'Кыр исеме ярамый.' },
  'url.param_too_long': {
    ru: 'Слишком длинный параметр адреса.',
    en: 'A path parameter is too long.',
    tt: 'Адрес параметры артык озын.',
  },
  'url.malformed': { ru: 'Неверный адрес.', en: 'Malformed URL.', tt: 'Адрес дөрес түгел.' },
  'request.headers_too_large': {
    ru: 'Заголовки запроса слишком велики.',
    en: 'Request headers too large.',
    tt: 'Сорау башлыклары артык зур.',
  },
  'request.malformed': {
    ru: 'Запрос не разобран: неверная строка запроса или заголовок.',
    en: 'Malformed request: a bad request line or header.',
    tt: 'Сорау танылмады: сорау юлы яки башлык дөрес түгел.',
  },
  'request.timeout': {
    ru: 'Запрос не пришёл целиком вовремя.',
    en: 'The request did not arrive in time.',
    tt: 'Сорау вакытында тулысынча килмәде.',
  },
  'method.not_allowed': {
    ru: ({ method, allowed }) => `Метод ${method} здесь не принимается; можно: ${allowed}.`,
    en: ({ method, allowed }) => `Method ${method} is not allowed here; allowed: ${allowed}.`,
    tt: ({ method, allowed }) => `${method} методы монда кабул ителми; ярый: ${allowed}.`,
  } satisfies Entry<{ method: string; allowed: string }>,
  'rate.too_many': {
    ru: 'Слишком много попыток, попробуйте позже.',
    en: 'Too many attempts, try later.',
    tt: 'Омтылышлар артык күп, соңрак кабатлагыз.',
  },
  'service.unavailable': {
    ru: 'Сервис временно недоступен, повторите позже.',
    en: 'Service temporarily unavailable, try again later.',
    tt: 'Хезмәт вакытлыча эшләми, соңрак кабатлагыз.',
  },
  internal: { ru: 'Внутренняя ошибка.', en: 'Internal error.', tt: 'Эчке хата.' },
  // Reasons given beside a field.
  'field.expected_text': { ru: 'ожидается текст', en: 'expected text', tt: 'текст көтелә' },
  'field.too_long_max': {
    ru: ({ max }) => `не длиннее ${max} символов`,
    en: ({ max }) => `at most ${max} characters`,
    tt: ({ max }) => `${max} символдан озынрак түгел`,
  } satisfies Entry<{ max: number }>,
  'field.control_characters': {
    ru: 'недопустимые управляющие символы',
    en: 'control characters are not allowed',
    tt: 'идарә символлары ярамый',
  },
  'field.invalid_utf8': { ru: 'неверная кодировка UTF-8', en: 'invalid UTF-8', tt: 'UTF-8 кодлавы дөрес түгел' },
  'field.record_id': {
    ru: ({ max }) => `номер записи: целое число 1…${max}`,
    en: ({ max }) => `a record id: a whole number 1..${max}`,
    tt: ({ max }) => `язма номеры: 1…${max} бөтен сан`,
  } satisfies Entry<{ max: number }>,
  'field.latitude': { ru: 'широта: число −90…90', en: 'latitude: a number within −90..90', tt: 'киңлек: −90…90 сан' },
  'field.longitude': {
    ru: 'долгота: число −180…180',
    en: 'longitude: a number within −180..180',
    tt: 'озынлык: −180…180 сан',
  },
  'field.bbox': {
    ru: 'ожидается minLon,minLat,maxLon,maxLat',
    en: 'expected minLon,minLat,maxLon,maxLat',
    tt: 'minLon,minLat,maxLon,maxLat көтелә',
  },
  'field.municipality_code': {
    ru: 'код муниципалитета: 2–8 латинских букв или цифр',
    en: 'a 2–8 character municipality code',
    tt: 'муниципалитет коды: 2–8 латин хәрефе яки сан',
  },
  'field.too_long': { ru: 'слишком длинный', en: 'too long', tt: 'артык озын' },
  'field.malformed_encoding': { ru: 'неверная кодировка', en: 'malformed encoding', tt: 'кодлау дөрес түгел' },
  'field.form_cut_short': {
    ru: 'форма повреждена или оборвана',
    en: 'the form is malformed or cut short',
    tt: 'форма бозылган яки өзелгән',
  },
};
