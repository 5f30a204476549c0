/** The web app's client for open data (/api/open-data…), typed by the API's OpenAPI document. */
import { type Answer, answer, api, type Query } from './api.ts';

export type OpenDataCatalogue = Answer<'openDataCatalogue'>;
export type OpenDataset = OpenDataCatalogue['datasets'][number];
export type OpenDataDump = OpenDataCatalogue['dumps'][number];

export const getOpenDataCatalogue = (query: Query<'openDataCatalogue'>, signal?: AbortSignal) =>
  answer(api.GET('/api/open-data', { params: { query }, signal }));

/** The period's bounds until the catalogue says them (the API's own: dispatch/open-data.ts). */
export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PERIOD_DAYS = 30;

const DAY_MS = 86_400_000;

/** Today in a time zone (the municipality's), YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when either is not a date). */
export function daysIn(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Number.isFinite(a) && Number.isFinite(b) ? Math.round((b - a) / DAY_MS) + 1 : 0;
}

/** The appeals' download links of a period. */
export function appealLinks(municipality: string, from: string, to: string) {
  const q = new URLSearchParams({ municipality, from, to }).toString();
  return {
    geojson: `/api/open-data/appeals.geojson?${q}`,
    csv: `/api/open-data/appeals.csv?${q}`,
    excel: `/api/open-data/appeals.csv?${q}&separator=semicolon`,
  };
}

/** A size in bytes as people read it: 812 Б, 14,2 КБ, 3,1 МБ. */
export function sizeOf(bytes: number, units: readonly [string, string, string], locale: string): string {
  if (bytes < 1024) return `${bytes} ${units[0]}`;
  const kb = bytes / 1024;
  const fmt = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 1 });
  return kb < 1024 ? `${fmt(kb)} ${units[1]}` : `${fmt(kb / 1024)} ${units[2]}`;
}
