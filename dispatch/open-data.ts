/**
 * Open data as plain functions: the period a request asks for (local days of the municipality),
 * times with the municipality's offset, an appeal's open/closed state, and rows written as CSV lines
 * and GeoJSON features in the fields' order (dispatch/open-data-datasets.ts).
 */
import type { Message } from './messages/index.ts';
import { offsetMillis } from './calendar.ts';
import { openStatuses } from './map.ts';
import { type OpenField, DUMP_KEEP_DAYS } from './open-data-datasets.ts';
import { addDays, csvField, type Day, dayNumber, dayStartsAt, localDay } from './stats.ts';
import type { AppealStatus } from './taxonomy.ts';

/** The longest period one request may ask for: a year, a leap one included. */
export const MAX_PERIOD_DAYS = 366;
/** The period when none is asked: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

export type Period = { from: Day; to: Day };

/** The period asked (either end may be absent), or the message that refuses it. */
export function resolvePeriod(
  asked: { from?: Day; to?: Day },
  today: Day,
): { period: Period } | { problem: Message; field: 'querystring.from' | 'querystring.to' } {
  // From alone: a year from it, never past today (a day after today is refused as reversed).
  const to =
    asked.to ?? (asked.from && asked.from <= today ? minDay(addDays(asked.from, MAX_PERIOD_DAYS - 1), today) : today);
  const from = asked.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) return { problem: { id: 'open_data.period_reversed' }, field: 'querystring.from' };
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days > MAX_PERIOD_DAYS)
    return {
      problem: { id: 'open_data.period_too_long', params: { days, max: MAX_PERIOD_DAYS } },
      field: 'querystring.to',
    };
  return { period: { from, to } };
}

const minDay = (a: Day, b: Day) => (a < b ? a : b);

/** The days the platform can hold an appeal on: outside them a period finds nothing (and 9999-12-31 has no next day). */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '2099-12-31';

/** The instants a period of local days covers: [since, until), empty outside FIRST_DAY..LAST_DAY. */
export function periodInstants(period: Period, timeZone: string): { since: Date; until: Date } {
  const from = period.from < FIRST_DAY ? FIRST_DAY : period.from;
  const to = period.to > LAST_DAY ? LAST_DAY : period.to;
  if (to < from || from > LAST_DAY) {
    const nowhere = dayStartsAt(FIRST_DAY, timeZone);
    return { since: nowhere, until: nowhere };
  }
  return { since: dayStartsAt(from, timeZone), until: dayStartsAt(addDays(to, 1), timeZone) };
}

/** The local day of an instant in a zone. */
export const dayIn = (at: Date, timeZone: string): Day => localDay(at, timeZone);

/** An instant as ISO 8601 in the zone's local time with its offset: 2026-12-07T14:03:05+03:00. */
export function localIso(epochMillis: number, timeZone: string): string {
  const offset = offsetMillis(timeZone, epochMillis);
  const local = new Date(Math.floor(epochMillis / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** `open` while the appeal is being worked on (its SLA clocks may run), `closed` once resolved or ended. */
export function appealState(status: AppealStatus): 'open' | 'closed' {
  return openStatuses.includes(status) ? 'open' : 'closed';
}

/** A record of a dataset: its values by field name, times already written with their offset. */
export type OpenRecord = Record<string, string | number | boolean | null>;

/** The CSV header row: the fields' names (stable, ASCII; titles are in the Table Schema). */
export function csvHeader(fields: readonly OpenField[], separator: string): string {
  return `${fields.map((f) => f.name).join(separator)}\r\n`;
}

/** One CSV row (RFC 4180, CRLF): booleans as true/false, empty for null. */
export function csvLine(fields: readonly OpenField[], record: OpenRecord, separator: string): string {
  return `${fields.map((f) => csvField(record[f.name])).join(separator)}\r\n`;
}

/** One GeoJSON feature (RFC 7946): a Point at [lon, lat], the other fields as properties. */
export function geoJsonFeature(fields: readonly OpenField[], record: OpenRecord): string {
  const properties: Record<string, unknown> = {};
  for (const f of fields) if (!f.csvOnly) properties[f.name] = record[f.name] ?? null;
  return JSON.stringify({
    type: 'Feature',
    id: record.id,
    geometry: { type: 'Point', coordinates: [record.lon, record.lat] },
    properties,
  });
}

export const GEOJSON_HEAD = '{"type":"FeatureCollection","features":[\n';
export const GEOJSON_TAIL = '\n]}\n';

/** The day a night's dump covers: the municipality's local yesterday. */
export function dumpDayOf(now: Date, timeZone: string): Day {
  return addDays(localDay(now, timeZone), -1);
}

/** The oldest day still kept when `day` is dumped; older dumps go. */
export function oldestKeptDay(day: Day): Day {
  return addDays(day, -(DUMP_KEEP_DAYS - 1));
}
