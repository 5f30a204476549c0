/**
 * The browser's client for the Otklik API (same origin). The types mirror the OpenAPI document at
 * /api/openapi.json; only the fields the web app reads are listed.
 */

export type BuildingSummary = { id: number; address: string; districtId: number; lat: number; lon: number };

export type OrganisationContact = {
  id: number;
  nameRu: string;
  nameEn: string;
  phone: string | null;
  email: string | null;
  website: string | null;
};

export const wallMaterials = ['panel', 'brick', 'monolith', 'block', 'wood', 'mixed'] as const;
export const supplierKinds = ['coldWater', 'hotWater', 'heating', 'electricity', 'gas'] as const;

export type BuildingPassport = {
  id: number;
  address: string;
  postcode: string | null;
  lat: number;
  lon: number;
  district: { id: number; nameRu: string; nameEn: string };
  managementCompany: OrganisationContact | null;
  suppliers: Record<(typeof supplierKinds)[number], OrganisationContact | null>;
  passport: {
    yearBuilt: number | null;
    floors: number | null;
    entrances: number | null;
    apartments: number | null;
    totalArea: number | null;
    wallMaterial: (typeof wallMaterials)[number] | null;
    elevators: number | null;
    heatingSystem: string | null;
    hotWaterSystem: string | null;
    lastOverhaulYear: number | null;
    wearPercent: number | null;
  };
};

export const categoryGroups = ['housing', 'utilities', 'roads', 'transport', 'landscaping', 'other'] as const;

export type Category = {
  id: number;
  code: string;
  nameRu: string;
  nameEn: string;
  group: (typeof categoryGroups)[number];
  emergency: boolean;
  /** Appeals of this category must concern a building (else a point on the map will do). */
  needsBuilding: boolean;
  /** For utility categories: the service (cold_water, hot_water, heating, electricity, gas). */
  utility?: string | null;
};

/** West, south, east, north in degrees. */
export type Box = { minLon: number; minLat: number; maxLon: number; maxLat: number };

/** An answer other than 2xx; `detail` is the problem document's text when there is one. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, detail: string) {
    super(detail);
    this.status = status;
  }
}

/** A field the API refused, as RFC 9457 `errors` name it (e.g. body.description). */
export type FieldProblem = { field: string; reason: string };

/** An answer other than 2xx, with the problem document's text and the fields it names. */
export class ProblemError extends ApiError {
  readonly errors: FieldProblem[];
  constructor(status: number, detail: string, errors: FieldProblem[]) {
    super(status, detail);
    this.errors = errors;
  }
}

/**
 * What to tell a person about a failed request: the API's own words (Russian and English) for the
 * first field it refused, or its detail; the page's own text when the request never got an answer
 * (no connection), never a browser's technical message.
 */
export function problemText(error: unknown, fallback: string): string {
  if (error instanceof ProblemError) return error.errors[0]?.reason ?? error.message;
  if (error instanceof ApiError) return error.message;
  return fallback;
}

/** The problem document of a refused request, as an error to throw. */
async function problemOf(response: Response): Promise<ProblemError> {
  const problem = await response.json().catch(() => null);
  return new ProblemError(
    response.status,
    typeof problem?.detail === 'string' ? problem.detail : response.statusText,
    Array.isArray(problem?.errors) ? problem.errors : [],
  );
}

/** West,south,east,north as the API's bbox parameters take it. */
const bboxOf = (box: Box) => [box.minLon, box.minLat, box.maxLon, box.maxLat].map((v) => v.toFixed(6)).join(',');

