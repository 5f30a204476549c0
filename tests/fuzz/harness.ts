/**
 * The route fuzzer's world: a real app over a small city with issue 6's records, one session per role,
 * the served OpenAPI document, pools of the ids that exist, a request generator per operation and the
 * checks every response must pass.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import { XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { actionsWithPhotos } from '../../api/appeals/act-on-appeal.ts';
import { knownTimeZone, maxAmount } from '../../api/sla/schemas.ts';
import { coveringRange, rangeWithinLimit } from '../../dispatch/map.ts';
import type { LifecycleAction } from '../../dispatch/lifecycle.ts';
import { intervalProblems } from '../../dispatch/office-admin.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart, png } from '../helpers/http.ts';
import { startTestProvider } from '../helpers/oidc-provider.ts';
import { outageCity } from '../helpers/outages.ts';
import { discussionMakers, squareTerritory } from '../helpers/discussions-make.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { pdf } from '../helpers/passports.ts';
import { readingMakers } from '../helpers/readings.ts';
import { hostile, keepDependencies, oddString, type Schema, SchemaArbitraries } from './schema-arbitraries.ts';

export const ROLES = [
  'anonymous',
  'resident',
  'dispatcher',
  'org_staff',
  'org_supervisor',
  'city_hall',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  /** The request body's schema per media type the document names (JSON, a multipart form, CSV). */
  body: Schema | null;
  form: Schema | null;
  csv: Schema | null;
  /** A form-encoded body (Open311's POST), read by the handler. */
  urlencoded: Schema | null;
  bodyRequired: boolean;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  /** The operation's `security`: who the document says may call it (absent: the document does not say). */
  security: Record<string, string[]>[] | undefined;
};

/**
 * Does the operation need a signed-in person? Only when every alternative of its `security` names a
 * scheme: `[{}, {session: []}]` lets anonymous visitors in, and an operation without `security` is
 * taken as open to anybody (what a schema-following client would assume).
 */
export const needsSession = (op: Pick<Operation, 'security'>) =>
  Boolean(op.security?.length) && op.security!.every((alternative) => Object.keys(alternative).length > 0);

/** The files a form may carry: real ones of each kind the routes take, an empty one and one that lies. */
const FILE_KINDS = ['jpeg', 'png', 'pdf', 'csv', 'garbage', 'empty'] as const;
type FileKind = (typeof FILE_KINDS)[number];

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; payload: string | Buffer; contentType: string }
  | { kind: 'form'; fields: Record<string, string>; files: { field: string; file: FileKind }[] };

export type FuzzRequest = {
  role: Role;
  params: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  dropCsrf: boolean;
  body: Body;
  valid: boolean;
};

export type Failure = {
  key: string;
  operation: string;
  role: Role;
  problem: string;
  request: string;
  status: number;
  response: string;
};

const ID_TABLES: Record<string, string> = {
  appeals: 'appeals',
  attachments: 'attachments',
  'routing-rules': 'routing_rules',
  organisations: 'organisations',
  buildings: 'buildings',
  categories: 'categories',
  apartments: 'apartments',
  links: 'apartment_links',
  meters: 'meters',
  inspections: 'inspections',
  'building-documents': 'building_documents',
  outages: 'outages',
  districts: 'districts',
  defects: 'inspection_defects',
  photos: 'attachments',
  eservices: 'eservices',
  applications: 'applications',
  interagency: 'interagency_requests',
  offices: 'offices',
  appointments: 'appointments',
  discussions: 'discussions',
  proposals: 'proposals',
  imports: 'import_runs',
};
const FIELD_TABLES: Record<string, string> = {
  appealId: 'appeals',
  targetAppealId: 'appeals',
  appealIds: 'appeals',
  buildingId: 'buildings',
  buildingIds: 'buildings',
  organisationId: 'organisations',
  targetOrgId: 'organisations',
  managementCompanyId: 'organisations',
  coldWaterSupplierId: 'organisations',
  hotWaterSupplierId: 'organisations',
  heatSupplierId: 'organisations',
  electricitySupplierId: 'organisations',
  gasSupplierId: 'organisations',
  categoryId: 'categories',
  category: 'categories',
  districtId: 'districts',
  meterId: 'meters',
  apartmentId: 'apartments',
  inspectionId: 'inspections',
  defectId: 'inspection_defects',
  attachmentId: 'attachments',
  outageId: 'outages',
  municipality: 'municipality_codes',
  number: 'appeal_numbers',
  // Open311 (issue 18): a municipality's code and an appeal's public number.
  jurisdiction_id: 'municipality_codes',
  service_request_id: 'appeal_numbers',
  serviceId: 'eservices',
  fileId: 'application_files',
  resultFileId: 'application_files',
  officeId: 'offices',
};

export type World = Awaited<ReturnType<typeof startWorld>>;

