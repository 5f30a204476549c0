import type { Action, Principal } from '../../dispatch/permissions.ts';

/**
 * Which permission action guards each route of the OpenAPI document: the access matrix
 * (tests/access/matrix.test.ts) derives every role's expected answer from this table and the
 * permission table, and fails for a route of the document that is not listed here.
 *
 * It lives beside the tests, not on the routes, so that adding it touched no route file; a route
 * keeps asking `can()` itself, and the matrix checks over HTTP that what it asks is what is listed.
 */

/** The kinds of record a route's path names; fixtures give one of each per variant. */
export type RecordKind =
  | 'appeal'
  | 'link'
  | 'building'
  | 'apartment'
  | 'meter'
  | 'outage'
  | 'inspection'
  | 'document'
  /** Not a route's: a document that is not public (tests/access/matrix.test.ts checks it apart). */
  | 'privateDocument'
  | 'organisation'
  | 'category'
  | 'user'
  | 'rule';

export type Guarded = {
  action: Action;
  /** The record named by the path; absent for collections and one's own things. */
  record?: RecordKind;
  /** Anonymous visitors get 404 instead of 401: the route falls back to a public view, so a
   * record they may not see must not differ from one that does not exist. */
  anonymousNotFound?: true;
  /** The record is seen under this action (e.g. public outages): refusing a change to a record
   * one can see is 403, since its existence is no secret; a record one cannot see is 404. */
  visibleTo?: Action;
  /** The route looks the record up before asking about the action, so a role that may never do
   * the action still gets 404 for a record it cannot see (inspections). */
  visibilityFirst?: true;
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
};

export type Public = { public: string };

export type RouteEntry = Guarded | Public;

const year = new Date().getUTCFullYear();
const pushSubscription = {
  endpoint: 'https://push.example.invalid/send/access',
  keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
};

