import type { App } from '../../api/app.ts';
import type { RouteAccess, RecordKind as RouteRecordKind } from '../../api/plugins/access.ts';
import type { Principal } from '../../dispatch/permissions.ts';

/**
 * How the access matrix (tests/access/matrix.test.ts) calls the routes. Which permission guards
 * each route is declared once, on the route (`config.access`, api/plugins/access.ts), and read
 * from the app; this file holds only what a test needs to make a call the guard lets through,
 * and the answers that differ from the rule, each with its reason.
 */

/** The kinds of record a route's path names, and one more the matrix checks apart. */
export type RecordKind =
  | RouteRecordKind
  /** Not a route's: a document that is not public (tests/access/matrix.test.ts checks it apart). */
  | 'privateDocument';

export type RouteCall = {
  /** Exact answers that differ from the rule, each with its reason beside the entry. */
  overrides?: Partial<Record<Principal | `${Principal}:${'mine' | 'otherOrg' | 'otherCity'}`, number>>;
  /** Path parameters taken from another of the record's fixture ids (e.g. its photo's). */
  params?: Record<string, string>;
  /** Path parameters given as they are (e.g. `current`, the caller's own session). */
  fixedParams?: Record<string, string>;
  /** Query parameters for a call the guard lets through; `{id}` is the record's id, `{roof}` a
   * category and `{mc}` the `mine` company of municipality A. */
  query?: Record<string, string>;
  /** A body that passes validation, so that a refusal comes from the guard and not from zod. */
  body?: unknown;
  /** A multipart form (routes that read their form in the handler after the guard). */
  multipart?: true;
  /** Headers a call needs besides the session (a kiosk's key). */
  headers?: Record<string, string>;
  /** A public route whose path names a record: the `mine` one of this kind fills it. */
  publicRecord?: RecordKind;
};

export type Guarded = Exclude<RouteAccess, { public: string }> & RouteCall;
export type Public = { public: string } & RouteCall;
export type RouteEntry = Guarded | Public;

/** Each route's own declaration, with how the tests call it. */
export function routeTableOf(app: App): Record<string, RouteEntry> {
  return Object.fromEntries([...app.routeAccess].map(([key, access]) => [key, { ...access, ...routeCalls[key] }]));
}

const year = new Date().getUTCFullYear();
const pushSubscription = {
  endpoint: 'https://push.example.invalid/send/access',
  keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
};

/** A document not published yet: refused 409 to all but the discussion's organiser and the municipality's admin. */
const unpublished: RouteCall['overrides'] = {
  anonymous: 409,
  resident: 409,
  dispatcher: 409,
  city_hall: 409,
  'org_staff:otherOrg': 409,
  'org_staff:otherCity': 409,
  'org_supervisor:otherOrg': 409,
  'org_supervisor:otherCity': 409,
  'admin:otherCity': 409,
};

const ownApplication: RouteCall = { overrides: { 'resident:otherOrg': 404, 'resident:otherCity': 404 } };

// The access matrix's app has no identity provider configured: "Войти через Госуслуги" answers
// everyone 503 "not configured" (its redirects, 302, are tested against a real provider in
// tests/api/identity-sign-in.test.ts).
const identityNotConfigured: RouteCall = {
  overrides: Object.fromEntries(
    (['anonymous', 'resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin'] as const).map(
      (who) => [who, 503],
    ),
  ),
};

