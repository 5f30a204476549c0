/**
 * Technical passports: the reasons a passport's field is refused, the CSV import's problems and
 * the documents attached to a passport. Staff keep passports, so only what a resident can meet
 * (a building's documents) has its Tatar text; the shared `field.*` reasons are reused as they are.
 */
import type { Entry } from './index.ts';

export const passportMessages = {
  // ── A passport's fields (the form and the CSV import) ──
  'passport.invalid': { ru: 'Паспорт содержит ошибки.', en: 'The passport has errors.' },
  'passport.changed_meanwhile': {
    ru: 'Паспорт уже изменили: обновите страницу.',
    en: 'The passport was changed meanwhile: reload it.',
  },
  'passport.field.one_of': {
    ru: ({ options }) => `одно из: ${options}`,
    en: ({ options }) => `one of: ${options}`,
    tt: ({ options }) => `берсе: ${options}`,
  } satisfies Entry<{ options: string }>,
  'passport.field.before_year_built': { ru: 'не раньше года постройки', en: 'not before the year built' },
  'passport.field.before_year_built_in': {
    ru: ({ year }) => `не раньше года постройки (${year})`,
    en: ({ year }) => `not before the year built (${year})`,
  } satisfies Entry<{ year: number }>,
  'passport.field.above_total_area': { ru: 'не больше общей площади', en: 'not above the total area' },
  'passport.field.underground_floors': { ru: 'меньше этажности', en: 'fewer than the floors' },
  'passport.field.entrances': {
    ru: ({ entrances }) => `в доме ${entrances} подъезд(ов)`,
    en: ({ entrances }) => `the building has ${entrances} entrance(s)`,
  } satisfies Entry<{ entrances: number }>,
  'passport.field.true_or_false': { ru: 'true или false', en: 'true or false', tt: 'true яки false' },

  // ── Importing passports from CSV (the company, the municipality) ──
  'passport.import.csv_expected': { ru: 'Ожидается text/csv.', en: 'Expected text/csv.' },
  'passport.import.not_utf8': { ru: 'Файл не в кодировке UTF-8.', en: 'The file is not UTF-8.' },
  'passport.import.save_utf8': { ru: 'сохраните CSV в UTF-8', en: 'save the CSV as UTF-8' },
  'passport.import.bad_header': { ru: 'Неверная строка заголовков.', en: 'Bad header row.' },
  'passport.import.too_many_rows': {
    ru: ({ max }) => `Не больше ${max} строк.`,
    en: ({ max }) => `At most ${max} rows.`,
  } satisfies Entry<{ max: number }>,
  'passport.import.empty_file': { ru: 'пустой файл', en: 'empty file' },
  'passport.import.unknown_column': { ru: 'неизвестный столбец', en: 'unknown column' },
  'passport.import.required_column': { ru: 'обязательный столбец', en: 'a required column' },
  'passport.import.repeated_columns': { ru: 'столбцы повторяются', en: 'repeated columns' },
  'passport.import.cells_count': {
    ru: ({ cells, columns }) => `${cells} ячеек вместо ${columns}`,
    en: ({ cells, columns }) => `${cells} cells instead of ${columns}`,
  } satisfies Entry<{ cells: number; columns: number }>,
  'passport.import.list_fields': {
    ru: ({ count }) => `ожидается ${count} полей через «|»`,
    en: ({ count }) => `expected ${count} fields separated by "|"`,
  } satisfies Entry<{ count: number }>,
  'passport.import.building_id': { ru: 'ожидается номер дома', en: 'expected a building id' },
  'passport.import.not_your_building': { ru: 'нет такого дома среди ваших', en: 'no such building among yours' },
  'passport.import.building_repeated': {
    ru: 'дом уже был выше в файле',
    en: 'the building is already above in the file',
  },
  'passport.import.changed_since_export': {
    ru: ({ version }) => `паспорт изменён после выгрузки (версия ${version})`,
    en: ({ version }) => `changed since the export (version ${version})`,
  } satisfies Entry<{ version: number }>,

  // ── A passport's documents ──
  'passport.document.one_file': {
    ru: 'Один файл в поле file.',
    en: 'One file in the field file.',
    tt: 'file кырында бер файл.',
  },
  'passport.document.one_file.reason': {
    ru: 'один файл в поле file',
    en: 'one file in the field file',
    tt: 'file кырында бер файл',
  },
  'passport.document.no_file': { ru: 'Нет файла.', en: 'No file.', tt: 'Файл юк.' },
  'passport.document.not_pdf_or_image': {
    ru: 'Документ должен быть PDF, JPEG, PNG или WebP.',
    en: 'Documents must be PDF, JPEG, PNG or WebP.',
    tt: 'Документ PDF, JPEG, PNG яки WebP булырга тиеш.',
  },
  'passport.document.content_not_pdf_or_image': {
    ru: 'не PDF и не изображение по содержимому',
    en: 'content is neither a PDF nor an image',
    tt: 'эчтәлеге буенча PDF та, рәсем дә түгел',
  },
};
