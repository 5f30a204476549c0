/**
 * The directory's problems (organisations, buildings, categories: the admins' records, and the
 * public search residents use), the reasons a phone or an e-mail address is refused, and the
 * problems with an appeal's place. Staff-only messages have no Tatar text; what residents meet
 * (the public search, sign-in contacts, an appeal's place) has.
 */
import type { Entry } from './index.ts';

// Negative bounds are printed with a minus sign, as people write them (−1000, not -1000).
const number = (n: number) => String(n).replace('-', '−');

export const directoryMessages = {
  // ── Reasons beside a field, shared by the directory's forms ──
  'field.expected_number': { ru: 'ожидается число', en: 'expected a number', tt: 'сан көтелә' },
  'field.whole_number': { ru: 'целое число', en: 'a whole number', tt: 'бөтен сан' },
  'field.range': {
    ru: ({ min, max }) => `от ${number(min)} до ${number(max)}`,
    en: ({ min, max }) => `${number(min)} to ${number(max)}`,
    tt: ({ min, max }) => `${number(min)} дан ${number(max)} га кадәр`,
  } satisfies Entry<{ min: number; max: number }>,
  'field.at_least': {
    ru: ({ min }) => `не меньше ${number(min)}`,
    en: ({ min }) => `at least ${number(min)}`,
    tt: ({ min }) => `${number(min)} дан ким түгел`,
  } satisfies Entry<{ min: number }>,
  'field.at_most': {
    ru: ({ max }) => `не больше ${number(max)}`,
    en: ({ max }) => `at most ${number(max)}`,
    tt: ({ max }) => `${number(max)} дан артык түгел`,
  } satisfies Entry<{ max: number }>,
  'field.from': {
    ru: ({ min }) => `от ${number(min)}`,
    en: ({ min }) => `from ${number(min)}`,
    tt: ({ min }) => `${number(min)} дән`,
  } satisfies Entry<{ min: number }>,
  'field.up_to': {
    ru: ({ max }) => `до ${number(max)}`,
    en: ({ max }) => `up to ${number(max)}`,
    tt: ({ max }) => `${number(max)} гә кадәр`,
  } satisfies Entry<{ max: number }>,
  'field.not_after_year': {
    ru: ({ year }) => `не позже ${year}`,
    en: ({ year }) => `not after ${year}`,
  } satisfies Entry<{ year: number }>,
  'field.not_empty': { ru: 'не пусто', en: 'not empty', tt: 'буш булмаска тиеш' },
  'field.required': { ru: 'обязательно', en: 'required', tt: 'мәҗбүри' },
  'field.too_short_min': {
    ru: ({ min }) => `не короче ${min} символов`,
    en: ({ min }) => `at least ${min} characters`,
    tt: ({ min }) => `${min} символдан кыскарак түгел`,
  } satisfies Entry<{ min: number }>,
  'field.code': {
    ru: 'латинские буквы, цифры, «.», «_», «-», до 64 знаков',
    en: 'Latin letters, digits, ".", "_", "-", up to 64',
  },
  'field.website': {
    ru: 'ожидается адрес сайта http(s)://…',
    en: 'expected an http(s):// address',
  },
  'field.postcode': { ru: 'шесть цифр', en: 'six digits' },

  // ── Any record of the directory ──
  'directory.value_taken': { ru: 'Такое значение уже есть.', en: 'The value is already taken.' },
  'directory.code_taken': {
    ru: 'код уже занят в этом муниципалитете',
    en: 'the code is taken in this municipality',
  },
  'directory.district_unknown': {
    ru: 'нет такого района в этом муниципалитете',
    en: 'no such district here',
  },

  // ── Organisations ──
  'organisation.cannot_save': {
    ru: 'Организацию нельзя сохранить.',
    en: 'The organisation cannot be saved.',
  },
  'organisation.district_required': {
    ru: 'у районной администрации есть район',
    en: 'a district administration needs its district',
  },
  'organisation.kind_in_use': {
    ru: ({ buildings }) => `организацию указывают дома (${buildings}): сначала смените её у них`,
    en: ({ buildings }) => `${buildings} buildings name it: change them first`,
  } satisfies Entry<{ buildings: number }>,
  'organisation.hours_time': {
    ru: 'время ЧЧ:ММ от 00:00 до 24:00',
    en: 'a time HH:MM from 00:00 to 24:00',
  },
  'organisation.hours_too_many': {
    ru: 'не больше 6 интервалов в день',
    en: 'at most 6 intervals a day',
  },
  'organisation.hours_end_before_start': {
    ru: 'конец позже начала',
    en: 'the end must come after the start',
  },
  'organisation.hours_overlap': {
    ru: 'интервалы по порядку, без пересечений',
    en: 'intervals in order, not overlapping',
  },

  // ── Buildings ──
  'building.search_filter_missing': {
    ru: 'Укажите q, bbox или organisationId.',
    en: 'Give q, bbox or organisationId.',
    tt: 'q, bbox яки organisationId күрсәтегез.',
  },
  'building.search_filter_required': {
    ru: 'q, bbox или organisationId обязателен',
    en: 'q, bbox or organisationId is required',
    tt: 'q, bbox яки organisationId мәҗбүри',
  },
  'building.none_within': {
    ru: ({ metres }) => `Дом в пределах ${metres} м: не найдено.`,
    en: ({ metres }) => `A building within ${metres} m: not found.`,
    tt: ({ metres }) => `${metres} м эчендә йорт табылмады.`,
  } satisfies Entry<{ metres: number }>,
  'building.cannot_save': { ru: 'Дом нельзя сохранить.', en: 'The building cannot be saved.' },
  'building.address_taken': {
    ru: ({ id }) => `дом с этим адресом уже есть (id ${id})`,
    en: ({ id }) => `a building at this address exists (id ${id})`,
  } satisfies Entry<{ id: number }>,
  'building.outside_districts': {
    ru: 'точка вне районов: укажите район',
    en: 'the point is outside every district: give one',
  },
  'building.organisation_unknown': {
    ru: 'нет такой организации в этом муниципалитете',
    en: 'no such organisation here',
  },
  'building.not_management_company': { ru: 'это не управляющая компания', en: 'not a management company' },
  'building.not_supplier': { ru: 'это не ресурсоснабжающая организация', en: 'not a resource supplier' },
  'building.overhaul_before_built': { ru: 'не раньше года постройки', en: 'not before the year built' },
  'building.area_max': { ru: 'не больше 10 000 000 м²', en: 'at most 10,000,000 m²' },

  // ── Categories ──
  'category.cannot_save': { ru: 'Категорию нельзя сохранить.', en: 'The category cannot be saved.' },
  'category.utility_required': {
    ru: 'укажите услугу: поставщика какой услуги искать у дома',
    en: 'give the utility whose supplier answers',
  },
  'category.utility_only_for_supplier': {
    ru: 'услуга указывается только для ресурсоснабжающих',
    en: 'a utility goes with resource_supplier only',
  },

  // ── A place: a building's, an appeal's ──
  'place.outside_municipality': {
    ru: 'точка вне границ муниципалитета',
    en: 'the point is outside the municipality',
    tt: 'нокта муниципалитет чикләреннән читтә',
  },

  // ── Phones and e-mail addresses (residents sign in with them) ──
  'contact.phone_empty': { ru: 'пустой номер', en: 'empty phone number', tt: 'буш номер' },
  'contact.phone_digits_only': {
    ru: 'номер может содержать только цифры',
    en: 'a phone number may contain only digits',
    tt: 'номерда саннар гына булырга мөмкин',
  },
  'contact.phone_plus_seven_only': {
    ru: 'поддерживаются только российские номера +7',
    en: 'only Russian +7 numbers are supported',
    tt: 'Россиянең +7 номерлары гына кабул ителә',
  },
  'contact.phone_ten_digits': {
    ru: 'ожидается 10 цифр после +7 или 8',
    en: 'expected 10 digits after +7 or 8',
    tt: '+7 яки 8 дән соң 10 сан көтелә',
  },
  'contact.phone_not_russian': {
    ru: 'это не российский номер',
    en: 'not a Russian number',
    tt: 'бу Россия номеры түгел',
  },
  'contact.phone_mobile_required': {
    ru: 'для входа нужен мобильный номер (+7 9xx)',
    en: 'sign-in needs a mobile number (+7 9xx)',
    tt: 'керү өчен мобиль номер кирәк (+7 9xx)',
  },
  'contact.email_empty': { ru: 'пустой адрес', en: 'empty e-mail address', tt: 'буш адрес' },
  'contact.email_too_long': {
    ru: 'адрес слишком длинный',
    en: 'the address is too long',
    tt: 'адрес артык озын',
  },
  'contact.email_shape': {
    ru: 'ожидается адрес вида имя@домен',
    en: 'expected an address like name@domain',
    tt: 'исем@домен рәвешендәге адрес көтелә',
  },
  'contact.email_local_part': {
    ru: 'недопустимое имя до @',
    en: 'invalid part before @',
    tt: '@ алдындагы исем ярамый',
  },
  'contact.email_domain': {
    ru: 'недопустимый домен после @',
    en: 'invalid domain after @',
    tt: '@ артындагы домен ярамый',
  },
};