/** The app, its city and everything the fuzzer needs to aim at real records. */
export async function startWorld() {
  // Thousands of writes from one user in seconds: the write limits (tests/api/hardening.test.ts)
  // would answer most of them 429, documented but hiding the routes behind.
  // "Войти через Госуслуги" goes to a real provider (a local oidc-provider), so its routes answer
  // as they do in service (302 to the provider, the callback's refusals) rather than "not configured".
  const provider = await startTestProvider([]);
  const started: TestApp = await startTestApp({ env: { WRITE_RATE_LIMITS: 'off', ...provider.env } });
  const t: TestApp = {
    ...started,
    close: async () => {
      await started.close();
      await provider.close();
    },
  };
  const c = await outageCity(t.db);
  const meters = readingMakers(t.db);
  await meters.apartment(c.building.id, {
    number: '12',
    account: '1200012',
    meters: [
      { kind: 'cold_water', serial: 'CW-1' },
      { kind: 'electricity', tariffs: 2, serial: 'EL-1' },
    ],
  });
  const users: Record<Exclude<Role, 'anonymous'>, number> = {
    resident: c.users.resident.id,
    dispatcher: c.users.dispatcher.id,
    org_staff: c.users.orgStaff.id,
    org_supervisor: c.users.orgSupervisor.id,
    city_hall: c.users.cityHall.id,
    admin: c.users.admin.id,
  };
  // Users the fuzzer may sign out everywhere, disable, re-role or re-password: never the ones above.
  const victims: Record<string, number> = {};
  for (const role of ROLES.slice(1) as Exclude<Role, 'anonymous'>[]) {
    const orgId = role === 'dispatcher' ? c.dispatchCentre.id : role.startsWith('org_') ? c.mc.id : undefined;
    const u = await c.make.user(c.city.id, {
      role,
      organisationId: orgId,
      login: `victim-${role}-${Math.random().toString(36).slice(2, 7)}`,
    });
    victims[role] = u.id;
  }
  const sessions = new Map<Role, Record<string, string>>();
  for (const role of ROLES.slice(1) as Exclude<Role, 'anonymous'>[]) sessions.set(role, await t.signIn(users[role]));

  // A few appeals with photos so that appeal, attachment and event ids exist.
  const photo = await jpegWithGps(1);
  for (let i = 0; i < 3; i++) {
    const form = await multipart(
      {
        categoryId: String(c.roof.id),
        buildingId: String(c.building.id),
        description: `Течёт крыша, подъезд ${i + 1}`,
      },
      [{ filename: 'roof.jpg', type: 'image/jpeg', bytes: photo }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...sessions.get('resident'), ...form.headers },
      payload: form.payload,
    });
    if (res.statusCode !== 201) throw new Error(`seeding an appeal: ${res.statusCode} ${res.body}`);
  }
  // An Open311 client whose key the fuzzer files with (and one that is revoked), and the codes of the services.
  const open311Keys = [
    (await interopMakers(t.db).apiClient(c.city.id, { requestsPerMinute: 1_000_000 })).key,
    (await interopMakers(t.db).apiClient(c.city.id, { revoked: true })).key,
  ];
  const serviceCodes = (await t.db.execute<{ code: string }>(sql`select code from categories`)).map((r) => r.code);
  // A municipal service the company provides, and a resident's submitted application for it.
  const service = await eserviceMakers(t.db).service(c.city.id, c.mc.id);
  await eserviceCalls(t).submitted(users.resident, service.id);
  // An open discussion the company organises around the building, the resident registered in it
  // (a verified identity) and their proposal, so that discussion and proposal ids exist.
  const discussions = discussionMakers(t.db);
  const discussion = await discussions.discussion(c.city.id, c.mc.id, users.admin, {
    territory: squareTerritory(49.12, 55.79),
    listed: [c.building.id],
  });
  await discussions.identity(users.resident, { buildingId: c.building.id });
  await discussions.proposal(discussion.id, users.resident);
  // Public discussions' results: a closed discussion of the company with decided and waiting proposals, a concluded one.
  for (const status of ['closed', 'concluded'] as const) {
    const d = await discussions.discussion(c.city.id, c.mc.id, c.users.admin.id, { status });
    for (const p of ['accepted', 'rejected', status === 'closed' ? 'submitted' : 'accepted'] as const)
      await discussions.proposal(d.id, c.users.resident.id, { status: p });
  }

  // A finished import of the municipality's register (issue 18), so that an import run's id exists.
  await interopMakers(t.db).importRun(c.city.id, { startedBy: users.admin });

  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, 'openapi');

  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [method, o] of Object.entries(ops)) {
      const content = (
        o.requestBody as { content?: Record<string, { schema: Schema }>; required?: boolean } | undefined
      )?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (o.parameters as Parameter[] | undefined) ?? [],
        body: content?.['application/json']?.schema ?? null,
        form: content?.['multipart/form-data']?.schema ?? null,
        csv: content?.['text/csv']?.schema ?? null,
        urlencoded: content?.['application/x-www-form-urlencoded']?.schema ?? null,
        bodyRequired: Boolean((o.requestBody as { required?: boolean } | undefined)?.required),
        responses: o.responses as Operation['responses'],
        security: o.security as Operation['security'],
      });
    }
  }

  const pools = new Map<string, (number | string)[]>();
  const refreshPools = async () => {
    const tables = new Set([...Object.values(ID_TABLES), ...Object.values(FIELD_TABLES)]);
    for (const table of tables) {
      if (table === 'municipality_codes') {
        pools.set(
          table,
          (await t.db.execute(sql`select code from municipalities`)).map((r) => String(r.code)),
        );
      } else if (table === 'appeal_numbers') {
        pools.set(
          table,
          (await t.db.execute(sql`select number from appeals order by id desc limit 10`)).map((r) => String(r.number)),
        );
      } else {
        const rows = await t.db.execute(sql`select id from ${sql.identifier(table)} order by id desc limit 25`);
        pools.set(
          table,
          rows.map((r) => Number(r.id)),
        );
      }
    }
  };
  await refreshPools();

  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (op: Operation, status: string, mediaType = 'application/json') => {
    const key = `${op.method} ${op.path} ${status} ${mediaType}`;
    let v = validators.get(key);
    if (!v) {
      const pointer = ['paths', op.path, op.method.toLowerCase(), 'responses', status, 'content', mediaType, 'schema']
        .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('/');
      v = ajv.compile({ $ref: `openapi#/${pointer}` });
      validators.set(key, v);
    }
    return v;
  };

  const files = {
    jpeg: photo,
    png: await png(),
    pdf: pdf(),
    // A readings import of the meter above (dispatch/readings-import.ts reads it).
    csv: Buffer.from('serial,kind,value1\r\nCW-1,cold_water,12\r\n'),
  };
  return {
    t,
    c,
    doc,
    operations,
    users,
    victims,
    sessions,
    pools,
    refreshPools,
    validatorFor,
    files,
    open311: { keys: open311Keys, serviceCodes, jurisdiction: c.city.code },
  };
}

/** The ids the fuzzer aims at for a field of an operation. */
function idSource(world: World, op: Operation) {
  return (name: string): readonly (number | string)[] => {
    if (op.path.startsWith('/api/admin/users/') && name === 'id') return Object.values(world.victims);
    if (name === 'userId' || name === 'userIds') return Object.values(world.victims);
    if (name === 'id' || name === 'attachmentId' || name === 'defectId') {
      const segments = op.path.split('/');
      const at = segments.indexOf(`{${name}}`);
      const table = name === 'id' ? ID_TABLES[segments[at - 1]] : FIELD_TABLES[name];
      const ids = world.pools.get(table ?? '') ?? [];
      return table === 'appeals' ? [...ids, ...(world.pools.get('appeal_numbers') ?? [])] : ids;
    }
    return world.pools.get(FIELD_TABLES[name] ?? '') ?? [];
  };
}

/** A form for the routes that document none, to send them a multipart body all the same. */
const ANY_FORM: Schema = {
  type: 'object',
  properties: {
    note: { type: 'string' },
    kind: { type: 'string' },
    photos: { type: 'array', items: { type: 'string', format: 'binary' } },
    file: { type: 'string', format: 'binary' },
  },
};

const ODD_HEADERS: Record<string, string>[] = [
  { accept: 'image/png' },
  { accept: 'text/html;q=0.1, */*;q=0' },
  { 'accept-language': 'xx-YY;q=abc' },
  { 'x-forwarded-for': '999.1.1.1, <script>' },
  { 'x-request-id': 'я'.repeat(500) },
  { cookie: `otklik_session=${'A'.repeat(4000)}` },
  { cookie: 'otklik_session=%ZZ%; other=\u00ff' },
  { 'x-csrf-token': 'wrong' },
  { 'idempotency-key': 'ключ с пробелами и юникодом 🔑' },
  { 'idempotency-key': 'k'.repeat(5000) },
  { 'if-none-match': '*' },
  { range: 'bytes=500-1' },
  { 'content-encoding': 'gzip' },
  { origin: 'https://evil.example' },
];

function pathParamArb(sa: SchemaArbitraries, p: Parameter) {
  return sa.valid(p.schema, p.name).map(String);
}

