/**
 * The browser's client for the Otklik API (same origin). Paths, parameters, bodies and answers are
 * typed by the API's OpenAPI document (./api/schema.d.ts, written by `npm run api:client`): no API
 * type is written here by hand.
 */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './api/schema.d.ts';

/**
 * A type of the document as a call answers it: openapi-fetch types a tuple ([lon, lat]) as an
 * array, so the schemas are read the same way here and an answer is its schema's type.
 */
type Answered<T> = T extends (infer E)[] ? Answered<E>[] : T extends object ? { [K in keyof T]: Answered<T[K]> } : T;
/** The document's named schemas. */
export type Schemas = { [Name in keyof components['schemas']]: Answered<components['schemas'][Name]> };
type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;
/** What an operation answers when it succeeds. */
export type Answer<Op extends keyof operations> = Answered<
  JsonOf<operations[Op]['responses'][keyof operations[Op]['responses'] & (200 | 201)]>
>;
/** An operation's query parameters. */
export type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
/** An operation's JSON body. */
export type RequestBody<Op extends keyof operations> = JsonOf<NonNullable<operations[Op]['requestBody']>>;

/**
 * A union's members as a page lists them (a filter, a table's columns), in the page's order: a
 * member the document does not have, or one of its members left out, fails to compile.
 */
export const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ) =>
    list;

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
export type FieldProblem = NonNullable<Schemas['Problem']['errors']>[number];

/** An answer other than 2xx, with the problem document's text and the fields it names. */
export class ProblemError extends ApiError {
  readonly errors: FieldProblem[];
  /** The message's stable id (e.g. reading.window_not_open): pages match on it, never on words. */
  readonly code: string | null;
  /** The whole problem document: what a problem adds under members of its own (e.g. `affected`). */
  readonly problem: Record<string, unknown>;
  constructor(
    status: number,
    detail: string,
    errors: FieldProblem[],
    code: string | null = null,
    problem: Record<string, unknown> = {},
  ) {
    super(status, detail);
    this.errors = errors;
    this.code = code;
    this.problem = problem;
  }
}

/**
 * What to tell a person about a failed request: the API's own words (Russian and English) for the
 * first field it refused, or its detail; the page's own text when the request never got an answer
 * (no connection), never a browser's technical message.
 */
export function problemText(error: unknown, fallback: string): string {
  if (error instanceof ProblemError) return sentence(error.errors[0]?.reason ?? error.message);
  if (error instanceof ApiError) return error.message;
  return fallback;
}

/**
 * A field's reason said on its own, as a sentence: the API writes reasons to follow a field's name
 * ("value: меньше предыдущего"), so they start lowercase.
 */
export function sentence(reason: string): string {
  return reason.charAt(0).toLocaleUpperCase() + reason.slice(1);
}

/** The problem document of a refused request, as an error to throw. */
async function problemOf(response: Response): Promise<ProblemError> {
  const problem = await response.json().catch(() => null);
  return new ProblemError(
    response.status,
    typeof problem?.detail === 'string' ? problem.detail : response.statusText,
    Array.isArray(problem?.errors) ? problem.errors : [],
    typeof problem?.code === 'string' ? problem.code : null,
    problem && typeof problem === 'object' ? problem : {},
  );
}

let csrfToken: string | null = null;
/** The CSRF token of the session (from sign-in or GET /api/auth/session), sent with every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The API: `api.GET('/api/appeals/{id}', { params: { path: { id } }, signal })`. */
export const api = createClient<paths>({ headers: { accept: 'application/json' } });
api.use({
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET') request.headers.set('x-csrf-token', csrfToken);
  },
  // A call either answers what its operation declares for success or throws the problem.
  async onResponse({ response }) {
    if (!response.ok) throw await problemOf(response);
  },
});

/** The success answer of a call (any other answer was thrown as a ProblemError). */
export async function answer<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/**
 * A body the document does not describe yet (multipart forms with files, CSV text), sent as it is;
 * the answer is still typed by the document.
 */
