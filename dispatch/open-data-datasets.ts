/**
 * The open datasets (issue 18) as plain data: their fields with types and titles, the licence, the
 * schedule, and the machine-readable schemas made from the fields (JSON Schema of the GeoJSON,
 * Frictionless Table Schema of the CSV, a Data Package of a dump). One list of fields feeds the
 * CSV header, the GeoJSON properties, both schemas and docs/open-data.md, so they cannot drift.
 */
import { appealStatuses } from './taxonomy.ts';

export const openDatasets = ['appeals', 'buildings'] as const;
export type OpenDataset = (typeof openDatasets)[number];

/** Table Schema's types; `datetime` is ISO 8601 with the municipality's offset (2026-12-07T14:03:00+03:00). */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime';

export type OpenField = {
  name: string;
  type: FieldType;
  ru: string;
  en: string;
  /** May be empty (null in GeoJSON, an empty cell in CSV). */
  nullable?: boolean;
  enum?: readonly string[];
  /** Only in the CSV: the GeoJSON has them as the point's coordinates. */
  csvOnly?: boolean;
};

/** Whether an appeal is still being worked on (`open`) or done with (`closed`), as Open311 says it. */
export const appealStates = ['open', 'closed'] as const;

/** What the public appeal view shows (api/appeals/views.ts publicView), less the resident's own words. */
export const appealFields: readonly OpenField[] = [
  { name: 'id', type: 'integer', ru: 'Идентификатор', en: 'Id' },
  { name: 'number', type: 'string', ru: 'Номер обращения', en: 'Appeal number' },
  { name: 'category_code', type: 'string', ru: 'Код темы', en: 'Category code' },
  { name: 'category_ru', type: 'string', ru: 'Тема', en: 'Category (Russian)' },
  { name: 'category_en', type: 'string', ru: 'Тема (англ.)', en: 'Category' },
  { name: 'category_group', type: 'string', ru: 'Группа тем', en: 'Category group' },
  {
    name: 'priority',
    type: 'string',
    ru: 'Приоритет',
    en: 'Priority',
    enum: ['emergency', 'high', 'normal', 'low'],
  },
  { name: 'status', type: 'string', ru: 'Статус', en: 'Status', enum: appealStatuses },
  { name: 'state', type: 'string', ru: 'Открыто / закрыто', en: 'Open or closed', enum: appealStates },
  { name: 'district_code', type: 'string', ru: 'Код района', en: 'District code', nullable: true },
  { name: 'district_ru', type: 'string', ru: 'Район', en: 'District (Russian)', nullable: true },
  { name: 'district_en', type: 'string', ru: 'Район (англ.)', en: 'District', nullable: true },
  { name: 'address', type: 'string', ru: 'Адрес', en: 'Address', nullable: true },
  { name: 'building_id', type: 'integer', ru: 'Дом (id)', en: 'Building id', nullable: true },
  { name: 'lon', type: 'number', ru: 'Долгота', en: 'Longitude', csvOnly: true },
  { name: 'lat', type: 'number', ru: 'Широта', en: 'Latitude', csvOnly: true },
  {
    name: 'organisation_ru',
    type: 'string',
    ru: 'Ответственная организация',
    en: 'Organisation (Russian)',
    nullable: true,
  },
  {
    name: 'organisation_en',
    type: 'string',
    ru: 'Ответственная организация (англ.)',
    en: 'Organisation',
    nullable: true,
  },
  { name: 'created_at', type: 'datetime', ru: 'Подано', en: 'Filed at' },
  { name: 'updated_at', type: 'datetime', ru: 'Изменено', en: 'Updated at' },
  { name: 'resolved_at', type: 'datetime', ru: 'Решено', en: 'Resolved at', nullable: true },
  { name: 'sla_breached', type: 'boolean', ru: 'Срок нарушен', en: 'SLA breached' },
];

