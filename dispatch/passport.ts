/**
 * The full technical passport of an apartment building (технический паспорт МКД): its sections and
 * fields with Russian and English labels, the rules a passport must satisfy, the field-level diff the
 * change history records, and the flat CSV form (one row per building) with its way back.
 *
 * The summary fields (yearBuilt … wearPercent) are columns of `buildings`; the rest is the jsonb
 * `building_passports.data`. One passport object holds both, so a diff and a CSV row cover both.
 */
import { type CsvRow, parseCsv as parseCsvText } from './csv.ts';
import type { Message } from './messages/index.ts';

export const wallMaterialCodes = ['panel', 'brick', 'monolith', 'block', 'wood', 'mixed'] as const;
/** Техническое состояние элемента (ВСН 53-86): исправное, удовлетворительное, неудовлетворительное, ветхое, аварийное. */
export const conditions = ['good', 'satisfactory', 'unsatisfactory', 'dilapidated', 'emergency'] as const;
export type Condition = (typeof conditions)[number];

/** Russian and English names of the codes the passport's choice fields take. */
export const optionLabels: Record<string, { ru: string; en: string }> = {
  panel: { ru: 'панель', en: 'panel' },
  brick: { ru: 'кирпич', en: 'brick' },
  monolith: { ru: 'монолит', en: 'monolithic concrete' },
  block: { ru: 'блоки', en: 'blocks' },
  wood: { ru: 'дерево', en: 'wood' },
  mixed: { ru: 'смешанный', en: 'mixed' },
  good: { ru: 'исправное', en: 'good' },
  satisfactory: { ru: 'удовлетворительное', en: 'satisfactory' },
  unsatisfactory: { ru: 'неудовлетворительное', en: 'unsatisfactory' },
  dilapidated: { ru: 'ветхое', en: 'dilapidated' },
  emergency: { ru: 'аварийное', en: 'emergency' },
};

export type Scalar = string | number | null;

/** One scalar field of the passport: its dotted path, type, labels and bounds. */
export type FieldSpec = {
  /** Path inside a section item (for lists) or inside the passport: "general.cadastralNumber". */
  path: string;
  kind: 'int' | 'number' | 'text' | 'enum' | 'date';
  ru: string;
  en: string;
  options?: readonly string[];
  min?: number;
  max?: number;
  /** For years: not after the current year (plus this many years); not before the year built when `sinceBuilt`. */
  year?: { future: number; sinceBuilt: boolean };
  /** Maximum text length. */
  maxLength?: number;
  unit?: string;
};

const text = (path: string, ru: string, en: string, maxLength = 200): FieldSpec => ({
  path,
  kind: 'text',
  ru,
  en,
  maxLength,
});
const int = (path: string, ru: string, en: string, min: number, max: number): FieldSpec => ({
  path,
  kind: 'int',
  ru,
  en,
  min,
  max,
});
const area = (path: string, ru: string, en: string): FieldSpec => ({
  path,
  kind: 'number',
  ru,
  en,
  min: 0,
  max: 10_000_000,
  unit: 'м²',
});
const year = (path: string, ru: string, en: string, future = 0, sinceBuilt = true): FieldSpec => ({
  path,
  kind: 'int',
  ru,
  en,
  min: 1700,
  max: 2100,
  year: { future, sinceBuilt },
});
const condition = (path: string): FieldSpec => ({
  path,
  kind: 'enum',
  ru: 'Состояние',
  en: 'Condition',
  options: conditions,
});

/** The summary: columns of `buildings` (elevatorCount is the `elevators` column). */
export const summaryFields: readonly FieldSpec[] = [
  year('yearBuilt', 'Год постройки', 'Year built', 5, false),
  int('floors', 'Этажность', 'Floors', 1, 200),
  int('entrances', 'Подъездов', 'Entrances', 0, 200),
  int('apartments', 'Квартир', 'Apartments', 0, 10_000),
  area('totalArea', 'Общая площадь', 'Total area'),
  { path: 'wallMaterial', kind: 'enum', ru: 'Материал стен', en: 'Wall material', options: wallMaterialCodes },
  int('elevatorCount', 'Лифтов', 'Elevators', 0, 200),
  text('heatingSystem', 'Отопление (сводно)', 'Heating (summary)'),
  text('hotWaterSystem', 'Горячая вода (сводно)', 'Hot water (summary)'),
  year('lastOverhaulYear', 'Последний капремонт', 'Last overhaul'),
  { path: 'wearPercent', kind: 'number', ru: 'Износ, %', en: 'Wear, %', min: 0, max: 100 },
];

