/**
 * Housing: apartments, their meters, residents' links to them and meter readings. Residents
 * submit readings and ask for links, so those messages have their Tatar text; what only the
 * management company reads (keeping apartments and meters, importing readings) does not.
 */
import type { Entry } from './index.ts';

const linkVerbs = {
  confirm: { ru: 'подтвердить', en: 'confirm' },
  reject: { ru: 'отклонить', en: 'reject' },
  revoke: { ru: 'отозвать', en: 'revoke' },
} as const;

export const housingMessages = {
  // ── Reasons beside a field, shared by the housing forms ──
  'field.date': { ru: 'дата ГГГГ-ММ-ДД', en: 'a date YYYY-MM-DD', tt: 'ЕЕЕЕ-АА-КК датасы' },
  'field.period': { ru: 'ГГГГ-ММ', en: 'YYYY-MM', tt: 'ЕЕЕЕ-АА' },
  'field.not_in_future': { ru: 'не в будущем', en: 'not in the future', tt: 'киләчәктә түгел' },
  'field.values_count': { ru: 'от 1 до 3 значений', en: '1 to 3 values', tt: '1 дән 3 кә кадәр кыйммәт' },
  'field.too_large': { ru: 'слишком большое', en: 'too large', tt: 'артык зур' },
  'field.not_negative': { ru: 'не меньше 0', en: 'not below 0', tt: '0 дән ким түгел' },

  // ── Meter readings (residents meet them) ──
  'reading.window_not_open': {
    ru: 'Окно приёма показаний ещё не открыто.',
    en: 'The reading window is not open yet.',
    tt: 'Күрсәткечләрне кабул итү вакыты әле башланмаган.',
  },
  'reading.refused': {
    ru: 'Показания не приняты.',
    en: 'The reading was refused.',
    tt: 'Күрсәткечләр кабул ителмәде.',
  },
  'reading.window_closed': {
    ru: 'Показания за этот месяц уже переданы, окно закрыто.',
    en: 'This month’s reading is in and the window has closed.',
    tt: 'Бу ай өчен күрсәткечләр тапшырылган инде, кабул итү вакыты тәмам.',
  },
  'reading.window_closed.reason': {
    ru: 'показания за месяц уже есть, окно закрыто',
    en: 'this month’s reading is in and the window has closed',
    tt: 'бу ай өчен күрсәткечләр бар инде, кабул итү вакыты тәмам',
  },
  'meter.retired': { ru: 'Счётчик снят.', en: 'The meter is retired.', tt: 'Счётчик алынган.' },
  'meter.retired.reason': { ru: 'счётчик снят', en: 'the meter is retired', tt: 'счётчик алынган' },
  'reading.value_negative': {
    ru: 'показание — неотрицательное число',
    en: 'a reading is a number ≥ 0',
    tt: 'күрсәткеч — тискәре булмаган сан',
  },
  'reading.value_too_large': {
    ru: 'слишком большое показание',
    en: 'the reading is too large',
    tt: 'күрсәткеч артык зур',
  },
  'reading.value_decimals': {
    ru: 'не больше 3 знаков после запятой',
    en: 'at most 3 decimals',
    tt: 'өтердән соң 3 билгедән артык түгел',
  },
  'reading.window_days': {
    ru: ({ fromDay, toDay }) => `показания принимаются с ${fromDay} по ${toDay} число`,
    en: ({ fromDay, toDay }) => `readings are taken from day ${fromDay} to day ${toDay} of the month`,
    tt: ({ fromDay, toDay }) => `күрсәткечләр айның ${fromDay} көненнән ${toDay} көненә кадәр кабул ителә`,
  } satisfies Entry<{ fromDay: number; toDay: number }>,
  'reading.values_per_tariff': {
    ru: ({ tariffs }) => `нужно ${tariffs} знач. (по тарифам счётчика)`,
    en: ({ tariffs }) => `${tariffs} value(s) expected, one per tariff`,
    tt: ({ tariffs }) => `${tariffs} кыйммәт кирәк (счётчик тарифлары буенча)`,
  } satisfies Entry<{ tariffs: number }>,
  'reading.later_exists': {
    ru: 'есть более позднее показание',
    en: 'a later reading exists',
    tt: 'соңрак күрсәткеч бар',
  },
  'reading.below_previous': {
    ru: ({ previous }) =>
      `меньше предыдущего (${previous}); если счётчик заменили, замену отмечает управляющая компания`,
    en: ({ previous }) =>
      `below the previous reading (${previous}); a replaced meter is recorded by the management company`,
    tt: ({ previous }) => `алдагысыннан (${previous}) ким; счётчик алыштырылган булса, моны идарәче компания билгели`,
  } satisfies Entry<{ previous: number }>,
  'reading.window_order': {
    ru: 'не раньше первого дня',
    en: 'not before the first day',
    tt: 'беренче көннән иртәрәк түгел',
  },

  // ── Importing readings (the company) ──
  'reading.import.no_file': { ru: 'Нет файла.', en: 'No file.' },
  'reading.import.csv_in_file': { ru: 'CSV в поле file', en: 'a CSV in the file field' },
  'reading.import.not_utf8': { ru: 'Файл не в UTF-8.', en: 'The file is not UTF-8.' },
  'reading.import.save_utf8': { ru: 'сохраните CSV в UTF-8', en: 'save the CSV as UTF-8' },
  'reading.import.bad_layout': { ru: 'Не тот формат файла.', en: 'Unexpected file layout.' },
  'reading.import.no_value1': { ru: 'нет столбца value1', en: 'no value1 column' },
  'reading.import.no_meter_column': {
    ru: 'нужен столбец serial, account или building_id + apartment',
    en: 'a serial, account or building_id + apartment column is needed',
  },
  'reading.import.kind': {
    ru: ({ kinds }) => `одно из ${kinds}`,
    en: ({ kinds }) => `one of ${kinds}`,
  } satisfies Entry<{ kinds: string }>,
  'reading.import.building_id': { ru: 'ожидается номер дома', en: 'expected a building id' },
  'reading.import.no_value': { ru: 'нет показания', en: 'no reading' },
  'reading.import.line_repeated': { ru: 'номер строки повторяется', en: 'repeated line number' },
  'reading.import.other_period': {
    ru: ({ current }) => `принимается только текущий месяц ${current}`,
    en: ({ current }) => `only the current period ${current} is taken`,
  } satisfies Entry<{ current: string }>,
  'reading.import.meter_unnamed': { ru: 'не указано, какой счётчик', en: 'which meter is not said' },
  'reading.import.several_meters': {
    ru: 'подходит несколько счётчиков: укажите заводской номер',
    en: 'several meters match: give the serial',
  },
  'reading.import.no_meter': { ru: 'нет такого счётчика в ваших домах', en: 'no such meter in your buildings' },
  'reading.import.meter_taken': {
    ru: 'этот счётчик уже принят строкой выше',
    en: 'this meter was taken from an earlier line',
  },
  'reading.import.line_number': {
    ru: ({ max }) => `номер строки: целое число 1…${max}`,
    en: ({ max }) => `a line number: a whole number 1..${max}`,
  } satisfies Entry<{ max: number }>,
  'reading.import.at_least_one_row': { ru: 'хотя бы одна строка', en: 'at least one row' },
  'reading.import.at_most_rows': { ru: 'не больше 200000 строк', en: 'at most 200,000 rows' },

  // ── Residents' links to apartments ──
  'link.no_such_building': { ru: 'Нет такого дома.', en: 'No such building.', tt: 'Мондый йорт юк.' },
  'link.no_such_building.reason': { ru: 'нет такого дома', en: 'no such building', tt: 'мондый йорт юк' },
  'link.no_company': {
    ru: 'У дома нет управляющей компании.',
    en: 'The building has no management company.',
    tt: 'Йортның идарәче компаниясе юк.',
  },
  'link.no_company.reason': {
    ru: 'показания принимает управляющая компания, у этого дома её нет',
    en: 'the building has no management company to confirm',
    tt: 'күрсәткечләрне идарәче компания кабул итә, бу йортның андый компаниясе юк',
  },
  'link.no_such_apartment': {
    ru: 'Нет такой квартиры в доме.',
    en: 'No such apartment in the building.',
    tt: 'Йортта мондый фатир юк.',
  },
  'link.no_such_apartment.reason': {
    ru: 'управляющая компания не внесла эту квартиру',
    en: 'the company has no such apartment on record',
    tt: 'идарәче компания бу фатирны кертмәгән',
  },
  'link.already_asked': {
    ru: 'Заявка на эту квартиру уже есть.',
    en: 'You already asked for this apartment.',
    tt: 'Бу фатирга гариза бар инде.',
  },
  'link.wrong_state': {
    ru: ({ status, verb }) => `Привязка сейчас «${status}»: нельзя ${linkVerbs[verb].ru}.`,
    en: ({ status, verb }) => `The link is ${status}: cannot ${linkVerbs[verb].en} it.`,
  } satisfies Entry<{ status: string; verb: keyof typeof linkVerbs }>,

  // ── Apartments and meters (the company) ──
  'apartment.number_taken': {
    ru: ({ number }) => `В доме уже есть квартира «${number}».`,
    en: ({ number }) => `The building already has apartment «${number}».`,
  } satisfies Entry<{ number: string }>,
  'apartment.number_taken.reason': {
    ru: 'такой номер в доме уже есть',
    en: 'the building already has this number',
  },
  'apartment.changed_meanwhile': {
    ru: 'Квартиру уже изменили: обновите страницу.',
    en: 'The apartment was changed meanwhile: reload it.',
  },
  'apartment.invalid': { ru: 'Ошибка в данных квартиры.', en: 'Invalid apartment.' },
  'apartments.invalid': { ru: 'Ошибка в данных квартир.', en: 'Invalid apartments.' },
  'apartment.number_repeated': { ru: 'повторяется в запросе', en: 'repeated in the request' },
  'apartment.entrances': {
    ru: ({ entrances }) => `в доме ${entrances} подъезд(а/ов) по паспорту`,
    en: ({ entrances }) => `the building has ${entrances} entrance(s) by its passport`,
  } satisfies Entry<{ entrances: number }>,
  'apartment.floors': {
    ru: ({ floors }) => `в доме ${floors} этаж(а/ей) по паспорту`,
    en: ({ floors }) => `the building has ${floors} floor(s) by its passport`,
  } satisfies Entry<{ floors: number }>,
  'apartment.area_decimals': {
    ru: 'не больше одного знака после запятой',
    en: 'at most one decimal place',
  },
  'apartment.cannot_remove': {
    ru: ({ readings, confirmedLinks }) =>
      `Квартиру нельзя удалить: ${[
        ...(readings > 0 ? [`есть показания счётчиков (${readings})`] : []),
        ...(confirmedLinks > 0 ? [`к ней привязаны жители (${confirmedLinks})`] : []),
      ].join(', ')}. Снимите её счётчики${confirmedLinks > 0 ? ' и отзовите привязки' : ''} вместо удаления.`,
    en: ({ readings, confirmedLinks }) =>
      `The apartment cannot be removed: ${[
        ...(readings > 0 ? [`it has meter readings (${readings})`] : []),
        ...(confirmedLinks > 0 ? [`residents are linked to it (${confirmedLinks})`] : []),
      ].join(', ')}. Retire its meters${confirmedLinks > 0 ? ' and revoke the links' : ''} instead.`,
  } satisfies Entry<{ readings: number; confirmedLinks: number }>,
  'apartments.at_least_one': { ru: 'хотя бы одна', en: 'at least one' },
  'apartments.at_most': { ru: 'не больше 20000', en: 'at most 20000' },
  'meter.invalid': { ru: 'Ошибка в данных счётчика.', en: 'Invalid meter.' },
  'meter.one_tariff': { ru: 'один тариф кроме электричества', en: 'one tariff except electricity' },
  'meter.count': { ru: 'не больше 20 счётчиков', en: 'at most 20 meters' },
  'meter.replacement_invalid': { ru: 'Ошибка в данных замены.', en: 'Invalid replacement.' },
  'meter.values_expected': {
    ru: ({ tariffs }) => `нужно ${tariffs} знач.`,
    en: ({ tariffs }) => `${tariffs} value(s) expected`,
  } satisfies Entry<{ tariffs: number }>,
};
