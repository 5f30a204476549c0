/**
 * The route fuzzer's world: a real app over a small city with issue 6's records, one session per role,
 * the served OpenAPI document, pools of the ids that exist, a request generator per operation and the
 * checks every response must pass.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart, png } from '../helpers/http.ts';
import { outageCity } from '../helpers/outages.ts';
import { pdf } from '../helpers/passports.ts';
import { readingMakers } from '../helpers/readings.ts';
import { hostile, oddString, type Schema, SchemaArbitraries } from './schema-arbitraries.ts';

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
  bodyRequired: boolean;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

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
};

export type World = Awaited<ReturnType<typeof startWorld>>;

/** The app, its city and everything the fuzzer needs to aim at real records. */
export async function startWorld() {
  // Thousands of writes from one user in seconds: the write limits (tests/api/hardening.test.ts)
  // would answer most of them 429, documented but hiding the routes behind.
  const t: TestApp = await startTestApp({ env: { WRITE_RATE_LIMITS: 'off' } });
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
        bodyRequired: Boolean((o.requestBody as { required?: boolean } | undefined)?.required),
        responses: o.responses as Operation['responses'],
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
  return { t, c, doc, operations, users, victims, sessions, pools, refreshPools, validatorFor, files };
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
  const role = fc.constantFrom(...ROLES);
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
  if (op.form) bodies.push(formArbitrary(sa, op.form));
  if (op.csv) bodies.push(csvArbitrary(world, sa, op.csv));
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
      .oneof(formArbitrary(sa, op.form ?? ANY_FORM), fc.constantFrom(...MALFORMED_MULTIPART))
      .map((body) => (r: FuzzRequest) => ({ ...r, body })),
    // odd headers, a missing CSRF token
    fc
      .record({ h: fc.constantFrom(...ODD_HEADERS), dropCsrf: fc.boolean() })
      .map(({ h, dropCsrf }) => (r: FuzzRequest) => ({ ...r, headers: { ...r.headers, ...h }, dropCsrf })),
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
 * A multipart form from its schema: each text field drawn from its own schema (now and then odd text),
 * files of any kind at its binary parts (at least one where the part is required), and now and then a
 * file in a field that takes none.
 */
function formArbitrary(sa: SchemaArbitraries, schema: Schema): fc.Arbitrary<Body> {
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
    fc.oneof(
      { weight: 3, arbitrary: sa.valid(p, name).map(text) },
      { weight: 1, arbitrary: oddString().map((v) => v.slice(0, 70_000)) },
    );
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
    fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: strayFile }),
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
        fields: fields as Record<string, string>,
        files: parts.flat().filter((f) => f !== null),
      }),
    );
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
): Promise<{ status: number; problems: string[]; describe: () => string; body: string }> {
  const signOut = op.path.startsWith('/api/auth/sign-out');
  let session: Record<string, string> = {};
  if (r.role !== 'anonymous')
    session = signOut ? await world.t.signIn(world.victims[r.role]) : (world.sessions.get(r.role) ?? {});
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
  return { status: res.statusCode, problems: checkResponse(world, op, res), describe, body: res.body.slice(0, 600) };
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
  return [...failures.values()];
}
