/**
 * Imports of the city's registers (issue 18): why a whole file is refused, why a line is, and what
 * a run left alone. Admins and the city's IT department read them, so Russian and English only;
 * the shared `field.*` reasons are reused as they are.
 */
import type { Entry } from './index.ts';

export const importMessages = {
  // ── The whole file ──
  'import.file.encoding': {
    ru: 'Файл не в UTF-8 и не в Windows-1251: сохраните его в UTF-8.',
    en: 'The file is neither UTF-8 nor Windows-1251: save it as UTF-8.',
  },
  'import.file.empty': { ru: 'Файл пуст.', en: 'The file is empty.' },
  'import.file.format': {
    ru: 'Нужен CSV (с заголовком) или GeoJSON (FeatureCollection).',
    en: 'A CSV (with a header) or a GeoJSON FeatureCollection is expected.',
  },
  'import.file.geojson': {
    ru: ({ why }) => `Неверный GeoJSON: ${why}.`,
    en: ({ why }) => `Invalid GeoJSON: ${why}.`,
  } satisfies Entry<{ why: string }>,
  'import.file.header_missing': {
    ru: ({ columns }) => `В заголовке нет обязательных столбцов: ${columns}.`,
    en: ({ columns }) => `The header lacks the required columns: ${columns}.`,
  } satisfies Entry<{ columns: string }>,
  'import.file.header_duplicate': {
    ru: ({ column }) => `Столбец «${column}» указан в заголовке дважды.`,
    en: ({ column }) => `The column "${column}" appears twice in the header.`,
  } satisfies Entry<{ column: string }>,
  'import.file.too_large': {
    ru: ({ mb }) => `Файл больше ${mb} МБ.`,
    en: ({ mb }) => `The file is larger than ${mb} MB.`,
  } satisfies Entry<{ mb: number }>,
  'import.file.required': { ru: 'Приложите файл реестра.', en: 'Attach the register file.' },
  'import.file.unreadable': {
    ru: 'Файл загрузки не найден: загрузите его снова.',
    en: 'The uploaded file is gone: upload it again.',
  },
  'import.run.not_found': { ru: 'Импорт: не найден.', en: 'Import: not found.' },
  'import.run.interrupted': {
    ru: 'Импорт прерван (процесс остановлен); ничего не изменено.',
    en: 'The import was interrupted (its process stopped); nothing was changed.',
  },
  'import.municipality_unknown': {
    ru: ({ code }) => `Нет муниципалитета с кодом «${code}».`,
    en: ({ code }) => `No municipality with the code "${code}".`,
  } satisfies Entry<{ code: string }>,

  // ── A line ──
  'import.line.external_id': {
    ru: 'идентификатор: буквы, цифры и . _ - : { } (до 100 знаков), например GUID дома ГИС ЖКХ или ФИАС',
    en: 'an id: letters, digits and . _ - : { } (up to 100), e.g. the GIS ZhKKh house GUID or the FIAS id',
  },
  'import.line.duplicate_external_id': {
    ru: ({ line }) => `тот же идентификатор, что в строке ${line}`,
    en: ({ line }) => `the same id as line ${line}`,
  } satisfies Entry<{ line: number }>,
  'import.line.duplicate_address': {
    ru: ({ line }) => `тот же адрес, что в строке ${line}`,
    en: ({ line }) => `the same address as line ${line}`,
  } satisfies Entry<{ line: number }>,
  'import.line.duplicate_code': {
    ru: ({ line }) => `тот же код, что в строке ${line}`,
    en: ({ line }) => `the same code as line ${line}`,
  } satisfies Entry<{ line: number }>,
  'import.line.address_taken': {
    ru: ({ externalId }) => `по этому адресу уже есть дом реестра ${externalId}`,
    en: ({ externalId }) => `a register building ${externalId} already has this address`,
  } satisfies Entry<{ externalId: string }>,
  'import.line.code_taken': {
    ru: ({ externalId }) => `этот код уже у организации реестра ${externalId}`,
    en: ({ externalId }) => `the register organisation ${externalId} already has this code`,
  } satisfies Entry<{ externalId: string }>,
  'import.line.organisation_unknown': {
    ru: ({ value }) =>
      `нет организации «${value}» (идентификатор реестра, ОГРН, ИНН или код): сначала загрузите реестр организаций`,
    en: ({ value }) => `no organisation "${value}" (register id, OGRN, INN or code): import the organisations first`,
  } satisfies Entry<{ value: string }>,
  'import.line.district_unknown': {
    ru: ({ value }) => `нет района «${value}» (код или название)`,
    en: ({ value }) => `no district "${value}" (code or name)`,
  } satisfies Entry<{ value: string }>,
  'import.line.kind': {
    ru: ({ kinds }) => `вид организации, одно из: ${kinds}`,
    en: ({ kinds }) => `the organisation's kind, one of: ${kinds}`,
  } satisfies Entry<{ kinds: string }>,
  'import.line.inn': {
    ru: 'ИНН: 10 или 12 цифр с верной контрольной суммой',
    en: 'INN: 10 or 12 digits with a valid check digit',
  },
  'import.line.ogrn': {
    ru: 'ОГРН: 13 или 15 цифр с верной контрольной цифрой',
    en: 'OGRN: 13 or 15 digits with a valid check digit',
  },
  'import.line.working_hours': {
    ru: 'часы работы: «круглосуточно» или «пн-пт 08:00-17:00; сб 09:00-13:00»',
    en: 'working hours: "24x7" or "mon-fri 08:00-17:00; sat 09:00-13:00"',
  },
  'import.line.wall_material': {
    ru: 'материал стен: панель, кирпич, монолит, блоки, дерево или смешанный',
    en: 'wall material: panel, brick, monolith, block, wood or mixed',
  },
  'import.line.geometry': {
    ru: 'геометрия: точка (Point) с долготой и широтой',
    en: 'geometry: a Point with longitude and latitude',
  },
  'import.line.feature': { ru: 'объект GeoJSON (Feature) с properties', en: 'a GeoJSON Feature with properties' },
  'import.line.municipality': {
    ru: ({ code }) => `строка другого муниципалитета; импорт идёт в ${code}`,
    en: ({ code }) => `a line of another municipality; the import is into ${code}`,
  } satisfies Entry<{ code: string }>,

  // ── What --delete-missing left ──
  'import.delete.kept': {
    ru: ({ externalId, refs }) => `${externalId} нет в файле, но запись не удалена: на неё ссылаются ${refs}`,
    en: ({ externalId, refs }) => `${externalId} is not in the file but was kept: ${refs} refer to it`,
  } satisfies Entry<{ externalId: string; refs: string }>,
};