export const generalFields: readonly FieldSpec[] = [
  { path: 'general.cadastralNumber', kind: 'text', ru: 'Кадастровый номер', en: 'Cadastral number', maxLength: 40 },
  year('general.commissionedYear', 'Год ввода в эксплуатацию', 'Year commissioned', 5),
  text('general.series', 'Серия, тип проекта', 'Series, project'),
  int('general.undergroundFloors', 'Подземных этажей', 'Underground floors', 0, 20),
  int('general.nonResidentialPremises', 'Нежилых помещений', 'Non-residential premises', 0, 10_000),
  area('general.livingArea', 'Жилая площадь', 'Living area'),
  area('general.nonResidentialArea', 'Площадь нежилых помещений', 'Non-residential area'),
  area('general.landArea', 'Площадь земельного участка', 'Land plot area'),
];

export const structureElements = [
  ['foundation', 'Фундамент', 'Foundation'],
  ['walls', 'Наружные стены', 'External walls'],
  ['floorSlabs', 'Перекрытия', 'Floor slabs'],
  ['roof', 'Крыша', 'Roof'],
] as const;
export type StructureElement = (typeof structureElements)[number][0];

export const structureFields: readonly FieldSpec[] = structureElements.flatMap(([key]) => [
  text(`structure.${key}.type`, 'Тип', 'Type'),
  ...(key === 'roof' ? [text('structure.roof.material', 'Материал кровли', 'Roofing material')] : []),
  condition(`structure.${key}.condition`),
]);

export const systemKeys = [
  ['heating', 'Отопление', 'Heating'],
  ['hotWater', 'Горячее водоснабжение', 'Hot water'],
  ['coldWater', 'Холодное водоснабжение', 'Cold water'],
  ['sewerage', 'Водоотведение', 'Sewerage'],
  ['gas', 'Газоснабжение', 'Gas'],
  ['electricity', 'Электроснабжение', 'Electricity'],
  ['ventilation', 'Вентиляция', 'Ventilation'],
  ['garbageChute', 'Мусоропровод', 'Garbage chute'],
] as const;
export type SystemKey = (typeof systemKeys)[number][0];

export const systemFields: readonly FieldSpec[] = systemKeys.flatMap(([key]) => [
  text(`systems.${key}.type`, 'Тип', 'Type'),
  year(`systems.${key}.replacedYear`, 'Год последней замены', 'Last replaced'),
]);

export const elevatorFields: readonly FieldSpec[] = [
  int('entrance', 'Подъезд', 'Entrance', 1, 200),
  text('serial', 'Заводской / рег. номер', 'Serial / registration number', 60),
  int('capacityKg', 'Грузоподъёмность, кг', 'Capacity, kg', 50, 10_000),
  year('commissionedYear', 'Год ввода в эксплуатацию', 'Year commissioned'),
  { path: 'lastInspection', kind: 'date', ru: 'Последнее техническое освидетельствование', en: 'Last inspection' },
  text('manufacturer', 'Изготовитель', 'Manufacturer', 120),
];

export const overhaulFields: readonly FieldSpec[] = [
  year('year', 'Год', 'Year'),
  text('works', 'Виды работ', 'Works', 500),
  { path: 'cost', kind: 'number', ru: 'Стоимость, руб.', en: 'Cost, RUB', min: 0, max: 10_000_000_000 },
  text('contractor', 'Подрядчик', 'Contractor', 200),
];

// Enough for the tallest towers (2 per entrance) and a century of overhauls.
export const MAX_ELEVATORS = 100;
export const MAX_OVERHAULS = 100;