/** Requests for one operation: about half as documented, half broken in one way or another. */
export function requestArbitrary(world: World, op: Operation): fc.Arbitrary<FuzzRequest> {
  const sa = new SchemaArbitraries(world.doc, idSource(world, op));
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  // A valid request comes from whoever the operation's `security` admits: a signed-in role when it needs a
  // session, anybody when it does not. Anonymous calls of the former are among the broken ones below.
  const role = needsSession(op) ? fc.constantFrom(...ROLES.slice(1)) : fc.constantFrom(...ROLES);
  const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathParamArb(sa, p)])));
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        p.required
          ? sa.valid(p.schema, p.name).map((v) => [p.name, v] as const)
          : fc.option(
              sa.valid(p.schema, p.name).map((v) => [p.name, v] as const),
              { freq: 2 },
            ),
      ),
    )
    .map((pairs) =>
      pairs
        .filter((x): x is readonly [string, unknown] => x !== null)
        .flatMap(([k, v]) =>
          Array.isArray(v) ? v.map((x) => [k, String(x)] as [string, string]) : [[k, String(v)] as [string, string]],
        ),
    );
  const headers = fc
    .tuple(...headerParams.map((p) => fc.option(sa.valid(p.schema, p.name).map((v) => [p.name, String(v)] as const))))
    .map((pairs) => Object.fromEntries(pairs.filter((x) => x !== null)));
  // A body of each media type the document names for the operation.
  const bodies: fc.Arbitrary<Body>[] = [];
  if (op.body) bodies.push(sa.valid(op.body).map((value): Body => ({ kind: 'json', value })));
  if (op.form) bodies.push(formArbitrary(sa, op.form, { oddText: false }));
  if (op.csv) bodies.push(csvArbitrary(world, sa, op.csv));
  if (op.urlencoded) bodies.push(urlencodedArbitrary(world, sa, op.urlencoded));
  const validBody: fc.Arbitrary<Body> =
    bodies.length === 0
      ? fc.constant({ kind: 'none' })
      : op.bodyRequired
        ? fc.oneof(...bodies)
        : fc.option(fc.oneof(...bodies), { nil: { kind: 'none' } as Body });

  const valid: fc.Arbitrary<FuzzRequest> = fc.record({
    role,
    params,
    query,
    headers,
    dropCsrf: fc.constant(false),
    body: validBody,
    valid: fc.constant(true),
  });

  // Broken: each takes the valid request and spoils one part of it.
  const spoil: fc.Arbitrary<(r: FuzzRequest) => FuzzRequest> = fc.oneof(
    // a path parameter of any shape
    fc
      .record({ which: fc.nat(), value: fc.oneof(oddString(), fc.constantFrom(...ODD_NUMBERS_AS_TEXT)) })
      .map(({ which, value }) => (r: FuzzRequest) => {
        if (pathParams.length === 0) return { ...r, query: [...r.query, ['__extra', value] as [string, string]] };
        const p = pathParams[which % pathParams.length];
        return { ...r, params: { ...r.params, [p.name]: value } };
      }),
    // a query parameter of any shape, repeated, or unknown
    fc
      .record({
        which: fc.nat(),
        value: fc.oneof(oddString(), fc.constantFrom(...ODD_NUMBERS_AS_TEXT)),
        mode: fc.constantFrom('replace', 'repeat', 'unknown'),
      })
      .map(({ which, value, mode }) => (r: FuzzRequest) => {
        const p = queryParams[which % Math.max(1, queryParams.length)];
        if (!p || mode === 'unknown')
          return { ...r, query: [...r.query, [`fuzz${which % 7}`, value] as [string, string]] };
        if (mode === 'repeat')
          return {
            ...r,
            query: [...r.query, [p.name, value] as [string, string], [p.name, value] as [string, string]],
          };
        return { ...r, query: [...r.query.filter(([k]) => k !== p.name), [p.name, value] as [string, string]] };
      }),
    // a JSON body missing a field, with an extra one, with a field of the wrong kind, or not an object
    fc
      .record({ which: fc.nat(), value: hostile(), mode: fc.constantFrom('drop', 'extra', 'wrong', 'whole') })
      .map(({ which, value, mode }) => (r: FuzzRequest) => {
        const base =
          r.body.kind === 'json' && r.body.value && typeof r.body.value === 'object' && !Array.isArray(r.body.value)
            ? (r.body.value as Record<string, unknown>)
            : {};
        const keys = Object.keys(base);
        const key = keys.length ? keys[which % keys.length] : 'x';
        if (mode === 'whole') return { ...r, body: { kind: 'json', value } as Body };
        if (mode === 'drop')
          return {
            ...r,
            body: { kind: 'json', value: Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)) } as Body,
          };
        if (mode === 'extra')
          return { ...r, body: { kind: 'json', value: { ...base, [`fuzz${which % 5}`]: value } } as Body };
        return { ...r, body: { kind: 'json', value: { ...base, [key]: value } } as Body };
      }),
    // a body that is not what it claims to be
    fc
      .record({ text: fc.constantFrom(...MALFORMED), contentType: fc.constantFrom(...CONTENT_TYPES) })
      .map(({ text, contentType }) => (r: FuzzRequest) => ({
        ...r,
        body: { kind: 'raw', payload: text, contentType } as Body,
      })),
    // multipart, broken or without its file
    fc
      .oneof(formArbitrary(sa, op.form ?? ANY_FORM, { oddText: true }), fc.constantFrom(...MALFORMED_MULTIPART))
      .map((body) => (r: FuzzRequest) => ({ ...r, body })),
    // odd headers, a missing CSRF token
    fc
      .record({ h: fc.constantFrom(...ODD_HEADERS), dropCsrf: fc.boolean() })
      .map(({ h, dropCsrf }) => (r: FuzzRequest) => ({ ...r, headers: { ...r.headers, ...h }, dropCsrf })),
    // no session where one is needed
    fc.constant((r: FuzzRequest): FuzzRequest => ({ ...r, role: 'anonymous' })),
  );
  const broken = fc
    .tuple(valid, fc.array(spoil, { minLength: 1, maxLength: 2 }))
    .map(([r, fs]) => fs.reduce<FuzzRequest>((acc, f) => f(acc), { ...r, valid: false }));
  return fc.oneof(valid, broken);
}