/** A building as the public building search shows it: no residents, no apartments. */
export const buildingFields: readonly OpenField[] = [
  { name: 'id', type: 'integer', ru: 'Идентификатор', en: 'Id' },
  {
    name: 'external_id',
    type: 'string',
    ru: 'Внешний идентификатор (ГИС ЖКХ, ФИАС)',
    en: 'External id (GIS ZhKKh, FIAS)',
    nullable: true,
  },
  { name: 'address', type: 'string', ru: 'Адрес', en: 'Address' },
  { name: 'postcode', type: 'string', ru: 'Почтовый индекс', en: 'Postcode', nullable: true },
  { name: 'district_code', type: 'string', ru: 'Код района', en: 'District code' },
  { name: 'district_ru', type: 'string', ru: 'Район', en: 'District (Russian)' },
  { name: 'district_en', type: 'string', ru: 'Район (англ.)', en: 'District' },
  { name: 'year_built', type: 'integer', ru: 'Год постройки', en: 'Year built', nullable: true },
  { name: 'floors', type: 'integer', ru: 'Этажей', en: 'Floors', nullable: true },
  {
    name: 'management_company_ru',
    type: 'string',
    ru: 'Управляющая компания',
    en: 'Management company (Russian)',
    nullable: true,
  },
  {
    name: 'management_company_en',
    type: 'string',
    ru: 'Управляющая компания (англ.)',
    en: 'Management company',
    nullable: true,
  },
  { name: 'lon', type: 'number', ru: 'Долгота', en: 'Longitude', csvOnly: true },
  { name: 'lat', type: 'number', ru: 'Широта', en: 'Latitude', csvOnly: true },
];

export const fieldsOf: Record<OpenDataset, readonly OpenField[]> = { appeals: appealFields, buildings: buildingFields };