export const undescribed = (body: FormData | string) => body as never;

/** A form for a multipart write: the fields that have a value, and the files. */
export function formOf(
  fields: Record<string, string | number | boolean | null | undefined>,
  files: Record<string, File[]>,
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined && value !== null) form.set(key, String(value));
  for (const [key, list] of Object.entries(files)) for (const file of list) form.append(key, file);
  return form;
}

// ── Buildings and categories ─────────────────────────────────────────────────────────────────────

export type BuildingSummary = Schemas['BuildingSummary'];
export type BuildingPassport = Schemas['BuildingPassport'];
export type Category = Schemas['Category'];
export type CategoryGroup = Category['group'];

export const supplierKinds = allOf<keyof BuildingPassport['suppliers']>()([
  'coldWater',
  'hotWater',
  'heating',
  'electricity',
  'gas',
]);
export const categoryGroups = allOf<CategoryGroup>()([
  'housing',
  'utilities',
  'roads',
  'transport',
  'landscaping',
  'other',
]);

/** West,south,east,north as the API's bbox parameters take it. */
const bboxOf = (box: Box) => [box.minLon, box.minLat, box.maxLon, box.maxLat].map((v) => v.toFixed(6)).join(',');

/** Buildings whose address resembles the query (typos allowed), best first. */
export async function searchBuildings(q: string, municipality: string | undefined, signal?: AbortSignal) {
  return (await answer(api.GET('/api/buildings', { params: { query: { q, municipality } }, signal }))).items;
}

/** Buildings inside a box; `truncated` when there were more than the server sends at once. */
export const buildingsInBox = (box: Box, municipality: string | undefined, signal?: AbortSignal) =>
  answer(api.GET('/api/buildings', { params: { query: { bbox: bboxOf(box), municipality } }, signal }));

/** The buildings an organisation serves (management company or supplier). */
export const buildingsOf = (municipality: string, organisationId: number, signal?: AbortSignal) =>
  answer(api.GET('/api/buildings', { params: { query: { municipality, organisationId } }, signal }));

export const getBuilding = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/buildings/{id}', { params: { path: { id } }, signal }));

/** The buildings nearest to a point, within `within` metres (a 404 problem when there is none). */
export async function nearestBuildings(lat: number, lon: number, within: number, signal?: AbortSignal) {
  return (
    await answer(api.GET('/api/buildings/nearest', { params: { query: { lat, lon, within, limit: 1 } }, signal }))
  ).items;
}

export async function listCategories(municipality: string | undefined, signal?: AbortSignal) {
  return (await answer(api.GET('/api/categories', { params: { query: { municipality } }, signal }))).items;
}

// ── Signed-in use ────────────────────────────────────────────────────────────────────────────────

export type SessionUser = Schemas['SessionUser'];
export type Role = SessionUser['role'];
export type SignedIn = Schemas['SignedIn'];
/** One place the user is signed in (GET /api/auth/sessions). */
export type SignedInSession = Answer<'listSessions'>['items'][number];

export const getSession = (signal?: AbortSignal) => answer(api.GET('/api/auth/session', { signal }));
export const requestCode = (destination: string, municipality?: string) =>
  answer(api.POST('/api/auth/code', { body: { destination, municipality } }));
export const verifyCode = (destination: string, code: string, municipality?: string) =>
  answer(api.POST('/api/auth/code/verify', { body: { destination, code, municipality } }));
export const signInWithPassword = (login: string, password: string) =>
  answer(api.POST('/api/auth/password', { body: { login, password } }));
export const signOut = () => answer(api.POST('/api/auth/sign-out'));
export const signOutEverywhere = () => answer(api.POST('/api/auth/sign-out-everywhere'));
export const listSessions = (signal?: AbortSignal) => answer(api.GET('/api/auth/sessions', { signal }));
export const endSession = (id: string) => answer(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } }));

// ── Appeals ──────────────────────────────────────────────────────────────────────────────────────

