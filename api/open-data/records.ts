/**
 * Open data's rows as the datasets' records and as text: CSV lines and GeoJSON features, streamed
 * batch by batch from the database's cursor (db/queries/open-data.ts).
 */
import type { PublicAppealRow, PublicBuildingRow } from '../../db/queries/open-data.ts';
import {
  appealState,
  csvHeader,
  csvLine,
  GEOJSON_HEAD,
  GEOJSON_TAIL,
  geoJsonFeature,
  localIso,
  type OpenRecord,
} from '../../dispatch/open-data.ts';
import { appealFields, buildingFields, type OpenField } from '../../dispatch/open-data-datasets.ts';
import { UTF8_BOM } from '../../dispatch/stats.ts';

/** An appeal row as the dataset's record, its times in the municipality's zone. */
export function appealRecord(r: PublicAppealRow, timeZone: string): OpenRecord {
  return {
    id: r.id,
    number: r.number,
    category_code: r.categoryCode,
    category_ru: r.categoryRu,
    category_en: r.categoryEn,
    category_group: r.categoryGroup,
    priority: r.priority,
    status: r.status,
    state: appealState(r.status),
    district_code: r.districtCode,
    district_ru: r.districtRu,
    district_en: r.districtEn,
    address: r.address,
    building_id: r.buildingId,
    lon: r.lon,
    lat: r.lat,
    organisation_ru: r.organisationRu,
    organisation_en: r.organisationEn,
    created_at: localIso(r.createdMs, timeZone),
    updated_at: localIso(r.updatedMs, timeZone),
    resolved_at: r.resolvedMs === null ? null : localIso(r.resolvedMs, timeZone),
    sla_breached: r.slaBreached,
  };
}

export function buildingRecord(r: PublicBuildingRow): OpenRecord {
  return {
    id: r.id,
    external_id: r.externalId,
    address: r.address,
    postcode: r.postcode,
    district_code: r.districtCode,
    district_ru: r.districtRu,
    district_en: r.districtEn,
    year_built: r.yearBuilt,
    floors: r.floors,
    management_company_ru: r.managementCompanyRu,
    management_company_en: r.managementCompanyEn,
    lon: r.lon,
    lat: r.lat,
  };
}

export type Separator = ',' | ';';

/** Counts the records a stream wrote (the dump records it). */
export type RowCounter = { rows: number };

/**
 * A CSV document, a chunk per batch: the UTF-8 byte-order mark (Excel reads a file without it in the
 * ANSI code page, cp1251 in Russia, and turns Cyrillic into mojibake; every CSV reader of note skips
 * it), the header of field names, CRLF line ends.
 */
export async function* csvChunks<R>(
  batches: AsyncIterable<R[]>,
  fields: readonly OpenField[],
  toRecord: (row: R) => OpenRecord,
  separator: Separator,
  counter: RowCounter = { rows: 0 },
): AsyncGenerator<string> {
  yield UTF8_BOM + csvHeader(fields, separator);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += csvLine(fields, toRecord(row), separator);
    counter.rows += batch.length;
    if (chunk) yield chunk;
  }
}

/** A GeoJSON FeatureCollection (RFC 7946, UTF-8 without a BOM, as the RFC asks), a chunk per batch. */
export async function* geoJsonChunks<R>(
  batches: AsyncIterable<R[]>,
  fields: readonly OpenField[],
  toRecord: (row: R) => OpenRecord,
  counter: RowCounter = { rows: 0 },
): AsyncGenerator<string> {
  yield GEOJSON_HEAD;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const features = batch.map((row) => geoJsonFeature(fields, toRecord(row))).join(',\n');
    yield counter.rows > 0 ? `,\n${features}` : features;
    counter.rows += batch.length;
  }
  yield GEOJSON_TAIL;
}

export { appealFields, buildingFields };