export const OPEN_DATA_LICENCE = {
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** When the dump runs: 03:30 Moscow time, after the night's SLA sweeps, before the working day. */
export const DUMP_CRON = '30 3 * * *';
export const DUMP_CRON_TZ = 'Europe/Moscow';
/** How many days of dumps are kept (files and rows). */
export const DUMP_KEEP_DAYS = 30;

/** The files of a day's dump, in the order they are written. */
export const dumpFiles = ['appeals.csv', 'appeals.geojson', 'buildings.geojson', 'datapackage.json'] as const;
export type DumpFile = (typeof dumpFiles)[number];

/** The schema documents served beside the data. */
export const schemaFiles = [
  'appeals.schema.json',
  'appeals.table.json',
  'buildings.schema.json',
  'buildings.table.json',
] as const;
export type SchemaFile = (typeof schemaFiles)[number];

const jsonTypeOf = (f: OpenField): Record<string, unknown> => {
  const base =
    f.type === 'datetime'
      ? { type: 'string', format: 'date-time' }
      : f.type === 'integer'
        ? { type: 'integer' }
        : f.type === 'number'
          ? { type: 'number' }
          : f.type === 'boolean'
            ? { type: 'boolean' }
            : { type: 'string', ...(f.enum ? { enum: [...f.enum] } : {}) };
  return f.nullable ? { ...base, type: [base.type, 'null'] } : base;
};

/** JSON Schema (2020-12) of a dataset's GeoJSON: a FeatureCollection of Points with these properties. */
export function geoJsonSchema(dataset: OpenDataset, baseUrl: string): Record<string, unknown> {
  const props = fieldsOf[dataset].filter((f) => !f.csvOnly);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${baseUrl}/api/open-data/schemas/${dataset}.schema.json`,
    title: `Otklik open data: ${dataset} (GeoJSON, RFC 7946)`,
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { const: 'FeatureCollection' },
      features: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'id', 'geometry', 'properties'],
          properties: {
            type: { const: 'Feature' },
            id: { type: 'integer' },
            geometry: {
              type: 'object',
              required: ['type', 'coordinates'],
              properties: {
                type: { const: 'Point' },
                coordinates: {
                  description: '[longitude, latitude], WGS 84',
                  type: 'array',
                  prefixItems: [
                    { type: 'number', minimum: -180, maximum: 180 },
                    { type: 'number', minimum: -90, maximum: 90 },
                  ],
                  minItems: 2,
                  maxItems: 2,
                },
              },
            },
            properties: {
              type: 'object',
              required: props.map((f) => f.name),
              additionalProperties: false,
              properties: Object.fromEntries(
                props.map((f) => [f.name, { title: f.en, description: f.ru, ...jsonTypeOf(f) }]),
              ),
            },
          },
        },
      },
    },
  };
}

/** Frictionless Table Schema of a dataset's CSV (header row = field names, in this order). */
export function tableSchema(dataset: OpenDataset): Record<string, unknown> {
  return {
    fields: fieldsOf[dataset].map((f) => ({
      name: f.name,
      type: f.type,
      title: f.en,
      description: f.ru,
      ...(f.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
      constraints: { required: !f.nullable, ...(f.enum ? { enum: [...f.enum] } : {}) },
    })),
    primaryKey: ['id'],
    missingValues: [''],
  };
}

/** The schema document a file name asks for. */
export function schemaDocument(file: SchemaFile, baseUrl: string): Record<string, unknown> {
  const [dataset, kind] = file.split('.') as [OpenDataset, 'schema' | 'table'];
  return kind === 'schema' ? geoJsonSchema(dataset, baseUrl) : tableSchema(dataset);
}

/** What a dataset is, in the catalogue's words (Russian, English, Tatar). */
export const datasetTexts: Record<
  OpenDataset,
  { title: Record<'ru' | 'en' | 'tt', string>; description: Record<'ru' | 'en' | 'tt', string> }
> = {
  appeals: {
    title: { ru: 'Обращения жителей', en: 'Residents’ appeals', tt: 'Халык мөрәҗәгатьләре' },
    description: {
      ru: 'Публичные обращения за период: номер, тема, статус, район, адрес, точка, ответственная организация, сроки. Без авторов, контактов, квартир и обращений закрытых тем.',
      en: 'Public appeals for a period: number, category, status, district, address, point, the organisation in charge, times and SLA. No authors, contacts, apartments or appeals of private categories.',
      tt: 'Чор эчендәге ачык мөрәҗәгатьләр: номер, тема, статус, район, адрес, нокта, җаваплы оешма, срок. Авторларсыз, элемтәләрсез, фатирларсыз.',
    },
  },
  buildings: {
    title: { ru: 'Многоквартирные дома', en: 'Apartment buildings', tt: 'Күпфатирлы йортлар' },
    description: {
      ru: 'Реестр домов: адрес, район, год постройки, этажность, управляющая компания, внешний идентификатор.',
      en: 'The register of buildings: address, district, year built, floors, management company, external id.',
      tt: 'Йортлар реестры: адрес, район, төзелгән елы, катлары, идарәче компания, тышкы идентификатор.',
    },
  },
};

/** A Frictionless Data Package describing a day's dump (its datapackage.json). */
export function dataPackage(p: {
  municipalityCode: string;
  day: string;
  baseUrl: string;
  files: readonly { name: string; bytes: number; rows: number; sha256: string }[];
}): Record<string, unknown> {
  const resource = (f: (typeof p.files)[number]) => {
    const [dataset, format] = f.name.split('.') as [OpenDataset, 'csv' | 'geojson'];
    return {
      name: `${dataset}-${format}`,
      path: f.name,
      format,
      mediatype: format === 'csv' ? 'text/csv' : 'application/geo+json',
      encoding: 'utf-8',
      bytes: f.bytes,
      hash: `sha256:${f.sha256}`,
      ...(format === 'csv'
        ? { dialect: { delimiter: ',', header: true }, schema: tableSchema(dataset) }
        : { schema: `${p.baseUrl}/api/open-data/schemas/${dataset}.schema.json` }),
    };
  };
  return {
    name: `otklik-${p.municipalityCode.toLowerCase()}-${p.day}`,
    title: `Otklik open data, ${p.municipalityCode}, ${p.day}`,
    licenses: [{ name: OPEN_DATA_LICENCE.id, path: OPEN_DATA_LICENCE.url, title: OPEN_DATA_LICENCE.name }],
    created: p.day,
    resources: p.files.map(resource),
  };
}