const ODD_NUMBERS_AS_TEXT = [
  '-1',
  '0',
  '-0',
  '1.5',
  '1e3',
  '0x10',
  ' 7',
  '7 ',
  '+7',
  '2147483648',
  '9007199254740993',
  '99999999999999999999999',
  'Infinity',
  'NaN',
  '1,2',
  '١٢',
];
const MALFORMED = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"x": 1}}',
  '\u0000',
  '{"__proto__": {"admin": true}}',
  '"just a string"',
  '12',
  'null',
  '',
  '\uFEFF{}',
  `{"a":"${'\\'.repeat(3)}"}`,
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=latin1',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data',
  'application/merge-patch+json',
  'image/jpeg',
];
const MALFORMED_MULTIPART: Body[] = [
  {
    kind: 'raw',
    payload: '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n',
    contentType: 'multipart/form-data; boundary=X',
  },
  { kind: 'raw', payload: 'not a form at all', contentType: 'multipart/form-data; boundary=Y' },
  { kind: 'raw', payload: '--Z--\r\n', contentType: 'multipart/form-data; boundary=Z' },
  {
    kind: 'raw',
    payload:
      '--Q\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
    contentType: 'multipart/form-data; boundary=Q',
  },
  {
    kind: 'raw',
    payload: '--W\r\nContent-Disposition: form-data; name="description"\r\n\r\nhi\r\n--W--\r\n',
    contentType: 'multipart/form-data',
  },
  { kind: 'form', fields: {}, files: [] },
];

/**
 * A multipart form from its schema: each text field drawn from its own schema, files of any kind at its
 * binary parts (at least one where the part is required); in a broken request now and then odd text, and a
 * file in a field that takes none.
 */
function formArbitrary(sa: SchemaArbitraries, schema: Schema, opts: { oddText: boolean }): fc.Arbitrary<Body> {
  const form = sa.resolve(schema);
  const properties = Object.entries(form.properties ?? {}).map(([name, p]) => [name, sa.resolve(p)] as const);
  const binary = (p: Schema) => p.format === 'binary';
  const fileParts = properties.filter(
    ([, p]) => binary(p) || (p.type === 'array' && binary(sa.resolve(p.items ?? {}))),
  );
  const textFields = properties.filter(([name]) => !fileParts.some(([f]) => f === name));
  const required = form.required ?? [];
  const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  const value = (name: string, p: Schema) =>
    opts.oddText
      ? fc.oneof(
          { weight: 3, arbitrary: sa.valid(p, name).map(text) },
          { weight: 1, arbitrary: oddString().map((v) => v.slice(0, 70_000)) },
        )
      : sa.valid(p, name).map(text);
  const strayFile = fc.record({
    field: fc.constantFrom('description', 'note', 'photo'),
    file: fc.constantFrom(...FILE_KINDS),
  });
  const files = fc.tuple(
    ...fileParts.map(([field, p]) =>
      fc
        .array(fc.constantFrom(...FILE_KINDS), {
          minLength: required.includes(field) ? 1 : 0,
          maxLength: p.type === 'array' ? 2 : 1,
        })
        .map((kinds) => kinds.map((file) => ({ field, file }))),
    ),
    opts.oddText
      ? fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: strayFile })
      : fc.constant(null),
  );
  return fc
    .record({
      fields: fc.record(Object.fromEntries(textFields.map(([name, p]) => [name, value(name, p)])), {
        requiredKeys: required.filter((k) => textFields.some(([name]) => name === k)),
      }),
      files,
    })
    .map(
      ({ fields, files: [...parts] }): Body => ({
        kind: 'form',
        fields: keepDependencies(fields as Record<string, string>, form),
        files: parts.flat().filter((f) => f !== null),
      }),
    );
}

/**
 * A form-encoded body (Open311's POST): the fields the schema allows, often with a real key (live or revoked),
 * a real service, the city's code and a point in it, so that requests reach the filing itself.
 */