export const routeCalls: Record<string, RouteCall> = {
  // Open data (issue 18), public. The access city has no dump: its file answers everyone 404 (the dumps
  // themselves are made and served in tests/api/open-data-dump.test.ts).
  'GET /api/open-data/schemas/{file}': { fixedParams: { file: 'appeals.schema.json' } },
  'GET /api/open-data/dumps/{municipality}/{day}/{file}': {
    fixedParams: { municipality: 'KZN', day: '2026-01-01', file: 'appeals.csv' },
    overrides: Object.fromEntries(
      (['anonymous', 'resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin'] as const).map(
        (who) => [who, 404],
      ),
    ),
  },
  // Public discussions (issue 17). The fixtures' discussion is open: a change or a document's removal
  // reaches the status check (409), a cancellation the version check (stale), never a step taken.
  'POST /api/discussions': {
    body: {
      kind: 'planning_project',
      title: { ru: 'Проверка доступа' },
      summary: { ru: '' },
      territory: {
        areas: [
          {
            outer: [
              [49.119, 55.789],
              [49.121, 55.789],
              [49.121, 55.791],
              [49.119, 55.791],
            ],
            holes: [],
          },
        ],
      },
    },
  },
  'PATCH /api/discussions/{id}': { body: { version: 1 } },
  'POST /api/discussions/dates': { body: { kind: 'planning_project' } },
  'POST /api/discussions/{id}/announce': { body: {} },
  'POST /api/discussions/{id}/cancel': { body: { version: 999999, reason: 'Проверка доступа' } },
  'POST /api/discussions/{id}/documents': { multipart: true },
  // Imports of registers (issue 18): the upload's form is read in the handler, after the guard.
  'POST /api/admin/imports': { multipart: true },
  'GET /api/discussions/{id}/documents/{documentId}': { params: { documentId: 'documentId' } },
  'DELETE /api/discussions/{id}/documents/{documentId}': { params: { documentId: 'documentId' } },
  // Taking part in a discussion (issue 17). Anyone asks whether they may; the accepted proposals are public.
  'GET /api/discussions/{id}/eligibility': { publicRecord: 'discussion' },
  'GET /api/discussions/{id}/proposals': { publicRecord: 'discussion' },
  // Every resident may submit as far as the role goes; eligibility then decides: the place's resident is
  // registered (verified identity) in the 'mine' place's building, outside the others' territories (403).
  'POST /api/discussions/{id}/proposals': {
    multipart: true,
    overrides: { 'resident:otherOrg': 403, 'resident:otherCity': 403 },
  },
  'GET /api/proposals/{id}/files/{fileId}': { params: { fileId: 'fileId' } },
  'POST /api/proposals/{id}/reject': { body: { version: 1, reason: 'Не относится к предмету обсуждения' } },
  'GET /api/identity/start': identityNotConfigured,
  'GET /api/identity/callback': { ...identityNotConfigured, query: { state: 'access-matrix', code: 'access-matrix' } },
  // The hall (issue 16). A ticket's step is named in the path; the call goes through to the version check.
  'POST /api/tickets/{id}/{step}': { fixedParams: { step: 'start' }, body: { version: 1 } },
  'POST /api/offices/{id}/check-in': { body: { code: 'ZZZZ-ZZZZ' } },
  // A kiosk presents its office's key (tests/access/fixtures.ts gives every office this one).
  'GET /api/offices/{id}/kiosk': { publicRecord: 'office', headers: { 'x-kiosk-key': 'access-kiosk-key' } },
  // The id names one of the caller's own sessions (`current`: the request's); another user's is a 404 (tests/auth.test.ts).
  'DELETE /api/auth/sessions/{id}': { fixedParams: { id: 'current' } },

  // Another municipality's category is no category of the admin's policies: 422 naming the field, as for one that does not exist.
  'PUT /api/admin/sla-policies/{category}/{priority}': {
    overrides: { 'admin:otherCity': 422 },
  },
  'POST /api/admin/organisations': {
    body: {
      kind: 'management_company',
      code: 'uk-access',
      nameRu: 'УК «Проверка»',
      nameEn: 'Check MC',
      workingHours: { calendar: '24x7', week: {} },
    },
  },
  'POST /api/admin/categories': {
    body: {
      code: 'access-check',
      nameRu: 'Проверка',
      nameEn: 'Check',
      group: 'housing',
      responsibleKind: 'management_company',
    },
  },
  'POST /api/admin/users': {
    body: { role: 'dispatcher', login: 'access-check', password: 'Длинный-пароль-2026', fullName: 'Проверка Доступа' },
  },
  'POST /api/admin/users/{id}/password': {
    body: { password: 'Длинный-пароль-2026' },
  },
  'PUT /api/admin/reading-window': { body: { fromDay: 15, toDay: 25 } },

  'GET /api/buildings': { query: { q: 'Баумана' } },
  'GET /api/buildings/nearest': { query: { lon: '49.12', lat: '55.79' } },

  'GET /api/appeals/similar': {
    query: { categoryId: '{roof}', lon: '49.12', lat: '55.79' },
  },
  // Residents follow public appeals; another resident's private appeal does not exist for them.
  'POST /api/appeals/{id}/follow': {
    overrides: { 'resident:otherOrg': 404, 'resident:otherCity': 404 },
  },
  'DELETE /api/appeals/{id}/follow': {
    overrides: { 'resident:otherOrg': 404, 'resident:otherCity': 404 },
  },
  // A photo of an appeal: of one's readable appeals, or of a public one (ours are private).
  'GET /api/attachments/{id}': {
    params: { id: 'attachmentId' },
  },
  'POST /api/appeals/{id}/actions': { body: { action: 'comment', note: 'Проверка доступа' } },

  // An organisation's queue: its staff see their own (naming another is 403: organisations are
  // public), the municipality's roles name one of theirs; residents have no queue.
  // Staff naming another company get 403 (organisations are public); the municipality's roles
  // naming another municipality's get 404 (not one of theirs to name).
  'GET /api/queue': {
    query: { organisationId: '{id}' },
    overrides: {
      resident: 403,
      'org_staff:otherOrg': 403,
      'org_staff:otherCity': 403,
      'org_supervisor:otherOrg': 403,
      'org_supervisor:otherCity': 403,
    },
  },

  'POST /api/me/push-subscriptions': { body: pushSubscription },
  'DELETE /api/me/push-subscriptions': { body: pushSubscription },

  'PATCH /api/housing/apartments/{id}': {
    body: { version: 1, area: 51.5 },
  },
  'PUT /api/housing/buildings/{id}/reading-window': {
    body: { fromDay: 15, toDay: 25 },
  },
  // The company's bulk import: residents submit their own meters one by one (POST /api/meters/{id}/readings).
  'POST /api/housing/readings/import': { multipart: true, overrides: { resident: 403 } },
  'GET /api/housing/readings/export': { query: { period: `${year}-01` } },

  'GET /api/map/appeals': { query: { bbox: '49.1,55.78,49.14,55.8', zoom: '14' } },

  'POST /api/inspections/plan': { body: { year, season: 'autumn' } },
  'POST /api/inspections/{id}/defects': {
    multipart: true,
  },

  'POST /api/buildings/{id}/documents': { multipart: true },
  'POST /api/passports/import': { multipart: true },

  'POST /api/outages': {
    body: {
      service: 'cold_water',
      kind: 'planned',
      reason: 'Проверка доступа',
      startsAt: `${year + 1}-01-10T09:00:00Z`,
      expectedEndAt: `${year + 1}-01-10T15:00:00Z`,
      buildingIds: [1],
    },
  },
  'PATCH /api/eservices/{id}': { body: { version: 1, termDays: 20 } },
  'POST /api/eservices/{id}/form': {
    body: {
      fields: [{ key: 'cadastral', type: 'text', label: { ru: 'Номер', en: 'Number', tt: 'Номер' }, required: true }],
    },
  },

  // An applicant acts on their own applications: another resident's does not exist for them (the
  // action is every resident's, scope `all`, for applying in any municipality).
  'POST /api/applications': { body: { serviceId: 1, applicantKind: 'person' } },
  // Booking (issue 16): an office's days and free times of the service it gives; a resident's own
  // appointment (another's does not exist for them); the office's staff cancel with a reason.
  'GET /api/offices/{id}/days': { query: { serviceId: '{serviceId}' } },
  'GET /api/offices/{id}/slots': { query: { serviceId: '{serviceId}', date: '2026-12-08' } },
  'PATCH /api/appointments/{id}': { body: { version: 1, startsAt: '2026-12-08T07:00:00Z' } },
  'POST /api/appointments/{id}/cancel': { body: { version: 1, reason: 'Проверка доступа' } },
  'PATCH /api/applications/{id}': { ...ownApplication, body: { version: 1 } },
  'POST /api/applications/{id}/files': { ...ownApplication, multipart: true },
  'DELETE /api/applications/{id}/files/{fileId}': { ...ownApplication, params: { fileId: 'fileId' } },
  'GET /api/applications/{id}/files/{fileId}': { params: { fileId: 'fileId' } },
  'POST /api/applications/{id}/submit': ownApplication,
  'POST /api/applications/{id}/documents': { ...ownApplication, body: { version: 1, note: 'Прилагаю справку' } },
  'POST /api/applications/{id}/withdraw': { ...ownApplication, body: { version: 1 } },

  'POST /api/applications/{id}/steps': { body: { step: 'take', version: 1 } },
  'POST /api/applications/{id}/results': { multipart: true },
  'POST /api/applications/{id}/interagency': {
    body: { organisationId: 1, question: 'Есть ли возможность подключения?' },
  },
  'POST /api/interagency/{id}/answer': { body: { decision: 'agree', note: 'Возможность есть', version: 1 } },

  'POST /api/outages/preview': { body: { service: 'cold_water', buildingIds: [1] } },

  // The office admin (issue 16). The catalogue of services one books is the municipality's admin's:
  // a supervisor (who keeps offices, so passes the guard) is refused by the service.
  'POST /api/admin/appointment-services': {
    overrides: { org_supervisor: 403 },
    body: {
      code: 'access-check',
      name: { ru: 'Проверка', en: 'Check', tt: 'Тикшерү' },
      description: { ru: 'Проверка', en: 'Check', tt: 'Тикшерү' },
      purpose: 'consultation',
      letter: 'А',
    },
  },
  'PATCH /api/admin/appointment-services/{id}': { body: { version: 1, active: true } },
  'POST /api/admin/offices': {
    body: {
      organisationId: 1,
      code: 'access-check',
      name: { ru: 'Проверка', en: 'Check', tt: 'Тикшерү' },
      address: 'ул. Проверочная, 1',
      lon: 49.1,
      lat: 55.8,
      week: { mon: [{ start: '09:00', end: '18:00' }] },
    },
  },
  'PATCH /api/admin/offices/{id}': { body: { version: 1, address: 'ул. Проверочная, 1' } },
  'PATCH /api/admin/service-points/{id}': { body: { version: 1, label: 'окно проверки' } },
  'DELETE /api/admin/offices/{id}/exceptions/{exceptionId}': { params: { exceptionId: 'exceptionId' } },
  // Public discussions' results (issue 17). The fixtures' discussions are open: the protocol and the
  // conclusion are not published yet, so those who may not moderate the discussion are refused 409
  // (the organiser's staff and the municipality's admin read the draft).
  ...Object.fromEntries(
    ['protocol.pdf', 'protocol.csv', 'conclusion.pdf', 'conclusion.csv'].map((file) => [
      `GET /api/discussions/{id}/${file}`,
      { overrides: unpublished },
    ]),
  ),
  'POST /api/proposals/{id}/recommendation': {
    body: { recommendation: 'take_into_account', reason: 'Проверка доступа: учесть', version: 1 },
  },
  'POST /api/discussions/{id}/protocol': { body: { version: 1 } },
  'POST /api/discussions/{id}/conclusion': { body: { version: 1, text: { ru: 'Проверка доступа: заключение' } } },
  // Open311 GeoReport v2 (issue 18): public, JSON here (XML in tests/api/open311*.test.ts); the
  // municipality A's code as jurisdiction_id ({city}), a public appeal's number ({publicAppeal}).
  'GET /open311/v2/discovery.{format}': { fixedParams: { format: 'json' } },
  'GET /open311/v2/services.{format}': { fixedParams: { format: 'json' }, query: { jurisdiction_id: '{city}' } },
  'GET /open311/v2/services/{service_code}.{format}': {
    fixedParams: { format: 'json', service_code: 'roof_leak' },
    query: { jurisdiction_id: '{city}' },
  },
  'GET /open311/v2/requests.{format}': { fixedParams: { format: 'json' }, query: { jurisdiction_id: '{city}' } },
  'GET /open311/v2/requests/{service_request_id}.{format}': {
    fixedParams: { format: 'json', service_request_id: '{publicAppeal}' },
    query: { jurisdiction_id: '{city}' },
  },
  // The fixtures file nothing through Open311: a token nobody was given is 404 to everyone (the
  // tokens of filed requests: tests/api/open311-requests.test.ts).
  'GET /open311/v2/tokens/{token}.{format}': {
    fixedParams: { format: 'json', token: 'no-such-token' },
    query: { jurisdiction_id: '{city}' },
    overrides: Object.fromEntries(
      (['anonymous', 'resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin'] as const).map(
        (who) => [who, 404],
      ),
    ),
  },
  'POST /api/admin/api-clients': { body: { name: 'Проверка доступа', requestsPerMinute: 10 } },
  'POST /api/admin/api-clients/{id}/revoke': { body: { reason: 'Проверка доступа' } },
};