export const routeTable: Record<string, RouteEntry> = {
  'GET /healthz': { public: 'liveness probe: no data' },
  'GET /readyz': { public: 'readiness probe: no data' },

  // Sign-in: open to everyone by design (session.create is everyone's); rate-limited, tested in tests/auth.test.ts.
  'POST /api/auth/code': { public: 'session.create: anyone asks for a code' },
  'POST /api/auth/code/verify': { public: 'session.create: anyone verifies a code' },
  'POST /api/auth/password': { public: 'session.create: anyone tries a password' },
  'GET /api/auth/session': { action: 'session.read' },
  'POST /api/auth/sign-out': { action: 'session.revoke' },
  'POST /api/auth/sign-out-everywhere': { action: 'session.revoke' },
  'GET /api/auth/sessions': { action: 'session.read' },
  // The id names one of the caller's own sessions (`current`: the request's); another user's is a 404 (tests/auth.test.ts).
  'DELETE /api/auth/sessions/{id}': { action: 'session.revoke', fixedParams: { id: 'current' } },

  'GET /api/admin/dev-outbox': { action: 'outbox.read_dev' },
  'GET /api/admin/routing-rules': { action: 'dispatch_config.read' },
  'POST /api/admin/routing-rules': { action: 'admin.routing_rules' },
  'GET /api/admin/routing-rules/{id}': { action: 'dispatch_config.read', record: 'rule' },
  'PATCH /api/admin/routing-rules/{id}': { action: 'admin.routing_rules', record: 'rule' },
  'DELETE /api/admin/routing-rules/{id}': { action: 'admin.routing_rules', record: 'rule' },
  'GET /api/admin/sla-policies': { action: 'dispatch_config.read' },
  'GET /api/admin/sla-policies/effective': { action: 'dispatch_config.read' },
  // Another municipality's category is no category of the admin's policies: 422 naming the field, as for one that does not exist.
  'PUT /api/admin/sla-policies/{category}/{priority}': {
    action: 'admin.sla_policies',
    record: 'category',
    overrides: { 'admin:otherCity': 422 },
  },
  'DELETE /api/admin/sla-policies/{category}/{priority}': { action: 'admin.sla_policies', record: 'category' },
  'GET /api/admin/escalation-ladder': { action: 'dispatch_config.read' },
  'PUT /api/admin/escalation-ladder': { action: 'admin.ladder' },
  'DELETE /api/admin/escalation-ladder': { action: 'admin.ladder' },
  'GET /api/admin/organisations': { action: 'admin.organisations' },
  'POST /api/admin/organisations': {
    action: 'admin.organisations',
    body: {
      kind: 'management_company',
      code: 'uk-access',
      nameRu: 'УК «Проверка»',
      nameEn: 'Check MC',
      workingHours: { calendar: '24x7', week: {} },
    },
  },
  'GET /api/admin/organisations/{id}': { action: 'admin.organisations', record: 'organisation' },
  'PATCH /api/admin/organisations/{id}': { action: 'admin.organisations', record: 'organisation' },
  'GET /api/admin/buildings': { action: 'admin.buildings' },
  'POST /api/admin/buildings': { action: 'admin.buildings' },
  'GET /api/admin/buildings/{id}': { action: 'admin.buildings', record: 'building' },
  'PATCH /api/admin/buildings/{id}': { action: 'admin.buildings', record: 'building' },
  'GET /api/admin/categories': { action: 'admin.categories' },
  'POST /api/admin/categories': {
    action: 'admin.categories',
    body: {
      code: 'access-check',
      nameRu: 'Проверка',
      nameEn: 'Check',
      group: 'housing',
      responsibleKind: 'management_company',
    },
  },
  'GET /api/admin/categories/{id}': { action: 'admin.categories', record: 'category' },
  'PATCH /api/admin/categories/{id}': { action: 'admin.categories', record: 'category' },
  'DELETE /api/admin/categories/{id}': { action: 'admin.categories', record: 'category' },
  'GET /api/admin/personal-data-access': { action: 'audit.read' },
  'GET /api/admin/users': { action: 'user.manage' },
  'POST /api/admin/users': {
    action: 'user.manage',
    body: { role: 'dispatcher', login: 'access-check', password: 'Длинный-пароль-2026', fullName: 'Проверка Доступа' },
  },
  'GET /api/admin/users/{id}': { action: 'user.manage', record: 'user' },
  'PATCH /api/admin/users/{id}': { action: 'user.manage', record: 'user' },
  'POST /api/admin/users/{id}/disable': { action: 'user.manage', record: 'user' },
  'POST /api/admin/users/{id}/enable': { action: 'user.manage', record: 'user' },
  'POST /api/admin/users/{id}/password': {
    action: 'user.manage',
    record: 'user',
    body: { password: 'Длинный-пароль-2026' },
  },
  'PUT /api/admin/reading-window': { action: 'admin.buildings', body: { fromDay: 15, toDay: 25 } },

  'GET /api/categories': { action: 'category.read' },
  'GET /api/buildings': { action: 'building.read', query: { q: 'Баумана' } },
  'GET /api/buildings/nearest': { action: 'building.read', query: { lon: '49.12', lat: '55.79' } },
  'GET /api/buildings/{id}': { action: 'building.read', record: 'building' },
  'GET /api/organisations': { action: 'organisation.read' },

  'POST /api/appeals': { action: 'appeal.create' },
  // Everyone lists appeals: anonymous visitors get the public view, the rest are scoped by appeal.list.
  'GET /api/appeals': { action: 'appeal.read_public' },
  'GET /api/appeals/similar': {
    action: 'appeal.read_public',
    query: { categoryId: '{roof}', lon: '49.12', lat: '55.79' },
  },
  // Residents follow public appeals; another resident's private appeal does not exist for them.
  'POST /api/appeals/{id}/follow': {
    action: 'appeal.follow',
    record: 'appeal',
    overrides: { 'resident:otherOrg': 404, 'resident:otherCity': 404 },
  },
  'DELETE /api/appeals/{id}/follow': {
    action: 'appeal.follow',
    record: 'appeal',
    overrides: { 'resident:otherOrg': 404, 'resident:otherCity': 404 },
  },
  'GET /api/appeals/{id}': { action: 'appeal.read', record: 'appeal', anonymousNotFound: true },
  'GET /api/appeals/{id}/events': { action: 'appeal.read', record: 'appeal', anonymousNotFound: true },
  // A photo of an appeal: of one's readable appeals, or of a public one (ours are private).
  'GET /api/attachments/{id}': {
    action: 'appeal.read',
    record: 'appeal',
    params: { id: 'attachmentId' },
    anonymousNotFound: true,
  },
  'GET /api/appeals/{id}/actions': { action: 'appeal.read', record: 'appeal' },
  'POST /api/appeals/{id}/actions': {
    action: 'appeal.comment',
    record: 'appeal',
    visibleTo: 'appeal.read',
    visibilityFirst: true,
    body: { action: 'comment', note: 'Проверка доступа' },
  },

  'GET /api/dispatch/overdue': { action: 'dispatch.queue' },
  'GET /api/dispatch/triage': { action: 'dispatch.queue' },
  // An organisation's queue: its staff see their own (naming another is 403: organisations are
  // public), the municipality's roles name one of theirs; residents have no queue.
  // Staff naming another company get 403 (organisations are public); the municipality's roles
  // naming another municipality's get 404 (not one of theirs to name).
  'GET /api/queue': {
    action: 'appeal.list',
    record: 'organisation',
    query: { organisationId: '{id}' },
    overrides: {
      resident: 403,
      'org_staff:otherOrg': 403,
      'org_staff:otherCity': 403,
      'org_supervisor:otherOrg': 403,
      'org_supervisor:otherCity': 403,
    },
  },
  'POST /api/dispatch/reassign': { action: 'appeal.reassign' },

  'GET /api/me/notification-preferences': { action: 'notification.preferences' },
  'PUT /api/me/notification-preferences': { action: 'notification.preferences' },
  'GET /api/push/public-key': { public: 'the server’s VAPID public key: public by design' },
  'POST /api/me/push-subscriptions': { action: 'push.subscribe', body: pushSubscription },
  'DELETE /api/me/push-subscriptions': { action: 'push.subscribe', body: pushSubscription },

  'GET /api/me/apartments': { action: 'apartment.link' },
  'POST /api/me/apartments': { action: 'apartment.link' },
  'DELETE /api/me/apartments/{id}': { action: 'apartment.link', record: 'link' },
  'GET /api/housing/links': { action: 'apartment.confirm' },
  'POST /api/housing/links/{id}/confirm': { action: 'apartment.confirm', record: 'link' },
  'POST /api/housing/links/{id}/reject': { action: 'apartment.confirm', record: 'link' },
  'POST /api/housing/links/{id}/revoke': { action: 'apartment.confirm', record: 'link' },
  'GET /api/housing/buildings': { action: 'apartment.manage' },
  'GET /api/housing/buildings/{id}/apartments': { action: 'apartment.manage', record: 'building' },
  'POST /api/housing/buildings/{id}/apartments': { action: 'apartment.manage', record: 'building' },
  'POST /api/housing/apartments/{id}/meters': { action: 'apartment.manage', record: 'apartment' },
  'PATCH /api/housing/apartments/{id}': {
    action: 'apartment.manage',
    record: 'apartment',
    body: { version: 1, area: 51.5 },
  },
  // The fixtures' apartments have readings and confirmed residents: an allowed removal answers 409.
  'DELETE /api/housing/apartments/{id}': { action: 'apartment.manage', record: 'apartment' },
  'GET /api/housing/buildings/{id}/apartment-changes': { action: 'apartment.manage', record: 'building' },
  'PATCH /api/housing/meters/{id}': { action: 'apartment.manage', record: 'meter' },
  'POST /api/housing/meters/{id}/replacement': { action: 'apartment.manage', record: 'meter' },
  'POST /api/housing/meters/{id}/retire': { action: 'apartment.manage', record: 'meter' },
  'PUT /api/housing/buildings/{id}/reading-window': {
    action: 'apartment.manage',
    record: 'building',
    body: { fromDay: 15, toDay: 25 },
  },
  'POST /api/meters/{id}/readings': { action: 'reading.submit', record: 'meter' },
  'GET /api/meters/{id}/readings': { action: 'reading.read', record: 'meter' },
  // The company's bulk import: residents submit their own meters one by one (POST /api/meters/{id}/readings).
  'POST /api/housing/readings/import': { action: 'reading.submit', multipart: true, overrides: { resident: 403 } },
  'GET /api/housing/readings/export': { action: 'reading.export', query: { period: `${year}-01` } },

  'GET /api/map/appeals': { action: 'appeal.read_public', query: { bbox: '49.1,55.78,49.14,55.8', zoom: '14' } },
  'GET /api/stats/figures': { action: 'stats.read' },
  'GET /api/stats/league': { action: 'stats.read' },
  'GET /api/stats/heatmap': { action: 'stats.read' },

  'GET /api/inspections/checklist': { action: 'inspection.read' },
  'POST /api/inspections/plan': { action: 'inspection.plan', body: { year, season: 'autumn' } },
  'GET /api/inspections': { action: 'inspection.read' },
  'GET /api/inspections/{id}': { action: 'inspection.read', record: 'inspection', visibilityFirst: true },
  'POST /api/inspections/{id}/start': {
    action: 'inspection.conduct',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
  },
  'PUT /api/inspections/{id}/scores': {
    action: 'inspection.conduct',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
  },
  'POST /api/inspections/{id}/defects': {
    action: 'inspection.conduct',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
    multipart: true,
  },
  'POST /api/inspections/{id}/defects/{defectId}/appeal': {
    action: 'inspection.conduct',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
  },
  'POST /api/inspections/{id}/complete': {
    action: 'inspection.conduct',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
  },
  'POST /api/inspections/{id}/cancel': {
    action: 'inspection.plan',
    record: 'inspection',
    visibleTo: 'inspection.read',
    visibilityFirst: true,
  },
  'GET /api/inspections/{id}/photos/{attachmentId}': {
    action: 'inspection.read',
    record: 'inspection',
    visibilityFirst: true,
  },
  'GET /api/stats/inspections': { action: 'inspection.read' },

  'GET /api/passports/layout': { public: 'the passport form’s layout: no data of any building' },
  'GET /api/buildings/{id}/passport': { action: 'passport.read', record: 'building' },
  'PUT /api/buildings/{id}/passport': { action: 'passport.edit', record: 'building' },
  'PATCH /api/buildings/{id}/passport': { action: 'passport.edit', record: 'building' },
  'GET /api/buildings/{id}/passport/changes': { action: 'passport.edit', record: 'building' },
  'POST /api/buildings/{id}/documents': { action: 'passport.edit', record: 'building', multipart: true },
  'GET /api/buildings/{id}/documents': { action: 'passport.read', record: 'building' },
  'GET /api/building-documents/{id}': { action: 'passport.read', record: 'document' },
  'DELETE /api/building-documents/{id}': { action: 'passport.edit', record: 'document' },
  'GET /api/passports/export': { action: 'passport.import' },
  'POST /api/passports/import': { action: 'passport.import', multipart: true },

  'GET /api/outages': { action: 'outage.read' },
  'POST /api/outages': {
    action: 'outage.publish',
    body: {
      service: 'cold_water',
      kind: 'planned',
      reason: 'Проверка доступа',
      startsAt: `${year + 1}-01-10T09:00:00Z`,
      expectedEndAt: `${year + 1}-01-10T15:00:00Z`,
      buildingIds: [1],
    },
  },
  'GET /api/outages/{id}': { action: 'outage.read', record: 'outage' },
  'PATCH /api/outages/{id}': { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' },
  'POST /api/outages/{id}/follow': { action: 'appeal.follow', record: 'outage' },
  'DELETE /api/outages/{id}/follow': { action: 'appeal.follow', record: 'outage' },
  'POST /api/outages/preview': { action: 'outage.publish', body: { service: 'cold_water', buildingIds: [1] } },
  'POST /api/outages/{id}/restore': { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' },
  'POST /api/outages/{id}/cancel': { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' },
};
