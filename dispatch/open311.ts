/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) as Otklik speaks it: our statuses in the
 * spec's two, dates with the municipality's offset, the search window of GET requests, the
 * attributes a category asks for, and the fingerprint that makes a repeated POST file one appeal.
 * Pure: the service (api/open311/) looks the facts up and passes them in.
 */
import { createHash } from 'node:crypto';
import { offsetMillis } from './calendar.ts';
import type { Message } from './messages/index.ts';
import { type AppealStatus, appealStatuses, type CategoryGroup } from './taxonomy.ts';

/** The spec's only two statuses. */
export const open311Statuses = ['open', 'closed'] as const;
export type Open311Status = (typeof open311Statuses)[number];

/**
 * Which of our statuses the spec calls closed: the city considers its part done. A resolved
 * appeal is closed for Open311 (the work is reported done; the resident may still dispute it, and
 * a reopened appeal is open again), as are the final states.
 */
const closedStatuses: ReadonlySet<AppealStatus> = new Set(['resolved', 'closed', 'rejected', 'duplicate', 'cancelled']);

/** Our status in the spec's terms. */
export function open311StatusOf(status: AppealStatus): Open311Status {
  return closedStatuses.has(status) ? 'closed' : 'open';
}

/** Our statuses that a filter by the spec's statuses asks for (the inverse of `open311StatusOf`). */
export function appealStatusesFor(asked: readonly Open311Status[]): AppealStatus[] {
  const wanted = new Set(asked);
  return appealStatuses.filter((s) => wanted.has(open311StatusOf(s)));
}

/** Why the status is what it is, in the reader's language (the spec's `status_notes`). */
export function statusNote(status: AppealStatus): Message {
  return { id: `open311.status_note.${status}` };
}

/** An instant as ISO 8601 with the zone's offset at that instant: 2026-12-08T10:15:00+03:00. */
export function isoInZone(at: Date, timeZone: string): string {
  const offset = offsetMillis(timeZone, at.getTime());
  const local = new Date(at.getTime() + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

// 90 days: the spec's default window and the widest one a search may span.
export const WINDOW_DAYS = 90;
const WINDOW_MS = WINDOW_DAYS * 86_400_000;
// 1,000: the spec's cap on one answer.
export const MAX_REQUESTS = 1000;

export type SearchWindow = { from: Date; to: Date };

/**
 * The requested_datetime window of GET requests: the last 90 days by default; one end given, 90
 * days from it; both, at most 90 days apart and in order. Else the problem, naming the field.
 */
export function searchWindow(
  asked: { start?: Date; end?: Date },
  now: Date,
): { ok: true; window: SearchWindow } | { ok: false; field: 'start_date' | 'end_date'; reason: Message } {
  const { start, end } = asked;
  if (start && end) {
    if (end.getTime() < start.getTime())
      return { ok: false, field: 'end_date', reason: { id: 'open311.field.end_before_start' } };
    if (end.getTime() - start.getTime() > WINDOW_MS)
      return { ok: false, field: 'end_date', reason: { id: 'open311.field.window_too_wide' } };
    return { ok: true, window: { from: start, to: end } };
  }
  if (start) return { ok: true, window: { from: start, to: new Date(start.getTime() + WINDOW_MS) } };
  if (end) return { ok: true, window: { from: new Date(end.getTime() - WINDOW_MS), to: end } };
  return { ok: true, window: { from: new Date(now.getTime() - WINDOW_MS), to: now } };
}

/** A comma list as the spec sends one ("open,closed", "a, b"): trimmed, no empties, no repeats. */
export function commaList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** What a category is to Open311: its code, whether it is about a building, public or not. */
export type ServiceCategory = {
  code: string;
  group: CategoryGroup;
  needsBuilding: boolean;
  emergency: boolean;
  public: boolean;
};

/** A service attribute as the spec describes one (the texts are messages, rendered per reader). */
export type ServiceAttribute = {
  code: 'entrance' | 'apartment';
  datatype: 'string';
  required: boolean;
  order: number;
  description: Message;
  datatypeDescription: Message;
};

// An appeal's entrance and apartment take 10 characters (api/appeals/schemas.ts).
export const ATTRIBUTE_MAX_LENGTH = 10;

/**
 * The attributes a category asks for: in a building, the entrance and the apartment (both optional:
 * a leak in the stairwell has no apartment). Street problems ask for none.
 */
export function serviceAttributes(category: Pick<ServiceCategory, 'needsBuilding'>): ServiceAttribute[] {
  if (!category.needsBuilding) return [];
  return [
    {
      code: 'entrance',
      datatype: 'string',
      required: false,
      order: 1,
      description: { id: 'open311.attribute.entrance' },
      datatypeDescription: { id: 'open311.attribute.entrance_format' },
    },
    {
      code: 'apartment',
      datatype: 'string',
      required: false,
      order: 2,
      description: { id: 'open311.attribute.apartment' },
      datatypeDescription: { id: 'open311.attribute.apartment_format' },
    },
  ];
}

/** The service's keywords: its group, and whether it is an emergency or kept from the public. */
export function serviceKeywords(category: ServiceCategory): string[] {
  return [category.group, ...(category.emergency ? ['emergency'] : []), ...(category.public ? [] : ['private'])];
}

/**
 * The attributes a POST sent (`attribute[code]=value`, or `attribute[code][]=v` for a multi-value
 * list) that the service asks for; the others are the problems, each naming its field.
 */
export function attributeProblems(
  sent: Record<string, string | string[]>,
  asked: readonly ServiceAttribute[],
): { field: string; reason: Message }[] {
  const problems: { field: string; reason: Message }[] = [];
  const known = new Map(asked.map((a) => [a.code, a]));
  for (const [code, value] of Object.entries(sent)) {
    const field = `attribute[${code}]`;
    if (!known.has(code as ServiceAttribute['code'])) {
      problems.push({ field, reason: { id: 'open311.field.attribute_unknown' } });
    } else if (Array.isArray(value)) {
      problems.push({ field, reason: { id: 'open311.field.attribute_single' } });
    } else if (value.trim().length > ATTRIBUTE_MAX_LENGTH) {
      problems.push({ field, reason: { id: 'open311.field.attribute_too_long' } });
    }
  }
  for (const a of asked) {
    if (a.required && !sent[a.code]) problems.push({ field: `attribute[${a.code}]`, reason: { id: 'field.required' } });
  }
  return problems;
}

/**
 * Gather a form's `attribute[…]` keys into one record (formbody gives them flat: "attribute[entrance]").
 * `attribute[code][]` keys make a list.
 */
export function attributesOfForm(form: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(form)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).map(String);
    out[m[1]] = m[2] || values.length > 1 ? values : values[0];
  }
  return out;
}

// 60 s: a client that repeats a POST it got no answer to does so within seconds; the same text
// from the same device a minute later is taken as a new report.
export const REPEAT_WINDOW_SECONDS = 60;

/**
 * The idempotency key of an Open311 POST without one of its own: a digest of the client, the
 * device (or account, or e-mail) and what was asked, in a one-minute bucket. The service checks
 * the previous bucket too, so a repeat across the minute's edge is still caught.
 */
export function repeatKey(clientId: number, fields: Record<string, unknown>, at: Date, bucketsBack = 0): string {
  const bucket = Math.floor(at.getTime() / (REPEAT_WINDOW_SECONDS * 1000)) - bucketsBack;
  const digest = createHash('sha256')
    .update(JSON.stringify([clientId, Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)), bucket]))
    .digest('base64url')
    .slice(0, 32);
  return `open311:${digest}`;
}
