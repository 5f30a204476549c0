import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schemaDocument as schemaOf } from '../../dispatch/open-data-datasets.ts';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import {
  appealFeatureCollection,
  appealsCsvQuery,
  appealsQuery,
  buildingFeatureCollection,
  catalogueQuery,
  catalogueResponse,
  dumpParams,
  schemaDocument,
  schemaParams,
} from './schemas.ts';
import { appealsExport, buildingsExport, dumpFileToSend, openDataCatalogue } from './service.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const openData = { public: 'open data: public appeals and buildings without personal data, for anyone' } as const;
/** The live answers change as appeals move: kept five minutes by browsers and proxies. */
const liveCache = { maxAge: 300 };
const geoJson = 'application/geo+json';

/** Chunks of text sent as they are made: the database's cursor is read only as fast as the client takes them. */
function sendChunks(
  reply: FastifyReply,
  chunks: AsyncIterable<string>,
  p: { type: string; fileName: string; disposition: 'inline' | 'attachment' },
) {
  return reply
    .type(p.type)
    .header('content-disposition', `${p.disposition}; filename="${p.fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .send(Readable.from(chunks) as unknown as string);
}

/** Whether the client's copy (If-None-Match, else If-Modified-Since) is the file's current one. */
function clientHasIt(request: FastifyRequest, etag: string, modified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((t) => [etag, '*'].includes(t.trim().replace(/^W\//, '')));
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(modified.getTime() / 1000) * 1000 <= since;
}

/** Open data (issue 18): the catalogue, the datasets streamed from the live data, their schemas and the daily dumps. */
const openDataRoutes: FastifyPluginAsyncZod = async (app) => {
  catalogueRoutes(app);
  appealDataRoutes(app);
  buildingDataRoutes(app);
  dumpRoutes(app);
};
export default openDataRoutes;

/** The catalogue and the schemas: what there is and how it is shaped. */
function catalogueRoutes(app: App): void {
  app.get(
    '/open-data',
    {
      config: { access: openData, cache: liveCache },
      schema: {
        operationId: 'openDataCatalogue',
        tags: ['open-data'],
        summary: 'Каталог открытых данных / The open-data catalogue',
        description:
          'The datasets of a municipality (titles and descriptions in Russian, English and Tatar), their formats, ' +
          'schemas, licence (CC BY 4.0) and update frequency, the dumps’ schedule, and the dumps kept (30 days) with ' +
          'each file’s size, rows and SHA-256.',
        querystring: catalogueQuery,
        response: { 200: catalogueResponse, ...problems },
      },
    },
    async (request) => openDataCatalogue(contextOf(request), request.query),
  );
  app.get(
    '/open-data/schemas/:file',
    {
      config: { access: openData, cache: { maxAge: 3600 } },
      schema: {
        operationId: 'openDataSchema',
        tags: ['open-data'],
        summary: 'Схема набора данных / A dataset’s schema',
        description:
          '<dataset>.schema.json: JSON Schema (2020-12) of the GeoJSON; <dataset>.table.json: Frictionless Table ' +
          'Schema of the CSV (field names, types, titles, required).',
        params: schemaParams,
        response: { 200: schemaDocument, ...problems },
      },
    },
    async (request) => schemaOf(request.params.file, app.config.PUBLIC_URL),
  );
}

/** Public appeals of a period, GeoJSON and CSV. */
function appealDataRoutes(app: App): void {
  app.get(
    '/open-data/appeals.geojson',
    {
      config: { access: openData, cache: liveCache },
      schema: {
        operationId: 'openDataAppealsGeoJson',
        tags: ['open-data'],
        summary: 'Обращения за период, GeoJSON / Public appeals of a period as GeoJSON',
        description:
          'Public appeals filed in the period (local days of the municipality; default the last 30 days, at most 366) ' +
          'as an RFC 7946 FeatureCollection of Points ([longitude, latitude]); times ISO 8601 with the municipality’s ' +
          'offset. No author, contact, apartment, entrance, description or appeal of a private category. Streamed.',
        querystring: appealsQuery,
        response: { 200: { content: { [geoJson]: { schema: appealFeatureCollection } } }, ...problems },
      },
    },
    async (request, reply) => {
      const { chunks, fileName } = await appealsExport(contextOf(request), request.query, { kind: 'geojson' });
      return sendChunks(reply, chunks, { type: `${geoJson}; charset=utf-8`, fileName, disposition: 'inline' });
    },
  );
  app.get(
    '/open-data/appeals.csv',
    {
      config: { access: openData, cache: liveCache },
      schema: {
        operationId: 'openDataAppealsCsv',
        tags: ['open-data'],
        summary: 'Обращения за период, CSV / Public appeals of a period as CSV',
        description:
          'The same appeals as appeals.geojson, one row each: UTF-8 with a byte-order mark (so that Excel reads ' +
          'Cyrillic as UTF-8), a header row of the field names (appeals.table.json), CRLF, fields quoted per RFC 4180; ' +
          'separator=semicolon for Excel in a Russian locale.',
        querystring: appealsCsvQuery,
        response: {
          200: { content: { 'text/csv': { schema: z.string().describe('CSV, UTF-8 with BOM') } } },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const separator = request.query.separator === 'semicolon' ? ';' : ',';
      const { chunks, fileName } = await appealsExport(contextOf(request), request.query, { kind: 'csv', separator });
      return sendChunks(reply, chunks, { type: 'text/csv; charset=utf-8', fileName, disposition: 'attachment' });
    },
  );
}

/** The buildings, GeoJSON and CSV. */
function buildingDataRoutes(app: App): void {
  app.get(
    '/open-data/buildings.geojson',
    {
      config: { access: openData, cache: liveCache },
      schema: {
        operationId: 'openDataBuildingsGeoJson',
        tags: ['open-data'],
        summary: 'Дома, GeoJSON / The buildings as GeoJSON',
        description:
          'Every building of the municipality: address, district, year built, floors, management company and external ' +
          'id (GIS ZhKKh, FIAS), as Points. No residents or apartments. Streamed (a city has 100,000).',
        querystring: catalogueQuery,
        response: { 200: { content: { [geoJson]: { schema: buildingFeatureCollection } } }, ...problems },
      },
    },
    async (request, reply) => {
      const { chunks, fileName } = await buildingsExport(contextOf(request), request.query, { kind: 'geojson' });
      return sendChunks(reply, chunks, { type: `${geoJson}; charset=utf-8`, fileName, disposition: 'inline' });
    },
  );
  app.get(
    '/open-data/buildings.csv',
    {
      config: { access: openData, cache: liveCache },
      schema: {
        operationId: 'openDataBuildingsCsv',
        tags: ['open-data'],
        summary: 'Дома, CSV / The buildings as CSV',
        description:
          'The same buildings as buildings.geojson, one row each, with lon and lat: UTF-8 with a byte-order mark, a header ' +
          'row of the field names (buildings.table.json), CRLF, RFC 4180 quoting; separator=semicolon for Excel in a ' +
          'Russian locale. Streamed.',
        querystring: catalogueQuery.extend({ separator: appealsCsvQuery.shape.separator }),
        response: {
          200: { content: { 'text/csv': { schema: z.string().describe('CSV, UTF-8 with BOM') } } },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const separator = request.query.separator === 'semicolon' ? ';' : ',';
      const { chunks, fileName } = await buildingsExport(contextOf(request), request.query, { kind: 'csv', separator });
      return sendChunks(reply, chunks, { type: 'text/csv; charset=utf-8', fileName, disposition: 'attachment' });
    },
  );
}

/** The files of the daily dumps. */
function dumpRoutes(app: App): void {
  app.get(
    '/open-data/dumps/:municipality/:day/:file',
    {
      config: { access: openData, cache: { maxAge: 3600 } },
      schema: {
        operationId: 'openDataDumpFile',
        tags: ['open-data'],
        summary: 'Файл ежедневной выгрузки / A file of a daily dump',
        description:
          'A file of the dump of a local day (made at 03:30 Moscow time, kept 30 days): appeals filed or changed that ' +
          'day (CSV, GeoJSON), every building (GeoJSON) and datapackage.json (Frictionless Data Package with the ' +
          'checksums). ETag is the file’s SHA-256; If-None-Match and If-Modified-Since answer 304.',
        params: dumpParams,
        response: {
          200: {
            content: {
              'text/csv': { schema: z.string().describe('appeals.csv: UTF-8 with BOM, comma-separated') },
              [geoJson]: { schema: z.record(z.string(), z.unknown()).describe('A FeatureCollection') },
              'application/json': { schema: z.record(z.string(), z.unknown()).describe('datapackage.json') },
            },
          },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const f = await dumpFileToSend(contextOf(request), request.params, app.config.DATA_DIR);
      const etag = `"${f.sha256}"`;
      reply
        .header('etag', etag)
        .header('last-modified', f.createdAt.toUTCString())
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff');
      // Declared in the document by withNotModified (api/openapi.ts): the route keeps a public cache.
      if (clientHasIt(request, etag, f.createdAt)) return (reply as FastifyReply).code(304).send();
      const type = f.name.endsWith('.csv')
        ? 'text/csv; charset=utf-8'
        : f.name.endsWith('.geojson')
          ? `${geoJson}; charset=utf-8`
          : 'application/json; charset=utf-8';
      return reply
        .type(type)
        .header('content-length', String(f.bytes))
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(createReadStream(f.file) as unknown as string);
    },
  );
}