function urlencodedArbitrary(world: World, sa: SchemaArbitraries, schema: Schema): fc.Arbitrary<Body> {
  const { keys, serviceCodes, jurisdiction } = world.open311;
  const real = fc.record({
    api_key: fc.constantFrom(...keys),
    service_code: fc.constantFrom(...serviceCodes),
    jurisdiction_id: fc.constant(jurisdiction),
    lat: fc.double({ min: 55.7, max: 55.88, noNaN: true }).map(String),
    long: fc.double({ min: 49.02, max: 49.22, noNaN: true }).map(String),
  });
  return fc.tuple(sa.valid(schema), fc.option(real, { freq: 3 })).map(([value, known]) => {
    // With the real fields, the place is the point and the text a report: the request can be filed.
    const asked = Object.entries(value as Record<string, unknown>).filter(
      ([k]) => !known || !/^(address_|media_url|attribute\[|description)/.test(k),
    );
    const report = known ? { description: 'Проверка: яма во дворе' } : {};
    const fields = Object.entries({ ...Object.fromEntries(asked), ...report, ...(known ?? {}) }).map(
      ([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')],
    );
    return {
      kind: 'raw',
      payload: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  });
}

/** A CSV body: text the schema allows, or a passport line of a building that exists (dispatch/passport.ts). */
function csvArbitrary(world: World, sa: SchemaArbitraries, schema: Schema): fc.Arbitrary<Body> {
  const buildings = world.pools.get('buildings') ?? [];
  return fc
    .oneof(
      sa.valid(schema).map((v) => String(v)),
      fc
        .record({ id: fc.constantFrom(...buildings, 1), floors: fc.integer({ min: 1, max: 30 }) })
        .map(({ id, floors }) => `buildingId,floors\r\n${id},${floors}\r\n`),
    )
    .map((payload): Body => ({ kind: 'raw', payload, contentType: 'text/csv' }));
}

export function urlOf(op: Operation, r: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent((r.params[name] ?? '').toWellFormed()),
  );
  const q = new URLSearchParams();
  for (const [k, v] of r.query) q.append(k, v);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The bytes of a file of a form, with a name and a declared type (garbage declares an image it is not). */
function fileOf(world: World, file: FileKind): { filename: string; type: string; bytes: Buffer } {
  if (file === 'jpeg') return { filename: 'a.jpg', type: 'image/jpeg', bytes: world.files.jpeg };
  if (file === 'png') return { filename: 'a.png', type: 'image/png', bytes: world.files.png };
  if (file === 'pdf') return { filename: 'passport.pdf', type: 'application/pdf', bytes: world.files.pdf };
  if (file === 'csv') return { filename: 'readings.csv', type: 'text/csv', bytes: world.files.csv };
  if (file === 'empty') return { filename: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) };
  return { filename: 'x.xlsx', type: 'image/jpeg', bytes: Buffer.from('GIF89a not really an image ☹') };
}

let counter = 0;
export const requestsSent = () => counter;

/** Send one request through the real app (in-process HTTP) and check the answer. */
export async function sendAndCheck(
  world: World,
  op: Operation,
  r: FuzzRequest,
): Promise<{ status: number; problems: string[]; describe: () => string; body: string; problem: string }> {
  const signOut = op.path.startsWith('/api/auth/sign-out');
  let session: Record<string, string> = {};
  if (r.role !== 'anonymous')
    session = { ...(signOut ? await world.t.signIn(world.victims[r.role]) : world.sessions.get(r.role)) };
  // The session as the operation's `security` names it: the cookie, and the CSRF token where the scheme with
  // the cookie names it too (every write; a read needs none).
  const withSession = op.security?.find((alternative) => 'session' in alternative);
  if (withSession && !('csrf' in withSession)) delete session['x-csrf-token'];
  const headers: Record<string, string> = { ...session, ...r.headers };
  if (r.dropCsrf) delete headers['x-csrf-token'];
  let payload: string | Buffer | undefined;
  if (r.body.kind === 'json') {
    payload = JSON.stringify(r.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (r.body.kind === 'raw') {
    payload = r.body.payload;
    headers['content-type'] = r.body.contentType;
  } else if (r.body.kind === 'form') {
    const files = r.body.files.map(({ field, file }) => ({ name: field, ...fileOf(world, file) }));
    const form = await multipart(r.body.fields, files);
    payload = form.payload;
    headers['content-type'] = form.headers['content-type'];
  }
  const url = urlOf(op, r);
  counter++;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in 30 s: ${op.method} ${url.slice(0, 200)} ${JSON.stringify(r.headers)}`)),
      30_000,
    );
  });
  const res = await Promise.race([
    world.t.app.inject({ method: op.method as 'GET', url, headers, payload }),
    hang,
  ]).finally(() => clearTimeout(timer));
  const describe = () =>
    `${r.role} ${op.method} ${url.slice(0, 300)} headers=${JSON.stringify(r.headers).slice(0, 200)}${r.dropCsrf ? ' (no csrf)' : ''} body=${
      r.body.kind === 'json'
        ? JSON.stringify(r.body.value)?.slice(0, 400)
        : r.body.kind === 'raw'
          ? `${r.body.contentType}: ${String(r.body.payload).slice(0, 200)}`
          : r.body.kind === 'form'
            ? `form ${JSON.stringify(r.body.fields).slice(0, 300)} files=${r.body.files.map((f) => `${f.field}:${f.file}`)}`
            : 'none'
    }`;
  return {
    status: res.statusCode,
    problems: checkResponse(world, op, res),
    describe,
    body: res.body.slice(0, 600),
    problem: res.statusCode >= 400 ? res.body : '',
  };
}

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;

/**
 * What must hold of every answer: no 5xx, a documented status, problem+json for 4xx, JSON under the media type the
 * document declares for it, and a body that fits its schema.
 */
export function checkResponse(world: World, op: Operation, res: Injected): string[] {
  const problems: string[] = [];
  const status = String(res.statusCode);
  const contentType = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 500 && !(op.path === '/readyz' && res.statusCode === 503)) problems.push(`5xx ${status}`);
  const documented = op.responses[status];
  if (!documented) problems.push(`undocumented status ${status}`);
  if (op.path.startsWith('/open311/')) return [...problems, ...open311Problems(world, op, res, contentType)];
  if (res.statusCode >= 400 && res.statusCode < 500 && !contentType.startsWith('application/problem+json'))
    problems.push(`${status} is not problem+json (${contentType})`);
  const mediaType = contentType.split(';')[0].trim();
  if (documented?.content && res.statusCode !== 204 && contentType.includes('json') && !documented.content[mediaType])
    problems.push(`${status} answered as ${mediaType}, documented as ${Object.keys(documented.content).join(', ')}`);
  if (documented && res.statusCode !== 204 && contentType.includes('json') && documented.content?.[mediaType]) {
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      problems.push(`${status} body is not JSON`);
      return problems;
    }
    const validate = world.validatorFor(op, status, mediaType);
    if (!validate(body)) problems.push(`${status} body does not match its schema: ${world_errors(validate.errors)}`);
  }
  if (res.statusCode === 204 && res.body.length > 0) problems.push('204 with a body');
  return problems;
}

/**
 * Open311 answers in the format the URL's extension asks for, errors included (GeoReport error arrays, not
 * problem+json): .xml → well-formed text/xml with the spec's root element, else JSON that fits its schema.
 */
function open311Problems(world: World, op: Operation, res: Injected, contentType: string): string[] {
  const status = String(res.statusCode);
  const wantsXml = (res.raw.req?.url ?? '').split('?')[0].toLowerCase().endsWith('.xml');
  if (res.statusCode === 304) return [];
  if (wantsXml) {
    if (contentType !== 'text/xml; charset=utf-8') return [`${status} for .xml answered as ${contentType}`];
    if (XMLValidator.validate(res.body) !== true) return [`${status} XML is not well-formed`];
    if (res.statusCode >= 400 && !res.body.includes('<errors>') && !res.body.includes('<errors/>'))
      return [`${status} XML is not an error array`];
    return [];
  }
  if (!contentType.startsWith('application/json')) return [`${status} answered as ${contentType}`];
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return [`${status} body is not JSON`];
  }
  if (res.statusCode >= 400 && !Array.isArray(body)) return [`${status} is not a GeoReport error array`];
  if (!op.responses[status]) return [];
  const validate = world.validatorFor(op, status, 'application/json');
  return !validate(body) ? [`${status} body does not match its schema: ${world_errors(validate.errors)}`] : [];
}

const world_errors = (errors: { instancePath: string; message?: string }[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');

/**
 * Fuzz every operation `perOperation` times (split into rounds so records created in one round are
 * aimed at in the next). Returns the distinct failures (first example of each) and the request count.
 */
export async function fuzzRoutes(
  world: World,
  opts: { perOperation: number; rounds: number; seed: number; onRound?: (round: number) => void },
) {
  const failures = new Map<string, Failure>();
  const refusals = new Map<string, Refusal>();
  const per = Math.max(1, Math.ceil(opts.perOperation / opts.rounds));
  for (let round = 0; round < opts.rounds; round++) {
    await world.refreshPools();
    for (const [i, op] of world.operations.entries()) {
      const name = `${op.method} ${op.path}`;
      const opStarted = performance.now();
      const opBefore = counter;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(world, op), async (r) => {
          const result = await sendAndCheck(world, op, r);
          let refused = r.valid && keepsStatedRules(op, r) ? refusalOf(op, r, result) : null;
          // A 401 to a role's session: the fuzzer may have ended it itself (DELETE /api/auth/sessions/{id} aims
          // at real ids). Then the answer was right: a new session for the role, nothing counted.
          if (refused && result.status === 401 && r.role !== 'anonymous' && !(await sessionLives(world, r.role))) {
            world.sessions.set(r.role, await world.t.signIn(world.users[r.role]));
            refused = null;
          }
          // Signing out goes with a fresh session of the role's victim, whom the fuzzer may have disabled itself
          // (POST /api/admin/users/{id}/disable aims at the victims): then 401 was right.
          if (refused && result.status === 401 && op.path.startsWith('/api/auth/sign-out') && r.role !== 'anonymous') {
            const [victim] = await world.t.db.execute<{ disabled: boolean }>(
              sql`select disabled_at is not null as disabled from users where id = ${world.victims[r.role]}`,
            );
            if (victim?.disabled) refused = null;
          }
          if (refused) {
            const key = `${name} :: ${refused.reason}`;
            const seen = refusals.get(key);
            if (seen) seen.count++;
            else
              refusals.set(key, {
                key,
                kind: refused.kind,
                operation: name,
                role: r.role,
                count: 1,
                request: result.describe(),
                status: result.status,
                response: result.body,
              });
          }
          for (const problem of result.problems) {
            const key = `${name} :: ${problem.replace(/\d{3,}/g, 'N').slice(0, 120)}`;
            if (!failures.has(key))
              failures.set(key, {
                key,
                operation: name,
                role: r.role,
                problem,
                request: result.describe(),
                status: result.status,
                response: result.body,
              });
          }
        }),
        { numRuns: per, seed: opts.seed + round * 1000 + i, endOnFailure: true },
      );
      if (process.env.FUZZ_VERBOSE)
        console.log(`${name}: ${counter - opBefore} requests in ${(performance.now() - opStarted).toFixed(0)} ms`);
    }
    opts.onRound?.(round);
  }
  return { failures: [...failures.values()], refusals: [...refusals.values()] };
}

/**
 * The rules between fields the document states in words, in the parameters' descriptions, because JSON
 * Schema cannot say them (a query's parameters are separate schemas; a pattern cannot compare numbers).
 * A request that breaks one is not valid by the document, whatever its schemas say.
 */
export const STATED_RULES: { name: string; applies: (op: Operation) => boolean; holds: (r: FuzzRequest) => boolean }[] =
  [
    {
      name: 'similar appeals: a building, or a point (lat and lon together)',
      applies: (op) => op.path === '/api/appeals/similar',
      holds: (r) => queryHas(r, 'buildingId') || (queryHas(r, 'lat') && queryHas(r, 'lon')),
    },
    {
      name: 'bbox: minLon ≤ maxLon and minLat ≤ maxLat',
      applies: (op) => op.parameters.some((p) => p.in === 'query' && p.name === 'bbox'),
      holds: (r) =>
        r.query
          .filter(([k]) => k === 'bbox')
          .every(([, v]) => {
            const [minLon, minLat, maxLon, maxLat] = v.split(',').map(Number);
            // Not four numbers: the pattern's business, not this rule's.
            if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) return true;
            return minLon <= maxLon && minLat <= maxLat;
          }),
    },
    {
      name: 'an outage: exactly one of buildingIds, area, districtId',
      applies: (op) => op.method === 'POST' && (op.path === '/api/outages' || op.path === '/api/outages/preview'),
      holds: (r) =>
        r.body.kind === 'json' &&
        ['buildingIds', 'area', 'districtId'].filter(
          (k) => (r.body as { value: Record<string, unknown> }).value?.[k] !== undefined,
        ).length === 1,
    },
    {
      name: 'the map’s sla view: for the signed-in staff its description names',
      applies: (op) => op.path === '/api/map/appeals',
      holds: (r) => r.role !== 'anonymous' || !r.query.some(([k, v]) => k === 'view' && v === 'sla'),
    },
    {
      name: 'a queue: municipality-wide roles name the organisation',
      applies: (op) => op.path === '/api/queue',
      holds: (r) => r.role === 'org_staff' || r.role === 'org_supervisor' || queryHas(r, 'organisationId'),
    },
    {
      name: 'an SLA duration: at most 527,040 minutes, 8,784 hours or 250 working days; an IANA time zone',
      applies: (op) => op.path.startsWith('/api/admin/sla-policies/') && op.method === 'PUT',
      holds: (r) =>
        r.body.kind !== 'json' ||
        objectsIn(r.body.value).every(
          (o) =>
            (typeof o.amount !== 'number' ||
              typeof o.unit !== 'string' ||
              o.amount <= (maxAmount[o.unit as keyof typeof maxAmount] ?? Number.POSITIVE_INFINITY)) &&
            (typeof o.timeZone !== 'string' || knownTimeZone(o.timeZone)),
        ),
    },
    {
      name: 'a meter: more than one tariff only for electricity; apartments of one request numbered apart',
      applies: (op) => op.path.startsWith('/api/housing/') && op.method === 'POST',
      holds: (r) => {
        if (r.body.kind !== 'json') return true;
        const meters = objectsIn(r.body.value).filter((o) => typeof o.kind === 'string' && 'tariffs' in o);
        const numbers = ((r.body.value as { apartments?: { number?: unknown }[] })?.apartments ?? [])
          .map((a) => a?.number)
          .filter((n): n is string => typeof n === 'string')
          .map((n) => n.trim().toLowerCase());
        return (
          meters.every((m) => m.kind === 'electricity' || m.tariffs === 1) && new Set(numbers).size === numbers.length
        );
      },
    },
    {
      name: 'working hours: each interval ends after it starts and starts no earlier than the one before ends',
      applies: (op) =>
        (op.path.startsWith('/api/admin/organisations') || op.path.startsWith('/api/admin/sla-policies/')) &&
        (op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT'),
      holds: (r) => r.body.kind !== 'json' || weeksIn(r.body.value).every(weekInOrder),
    },
    {
      // The office admin (issue 16): a day's hours as dispatch/office-admin.ts intervalProblems checks them.
      name: 'an office’s or a point’s hours: each interval ends after it starts, in order, not overlapping',
      applies: (op) =>
        (op.path.startsWith('/api/admin/offices') || op.path.startsWith('/api/admin/service-points/')) &&
        (op.method === 'POST' || op.method === 'PATCH'),
      holds: (r) => {
        if (r.body.kind !== 'json' || !r.body.value || typeof r.body.value !== 'object') return true;
        const { week, hours } = r.body.value as { week?: unknown; hours?: unknown };
        const days = [
          ...(week && typeof week === 'object' ? Object.values(week as Record<string, unknown>) : []),
          ...(Array.isArray(hours) ? [hours] : []),
        ];
        return days.every(
          (day) => !Array.isArray(day) || intervalProblems(day as { start: string; end: string }[]).length === 0,
        );
      },
    },
    {
      name: 'an e-mail address: at most 64 characters before the @',
      applies: (op) => op.body !== null,
      holds: (r) => r.body.kind !== 'json' || emailsIn(r.body.value).every((e) => e.trim().lastIndexOf('@') <= 64),
    },
    {
      name: 'a reading window: fromDay not after toDay',
      applies: (op) => op.path.endsWith('/reading-window') && op.method === 'PUT',
      holds: (r) => {
        // null: the building follows its municipality's window
        const window = r.body.kind === 'json' ? (r.body.value as { fromDay: number; toDay: number } | null) : null;
        return window === null || window.fromDay <= window.toDay;
      },
    },
    {
      // With one end absent the other is today or Monday 11 weeks ago: the clock's, not the request's.
      // The e-services' figures (api/eservice-stats/) take the same period; one end absent, the other is today or 89 days before to.
      name: 'a statistics period: from not after to, at most 1,100 days (both given)',
      applies: (op) =>
        (op.path.startsWith('/api/stats/') ||
          op.path.startsWith('/api/eservice-stats/') ||
          op.path.startsWith('/api/queue-stats')) &&
        op.parameters.some((p) => p.name === 'from'),
      holds: (r) => {
        const from = r.query.find(([k]) => k === 'from')?.[1];
        const to = r.query.find(([k]) => k === 'to')?.[1];
        if (from === undefined && to === undefined) return true;
        if (from === undefined || to === undefined) return false;
        return from <= to && (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 <= 1100;
      },
    },
    {
      // With `to` alone the period is the 30 days before it; with `from` alone it ends a year later or today,
      // whichever is first (the clock's, not the request's).
      name: 'an open-data period: from not after to, at most 366 days',
      applies: (op) => op.path.startsWith('/api/open-data/appeals.'),
      holds: (r) => {
        const from = r.query.find(([k]) => k === 'from')?.[1];
        const to = r.query.find(([k]) => k === 'to')?.[1];
        if (from === undefined) return true;
        if (to === undefined) return false;
        return from <= to && (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 <= 366;
      },
    },
    {
      name: 'an appeal action: photos only with resolve, provide_info, dispute and public comments',
      applies: (op) => op.method === 'POST' && op.path === '/api/appeals/{id}/actions',
      holds: (r) =>
        r.body.kind !== 'form' ||
        !r.body.files.some((f) => f.field === 'photos') ||
        (actionsWithPhotos.includes(r.body.fields.action as LifecycleAction) &&
          !(r.body.fields.action === 'comment' && r.body.fields.visibility === 'internal')),
    },
    {
      name: 'the public building search: q, bbox or organisationId, one at least',
      applies: (op) => op.method === 'GET' && op.path === '/api/buildings',
      holds: (r) => ['q', 'bbox', 'organisationId'].some((name) => queryHas(r, name)),
    },
    {
      name: 'the map’s box: at most 64 grid cells of its zoom across each side',
      applies: (op) => op.path === '/api/map/appeals',
      holds: (r) => {
        const [minLon, minLat, maxLon, maxLat] = (r.query.find(([k]) => k === 'bbox')?.[1] ?? '')
          .split(',')
          .map(Number);
        const zoom = Number(r.query.find(([k]) => k === 'zoom')?.[1]);
        // Not a box or not a zoom: the patterns' business, not this rule's.
        if (![minLon, minLat, maxLon, maxLat, zoom].every(Number.isFinite)) return true;
        return rangeWithinLimit(coveringRange({ minLon, minLat, maxLon, maxLat }, zoom));
      },
    },
    {
      name: 'an inspection plan: the due day within its year',
      applies: (op) => op.method === 'POST' && op.path === '/api/inspections/plan',
      holds: (r) => {
        if (r.body.kind !== 'json') return true;
        const { year, dueOn } = (r.body.value ?? {}) as { year?: unknown; dueOn?: unknown };
        return typeof dueOn !== 'string' || typeof year !== 'number' || Number(dueOn.slice(0, 4)) === year;
      },
    },
  ];

/**
 * Refusals that depend on what exists, the clock, the role or a file's content, not on the document: an id
 * of the right shape that names no such record (or one of another municipality), a wrong password, a year
 * or a time too far from now, the notices a role receives, a file's lines. Counted apart, never asserted.
 */
export const ANSWERED_BY_THE_WORLD: Record<string, string> = {
  'discussion.invalid_territory':
    'a territory’s rings: simple, not degenerate, inside the municipality’s boundary (the record), holes inside their area',
  'discussion.invalid_schedule':
    'a discussion’s dates against today, the production calendar and the kind’s term in law',
  'discussion.unknown_building': 'building ids that name buildings of the municipality',
  'discussion.no_such_organiser': 'an organisation id that names one of the municipality',
  'discussion.needs_document': 'a document uploaded before the notice (the discussion’s state)',
  'proposal.invalid': 'a proposal’s point inside the municipality’s boundary',
  'proposal.idempotency_key_reused': 'a key used before for a proposal to another discussion',
  'discussion.ineligible.outside': 'whether the person’s addresses are on the discussion’s territory',
  'discussion.ineligible.unidentified': 'whether the person has a verified identity or a confirmed apartment',
  'proposal.period_before': 'the discussion’s proposals period (the clock)',
  'proposal.period_after': 'the discussion’s proposals period (the clock)',
  'proposal.moderation_closed': 'the discussion’s status (moderation ends with the protocol)',
  'field.not_in_future': 'an instant against the clock',
  'meter.values_expected': 'as many values as the meter has tariffs (the record)',
  'auth.credentials_wrong': 'the password is checked against the account',
  'auth.code_expired': 'a code of the right shape that was never sent',
  'auth.municipality_unknown': 'a municipality code of the right shape that names none',
  'identity.state_unknown': 'a state is made by the platform when a sign-in with the identity provider starts',
  'identity.denied': 'the provider sends error=access_denied when the person refuses',
  'identity.provider_error': 'an error the provider sends back',
  'appeal.category_unknown': 'a category id that names none of the municipality',
  'appeal.organisation_unknown': 'an organisation id that names none of the municipality',
  'appeal.target_unknown': 'an appeal id that names none of the municipality',
  'appeal.cursor_invalid': 'a cursor is a token of an earlier answer, not made up',
  'link.no_such_apartment': 'an apartment number the building does not have',
  'link.no_such_building': 'a building id that names none',
  'inspection.plan_year': 'the years one may plan are this one and the next (the clock)',
  'outage.invalid_times': 'start and end are checked against now (the clock)',
  'notification.kind_not_received': 'the notices a role receives (dispatch/notification-kinds.ts)',
  'building.cannot_save': 'a point outside the municipality, organisations of the wrong kind',
  'category.cannot_save': 'a utility only for a supplier organisation',
  'routing.rule_invalid': 'buildings, districts or organisations of another municipality',
  'reading.import.bad_layout': 'the lines of the uploaded file',
  'reading.import.not_utf8': 'the bytes of the uploaded file',
  'passport.import.bad_header': 'the lines of the uploaded CSV',
  'user.resident_no_password': 'the account named is a resident’s',
  'user.cannot_create': 'an organisation of the right kind for the role',
  'user.cannot_change': 'an organisation of the right kind for the role',
  'appeal.not_acceptable': 'a category closed to filing, a point outside the municipality',
  'appeal.category_inactive': 'a category deactivated by the admin',
  'appeal.building_unknown': 'a building id that names none',
  'outage.invalid_area': 'an area outside the municipality',
  'outage.own_organisation_only': 'staff publish for their own organisation',
  'outage.no_such_organisation':
    'an organisation id that names one of the municipality (an admin without one names it)',
  'inspection.scores_refused': 'the elements of the building’s checklist',
  'inspection.no_fitting_category': 'a category of the municipality that fits the defect',
  'inspection.not_all_scored': 'every element of the checklist scored first (the inspection’s state)',
  'application.invalid': 'the values the service’s form takes, its documents and the kinds of applicant it admits',
  'application.service_not_offered': 'a service id that names none offered now',
  'application.idempotency_key_reused': 'a key used before for another application',
  'application.steps_refused': 'the service’s stages and refusal grounds, the result file uploaded before',
  'eservice.invalid':
    'codes and keys unique within their list, a choice with its choices, a valid pattern (the description)',
  'interagency.invalid': 'an organisation of the municipality other than the department',
  'hall.kiosk_key': 'the office’s kiosk key, issued by its keeper (only its hash is kept)',
  'hall.check_in.invalid': 'a booking code of this office for today, at its time (the records and the clock)',
  'hall.walk_in.invalid': 'an office open now that takes walk-ins for a service given now (the clock)',
  'hall.redirect.invalid': 'another active point of the ticket’s office',
  'appointment.field.office_unknown': 'an office id that names none active',
  'appointment.field.service_unknown': 'a service id that names none of the office’s municipality',
  'appointment.field.not_provided': 'the services the office’s points give',
  'appointment.field.past': 'a start is checked against now (the clock)',
  'appointment.field.too_soon': 'a start is checked against now (the clock)',
  'appointment.field.beyond_horizon': 'a start is checked against now and the office’s booking window',
  'appointment.field.holiday': 'the production calendar and the office’s week',
  'appointment.field.closed': 'the office’s exceptions',
  'appointment.field.outside_hours': 'the office’s and its points’ hours',
  'appointment.field.off_grid': 'the points’ slot grids',
  'appointment.field.one_per_service': 'the person’s live appointments',
  'appointment.field.too_many': 'the person’s live appointments',
  'appointment.field.application_unknown': 'an application number of the person’s own',
  'appointment.field.application_not_ready': 'the application’s status',
  'appointment.field.application_closed': 'the application’s status',
  'appointment.field.application_other_service': 'the application’s e-service',
  'appointment.field.idempotency_key_taken': 'a key used before for another booking',
  'appointment.field.reason_needed': 'the office’s staff give a reason, the person need not (the role)',
  'office.invalid':
    'services of the municipality once each, operators of the office’s organisation, a point of the office, a day not past',
};

/**
 * Rules the server enforces that the document does not declare yet (issue 14, item 5): none now. Counted
 * and printed apart, so the list can only shrink; a refusal of any other code fails the run.
 */
export const NOT_YET_DECLARED: Record<string, string> = {};

/** Does the role's session of the world still work? */
async function sessionLives(world: World, role: Exclude<Role, 'anonymous'>): Promise<boolean> {
  const res = await world.t.app.inject({ url: '/api/auth/session', headers: world.sessions.get(role) });
  return res.statusCode === 200;
}

/** What the server answered for: the codes of the refused fields, or the problem's own code. */
const codesOf = (problem: { code?: string; errors?: { code?: string }[] }) => {
  const fields = (problem.errors ?? []).map((e) => e.code).filter((c): c is string => Boolean(c));
  return fields.length > 0 ? fields : [problem.code ?? '?'];
};

/** The weeks of working hours in a body: an organisation's `[from, to]` pairs, an SLA calendar's `{start, end}`. */
function weeksIn(value: unknown): { week: [string, string][][]; sla: boolean }[] {
  return objectsIn(value)
    .filter((o) => o.week && typeof o.week === 'object' && ('calendar' in o || o.kind === 'working_hours'))
    .map((o) => ({
      sla: o.kind === 'working_hours',
      week: Object.values(o.week as Record<string, unknown[]>).map((day) =>
        (Array.isArray(day) ? day : []).map((i) =>
          Array.isArray(i)
            ? ([String(i[0]), String(i[1])] as [string, string])
            : ([String((i as { start?: unknown }).start), String((i as { end?: unknown }).end)] as [string, string]),
        ),
      ),
    }));
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
/** A week's intervals in order (and, for an SLA calendar, some working time in it). */
const weekInOrder = ({ week, sla }: { week: [string, string][][]; sla: boolean }) =>
  week.every((day) =>
    day.every(
      ([from, to], i) => minutesOf(to) > minutesOf(from) && (i === 0 || minutesOf(from) >= minutesOf(day[i - 1][1])),
    ),
  ) &&
  (!sla || week.some((day) => day.length > 0));

/** Every object in a JSON value, nested ones too. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== 'object') return [];
  const children = Object.values(value as Record<string, unknown>).flatMap(objectsIn);
  return Array.isArray(value) ? children : [value as Record<string, unknown>, ...children];
}

/** The e-mail addresses of a JSON body: its fields `email`, and `destination` when it holds an @. */
function emailsIn(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? ((k === 'email' || k === 'destination') && v.includes('@') ? [v] : []) : emailsIn(v),
  );
}

const queryHas = (r: FuzzRequest, name: string) => r.query.some(([k]) => k === name);
const keepsStatedRules = (op: Operation, r: FuzzRequest) =>
  STATED_RULES.every((rule) => !rule.applies(op) || rule.holds(r));

/**
 * A valid request the server refused, the same refusal counted once per request it met: `document` when the
 * document allowed what the server refuses, `world` when the answer depends on the records, the clock, the
 * role or a file (ANSWERED_BY_THE_WORLD), `undeclared` for a rule still to declare (NOT_YET_DECLARED).
 */
export type Refusal = Omit<Failure, 'problem'> & { count: number; kind: 'document' | 'world' | 'undeclared' };

/**
 * Why the server refused a request that is valid by the document, or null when it did not: a 400 or 422
 * (the document allowed what the server does not), or a 401 when the document let the request in (it
 * needs no session, or it carried one). A 403 is not counted: the document's `security` says who must be
 * signed in, not which role may act on which record (dispatch/permissions.ts and the services decide).
 */
function refusalOf(
  op: Operation,
  r: FuzzRequest,
  result: { status: number; problem: string },
): { reason: string; kind: Refusal['kind'] } | null {
  const sessionKept = r.role !== 'anonymous' && !r.dropCsrf;
  // Open311's refusals depend on the installation and the records, which its document cannot state: a
  // jurisdiction_id required while several municipalities are served, a window of at most 90 days, a live
  // api_key. They answer error arrays (checked above); tests/api/open311*.test.ts checks each refusal.
  if (op.path.startsWith('/open311/') && (result.status === 400 || result.status === 422)) {
    return { reason: `${result.status} open311 ${result.problem.slice(0, 80)}`, kind: 'world' };
  }
  const refused =
    result.status === 400 || result.status === 422 || (result.status === 401 && (sessionKept || !needsSession(op)));
  if (!refused) return null;
  let problem: { code?: string; errors?: { field?: string; code?: string }[] } = {};
  try {
    problem = JSON.parse(result.problem);
  } catch {
    // not a problem document: the refusal is named by its status alone
  }
  const fields = (problem.errors ?? []).map((e) => `${e.field}${e.code ? `:${e.code}` : ''}`).join(',');
  const reason = `${result.status} ${problem.code ?? '?'}${fields ? ` [${fields}]` : ''}`;
  const within = (list: Record<string, string>) =>
    (problem.code ?? '') in list || codesOf(problem).every((code) => code in list);
  const kind = within(ANSWERED_BY_THE_WORLD)
    ? 'world'
    : within({ ...ANSWERED_BY_THE_WORLD, ...NOT_YET_DECLARED })
      ? 'undeclared'
      : 'document';
  return { reason, kind };
}
