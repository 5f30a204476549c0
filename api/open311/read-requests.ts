/**
 * GET requests, requests/{id} and tokens/{token}: public appeals only (a private category's never
 * show, not even to the client that filed them), as the public view shows them — the description
 * with contacts redacted, never the author, a contact, the apartment or the submitter.
 */
import { appealOfToken, listPublicRequests, type PublicRequestRow } from '../../db/queries/open311.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { render } from '../../dispatch/messages/index.ts';
import {
  appealStatusesFor,
  commaList,
  isoInZone,
  MAX_REQUESTS,
  type Open311Status,
  open311StatusOf,
  searchWindow,
  statusNote,
} from '../../dispatch/open311.ts';
import { redactContacts } from '../../dispatch/redact.ts';
import type { Context } from '../context.ts';
import { badField, Open311Error } from './errors.ts';
import type { RequestsQuery } from './schemas.ts';
import type { Jurisdiction } from './services.ts';

type ViewOptions = { lang: Language; publicUrl: string; timeZone: string };

/** One public appeal as the spec's service request. */
export function serviceRequestView(row: PublicRequestRow, o: ViewOptions) {
  const base = o.publicUrl.replace(/\/$/, '');
  const agency = row.organisationRu === null ? null : o.lang === 'en' ? row.organisationEn : row.organisationRu;
  return {
    service_request_id: row.number,
    status: open311StatusOf(row.status),
    status_notes: render(statusNote(row.status), o.lang),
    service_name: o.lang === 'en' ? row.categoryNameEn : row.categoryNameRu,
    service_code: row.categoryCode,
    description: redactContacts(row.description),
    agency_responsible: agency,
    service_notice: null,
    requested_datetime: isoInZone(row.createdAt, o.timeZone),
    updated_datetime: isoInZone(row.updatedAt, o.timeZone),
    // The resolution clock's deadline while it runs (the SLA's), null once stopped or paused.
    expected_datetime: row.resolutionDueAt ? isoInZone(row.resolutionDueAt, o.timeZone) : null,
    address: row.address,
    address_id: row.buildingId === null ? null : String(row.buildingId),
    zipcode: row.postcode,
    lat: row.lat,
    long: row.lon,
    media_url: row.mediaUrl ?? (row.firstPhotoId === null ? null : `${base}/api/attachments/${row.firstPhotoId}`),
  };
}

/** GET requests: by numbers (the other filters then ignored, as the spec says), or by the filters in a window. */
export async function searchRequests(
  ctx: Context,
  jurisdiction: Jurisdiction,
  q: RequestsQuery,
  view: Omit<ViewOptions, 'timeZone'>,
) {
  const numbers = commaList(q.service_request_id).map((n) => n.toUpperCase());
  const options = { ...view, timeZone: jurisdiction.timeZone };
  if (numbers.length > MAX_REQUESTS) throw badField('service_request_id', { id: 'open311.field.too_many_ids' });
  if (numbers.length > 0) {
    const rows = await listPublicRequests(ctx.db, { municipalityId: jurisdiction.id, numbers, limit: MAX_REQUESTS });
    return rows.map((r) => serviceRequestView(r, options));
  }
  const window = searchWindow(
    { start: q.start_date ? new Date(q.start_date) : undefined, end: q.end_date ? new Date(q.end_date) : undefined },
    ctx.clock(),
  );
  if (!window.ok) throw badField(window.field, window.reason);
  const codes = commaList(q.service_code);
  if (codes.length > MAX_REQUESTS) throw badField('service_code', { id: 'open311.field.too_many_ids' });
  const statuses = commaList(q.status) as Open311Status[];
  const rows = await listPublicRequests(ctx.db, {
    municipalityId: jurisdiction.id,
    categoryCodes: codes.length > 0 ? codes : undefined,
    statuses: statuses.length > 0 ? appealStatusesFor(statuses) : undefined,
    from: window.window.from,
    to: window.window.to,
    limit: MAX_REQUESTS,
  });
  return rows.map((r) => serviceRequestView(r, options));
}

/** requests/{id}: the one public appeal with this number, or 404. */
export async function oneRequest(
  ctx: Context,
  jurisdiction: Jurisdiction,
  number: string,
  view: Omit<ViewOptions, 'timeZone'>,
) {
  const rows = await listPublicRequests(ctx.db, {
    municipalityId: jurisdiction.id,
    numbers: [number.toUpperCase()],
    limit: 1,
  });
  if (rows.length === 0) throw new Open311Error(404, [{ id: 'open311.request_unknown' }]);
  return rows.map((r) => serviceRequestView(r, { ...view, timeZone: jurisdiction.timeZone }));
}

/** tokens/{token}: the number of the appeal a POST filed, if it is public and of this jurisdiction. */
export async function requestOfToken(ctx: Context, jurisdiction: Jurisdiction, token: string) {
  const found = await appealOfToken(ctx.db, token);
  if (!found || found.municipalityId !== jurisdiction.id || !found.public) {
    throw new Open311Error(404, [{ id: 'open311.token_unknown' }]);
  }
  return [{ service_request_id: found.number, token }];
}