/** An appeal as the person asking may see it: in full, or its public view. */
export type Appeal = Schemas['AppealView'];
export type AppealStatus = Appeal['status'];
export type Priority = Appeal['priority'];
export type SlaClock = Schemas['SlaClock'];
export type AppealEvent = Schemas['AppealEvent'];
export type AppealState = Schemas['AppealActionState'];
export type LifecycleAction = AppealState['allowed'][number];
/** A lifecycle action with what it needs (a note, a reason, a target…). */
export type ActionInput = NonNullable<RequestBody<'actOnAppeal'>>;
export type NewAppeal = Omit<Schemas['AppealInputInput'], 'channel'>;

export const listAppeals = (query: Query<'listAppeals'>, signal?: AbortSignal) =>
  answer(api.GET('/api/appeals', { params: { query }, signal }));
export const getAppeal = (id: number | string, signal?: AbortSignal) =>
  answer(api.GET('/api/appeals/{id}', { params: { path: { id: String(id) } }, signal }));
export const listEvents = (id: number | string, signal?: AbortSignal) =>
  answer(api.GET('/api/appeals/{id}/events', { params: { path: { id: String(id) } }, signal }));
export const getAppealState = (id: number | string, signal?: AbortSignal) =>
  answer(api.GET('/api/appeals/{id}/actions', { params: { path: { id: String(id) } }, signal }));

/** Take a lifecycle action (with photos when given: multipart). */
export function act(id: number, input: ActionInput, photos: File[] = []) {
  const path = { id: String(id) };
  if (photos.length === 0) return answer(api.POST('/api/appeals/{id}/actions', { params: { path }, body: input }));
  const form = formOf(input, { photos });
  return answer(api.POST('/api/appeals/{id}/actions', { params: { path }, body: undescribed(form) }));
}

/** File an appeal with its photos; the key makes a retried submission file it once. */
export function createAppeal(input: NewAppeal, photos: File[], idempotencyKey: string) {
  const fields = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ''));
  return answer(
    api.POST('/api/appeals', {
      body: undescribed(formOf(fields, { photos })),
      headers: { 'idempotency-key': idempotencyKey },
    }),
  );
}

export async function similarAppeals(query: Query<'listSimilarAppeals'>, signal?: AbortSignal) {
  return (await answer(api.GET('/api/appeals/similar', { params: { query }, signal }))).items;
}

export const follow = (id: number) =>
  answer(api.POST('/api/appeals/{id}/follow', { params: { path: { id: String(id) } } }));

// ── Queues ───────────────────────────────────────────────────────────────────────────────────────

export type QueueAppeal = Schemas['QueueAppeal'];
export type OverdueAppeal = Schemas['OverdueAppeal'];
export type TriageAppeal = Schemas['TriageAppeal'];
export type OrganisationRef = Schemas['Organisation'];
export type BulkOutcome = Schemas['BulkOutcome'];

export const organisationQueue = (query: Query<'listOrganisationQueue'>, signal?: AbortSignal) =>
  answer(api.GET('/api/queue', { params: { query }, signal }));
/** A page of the board's overdue list (held by an organisation past the city's deadline), with the total. */
export const overdueQueue = (query: Query<'listOverdue'> = {}, signal?: AbortSignal) =>
  answer(api.GET('/api/dispatch/overdue', { params: { query }, signal }));
/** A page of the board's triage list (waiting for a dispatcher's decision), with the total. */
export const triageQueue = (query: Query<'listTriage'> = {}, signal?: AbortSignal) =>
  answer(api.GET('/api/dispatch/triage', { params: { query }, signal }));
export const listOrganisations = async (municipality: string, signal?: AbortSignal) =>
  (await answer(api.GET('/api/organisations', { params: { query: { municipality } }, signal }))).items;
