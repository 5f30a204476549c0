/**
 * Open311 GeoReport v2 (issue 18): what the server says to the apps and systems that file through it
 * (errors, the notice on a filed request, the status notes and the attributes of a service), and the
 * admin's refusals about API clients. Apps show the notes and notices to residents: each has Tatar.
 */
import type { Entry } from './index.ts';

export const open311Messages = {
  // ── The errors of the GeoReport API (each an `errors` array item's description) ──
  'open311.bad_request': {
    ru: 'Ошибка в запросе.',
    en: 'Bad request.',
    tt: 'Сорауда хата.',
  },
  'open311.field_problem': {
    ru: ({ field, reason }) => `${field}: ${reason}`,
    en: ({ field, reason }) => `${field}: ${reason}`,
    tt: ({ field, reason }) => `${field}: ${reason}`,
  } satisfies Entry<{ field: string; reason: string }>,
  'open311.api_key_missing': {
    ru: 'api_key: нужен ключ API, выданный администратором.',
    en: 'api_key: an API key issued by the administrator is required.',
    tt: 'api_key: администратор биргән API ачкычы кирәк.',
  },
  'open311.api_key_invalid': {
    ru: 'api_key: ключ не действителен (неизвестен или отозван).',
    en: 'api_key: the key is not valid (unknown or revoked).',
    tt: 'api_key: ачкыч гамәлдә түгел (билгесез яки кире алынган).',
  },
  'open311.api_key_elsewhere': {
    ru: 'api_key: ключ выдан другим муниципалитетом.',
    en: 'api_key: the key was issued by another municipality.',
    tt: 'api_key: ачкычны башка муниципаль берәмлек биргән.',
  },
  'open311.rate_limited': {
    ru: ({ seconds }) => `Слишком много обращений от этого клиента; повторите через ${seconds} с.`,
    en: ({ seconds }) => `Too many requests from this client; try again in ${seconds} s.`,
    tt: ({ seconds }) => `Бу клиенттан сораулар артык күп; ${seconds} с соң кабатлагыз.`,
  } satisfies Entry<{ seconds: number }>,
  'open311.jurisdiction_unknown': {
    ru: 'jurisdiction_id: нет такого муниципалитета.',
    en: 'jurisdiction_id: no such jurisdiction.',
    tt: 'jurisdiction_id: мондый муниципаль берәмлек юк.',
  },
  'open311.jurisdiction_required': {
    ru: 'jurisdiction_id: обязателен — платформа обслуживает несколько муниципалитетов.',
    en: 'jurisdiction_id: required — this server serves several jurisdictions.',
    tt: 'jurisdiction_id: мәҗбүри — платформа берничә муниципаль берәмлеккә хезмәт күрсәтә.',
  },
  'open311.service_unknown': {
    ru: 'service_code: нет такой услуги (темы обращения).',
    en: 'service_code: no such service.',
    tt: 'service_code: мондый хезмәт (мөрәҗәгать темасы) юк.',
  },
  'open311.request_unknown': {
    ru: 'service_request_id: нет такой заявки.',
    en: 'service_request_id: no such service request.',
    tt: 'service_request_id: мондый гариза юк.',
  },
  'open311.token_unknown': {
    ru: 'token: нет заявки с таким токеном.',
    en: 'token: no service request has this token.',
    tt: 'token: мондый токенлы гариза юк.',
  },
  'open311.route_unknown': {
    ru: ({ route }) => `Нет такого адреса: ${route}. Адреса GeoReport v2 заканчиваются на .json или .xml.`,
    en: ({ route }) => `No such route: ${route}. GeoReport v2 URLs end in .json or .xml.`,
    tt: ({ route }) => `Мондый адрес юк: ${route}. GeoReport v2 адреслары .json яки .xml белән тәмамлана.`,
  } satisfies Entry<{ route: string }>,
  'open311.media_type': {
    ru: 'Тело запроса принимается только как application/x-www-form-urlencoded.',
    en: 'The request body is taken as application/x-www-form-urlencoded only.',
    tt: 'Сорау эчтәлеге application/x-www-form-urlencoded рәвешендә генә кабул ителә.',
  },
  'open311.too_large': {
    ru: 'Тело запроса слишком велико.',
    en: 'The request body is too large.',
    tt: 'Сорау эчтәлеге артык зур.',
  },
  'open311.not_acceptable': {
    ru: 'Обращение не может быть принято.',
    en: 'The request cannot be accepted.',
    tt: 'Мөрәҗәгать кабул ителә алмый.',
  },
  'open311.internal': {
    ru: 'Внутренняя ошибка сервера; повторите позже.',
    en: 'Internal server error; try again later.',
    tt: 'Сервердагы эчке хата; соңрак кабатлагыз.',
  },
  'open311.unavailable': {
    ru: 'Сервис временно недоступен; повторите позже.',
    en: 'The service is unavailable for a while; try again later.',
    tt: 'Хезмәт вакытлыча эшләми; соңрак кабатлагыз.',
  },

  // ── Reasons beside a field ──
  'open311.field.location_required': {
    ru: 'нужны lat и long, address_string или address_id',
    en: 'lat and long, address_string or address_id is required',
    tt: 'lat һәм long, address_string яки address_id кирәк',
  },
  'open311.field.both_coordinates': {
    ru: 'lat и long передаются вместе',
    en: 'lat and long go together',
    tt: 'lat һәм long бергә бирелә',
  },
  'open311.field.address_not_found': {
    ru: 'дом по этому адресу не найден',
    en: 'no building found at this address',
    tt: 'бу адрес буенча йорт табылмады',
  },
  'open311.field.no_such_building': {
    ru: 'нет такого дома в этом муниципалитете',
    en: 'no such building in this jurisdiction',
    tt: 'бу муниципаль берәмлектә мондый йорт юк',
  },
  'open311.field.attribute_unknown': {
    ru: 'эта услуга не знает такого атрибута',
    en: 'the service has no such attribute',
    tt: 'бу хезмәттә мондый атрибут юк',
  },
  'open311.field.attribute_single': {
    ru: 'ожидается одно значение',
    en: 'a single value is expected',
    tt: 'бер кыйммәт көтелә',
  },
  'open311.field.attribute_too_long': {
    ru: 'не длиннее 10 символов',
    en: 'at most 10 characters',
    tt: '10 символдан озын булмаска тиеш',
  },
  'open311.field.end_before_start': {
    ru: 'end_date раньше start_date',
    en: 'end_date is before start_date',
    tt: 'end_date start_date алдыннан',
  },
  'open311.field.window_too_wide': {
    ru: 'между start_date и end_date не больше 90 дней',
    en: 'start_date and end_date are at most 90 days apart',
    tt: 'start_date белән end_date арасы 90 көннән артмаска тиеш',
  },
  'open311.field.date': {
    ru: 'дата и время ISO 8601 с часовым поясом',
    en: 'an ISO 8601 date and time with its offset',
    tt: 'сәгать поясы белән ISO 8601 дата һәм вакыт',
  },
  'open311.field.status': {
    ru: 'open или closed (через запятую)',
    en: 'open or closed (comma separated)',
    tt: 'open яки closed (өтер аша)',
  },
  'open311.field.media_url': {
    ru: 'адрес http(s) до 2000 символов',
    en: 'an http(s) URL of at most 2000 characters',
    tt: '2000 символга кадәр http(s) адресы',
  },
  'open311.field.format': {
    ru: 'json или xml (расширение адреса)',
    en: 'json or xml (the URL’s extension)',
    tt: 'json яки xml (адрес киңәйтелмәсе)',
  },
  'open311.field.too_many_ids': {
    ru: 'не больше 1000 значений',
    en: 'at most 1000 values',
    tt: '1000 кыйммәттән артык түгел',
  },

  // ── What a filed request is told ──
  'open311.service_notice': {
    ru: ({ number }) =>
      `Обращение ${number} зарегистрировано и будет передано ответственной организации. Статус можно узнать по номеру.`,
    en: ({ number }) =>
      `Appeal ${number} is registered and will be passed to the organisation responsible. Follow it by its number.`,
    tt: ({ number }) =>
      `${number} мөрәҗәгате теркәлде һәм җаваплы оешмага тапшырылачак. Статусын номеры буенча белеп була.`,
  } satisfies Entry<{ number: string }>,

  // ── status_notes: our status behind the spec's open/closed ──
  'open311.status_note.new': {
    ru: 'Зарегистрировано, определяется ответственная организация.',
    en: 'Registered; the organisation responsible is being determined.',
    tt: 'Теркәлде, җаваплы оешма билгеләнә.',
  },
  'open311.status_note.assigned': {
    ru: 'Направлено ответственной организации.',
    en: 'Sent to the organisation responsible.',
    tt: 'Җаваплы оешмага җибәрелде.',
  },
  'open311.status_note.accepted': {
    ru: 'Принято в работу.',
    en: 'Accepted; work is under way.',
    tt: 'Эшкә алынды.',
  },
  'open311.status_note.needs_info': {
    ru: 'Исполнителю нужны уточнения от заявителя.',
    en: 'The organisation needs more information from the resident.',
    tt: 'Башкаручыга гариза бирүчедән ачыклык кирәк.',
  },
  'open311.status_note.resolved': {
    ru: 'Работы выполнены; заявитель может подтвердить результат или оспорить его.',
    en: 'The work is reported done; the resident may confirm or dispute it.',
    tt: 'Эшләр башкарылды; гариза бирүче нәтиҗәне раслый яки бәхәсләшә ала.',
  },
  'open311.status_note.closed': {
    ru: 'Закрыто.',
    en: 'Closed.',
    tt: 'Ябылды.',
  },
  'open311.status_note.rejected': {
    ru: 'Отклонено.',
    en: 'Rejected.',
    tt: 'Кире кагылды.',
  },
  'open311.status_note.duplicate': {
    ru: 'Объединено с другим обращением о той же проблеме.',
    en: 'Merged into another appeal about the same problem.',
    tt: 'Шул ук проблема турындагы башка мөрәҗәгать белән берләштерелде.',
  },
  'open311.status_note.cancelled': {
    ru: 'Отозвано заявителем.',
    en: 'Withdrawn by the resident.',
    tt: 'Гариза бирүче кире алды.',
  },
  'open311.status_note.reopened': {
    ru: 'Открыто снова: заявитель оспорил результат.',
    en: 'Reopened: the resident disputed the result.',
    tt: 'Яңадан ачылды: гариза бирүче нәтиҗә белән бәхәсләште.',
  },

  // ── The services' descriptions and attributes ──
  'open311.attribute.entrance': {
    ru: 'Подъезд',
    en: 'Entrance',
    tt: 'Подъезд',
  },
  'open311.attribute.entrance_format': {
    ru: 'Номер подъезда, до 10 символов',
    en: 'The entrance number, up to 10 characters',
    tt: 'Подъезд номеры, 10 символга кадәр',
  },
  'open311.attribute.apartment': {
    ru: 'Квартира (видна только исполнителю)',
    en: 'Apartment (seen by the organisation responsible only)',
    tt: 'Фатир (башкаручыга гына күренә)',
  },
  'open311.attribute.apartment_format': {
    ru: 'Номер квартиры, до 10 символов',
    en: 'The apartment number, up to 10 characters',
    tt: 'Фатир номеры, 10 символга кадәр',
  },
  'open311.service.description': {
    ru: ({ name, group }) => `${name} (${group})`,
    en: ({ name, group }) => `${name} (${group})`,
    tt: ({ name, group }) => `${name} (${group})`,
  } satisfies Entry<{ name: string; group: string }>,
  'open311.group.housing': { ru: 'Жилой дом', en: 'Housing', tt: 'Торак йорт' },
  'open311.group.utilities': { ru: 'Коммунальные услуги', en: 'Utilities', tt: 'Коммуналь хезмәтләр' },
  'open311.group.roads': { ru: 'Дороги', en: 'Roads', tt: 'Юллар' },
  'open311.group.transport': { ru: 'Транспорт', en: 'Transport', tt: 'Транспорт' },
  'open311.group.landscaping': { ru: 'Благоустройство', en: 'Landscaping', tt: 'Төзекләндерү' },
  'open311.group.other': { ru: 'Другое', en: 'Other', tt: 'Башка' },
  'open311.discovery.contact': {
    ru: ({ name }) => `Администрация платформы «Отклик», ${name}`,
    en: ({ name }) => `The administrators of Otklik, ${name}`,
    tt: ({ name }) => `«Отклик» платформасы администрациясе, ${name}`,
  } satisfies Entry<{ name: string }>,
  'open311.discovery.key_service': {
    ru: 'Ключ API выдаёт администратор муниципалитета (раздел «Клиенты Open311»).',
    en: 'API keys are issued by the municipality’s administrator (the “Open311 clients” page).',
    tt: 'API ачкычын муниципаль берәмлек администраторы бирә («Open311 клиентлары» бүлеге).',
  },

  // ── The admin's API clients ──
  'api_client.not_found': {
    ru: 'Клиент Open311 не найден.',
    en: 'Open311 client not found.',
  },
  'api_client.already_revoked': {
    ru: 'Ключ этого клиента уже отозван.',
    en: 'This client’s key is already revoked.',
  },
};