/** The sections in the order the passport shows them. */
export const passportSections = [
  { key: 'general', ru: 'Общие сведения', en: 'General information', fields: [...summaryFields, ...generalFields] },
  {
    key: 'structure',
    ru: 'Конструктивные элементы',
    en: 'Structural elements',
    fields: structureFields,
    groups: structureElements,
  },
  { key: 'systems', ru: 'Инженерные системы', en: 'Engineering systems', fields: systemFields, groups: systemKeys },
  { key: 'elevators', ru: 'Лифты', en: 'Elevators', items: elevatorFields },
  { key: 'overhauls', ru: 'Капитальный ремонт', en: 'Overhauls', items: overhaulFields },
] as const;

/** Every scalar field outside the lists, in display and CSV order. */
export const scalarFields: readonly FieldSpec[] = [
  ...summaryFields,
  ...generalFields,
  ...structureFields,
  ...systemFields,
];

export type Summary = {
  yearBuilt: number | null;
  floors: number | null;
  entrances: number | null;
  apartments: number | null;
  totalArea: number | null;
  wallMaterial: (typeof wallMaterialCodes)[number] | null;
  elevatorCount: number | null;
  heatingSystem: string | null;
  hotWaterSystem: string | null;
  lastOverhaulYear: number | null;
  wearPercent: number | null;
};
export const summaryKeys = summaryFields.map((f) => f.path) as (keyof Summary)[];

export type General = {
  cadastralNumber: string | null;
  commissionedYear: number | null;
  series: string | null;
  undergroundFloors: number | null;
  nonResidentialPremises: number | null;
  livingArea: number | null;
  nonResidentialArea: number | null;
  landArea: number | null;
};
export type ElementState = { type: string | null; condition: Condition | null };
export type Structure = {
  foundation: ElementState;
  walls: ElementState;
  floorSlabs: ElementState;
  roof: ElementState & { material: string | null };
};
export type SystemState = { type: string | null; replacedYear: number | null };
export type Systems = Record<SystemKey, SystemState>;
export type Elevator = {
  entrance: number | null;
  serial: string | null;
  capacityKg: number | null;
  commissionedYear: number | null;
  /** YYYY-MM-DD. */
  lastInspection: string | null;
  manufacturer: string | null;
};
export type Overhaul = { year: number | null; works: string | null; cost: number | null; contractor: string | null };

/** The full passport: the summary columns and the sections kept in `building_passports.data`. */
export type Passport = Summary & {
  general: General;
  structure: Structure;
  systems: Systems;
  elevators: Elevator[];
  overhauls: Overhaul[];
};
/** What `building_passports.data` holds. */
export type PassportData = Omit<Passport, keyof Summary>;

const nulls = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>;

/** A passport with every field empty. */
export function emptyPassport(): Passport {
  return {
    ...(nulls(summaryKeys) as Summary),
    general: nulls(generalFields.map((f) => f.path.split('.')[1])) as General,
    structure: {
      foundation: { type: null, condition: null },
      walls: { type: null, condition: null },
      floorSlabs: { type: null, condition: null },
      roof: { type: null, material: null, condition: null },
    },
    systems: Object.fromEntries(systemKeys.map(([k]) => [k, { type: null, replacedYear: null }])) as Systems,
    elevators: [],
    overhauls: [],
  };
}