/** `confirmWrongKind`: the dispatcher saw the warning that the organisation does not answer for some of them. */
export const reassignMany = (
  appeals: RequestBody<'reassignMany'>['appeals'],
  targetOrgId: number,
  reason: string,
  confirmWrongKind = false,
) => answer(api.POST('/api/dispatch/reassign', { body: { appeals, targetOrgId, reason, confirmWrongKind } }));

// ── Notification settings ────────────────────────────────────────────────────────────────────────

export type NotificationPreferences = Schemas['NotificationPreferences'];
export type NotificationKind = NotificationPreferences['kinds'][number]['kind'];
export type Channels = Schemas['NotificationChannels'];

export const getNotificationPreferences = (signal?: AbortSignal) =>
  answer(api.GET('/api/me/notification-preferences', { signal }));
export const saveNotificationPreferences = (body: RequestBody<'updateNotificationPreferences'>) =>
  answer(api.PUT('/api/me/notification-preferences', { body }));
export const pushPublicKey = async () => (await answer(api.GET('/api/push/public-key'))).publicKey;
export const addPushSubscription = (body: RequestBody<'addPushSubscription'>) =>
  answer(api.POST('/api/me/push-subscriptions', { body }));

// ── City-hall figures ────────────────────────────────────────────────────────────────────────────

export type StatsDimension = Schemas['StatsBreakdown']['by'];
export type StatsRow = Schemas['StatsRow'];
export type Figures = Schemas['StatsBreakdown']['total'];
export type LeagueRow = Schemas['LeagueRow'];
export type HeatCell = Schemas['HeatCell'];
/** The period of the figures: first and last day (Moscow), the API's defaults when absent. */
export type StatsQuery = Pick<Query<'statsFigures'>, 'from' | 'to'>;

export const statsDimensions = allOf<StatsDimension>()(['organisation', 'district', 'category', 'week']);

