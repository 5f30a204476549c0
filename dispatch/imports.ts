/**
 * Imports of the city's registers (issue 18), the pure part: which column is which (our names and
 * the Russian names of the GIS ZhKKh exports), how a file's bytes are read (UTF-8, or Windows-1251
 * as Russian registers often come), and a GeoJSON feature read as a line. The line checks are in
 * dispatch/import-checks.ts. docs/imports.md documents the columns.
 */
import type { Message } from './messages/index.ts';

export type RegisterKind = 'buildings' | 'organisations';

export const buildingColumns = [
  'external_id',
  'municipality',
  'district',
  'street',
  'house',
  'block',
  'postcode',
  'lat',
  'lon',
  'management_company',
  'cold_water',
  'hot_water',
  'heating',
  'electricity',
  'gas',
  'year_built',
  'floors',
  'entrances',
  'apartments',
  'total_area',
  'wall_material',
  'elevators',
  'heating_system',
  'hot_water_system',
  'last_overhaul_year',
  'wear_percent',
] as const;
export type BuildingColumn = (typeof buildingColumns)[number];

export const organisationColumns = [
  'external_id',
  'municipality',
  'kind',
  'code',
  'name_ru',
  'name_en',
  'inn',
  'ogrn',
  'district',
  'phone',
  'email',
  'address',
  'website',
  'working_hours',
] as const;
export type OrganisationColumn = (typeof organisationColumns)[number];

export type RegisterColumn = BuildingColumn | OrganisationColumn;

/** The columns a file must have (lat and lon may come as a GeoJSON Point instead). */
export const requiredColumns: Record<RegisterKind, readonly RegisterColumn[]> = {
  buildings: ['external_id', 'street', 'house', 'lat', 'lon'],
  organisations: ['external_id', 'kind', 'name_ru'],
};

// Other names a register's header gives a column (compared lower-case, ё as е, spaces for _ and -).
const commonAliases: Partial<Record<RegisterColumn, string[]>> = {
  external_id: ['guid', 'fias', 'fias id', 'fias guid', 'house guid', 'код фиас', 'фиас', 'идентификатор'],
  municipality: ['муниципалитет', 'муниципальное образование', 'код муниципалитета'],
  district: ['район', 'район города', 'внутригородской район'],
};
const buildingAliases: Partial<Record<BuildingColumn, string[]>> = {
  external_id: [
    'глобальный уникальный идентификатор дома по фиас',
    'уникальный номер дома',
    'идентификационный код дома в гис жкх',
    'guid дома',
    'guid дома в гис жкх',
  ],
  street: ['улица', 'наименование улицы'],
  house: ['дом', 'номер дома'],
  block: ['корпус', 'номер корпуса'],
  postcode: ['индекс', 'почтовый индекс', 'zip'],
  lat: ['latitude', 'широта'],
  lon: ['lng', 'long', 'longitude', 'долгота'],
  management_company: [
    'управляющая организация',
    'управляющая компания',
    'ук',
    'огрн управляющей организации',
    'инн управляющей организации',
  ],
  cold_water: ['холодное водоснабжение', 'хвс', 'поставщик хвс'],
  hot_water: ['горячее водоснабжение', 'гвс', 'поставщик гвс'],
  heating: ['отопление поставщик', 'теплоснабжение', 'поставщик тепла'],
  electricity: ['электроснабжение', 'поставщик электроэнергии'],
  gas: ['газоснабжение', 'поставщик газа'],
  year_built: ['год постройки', 'год ввода в эксплуатацию', 'год ввода дома в эксплуатацию'],
  floors: ['этажность', 'количество этажей', 'количество этажей наибольшее'],
  entrances: ['количество подъездов', 'подъездов'],
  apartments: ['количество квартир', 'количество жилых помещений', 'квартир'],
  total_area: ['общая площадь', 'общая площадь дома', 'общая площадь дома кв м'],
  wall_material: ['материал стен', 'материал наружных стен'],
  elevators: ['количество лифтов', 'лифтов'],
  heating_system: ['система отопления', 'тип системы отопления'],
  hot_water_system: ['система горячего водоснабжения', 'тип системы горячего водоснабжения'],
  last_overhaul_year: ['год последнего капитального ремонта', 'год капремонта', 'последний капремонт'],
  wear_percent: ['износ', 'износ %', 'физический износ', 'процент износа', 'wear'],
};
const organisationAliases: Partial<Record<OrganisationColumn, string[]>> = {
  external_id: ['guid организации', 'идентификатор организации'],
  kind: ['вид', 'тип', 'вид организации', 'тип организации'],
  code: ['код'],
  name_ru: ['name', 'наименование', 'полное наименование', 'название'],
  name_en: ['name english', 'наименование на английском'],
  inn: ['инн'],
  ogrn: ['огрн', 'огрнип'],
  phone: ['телефон', 'контактный телефон'],
  email: ['e mail', 'электронная почта', 'адрес электронной почты'],
  address: ['адрес', 'фактический адрес', 'юридический адрес'],
  website: ['site', 'сайт', 'официальный сайт'],
  working_hours: ['hours', 'режим работы', 'часы работы'],
};