function getPath(object: unknown, path: string): unknown {
  let at: unknown = object;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = object;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A passport from stored parts: the summary columns and whatever the jsonb holds, every known field
 * present (null when missing) and nothing unknown kept.
 */
export function normalisePassport(summary: Partial<Summary>, data: unknown): Passport {
  const p = emptyPassport();
  const source = { ...(isPlainObject(data) ? data : {}), ...summary };
  for (const f of scalarFields) {
    const v = getPath(source, f.path);
    if (v !== undefined) setPath(p as unknown as Record<string, unknown>, f.path, v ?? null);
  }
  const list = <T>(value: unknown, fields: readonly FieldSpec[]): T[] =>
    Array.isArray(value)
      ? value
          .filter(isPlainObject)
          .map((item) => Object.fromEntries(fields.map((f) => [f.path, item[f.path] ?? null])) as T)
      : [];
  p.elevators = list<Elevator>((source as Record<string, unknown>).elevators, elevatorFields);
  p.overhauls = list<Overhaul>((source as Record<string, unknown>).overhauls, overhaulFields);
  return p;
}

/** Split a passport into the summary columns and the jsonb data. */
export function splitPassport(p: Passport): { summary: Summary; data: PassportData } {
  const { general, structure, systems, elevators, overhauls, ...summary } = p;
  return { summary: summary as Summary, data: { general, structure, systems, elevators, overhauls } };
}

/**
 * Apply a partial passport: objects merge field by field, lists (elevators, overhauls) are replaced
 * whole, a null clears a field.
 */
export function mergePassport(current: Passport, patch: unknown): Passport {
  const merge = (base: unknown, change: unknown): unknown => {
    if (!isPlainObject(change) || !isPlainObject(base)) return change;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(change)) if (v !== undefined) out[k] = merge(base[k], v);
    return out;
  };
  const { summary, data } = splitPassport(current);
  return normalisePassport({}, merge({ ...data, ...summary }, patch));
}

/** Every field of a passport as dotted path → value; list items are numbered from 0. */
export function flattenPassport(p: Passport): Map<string, Scalar> {
  const flat = new Map<string, Scalar>();
  for (const f of scalarFields) flat.set(f.path, (getPath(p, f.path) as Scalar | undefined) ?? null);
  p.elevators.forEach((e, i) => {
    for (const f of elevatorFields) flat.set(`elevators.${i}.${f.path}`, e[f.path as keyof Elevator] ?? null);
  });
  p.overhauls.forEach((o, i) => {
    for (const f of overhaulFields) flat.set(`overhauls.${i}.${f.path}`, o[f.path as keyof Overhaul] ?? null);
  });
  return flat;
}

/** One changed field: its dotted path, the value before and after (null: empty). */
export type FieldChange = { field: string; oldValue: Scalar; newValue: Scalar };

/**
 * The fields that differ between two passports, in passport order. A list item that appears or
 * disappears shows each of its non-empty fields.
 */