export const statsFigures = (by: StatsDimension, q: StatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/stats/figures', { params: { query: { by, ...q } }, signal }));
export const statsLeague = (q: StatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/stats/league', { params: { query: q }, signal }));
export const statsHeatmap = (q: StatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/stats/heatmap', { params: { query: { ...q, cell: 2 } }, signal }));
/** The same table as CSV (a download link). */
export function statsCsvUrl(path: 'figures' | 'league' | 'heatmap', q: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  return `/api/stats/${path}?${params}`;
}

// ── Appeals on the map ───────────────────────────────────────────────────────────────────────────

export type MapAnswer = Schemas['MapAppeals'];
export type SlaState = NonNullable<Schemas['MapPoint']['sla']>;

export function appealsOnMap(
  box: Box,
  zoom: number,
  q: Omit<Query<'mapAppeals'>, 'bbox' | 'zoom'>,
  signal?: AbortSignal,
) {
  const query = { ...q, bbox: bboxOf(box), zoom, view: q.view ?? 'public' };
  return answer(api.GET('/api/map/appeals', { params: { query }, signal }));
}

// ── Admin: dispatch configuration and the dev outbox ─────────────────────────────────────────────

export type EffectivePolicy = Schemas['EffectiveSlaPolicy'];
export type SlaTarget = EffectivePolicy['accept'];
/** A working calendar as a policy is saved with it (the municipality's time zone when none). */
export type WorkingCalendar = RequestBody<'putSlaPolicy'>['accept']['calendar'];
export type Ladder = Schemas['EscalationLadder']['ladder'];
export type LadderAction = Ladder['100'][number];
export type RoutingRule = Schemas['RoutingRule'];
export type DevMessage = Schemas['DevOutboxMessage'];

export const ladderActions = allOf<LadderAction>()([
  'remind_organisation',
  'warn_supervisor',
  'overdue_queue',
  'notify_city_hall',
]);

export const effectivePolicies = (signal?: AbortSignal) =>
  answer(api.GET('/api/admin/sla-policies/effective', { signal }));
export const putPolicy = (priority: Priority, body: RequestBody<'putSlaPolicy'>) =>
  answer(
    api.PUT('/api/admin/sla-policies/{category}/{priority}', { params: { path: { category: 'all', priority } }, body }),
  );
export const getLadder = (signal?: AbortSignal) => answer(api.GET('/api/admin/escalation-ladder', { signal }));
export const putLadder = (ladder: Ladder) => answer(api.PUT('/api/admin/escalation-ladder', { body: ladder }));
export const listRules = (signal?: AbortSignal) => answer(api.GET('/api/admin/routing-rules', { signal }));
export const createRule = (body: RequestBody<'createRoutingRule'>) =>
  answer(api.POST('/api/admin/routing-rules', { body }));
export const patchRule = (id: number, body: RequestBody<'updateRoutingRule'>) =>
  answer(api.PATCH('/api/admin/routing-rules/{id}', { params: { path: { id } }, body }));
export const deleteRule = (id: number) =>
  answer(api.DELETE('/api/admin/routing-rules/{id}', { params: { path: { id } } }));
export const devOutbox = (signal?: AbortSignal) =>
  answer(api.GET('/api/admin/dev-outbox', { params: { query: { limit: 50 } }, signal }));

// ── Admin: the municipality's directory ──────────────────────────────────────────────────────────

export type AdminUser = Schemas['AdminUser'];
export type AdminOrganisation = Schemas['AdminOrganisation'];
export type AdminCategory = Schemas['AdminCategory'];
export type AdminBuilding = Schemas['AdminBuilding'];
export type OrganisationKind = AdminOrganisation['kind'];
export type StaffRole = RequestBody<'createStaffUser'>['role'];

export const listAdminUsers = (query: Query<'listAdminUsers'>, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/users', { params: { query }, signal }));
export const listAdminOrganisations = (query: Query<'listAdminOrganisations'>, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/organisations', { params: { query }, signal }));
export const listAdminCategories = (query: Query<'listAdminCategories'>, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/categories', { params: { query }, signal }));
export const listAdminBuildings = (query: Query<'listAdminBuildings'>, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/buildings', { params: { query }, signal }));
export const createStaffUser = (body: RequestBody<'createStaffUser'>) => answer(api.POST('/api/admin/users', { body }));
export const updateAdminUser = (id: number, body: RequestBody<'updateAdminUser'>) =>
  answer(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body }));
export const resetUserPassword = (id: number, password: string) =>
  answer(api.POST('/api/admin/users/{id}/password', { params: { path: { id } }, body: { password } }));
export const switchUser = (id: number, on: boolean) =>
  answer(api.POST(on ? '/api/admin/users/{id}/enable' : '/api/admin/users/{id}/disable', { params: { path: { id } } }));
export const createOrganisation = (body: RequestBody<'createOrganisation'>) =>
  answer(api.POST('/api/admin/organisations', { body }));
export const updateOrganisation = (id: number, body: RequestBody<'updateOrganisation'>) =>
  answer(api.PATCH('/api/admin/organisations/{id}', { params: { path: { id } }, body }));
export const createCategory = (body: RequestBody<'createCategory'>) =>
  answer(api.POST('/api/admin/categories', { body }));
export const updateCategory = (id: number, body: RequestBody<'updateCategory'>) =>
  answer(api.PATCH('/api/admin/categories/{id}', { params: { path: { id } }, body }));
export const createBuilding = (body: RequestBody<'createBuilding'>) =>
  answer(api.POST('/api/admin/buildings', { body }));
export const updateBuilding = (id: number, body: RequestBody<'updateBuilding'>) =>
  answer(api.PATCH('/api/admin/buildings/{id}', { params: { path: { id } }, body }));

// ── Municipal e-services ─────────────────────────────────────────────────────────────────────────

export type EserviceSummary = Answer<'listEservices'>['items'][number];
export type Eservice = Answer<'getEservice'>;
export type FormField = Eservice['form']['fields'][number];
export type Application = Answer<'getApplication'>;
export type ApplicationSummary = Answer<'listMyApplications'>['items'][number];
export type InboxApplication = Answer<'listApplicationInbox'>['items'][number];
export type ApplicationFile = Answer<'uploadApplicationFile'>;
export type ApplicationStatus = Application['status'];
export type ApplicationStep = Application['allowedSteps'][number];
export type ApplicantKind = Application['applicantKind'];
export type TermState = NonNullable<Application['termState']>;
export type StepInput = RequestBody<'takeApplicationStep'>;
export type InteragencyRequest = Answer<'listInteragencyInbox'>['items'][number];

export const termStates = allOf<TermState>()(['on_time', 'at_risk', 'overdue', 'paused']);
export const applicantKinds = allOf<ApplicantKind>()(['person', 'entrepreneur', 'legal_entity']);

export const listEservices = async (municipality: string | undefined, q: string | undefined, signal?: AbortSignal) =>
  (await answer(api.GET('/api/eservices', { params: { query: { municipality, q: q || undefined } }, signal }))).items;
export const getEservice = (id: number, municipality: string | undefined, signal?: AbortSignal) =>
  answer(api.GET('/api/eservices/{id}', { params: { path: { id }, query: { municipality } }, signal }));

export const myApplications = async (signal?: AbortSignal) =>
  (await answer(api.GET('/api/applications/mine', { signal }))).items;
export const getApplication = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/applications/{id}', { params: { path: { id } }, signal }));
export const createApplication = (body: RequestBody<'createApplication'>) =>
  answer(api.POST('/api/applications', { body }));
export const updateApplication = (id: number, body: RequestBody<'updateApplication'>) =>
  answer(api.PATCH('/api/applications/{id}', { params: { path: { id } }, body }));
/** A document of the application (the applicant's) or its result (the department's), multipart. */
export const uploadApplicationFile = (
  id: number,
  file: File,
  documentCode?: string,
  as: 'files' | 'results' = 'files',
) =>
  answer(
    api.POST(as === 'files' ? '/api/applications/{id}/files' : '/api/applications/{id}/results', {
      params: { path: { id } },
      body: undescribed(formOf({ documentCode }, { file: [file] })),
    }),
  );
export const deleteApplicationFile = (id: number, fileId: number) =>
  answer(api.DELETE('/api/applications/{id}/files/{fileId}', { params: { path: { id, fileId } } }));
export const submitApplication = (id: number, idempotencyKey: string) =>
  answer(
    api.POST('/api/applications/{id}/submit', {
      params: { path: { id }, header: { 'idempotency-key': idempotencyKey } },
    }),
  );
export const provideDocuments = (id: number, body: RequestBody<'provideApplicationDocuments'>) =>
  answer(api.POST('/api/applications/{id}/documents', { params: { path: { id } }, body }));
export const withdrawApplication = (id: number, body: RequestBody<'withdrawApplication'>) =>
  answer(api.POST('/api/applications/{id}/withdraw', { params: { path: { id } }, body }));

export const applicationInbox = (query: Query<'listApplicationInbox'>, signal?: AbortSignal) =>
  answer(api.GET('/api/applications/inbox', { params: { query }, signal }));
export const takeApplicationStep = (id: number, body: StepInput) =>
  answer(api.POST('/api/applications/{id}/steps', { params: { path: { id } }, body }));
export const askInteragency = (id: number, body: RequestBody<'askInteragency'>) =>
  answer(api.POST('/api/applications/{id}/interagency', { params: { path: { id } }, body }));
export const interagencyInbox = (signal?: AbortSignal) =>
  answer(api.GET('/api/interagency/inbox', { params: { query: {} }, signal }));
/** Answer an organisation's request, with a file when given (multipart). */
export function answerInteragency(
  id: number,
  input: { decision: 'agree' | 'refuse'; note: string; version: number },
  file: File | null,
) {
  const path = { id };
  if (!file) return answer(api.POST('/api/interagency/{id}/answer', { params: { path }, body: input }));
  return answer(
    api.POST('/api/interagency/{id}/answer', { params: { path }, body: undescribed(formOf(input, { file: [file] })) }),
  );
}
