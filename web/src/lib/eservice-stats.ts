/**
 * The project office's figures of municipal e-services (issue 15): the API calls of the
 * /eservices/office page, typed by the API's OpenAPI document.
 */
import { answer, api, type Query, type Schemas } from './api.ts';

export type EserviceFigures = Schemas['EserviceFigures'];
export type EserviceServiceRow = Schemas['EserviceStatsRow'];
export type EserviceDepartmentRow = Schemas['EserviceStatsDepartmentRow'];
export type EserviceStageRow = Schemas['EserviceStageRow'];
/** The period (local days of the municipality; the API's last 90 days when absent) and a department. */
export type EserviceStatsQuery = Pick<Query<'eserviceStatsServices'>, 'from' | 'to' | 'departmentId'>;

export const eserviceStatsServices = (q: EserviceStatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/eservice-stats/services', { params: { query: q }, signal }));
export const eserviceStatsDepartments = (q: EserviceStatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/eservice-stats/departments', { params: { query: q }, signal }));
export const eserviceStatsStages = (q: EserviceStatsQuery & { serviceId?: number }, signal?: AbortSignal) =>
  answer(api.GET('/api/eservice-stats/stages', { params: { query: q }, signal }));

/** The same table as CSV (a download link). */
export function eserviceStatsCsvUrl(
  path: 'services' | 'departments' | 'stages',
  q: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/api/eservice-stats/${path}?${params}`;
}