export function diffPassport(before: Passport, after: Passport): FieldChange[] {
  const a = flattenPassport(before);
  const b = flattenPassport(after);
  const changes: FieldChange[] = [];
  const seen = new Set<string>();
  for (const field of [...a.keys(), ...b.keys()]) {
    if (seen.has(field)) continue;
    seen.add(field);
    const oldValue = a.get(field) ?? null;
    const newValue = b.get(field) ?? null;
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

/** The spec of a dotted path (list paths "elevators.3.serial" find the item field). */
export function fieldSpecOf(path: string): FieldSpec | undefined {
  const m = /^(elevators|overhauls)\.\d+\.(\w+)$/.exec(path);
  if (m) return (m[1] === 'elevators' ? elevatorFields : overhaulFields).find((f) => f.path === m[2]);
  return scalarFields.find((f) => f.path === path);
}

/** Russian and English label of a dotted path, for the change history: "Лифты № 2: Год ввода…". */
export function fieldLabel(path: string): { ru: string; en: string } {
  const spec = fieldSpecOf(path);
  const m = /^(elevators|overhauls)\.(\d+)\./.exec(path);
  const doc = /^documents\.\d+$/.test(path);
  if (doc) return { ru: 'Документ', en: 'Document' };
  if (!spec) return { ru: path, en: path };
  if (m) {
    const n = Number(m[2]) + 1;
    return m[1] === 'elevators'
      ? { ru: `Лифт № ${n}: ${spec.ru}`, en: `Elevator ${n}: ${spec.en}` }
      : { ru: `Капремонт № ${n}: ${spec.ru}`, en: `Overhaul ${n}: ${spec.en}` };
  }
  const section = /^(structure|systems)\.(\w+)\./.exec(path);
  if (section) {
    const names = section[1] === 'structure' ? structureElements : systemKeys;
    const name = names.find(([k]) => k === section[2]);
    if (name) return { ru: `${name[1]}: ${spec.ru}`, en: `${name[2]}: ${spec.en}` };
  }
  return { ru: spec.ru, en: spec.en };
}

/** One problem with one field: its dotted path and the reason, a message of the catalogue. */
export type PassportProblem = { field: string; reason: Message };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkValue(
  spec: FieldSpec,
  value: unknown,
  ctx: { nowYear: number; today: string; yearBuilt: number | null },
): Message | null {
  if (value === null) return null;
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return { id: 'field.expected_text' };
      if (value.length > (spec.maxLength ?? 200))
        return { id: 'field.too_long_max', params: { max: spec.maxLength ?? 200 } };
      return null;
    case 'enum':
      return typeof value === 'string' && spec.options?.includes(value)
        ? null
        : { id: 'passport.field.one_of', params: { options: (spec.options ?? []).join(', ') } };
    case 'date': {
      if (
        typeof value !== 'string' ||
        !DATE.test(value) ||
        Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
      )
        return { id: 'field.date' };
      if (value > ctx.today) return { id: 'field.not_in_future' };
      if (ctx.yearBuilt !== null && Number(value.slice(0, 4)) < ctx.yearBuilt)
        return { id: 'passport.field.before_year_built' };
      return null;
    }
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { id: 'field.expected_number' };
      if (spec.kind === 'int' && !Number.isInteger(value)) return { id: 'field.whole_number' };
      if (spec.min !== undefined && value < spec.min)
        return spec.min === 0 ? { id: 'field.not_negative' } : { id: 'field.at_least', params: { min: spec.min } };
      if (spec.year) {
        const latest = ctx.nowYear + spec.year.future;
        if (value > latest) return { id: 'field.not_after_year', params: { year: latest } };
        if (spec.year.sinceBuilt && ctx.yearBuilt !== null && value < ctx.yearBuilt)
          return { id: 'passport.field.before_year_built_in', params: { year: ctx.yearBuilt } };
      } else if (spec.max !== undefined && value > spec.max) {
        return spec.path === 'wearPercent'
          ? { id: 'field.range', params: { min: 0, max: 100 } }
          : { id: 'field.at_most', params: { max: spec.max } };
      }
      return null;
    }
  }
}

/** One field's value checked as the passport's form checks it (the registers' import, issue 18). */
export function checkFieldValue(spec: FieldSpec, value: Scalar, now: Date, yearBuilt: number | null): Message | null {
  return checkValue(spec, value, { nowYear: now.getUTCFullYear(), today: now.toISOString().slice(0, 10), yearBuilt });
}

/**
 * The problems of a passport, each naming its dotted field: types and bounds, years not in the
 * future nor before the year built, areas not negative and not above the total, wear 0–100.
 */
export function checkPassport(p: Passport, now: Date): PassportProblem[] {
  const nowYear = now.getUTCFullYear();
  const today = now.toISOString().slice(0, 10);
  const yearBuilt = typeof p.yearBuilt === 'number' && Number.isInteger(p.yearBuilt) ? p.yearBuilt : null;
  const ctx = { nowYear, today, yearBuilt };
  const problems: PassportProblem[] = [];
  const flat = flattenPassport(p);
  for (const [path, value] of flat) {
    const spec = fieldSpecOf(path);
    if (!spec) continue;
    const reason = checkValue(spec, value, ctx);
    if (reason) problems.push({ field: path, reason });
  }
  if (p.elevators.length > MAX_ELEVATORS)
    problems.push({ field: 'elevators', reason: { id: 'field.at_most', params: { max: MAX_ELEVATORS } } });
  if (p.overhauls.length > MAX_OVERHAULS)
    problems.push({ field: 'overhauls', reason: { id: 'field.at_most', params: { max: MAX_OVERHAULS } } });
  const bad = new Set(problems.map((x) => x.field));
  const ok = (field: string) => !bad.has(field);
  const { totalArea } = p;
  if (typeof totalArea === 'number') {
    for (const key of ['livingArea', 'nonResidentialArea'] as const) {
      const v = p.general[key];
      if (typeof v === 'number' && ok(`general.${key}`) && v > totalArea)
        problems.push({ field: `general.${key}`, reason: { id: 'passport.field.above_total_area' } });
    }
  }
  if (
    typeof p.general.undergroundFloors === 'number' &&
    typeof p.floors === 'number' &&
    p.general.undergroundFloors >= p.floors &&
    ok('general.undergroundFloors')
  ) {
    problems.push({ field: 'general.undergroundFloors', reason: { id: 'passport.field.underground_floors' } });
  }
  p.elevators.forEach((e, i) => {
    if (
      typeof e.entrance === 'number' &&
      typeof p.entrances === 'number' &&
      e.entrance > p.entrances &&
      ok(`elevators.${i}.entrance`)
    ) {
      problems.push({
        field: `elevators.${i}.entrance`,
        reason: { id: 'passport.field.entrances', params: { entrances: p.entrances } },
      });
    }
  });
  return problems;
}