/** A header cell as compared: lower case, ё as е, no quotes, runs of spaces, _ and - as one space. */
export function headerKey(cell: string): string {
  return cell
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[«»"',.;:()]/g, ' ')
    .replace(/[\s_\-–—]+/g, ' ')
    .trim();
}

const aliasTables = new Map<RegisterKind, Map<string, RegisterColumn>>();
function aliasTable(kind: RegisterKind): Map<string, RegisterColumn> {
  let table = aliasTables.get(kind);
  if (table) return table;
  table = new Map();
  const columns: readonly RegisterColumn[] = kind === 'buildings' ? buildingColumns : organisationColumns;
  const own: Partial<Record<RegisterColumn, string[]>> = kind === 'buildings' ? buildingAliases : organisationAliases;
  for (const column of columns) {
    for (const name of [column, ...(commonAliases[column] ?? []), ...(own[column] ?? [])]) {
      table.set(headerKey(name), column);
    }
  }
  aliasTables.set(kind, table);
  return table;
}

export type Header = {
  /** The column each cell of a line fills (null: a column the import does not read). */
  columns: (RegisterColumn | null)[];
  present: ReadonlySet<RegisterColumn>;
  /** Header cells the import leaves alone, as written. */
  ignored: string[];
};

/** The header of a register: each cell's column, or why the whole file is refused. */
export function readHeader(
  kind: RegisterKind,
  cells: readonly string[],
  opts: { geometry?: boolean } = {},
): { ok: true; header: Header } | { ok: false; reason: Message } {
  const table = aliasTable(kind);
  const columns: (RegisterColumn | null)[] = [];
  const present = new Set<RegisterColumn>();
  const ignored: string[] = [];
  for (const cell of cells) {
    const column = table.get(headerKey(cell)) ?? null;
    if (column !== null && present.has(column)) {
      return { ok: false, reason: { id: 'import.file.header_duplicate', params: { column: cell.trim() } } };
    }
    if (column === null && cell.trim() !== '') ignored.push(cell.trim());
    if (column !== null) present.add(column);
    columns.push(column);
  }
  const missing = requiredColumns[kind].filter(
    (c) => !present.has(c) && !(opts.geometry && (c === 'lat' || c === 'lon')),
  );
  if (missing.length > 0) {
    return { ok: false, reason: { id: 'import.file.header_missing', params: { columns: missing.join(', ') } } };
  }
  return { ok: true, header: { columns, present, ignored } };
}

/** A line's cells by column; blank cells are absent. */
export type RegisterLine = Partial<Record<RegisterColumn, string>>;

/** A CSV line's cells by the header's columns (trimmed; blank ones left out). */
export function lineOf(header: Header, cells: readonly string[]): RegisterLine {
  const line: RegisterLine = {};
  for (let i = 0; i < header.columns.length; i++) {
    const column = header.columns[i];
    if (column === null) continue;
    const value = cells[i]?.trim();
    if (value) line[column] = value;
  }
  return line;
}

/**
 * The encoding of a file from its first bytes: UTF-8 when they are valid UTF-8 (a sequence cut at
 * the end of the sample is fine), Windows-1251 when they read as Russian text in it, else null.
 */
export function detectEncoding(sample: Uint8Array): 'utf-8' | 'windows-1251' | null {
  let end = sample.length;
  // a multi-byte character cut by the sample's end: up to 3 bytes of it
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    // not UTF-8: perhaps Windows-1251
  }
  const text = new TextDecoder('windows-1251').decode(sample);
  const letters = text.match(/[А-Яа-яЁё]/g)?.length ?? 0;
  // control characters other than tab and line breaks mean a binary file
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  const controls = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0098]/g)?.length ?? 0;
  return letters > 0 && controls === 0 ? 'windows-1251' : null;
}

/** A file's format from its name, else from its first character. */
export function detectFormat(fileName: string, firstText: string): 'csv' | 'geojson' {
  if (/\.(geo)?json$/i.test(fileName)) return 'geojson';
  if (/\.(csv|txt)$/i.test(fileName)) return 'csv';
  return /^\uFEFF?\s*[{[]/.test(firstText) ? 'geojson' : 'csv';
}

/**
 * A GeoJSON feature as a register line: its properties by column, a Point's coordinates as lon and
 * lat. `columns` collects the columns met, for the file's "present" set.
 */
export function featureLine(
  kind: RegisterKind,
  feature: unknown,
  columns: Set<RegisterColumn>,
): { ok: true; line: RegisterLine } | { ok: false; field: string; reason: Message } {
  if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
    return { ok: false, field: 'feature', reason: { id: 'import.line.feature' } };
  }
  const f = feature as { properties?: unknown; geometry?: unknown };
  const properties = f.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return { ok: false, field: 'properties', reason: { id: 'import.line.feature' } };
  }
  const table = aliasTable(kind);
  const line: RegisterLine = {};
  for (const [key, raw] of Object.entries(properties)) {
    const column = table.get(headerKey(key));
    if (!column) continue;
    columns.add(column);
    if (raw === null || raw === undefined) continue;
    const value = (typeof raw === 'object' ? JSON.stringify(raw) : String(raw)).trim();
    if (value) line[column] = value;
  }
  if (f.geometry !== null && f.geometry !== undefined) {
    const g = f.geometry as { type?: unknown; coordinates?: unknown };
    const c = g.coordinates;
    if (g.type !== 'Point' || !Array.isArray(c) || c.length < 2 || !c.slice(0, 2).every((x) => typeof x === 'number')) {
      return { ok: false, field: 'geometry', reason: { id: 'import.line.geometry' } };
    }
    line.lon = String(c[0]);
    line.lat = String(c[1]);
    columns.add('lon');
    columns.add('lat');
  }
  return { ok: true, line };
}