export async function getJson<T>(
  path: string,
  query: Record<string, string | string[] | undefined>,
  signal?: AbortSignal,
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    for (const one of value === undefined ? [] : [value].flat()) params.append(key, one);
  const search = params.size > 0 ? `?${params}` : '';
  const response = await fetch(`/api${path}${search}`, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw await problemOf(response);
  return response.json() as Promise<T>;
}

/** Buildings whose address resembles the query (typos allowed), best first. */
export async function searchBuildings(q: string, municipality: string | undefined, signal?: AbortSignal) {
  const body = await getJson<{ items: BuildingSummary[] }>('/buildings', { q, municipality }, signal);
  return body.items;
}

/** Buildings inside a box; `truncated` when there were more than the server sends at once. */
export function buildingsInBox(box: Box, municipality: string | undefined, signal?: AbortSignal) {
  return getJson<{ items: BuildingSummary[]; truncated: boolean }>(
    '/buildings',
    { bbox: bboxOf(box), municipality },
    signal,
  );
}

export function getBuilding(id: number, signal?: AbortSignal) {
  return getJson<BuildingPassport>(`/buildings/${id}`, {}, signal);
}

export async function listCategories(municipality: string | undefined, signal?: AbortSignal) {
  const body = await getJson<{ items: Category[] }>('/categories', { municipality }, signal);
  return body.items;
}

// ── Signed-in use ────────────────────────────────────────────────────────────────────────────────

export const roles = ['resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin'] as const;
export type Role = (typeof roles)[number];

export type SessionUser = {
  id: number;
  role: Role;
  municipality: { id: number; code: string; nameRu: string; nameEn: string };
  organisation: { id: number; nameRu: string; nameEn: string; kind: string } | null;
  personal: { fullName: string | null; phone: string | null; email: string | null };
};

export const appealStatuses = [
  'new',
  'assigned',
  'accepted',
  'needs_info',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'cancelled',
  'reopened',
] as const;
export type AppealStatus = (typeof appealStatuses)[number];
export type Priority = 'emergency' | 'high' | 'normal' | 'low';

type NameRef = { id: number; nameRu: string; nameEn: string };
export type SlaClock = {
  dueAt: string | null;
  elapsedMillis: number;
  remainingMillis: number;
  paused: boolean;
  stopped: boolean;
  breached: boolean;
};

export type Appeal = {
  id: number;
  number: string;
  view: 'full' | 'public';
  status: AppealStatus;
  priority: Priority;
  category: { id: number; code: string; nameRu: string; nameEn: string; group: (typeof categoryGroups)[number] };
  buildingId: number | null;
  address: string | null;
  district: NameRef | null;
  organisation: NameRef | null;
  lat: number;
  lon: number;
  description: string;
  photos: { id: number; url: string }[];
  sla?: { response: SlaClock; resolution: SlaClock; reopenCount: number };
  version?: number;
  /** The outage the appeal was filed during (web/src/lib/outages.ts). */
  outage?: {
    id: number;
    service: string;
    status: string;
    reason: string;
    expectedEndAt: string;
    restoredAt: string | null;
  } | null;
  createdAt: string;
  updatedAt: string;
};

export type AppealEvent = {
  id: number;
  type: string;
  fromStatus: AppealStatus | null;
  toStatus: AppealStatus | null;
  actorRole: Role | null;
  organisation: NameRef | null;
  note: string | null;
  visibility?: 'public' | 'internal';
  photos: number[];
  at: string;
};

export const lifecycleActions = [
  'accept',
  'request_info',
  'provide_info',
  'resolve',
  'confirm',
  'dispute',
  'reject',
  'reassign',
  'mark_duplicate',
  'cancel',
  'comment',
  'change_category',
  'change_priority',
  'escalate',
  'rate',
] as const;
export type LifecycleAction = (typeof lifecycleActions)[number] | 'assign' | 'auto_close' | 'reroute';
export type AppealState = {
  id: number;
  number: string;
  status: AppealStatus;
  version: number;
  allowed: LifecycleAction[];
};

let csrfToken: string | null = null;
/** The CSRF token of the session (from sign-in or GET /api/auth/session), sent with every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export async function send<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: object | FormData | string,
  headers: Record<string, string> = {},
): Promise<T> {
  // FormData and text (e.g. a CSV file, with its content-type in `headers`) go as they are.
  const isForm = body instanceof FormData || typeof body === 'string';
  const response = await fetch(`/api${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body && !isForm ? { 'content-type': 'application/json' } : {}),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    body: isForm ? body : body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await problemOf(response);
  return (response.status === 204 ? null : response.json()) as Promise<T>;
}

export type SignedIn = { user: SessionUser; csrfToken: string };

export const getSession = (signal?: AbortSignal) => getJson<SignedIn>('/auth/session', {}, signal);
export const requestCode = (destination: string, municipality?: string) =>
  send<{ message: string; channel: 'sms' | 'email'; devMode: boolean }>('POST', '/auth/code', {
    destination,
    municipality,
  });
export const verifyCode = (destination: string, code: string, municipality?: string) =>
  send<SignedIn>('POST', '/auth/code/verify', { destination, code, municipality });
export const signInWithPassword = (login: string, password: string) =>
  send<SignedIn>('POST', '/auth/password', { login, password });
export const signOut = () => send<null>('POST', '/auth/sign-out');
export const signOutEverywhere = () => send<{ revokedSessions: number }>('POST', '/auth/sign-out-everywhere');

/** One place the user is signed in (GET /api/auth/sessions). */
export type SignedInSession = {
  id: string;
  current: boolean;
  device: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};
export const listSessions = (signal?: AbortSignal) =>
  getJson<{ items: SignedInSession[] }>('/auth/sessions', {}, signal);
export const endSession = (id: string) => send<null>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`);

export const listAppeals = (query: Record<string, string | string[] | undefined>, signal?: AbortSignal) =>
  getJson<{ items: Appeal[]; nextCursor: string | null }>('/appeals', query, signal);
export const getAppeal = (id: number | string, signal?: AbortSignal) => getJson<Appeal>(`/appeals/${id}`, {}, signal);
export const listEvents = (id: number | string, signal?: AbortSignal) =>
  getJson<{ items: AppealEvent[] }>(`/appeals/${id}/events`, {}, signal);
export const getAppealState = (id: number | string, signal?: AbortSignal) =>
  getJson<AppealState>(`/appeals/${id}/actions`, {}, signal);

/** Take a lifecycle action (with photos when given: multipart). */
export function act(id: number, input: { action: LifecycleAction; [field: string]: unknown }, photos: File[] = []) {
  if (photos.length === 0) return send<AppealState>('POST', `/appeals/${id}/actions`, input);
  const form = new FormData();
  for (const [key, value] of Object.entries(input))
    if (value !== undefined && value !== null) form.set(key, String(value));
  for (const photo of photos) form.append('photos', photo);
  return send<AppealState>('POST', `/appeals/${id}/actions`, form);
}

export type NewAppeal = {
  categoryId: number;
  buildingId?: number;
  lat?: number;
  lon?: number;
  description: string;
  entrance?: string;
  apartment?: string;
};

/** File an appeal with its photos; the key makes a retried submission file it once. */
export function createAppeal(input: NewAppeal, photos: File[], idempotencyKey: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries(input))
    if (value !== undefined && value !== '') form.set(key, String(value));
  for (const photo of photos) form.append('photos', photo);
  return send<Appeal>('POST', '/appeals', form, { 'idempotency-key': idempotencyKey });
}

export async function similarAppeals(
  query: { categoryId: number; buildingId?: number; lat?: number; lon?: number },
  signal?: AbortSignal,
) {
  const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
  return (await getJson<{ items: (Appeal & { distanceMetres: number })[] }>('/appeals/similar', q, signal)).items;
}

export const follow = (id: number) => send<unknown>('POST', `/appeals/${id}/follow`);

// ── Queues ───────────────────────────────────────────────────────────────────────────────────────

type QueueBase = {
  id: number;
  number: string;
  status: AppealStatus;
  priority: Priority;
  address: string | null;
  category: NameRef;
  createdAt: string;
};
export type QueueAppeal = QueueBase & {
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  dueAt: string | null;
  remainingMillis: number | null;
  reopenCount: number;
  version: number;
};
export type OverdueAppeal = QueueBase & {
  assignedOrgId: number | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  lateMillis: number;
};
export type TriageAppeal = QueueBase & { triageReason: string | null };
export type OrganisationRef = NameRef & { kind: string };

export const organisationQueue = (query: Record<string, string | undefined>, signal?: AbortSignal) =>
  getJson<{ items: QueueAppeal[] }>('/queue', query, signal);
export const overdueQueue = (signal?: AbortSignal) =>
  getJson<{ items: OverdueAppeal[] }>('/dispatch/overdue', {}, signal);
export const triageQueue = (signal?: AbortSignal) => getJson<{ items: TriageAppeal[] }>('/dispatch/triage', {}, signal);
export const listOrganisations = async (municipality: string, signal?: AbortSignal) =>
  (await getJson<{ items: OrganisationRef[] }>('/organisations', { municipality }, signal)).items;

export type BulkOutcome = {
  id: number;
  ok: boolean;
  status?: AppealStatus;
  problem?: { status: number; code: string; detail: string };
};
export const reassignMany = (
  appeals: { id: number; expectedVersion?: number }[],
  targetOrgId: number,
  reason: string,
) => send<{ results: BulkOutcome[] }>('POST', '/dispatch/reassign', { appeals, targetOrgId, reason });

// ── Notification settings ────────────────────────────────────────────────────────────────────────

export const notificationKinds = [
  'status_changed',
  'info_requested',
  'resolved',
  'assignment',
  'appeal_update',
  'reminder',
  'warning',
  'triage',
  'overdue',
  'escalation',
  'outage_published',
  'outage_changed',
  'outage_restored',
  'reading_reminder',
  'apartment_link',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export type Channels = { sms: boolean; email: boolean; push: boolean };
export type NotificationPreferences = {
  language: 'ru' | 'en';
  kinds: { kind: NotificationKind; channels: Channels }[];
  contacts: { sms: boolean; email: boolean; push: number };
};

export const getNotificationPreferences = (signal?: AbortSignal) =>
  getJson<NotificationPreferences>('/me/notification-preferences', {}, signal);
export const saveNotificationPreferences = (input: {
  language?: 'ru' | 'en';
  kinds?: { kind: NotificationKind; channels: Partial<Channels> }[];
}) => send<NotificationPreferences>('PUT', '/me/notification-preferences', input);
export const pushPublicKey = async () => (await getJson<{ publicKey: string }>('/push/public-key', {})).publicKey;
export const addPushSubscription = (subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) =>
  send<null>('POST', '/me/push-subscriptions', subscription);

// ── City-hall figures ────────────────────────────────────────────────────────────────────────────

export const statsDimensions = ['organisation', 'district', 'category', 'week'] as const;
export type StatsDimension = (typeof statsDimensions)[number];
export type Figures = {
  received: number;
  accepted: number;
  resolved: number;
  compliant: number;
  breached: number;
  slaCompliance: number | null;
  acceptMedianHours: number | null;
  acceptP90Hours: number | null;
  resolveMedianHours: number | null;
  resolveP90Hours: number | null;
  overdueNow: number;
  reopened: number;
  reopenRate: number | null;
};
export type Period = { from: string; to: string; timeZone: string };
export type StatsRow = Figures & { id: number | null; week: string | null; nameRu: string; nameEn: string };
export type LeagueRow = Figures & { rank: number; id: number; nameRu: string; nameEn: string };
export type HeatCell = {
  x: number;
  y: number;
  west: number;
  south: number;
  east: number;
  north: number;
  appeals: number;
};

export type StatsQuery = { from?: string; to?: string };
export const statsFigures = (by: StatsDimension, q: StatsQuery, signal?: AbortSignal) =>
  getJson<{ period: Period; by: StatsDimension; items: StatsRow[]; total: Figures }>(
    '/stats/figures',
    { by, ...q },
    signal,
  );
export const statsLeague = (q: StatsQuery, signal?: AbortSignal) =>
  getJson<{ period: Period; companies: number; items: LeagueRow[] }>('/stats/league', q, signal);
export const statsHeatmap = (q: StatsQuery, signal?: AbortSignal) =>
  getJson<{ period: Period; total: number; items: HeatCell[] }>('/stats/heatmap', { ...q, cell: '2' }, signal);
/** The same table as CSV (a download link). */
export function statsCsvUrl(path: 'figures' | 'league' | 'heatmap', q: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  return `/api/stats/${path}?${params}`;
}

// ── Appeals on the map ───────────────────────────────────────────────────────────────────────────

export type SlaState = 'on_time' | 'at_risk' | 'breached';
export type MapPoint = {
  id: number;
  number: string;
  status: AppealStatus;
  categoryId: number;
  group: (typeof categoryGroups)[number];
  lat: number;
  lon: number;
  sla?: SlaState;
};
export type MapCluster = {
  key: string;
  lat: number;
  lon: number;
  count: number;
  byStatus: Partial<Record<AppealStatus, number>>;
  bySla?: Record<SlaState, number>;
  appealId?: number;
};
export type MapAnswer = {
  view: 'public' | 'sla';
  mode: 'points' | 'clusters';
  total: number;
  points: MapPoint[];
  clusters: MapCluster[];
};

export function appealsOnMap(
  box: Box,
  zoom: number,
  q: { view?: 'public' | 'sla'; group?: string; status?: AppealStatus[] },
  signal?: AbortSignal,
) {
  return getJson<MapAnswer>(
    '/map/appeals',
    { bbox: bboxOf(box), zoom: String(zoom), view: q.view ?? 'public', group: q.group || undefined, status: q.status },
    signal,
  );
}

// ── Admin: dispatch configuration and the dev outbox ─────────────────────────────────────────────

export type Duration = { amount: number; unit: 'minutes' | 'hours' | 'working_days' };
export type WorkingCalendar =
  | { kind: '24x7' }
  | {
      kind: 'working_hours';
      timeZone?: string;
      week: Partial<Record<string, { start: string; end: string }[]>>;
      holidays: 'ru' | 'none';
    };
export type SlaTarget = { duration: Duration; calendar: WorkingCalendar };
export type EffectivePolicy = {
  priority: Priority;
  source: 'category' | 'municipality' | 'default';
  policyId: number | null;
  accept: SlaTarget;
  resolve: SlaTarget;
};
export const ladderActions = ['remind_organisation', 'warn_supervisor', 'overdue_queue', 'notify_city_hall'] as const;
export type LadderAction = (typeof ladderActions)[number];
export type Ladder = Record<'50' | '75' | '100' | '200', LadderAction[]>;
export type RoutingRule = {
  id: number;
  categoryId: number | null;
  group: (typeof categoryGroups)[number] | null;
  districtIds: number[] | null;
  buildingIds: number[] | null;
  targetOrgId: number;
  priority: number;
  active: boolean;
  note: string | null;
};
export type DevMessage = {
  id: number;
  channel: string;
  destination: string;
  template: string;
  subject: string | null;
  body: string | null;
  createdAt: string;
};

export const effectivePolicies = (signal?: AbortSignal) =>
  getJson<{ items: EffectivePolicy[] }>('/admin/sla-policies/effective', {}, signal);
export const putPolicy = (priority: Priority, body: { accept: SlaTarget; resolve: SlaTarget }) =>
  send<unknown>('PUT', `/admin/sla-policies/all/${priority}`, body);
export const getLadder = (signal?: AbortSignal) =>
  getJson<{ ladder: Ladder; isDefault: boolean }>('/admin/escalation-ladder', {}, signal);
export const putLadder = (ladder: Ladder) =>
  send<{ ladder: Ladder; isDefault: boolean }>('PUT', '/admin/escalation-ladder', ladder);
export const listRules = (signal?: AbortSignal) =>
  getJson<{ items: RoutingRule[] }>('/admin/routing-rules', {}, signal);
export const createRule = (rule: Omit<RoutingRule, 'id'>) => send<RoutingRule>('POST', '/admin/routing-rules', rule);
export const patchRule = (id: number, patch: Partial<RoutingRule>) =>
  send<RoutingRule>('PATCH', `/admin/routing-rules/${id}`, patch);
export const deleteRule = (id: number) => send<null>('DELETE', `/admin/routing-rules/${id}`);
export const devOutbox = (signal?: AbortSignal) =>
  getJson<{ items: DevMessage[] }>('/admin/dev-outbox', { limit: '50' }, signal);

// ── Admin: the municipality's directory ──────────────────────────────────────────────────────────

export type AdminUser = {
  id: number;
  role: Role;
  organisation: NameRef | null;
  login: string | null;
  personal: { fullName: string | null; phone: string | null; email: string | null };
  disabled: boolean;
};
export type AdminOrganisation = {
  id: number;
  kind: string;
  code: string;
  nameRu: string;
  nameEn: string;
  phone: string | null;
  email: string | null;
};
export type AdminCategory = {
  id: number;
  code: string;
  nameRu: string;
  nameEn: string;
  group: (typeof categoryGroups)[number];
  responsibleKind: string;
  active: boolean;
};
export type AdminBuilding = {
  id: number;
  address: string;
  location: { lat: number; lon: number };
  managementCompanyId: number | null;
  passport: { yearBuilt: number | null; floors: number | null };
};
type Page<T> = { items: T[]; nextOffset: number | null };

type Directory = 'users' | 'organisations' | 'categories' | 'buildings';
export const adminList = <T>(what: Directory, q: Record<string, string | undefined>, signal?: AbortSignal) =>
  getJson<Page<T> | { items: T[] }>(`/admin/${what}`, q, signal);
export const adminCreate = <T>(what: Directory, body: object) => send<T>('POST', `/admin/${what}`, body);
export const adminPatch = <T>(what: Directory, id: number, body: object) =>
  send<T>('PATCH', `/admin/${what}/${id}`, body);
export const adminSetPassword = (id: number, password: string) =>
  send<unknown>('POST', `/admin/users/${id}/password`, { password });
export const adminUserSwitch = (id: number, on: boolean) =>
  send<AdminUser>('POST', `/admin/users/${id}/${on ? 'enable' : 'disable'}`);

/** The buildings an organisation serves (management company or supplier). */
export const buildingsOf = (municipality: string, organisationId: number, signal?: AbortSignal) =>
  getJson<{ items: BuildingSummary[]; truncated: boolean }>(
    '/buildings',
    { municipality, organisationId: String(organisationId) },
    signal,
  );
