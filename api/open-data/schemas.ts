import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { appealStatuses } from '../../dispatch/taxonomy.ts';
import { dumpFiles, schemaFiles } from '../../dispatch/open-data-datasets.ts';
import { municipalityQuery } from '../schemas.ts';

const day = z.iso.date(messageRef('open_data.field.date')).describe('A local day of the municipality, YYYY-MM-DD');

export const catalogueQuery = z.object({ municipality: municipalityQuery });

export const appealsQuery = z.object({
  municipality: municipalityQuery,
  from: day
    .optional()
    .describe('The first local day (YYYY-MM-DD) of the period the appeals were filed in; default 29 days before `to`'),
  to: day
    .optional()
    .describe('The last local day of the period, included; default today (at most 366 days after `from`)'),
});

export const appealsCsvQuery = appealsQuery.extend({
  separator: z
    .enum(['comma', 'semicolon'])
    .default('comma')
    .describe(
      'comma (RFC 4180, the default) or semicolon (what Excel in a Russian locale splits on when a file is double-clicked)',
    ),
});

export const schemaParams = z.object({ file: z.enum(schemaFiles) });

export const dumpParams = z.object({
  municipality: z.string().regex(/^[A-Za-z0-9]{2,8}$/, messageRef('field.municipality_code')),
  day,
  file: z.enum(dumpFiles),
});

const text3 = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const dumpFile = z.object({
  name: z.string(),
  bytes: z.number().int(),
  rows: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string(),
});

export const catalogueResponse = z
  .object({
    municipality: z.object({ code: z.string(), nameRu: z.string(), nameEn: z.string(), timeZone: z.string() }),
    licence: z.object({ id: z.string(), name: z.string(), url: z.string() }),
    dump: z.object({
      schedule: z.string().describe('cron, in `timeZone`'),
      timeZone: z.string(),
      keepDays: z.number().int(),
    }),
    datasets: z.array(
      z.object({
        id: z.enum(['appeals', 'buildings']),
        title: text3,
        description: text3,
        updateFrequency: z.enum(['continuous']).describe('The API answers from the live data; the dumps are daily'),
        period: z.object({ defaultDays: z.number().int(), maxDays: z.number().int() }).nullable(),
        distributions: z.array(
          z.object({ format: z.enum(['geojson', 'csv']), mediaType: z.string(), url: z.string() }),
        ),
        schemas: z.object({ geojson: z.string(), csv: z.string() }),
      }),
    ),
    dumps: z.array(z.object({ day: z.string(), createdAt: z.iso.datetime(), files: z.array(dumpFile) })),
  })
  .meta({ id: 'OpenDataCatalogue' });

const point = z.object({
  type: z.literal('Point'),
  coordinates: z.tuple([z.number(), z.number()]).describe('[longitude, latitude], WGS 84'),
});
const nullableText = z.string().nullable();

/** A GeoJSON FeatureCollection of points whose features carry these properties. */
const pointCollection = <P extends z.ZodRawShape>(properties: P) =>
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: point, properties: z.object(properties) }),
    ),
  });

export const appealFeatureCollection = pointCollection({
  id: z.number().int(),
  number: z.string(),
  category_code: z.string(),
  category_ru: z.string(),
  category_en: z.string(),
  category_group: z.string(),
  priority: z.string(),
  status: z.enum(appealStatuses),
  state: z.enum(['open', 'closed']),
  district_code: nullableText,
  district_ru: nullableText,
  district_en: nullableText,
  address: nullableText,
  building_id: z.number().int().nullable(),
  organisation_ru: nullableText,
  organisation_en: nullableText,
  created_at: z.string(),
  updated_at: z.string(),
  resolved_at: nullableText,
  sla_breached: z.boolean(),
}).meta({ id: 'OpenDataAppeals' });

export const buildingFeatureCollection = pointCollection({
  id: z.number().int(),
  external_id: nullableText,
  address: z.string(),
  postcode: nullableText,
  district_code: z.string(),
  district_ru: z.string(),
  district_en: z.string(),
  year_built: z.number().int().nullable(),
  floors: z.number().int().nullable(),
  management_company_ru: nullableText,
  management_company_en: nullableText,
}).meta({ id: 'OpenDataBuildings' });

export const schemaDocument = z
  .record(z.string(), z.unknown())
  .describe('A JSON Schema (2020-12) or a Frictionless Table Schema');