// ---- CSV: one row per building ----

/** The stable CSV header: building id, address (read only), version, every scalar path, then the lists. */
export const csvColumns: readonly string[] = [
  'buildingId',
  'address',
  'version',
  ...scalarFields.map((f) => f.path),
  'elevators',
  'overhauls',
];

/**
 * Elevators and overhauls each fit one cell: items separated by " ; ", their fields in a fixed order
 * separated by " | " (elevators: entrance | serial | capacityKg | commissionedYear | lastInspection |
 * manufacturer; overhauls: year | works | cost | contractor). A "|" or ";" inside a text is written "/".
 */
export const LIST_ITEM_SEPARATOR = ' ; ';
export const LIST_FIELD_SEPARATOR = ' | ';

const UTF8_BOM = '\uFEFF';

function cellText(value: Scalar): string {
  return value === null ? '' : String(value);
}

// A leading = + - @ would make a spreadsheet run the cell as a formula (CSV injection): one
// apostrophe more goes in front, also of a text that already starts with apostrophes before one
// of them, so that reading it back (unguard) takes exactly that one away. List items are read
// back one by one through the same unguard, so their texts are guarded one by one as well.
const guardText = (value: string) => (/^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function encodeList(items: readonly Record<string, Scalar>[], fields: readonly FieldSpec[]): string {
  return items
    .map((item) =>
      fields
        .map((f) => {
          const text = cellText(item[f.path] ?? null)
            .replace(/[|;]/g, '/')
            .trim();
          return f.kind === 'text' ? guardText(text) : text;
        })
        .join(LIST_FIELD_SEPARATOR),
    )
    .join(LIST_ITEM_SEPARATOR);
}

function csvField(value: string, guard: boolean): string {
  const guarded = guard ? guardText(value) : value;
  return /[",;\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export type CsvPassportRow = { buildingId: number; address: string; version: number; passport: Passport };

/** The CSV document of passports (RFC 4180, CRLF, UTF-8 with BOM), one row per building. */
export function passportsToCsv(rows: readonly CsvPassportRow[]): string {
  const lines = [csvColumns.join(',')];
  for (const row of rows) {
    const flat = flattenPassport(row.passport);
    const cells = [String(row.buildingId), csvField(row.address, true), String(row.version)];
    for (const f of scalarFields) cells.push(csvField(cellText(flat.get(f.path) ?? null), f.kind === 'text'));
    cells.push(csvField(encodeList(row.passport.elevators, elevatorFields), true));
    cells.push(csvField(encodeList(row.passport.overhauls, overhaulFields), true));
    lines.push(cells.join(','));
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** Parse RFC 4180 CSV (comma or semicolon, as Excel in a Russian locale writes): rows with their 1-based line numbers. */
export function parseCsv(source: string): CsvRow[] {
  return parseCsvText(source);
}

const unguard = (value: string) => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

function readScalar(spec: FieldSpec, raw: string): { value: Scalar } | { reason: Message } {
  const value = unguard(raw.trim());
  if (value === '') return { value: null };
  if (spec.kind === 'int' || spec.kind === 'number') {
    const n = Number(value.replace(',', '.').replace(/\s/g, ''));
    if (!Number.isFinite(n)) return { reason: { id: 'field.expected_number' } };
    return { value: n };
  }
  return { value };
}

function decodeList(
  raw: string,
  fields: readonly FieldSpec[],
  column: string,
): { items: Record<string, Scalar>[]; problems: PassportProblem[] } {
  const problems: PassportProblem[] = [];
  const value = unguard(raw.trim());
  if (value === '') return { items: [], problems };
  const items = value.split(';').map((chunk, i) => {
    const parts = chunk.split('|').map((s) => s.trim());
    if (parts.length !== fields.length) {
      problems.push({
        field: `${column}.${i}`,
        reason: { id: 'passport.import.list_fields', params: { count: fields.length } },
      });
    }
    const item: Record<string, Scalar> = {};
    fields.forEach((f, k) => {
      const read = readScalar(f, parts[k] ?? '');
      if ('reason' in read) problems.push({ field: `${column}.${i}.${f.path}`, reason: read.reason });
      else item[f.path] = read.value;
    });
    return item;
  });
  return { items, problems };
}

export type CsvImportRow =
  | { line: number; ok: true; buildingId: number; version: number | null; patch: Record<string, unknown> }
  | { line: number; ok: false; buildingId: number | null; problems: PassportProblem[] };

/**
 * Read a passports CSV: the header must name the columns (in any order; unknown ones are refused),
 * each row becomes a passport or its problems by column. Rules beyond types are `checkPassport`'s.
 */
export function passportsFromCsv(source: string): { headerProblems: PassportProblem[]; rows: CsvImportRow[] } {
  const [header, ...body] = parseCsv(source);
  if (!header) return { headerProblems: [{ field: 'header', reason: { id: 'passport.import.empty_file' } }], rows: [] };
  const names = header.cells.map((c) => c.trim());
  const known = new Set(csvColumns);
  const headerProblems: PassportProblem[] = [];
  for (const n of names)
    if (!known.has(n)) headerProblems.push({ field: n, reason: { id: 'passport.import.unknown_column' } });
  if (!names.includes('buildingId'))
    headerProblems.push({ field: 'buildingId', reason: { id: 'passport.import.required_column' } });
  if (new Set(names).size !== names.length)
    headerProblems.push({ field: 'header', reason: { id: 'passport.import.repeated_columns' } });
  if (headerProblems.length > 0) return { headerProblems, rows: [] };
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = body.map(({ line, cells }): CsvImportRow => {
    const problems: PassportProblem[] = [];
    const cell = (name: string) => {
      const i = index.get(name);
      return i === undefined ? undefined : (cells[i] ?? '');
    };
    if (cells.length !== names.length)
      problems.push({
        field: 'row',
        reason: { id: 'passport.import.cells_count', params: { cells: cells.length, columns: names.length } },
      });
    const idText = (cell('buildingId') ?? '').trim();
    const buildingId = /^\d{1,9}$/.test(idText) ? Number(idText) : null;
    if (buildingId === null) problems.push({ field: 'buildingId', reason: { id: 'passport.import.building_id' } });
    const versionText = (cell('version') ?? '').trim();
    const version = versionText === '' ? null : /^\d{1,9}$/.test(versionText) ? Number(versionText) : NaN;
    if (Number.isNaN(version)) problems.push({ field: 'version', reason: { id: 'field.whole_number' } });
    const given: Record<string, unknown> = {};
    for (const f of scalarFields) {
      const raw = cell(f.path);
      if (raw === undefined) continue;
      const read = readScalar(f, raw);
      if ('reason' in read) problems.push({ field: f.path, reason: read.reason });
      else setPath(given, f.path, read.value);
    }
    for (const [column, fields] of [
      ['elevators', elevatorFields],
      ['overhauls', overhaulFields],
    ] as const) {
      const raw = cell(column);
      if (raw === undefined) continue;
      const decoded = decodeList(raw, fields, column);
      problems.push(...decoded.problems);
      given[column] = decoded.items;
    }
    if (problems.length > 0 || buildingId === null) return { line, ok: false, buildingId, problems };
    // Columns left out of the file keep their values: the caller merges `patch` over the stored passport.
    return { line, ok: true, buildingId, version, patch: given };
  });
  return { headerProblems, rows };
}
