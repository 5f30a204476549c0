/**
 * Open data (issue 18): the catalogue, public appeals of a period and the buildings as GeoJSON and
 * CSV, streamed from the database, and the daily dumps' files. Everything here is public and
 * anonymous: no actor is asked about, and nothing personal is ever read.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findMunicipality, type MunicipalityRef } from '../../db/queries/municipalities.ts';
import { getDump, listDumps, publicAppealBatches, publicBuildingBatches } from '../../db/queries/open-data.ts';
import {
  DEFAULT_PERIOD_DAYS,
  dayIn,
  FIRST_DAY,
  LAST_DAY,
  MAX_PERIOD_DAYS,
  type Period,
  periodInstants,
  resolvePeriod,
} from '../../dispatch/open-data.ts';
import {
  DUMP_CRON,
  DUMP_CRON_TZ,
  DUMP_KEEP_DAYS,
  type DumpFile,
  datasetTexts,
  OPEN_DATA_LICENCE,
} from '../../dispatch/open-data-datasets.ts';
import type { Context } from '../context.ts';
import { BadRequest, HttpProblem, NotFound } from '../errors.ts';
import { appealFields, appealRecord, buildingFields, buildingRecord, csvChunks, geoJsonChunks } from './records.ts';

/** How many of the latest dumps the catalogue lists (all that are kept). */
const CATALOGUE_DUMPS = DUMP_KEEP_DAYS;

async function municipalityOf(ctx: Context, code: string | undefined): Promise<MunicipalityRef> {
  const m = await findMunicipality(ctx.db, code);
  if (!m) throw new NotFound('municipality');
  return m;
}

/** Where a municipality's dumps live: DATA_DIR/open-data/<code>/<day>/. */
export const dumpDirOf = (dataDir: string, code: string) => path.join(dataDir, 'open-data', code.toUpperCase());

const dumpUrl = (code: string, day: string, file: string) => `/api/open-data/dumps/${code}/${day}/${file}`;

/** The catalogue: each dataset with its formats, schemas, licence and schedule, and the latest dumps. */
export async function openDataCatalogue(ctx: Context, q: { municipality?: string }) {
  const m = await municipalityOf(ctx, q.municipality);
  const dumps = await listDumps(ctx.db, m.id, CATALOGUE_DUMPS);
  const code = m.code;
  const link = (file: string) => `/api/open-data/${file}?municipality=${code}`;
  return {
    municipality: { code, nameRu: m.nameRu, nameEn: m.nameEn, timeZone: m.timeZone },
    licence: OPEN_DATA_LICENCE,
    dump: { schedule: DUMP_CRON, timeZone: DUMP_CRON_TZ, keepDays: DUMP_KEEP_DAYS },
    datasets: [
      {
        id: 'appeals' as const,
        ...datasetTexts.appeals,
        updateFrequency: 'continuous' as const,
        period: { defaultDays: DEFAULT_PERIOD_DAYS, maxDays: MAX_PERIOD_DAYS },
        distributions: [
          { format: 'geojson' as const, mediaType: 'application/geo+json', url: link('appeals.geojson') },
          { format: 'csv' as const, mediaType: 'text/csv', url: link('appeals.csv') },
        ],
        schemas: {
          geojson: '/api/open-data/schemas/appeals.schema.json',
          csv: '/api/open-data/schemas/appeals.table.json',
        },
      },
      {
        id: 'buildings' as const,
        ...datasetTexts.buildings,
        updateFrequency: 'continuous' as const,
        period: null,
        distributions: [
          { format: 'geojson' as const, mediaType: 'application/geo+json', url: link('buildings.geojson') },
          { format: 'csv' as const, mediaType: 'text/csv', url: link('buildings.csv') },
        ],
        schemas: {
          geojson: '/api/open-data/schemas/buildings.schema.json',
          csv: '/api/open-data/schemas/buildings.table.json',
        },
      },
    ],
    dumps: dumps.map((d) => ({
      day: d.day,
      createdAt: d.createdAt.toISOString(),
      files: d.files.map((f) => ({ ...f, url: dumpUrl(code, d.day, f.name) })),
    })),
  };
}

/** The period asked, in the municipality's days, or 400 with the reason. */
function periodOf(m: MunicipalityRef, q: { from?: string; to?: string }, now: Date): Period {
  const resolved = resolvePeriod(q, dayIn(now, m.timeZone));
  if ('problem' in resolved)
    throw new BadRequest(resolved.problem, [{ field: resolved.field, reason: resolved.problem }]);
  return resolved.period;
}

export type AppealsQuery = { municipality?: string; from?: string; to?: string };

/** Public appeals filed in a period, as GeoJSON or CSV text chunks (the query runs as they are read). */
export async function appealsExport(
  ctx: Context,
  q: AppealsQuery,
  format: { kind: 'geojson' } | { kind: 'csv'; separator: ',' | ';' },
) {
  const m = await municipalityOf(ctx, q.municipality);
  const period = periodOf(m, q, ctx.clock());
  const { since, until } = periodInstants(period, m.timeZone);
  const batches = publicAppealBatches(ctx.db, { municipalityId: m.id, since, until, by: 'filed' });
  const toRecord = (r: Parameters<typeof appealRecord>[0]) => appealRecord(r, m.timeZone);
  const chunks =
    format.kind === 'csv'
      ? csvChunks(batches, appealFields, toRecord, format.separator)
      : geoJsonChunks(batches, appealFields, toRecord);
  return { chunks, fileName: `otklik-${m.code}-appeals-${period.from}-${period.to}.${format.kind}` };
}

/** Every building of a municipality as GeoJSON or CSV chunks. */
export async function buildingsExport(
  ctx: Context,
  q: { municipality?: string },
  format: { kind: 'geojson' } | { kind: 'csv'; separator: ',' | ';' },
) {
  const m = await municipalityOf(ctx, q.municipality);
  const batches = publicBuildingBatches(ctx.db, m.id);
  const chunks =
    format.kind === 'csv'
      ? csvChunks(batches, buildingFields, buildingRecord, format.separator)
      : geoJsonChunks(batches, buildingFields, buildingRecord);
  return { chunks, fileName: `otklik-${m.code}-buildings.${format.kind}` };
}

const dumpMissing = () => new HttpProblem(404, 'not-found', { id: 'open_data.dump_not_found' });

/** A file of a recorded dump that is on disk: where it is, with its size, checksum and time. */
export async function dumpFileToSend(
  ctx: Context,
  p: { municipality: string; day: string; file: DumpFile },
  dataDir: string,
) {
  const m = await municipalityOf(ctx, p.municipality);
  // A day no dump can have (and PostgreSQL's dates cannot all hold): not found, without asking.
  if (p.day < FIRST_DAY || p.day > LAST_DAY) throw dumpMissing();
  const dump = await getDump(ctx.db, m.id, p.day);
  const recorded = dump?.files.find((f) => f.name === p.file);
  if (!dump || !recorded) throw dumpMissing();
  const file = path.join(dumpDirOf(dataDir, m.code), p.day, p.file);
  const onDisk = await stat(file).catch(() => null);
  // Deleted by hand, or replaced by a run still writing: what is recorded is not what is there.
  if (!onDisk || onDisk.size !== recorded.bytes) throw dumpMissing();
  return { file, ...recorded, createdAt: dump.createdAt, fileName: `otklik-${m.code}-${p.day}-${p.file}` };
}
