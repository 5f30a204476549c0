import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type Json = Record<string, unknown>;
type Operation = {
  requestBody?: { content: Record<string, { schema: Json }> };
  security?: Record<string, string[]>[];
  parameters?: { in: string; required?: boolean }[];
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

/** The writes that take no body, and why: everything they act on is in the path or the session. */
const TAKE_NO_BODY: Record<string, string> = {
  'POST /api/auth/sign-out': 'ends the session of the request',
  'POST /api/auth/sign-out-everywhere': 'ends every session of the signed-in user',
  'DELETE /api/auth/sessions/{id}': 'the path names the session',
  'DELETE /api/admin/routing-rules/{id}': 'the path names the rule',
  'DELETE /api/admin/sla-policies/{category}/{priority}': 'the path names the policy',
  'DELETE /api/admin/escalation-ladder': 'the admin’s municipality has one ladder; the default takes its place',
  'DELETE /api/admin/categories/{id}': 'the path names the category',
  'DELETE /api/admin/offices/{id}/exceptions/{exceptionId}':
    'the path names the exception; cancelling the bookings it takes away is asked in the query',
  'POST /api/offices/{id}/kiosk-key': 'the path names the office; the new key is made by the server',
  'POST /api/service-points/{id}/call-next': 'the path names the window; the call rule chooses the client',
  'POST /api/admin/users/{id}/disable': 'the path names the account',
  'POST /api/admin/users/{id}/enable': 'the path names the account',
  'POST /api/appeals/{id}/follow': 'the signed-in user follows the appeal in the path',
  'DELETE /api/appeals/{id}/follow': 'the signed-in user stops following the appeal in the path',
  'DELETE /api/me/apartments/{id}': 'the path names the link withdrawn',
  'POST /api/housing/meters/{id}/retire': 'the path names the meter, retired now',
  'POST /api/inspections/{id}/start': 'the path names the inspection, started now',
  'DELETE /api/building-documents/{id}': 'the path names the document',
  'DELETE /api/discussions/{id}/documents/{documentId}': 'the path names the discussion’s document',
  'DELETE /api/identity': 'unlinks the signed-in resident’s own verified identity',
  'POST /api/outages/{id}/follow': 'the signed-in user follows the outage in the path',
  'DELETE /api/outages/{id}/follow': 'the signed-in user stops following the outage in the path',
  'POST /api/applications/{id}/submit': 'the path names the draft; the Idempotency-Key header makes a retry safe',
  'DELETE /api/applications/{id}/files/{fileId}': 'the path names the draft’s file',
};

/** The routes whose handler reads a multipart form: its file field and the fields it requires. */
const FORMS: Record<string, { file: string; required: string[] }> = {
  'POST /api/appeals': { file: 'photos', required: ['categoryId', 'description'] },
  'POST /api/appeals/{id}/actions': { file: 'photos', required: ['action'] },
  'POST /api/inspections/{id}/defects': { file: 'photos', required: ['element', 'severity', 'description'] },
  'POST /api/buildings/{id}/documents': { file: 'file', required: ['kind', 'title', 'file'] },
  'POST /api/housing/readings/import': { file: 'file', required: [] },
  'POST /api/applications/{id}/files': { file: 'file', required: ['file'] },
  'POST /api/applications/{id}/results': { file: 'file', required: ['file'] },
  'POST /api/interagency/{id}/answer': { file: 'file', required: ['decision', 'note', 'version'] },
};

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.app.inject('/api/openapi.json')).json();
  });
  afterAll(() => t?.close());

  const writes = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method !== 'get')
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
  const resolve = (schema: Json): Json =>
    typeof schema.$ref === 'string' ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;

  it('declares a request body for every write but those listed as taking none', () => {
    expect(writes().length).toBeGreaterThan(50);
    expect(
      writes()
        .filter((w) => !w.op.requestBody && !(w.key in TAKE_NO_BODY))
        .map((w) => w.key),
    ).toEqual([]);
    // The list stays true: each entry is a write of the document, still without a body.
    const listed = new Map(writes().map((w) => [w.key, w.op]));
    expect(Object.keys(TAKE_NO_BODY).filter((k) => !listed.has(k) || listed.get(k)?.requestBody)).toEqual([]);
  });

  it('documents each multipart form with its fields and its files as binary parts, and JSON where it is taken too', () => {
    for (const [key, expected] of Object.entries(FORMS)) {
      const [method, path] = key.split(' ');
      const content = doc.paths[path][method.toLowerCase()].requestBody?.content ?? {};
      const form = resolve(content['multipart/form-data']?.schema ?? {});
      const file = (form.properties as Record<string, Json> | undefined)?.[expected.file] ?? {};
      expect(file.type === 'array' ? file.items : file, key).toMatchObject({ type: 'string', format: 'binary' });
      expect(form.required ?? [], key).toEqual(expect.arrayContaining(expected.required));
    }
    for (const key of ['POST /api/appeals', 'POST /api/appeals/{id}/actions', 'POST /api/inspections/{id}/defects']) {
      const [method, path] = key.split(' ');
      expect(Object.keys(doc.paths[path][method.toLowerCase()].requestBody?.content ?? {}), key).toEqual([
        'application/json',
        'multipart/form-data',
      ]);
    }
    const appeal = resolve(doc.paths['/api/appeals'].post.requestBody!.content['application/json'].schema);
    expect(appeal.required).toEqual(expect.arrayContaining(['categoryId', 'description']));
    expect((appeal.properties as Record<string, Json>).categoryId).toMatchObject({
      type: 'integer',
      maximum: 2 ** 31 - 1,
    });
    expect(Object.keys(doc.paths['/api/passports/import'].post.requestBody?.content ?? {})).toEqual(['text/csv']);
  });

  it('declares who may call each operation: the session (and the CSRF token on a write) where the route needs a signed-in person, optional elsewhere', async () => {
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'otklik_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    });
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    expect(operations.filter((o) => !o.op.security).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const signedIn = (method: string) => (method === 'GET' ? { session: [] } : { session: [], csrf: [] });
    const needed = operations.filter(
      (o) => !o.op.security?.some((alternative) => Object.keys(alternative).length === 0),
    );
    for (const { method, path, op } of operations) {
      const required = needed.some((o) => o.method === method && o.path === path);
      expect(op.security, `${method} ${path}`).toEqual(required ? [signedIn(method)] : [{}, signedIn(method)]);
    }
    // Derived from the routes' declared access, not written per route: a sample of each kind.
    const security = (key: string) => {
      const [method, path] = key.split(' ');
      return doc.paths[path][method.toLowerCase()].security;
    };
    expect(security('GET /api/admin/users')).toEqual([{ session: [] }]);
    expect(security('POST /api/appeals')).toEqual([{ session: [], csrf: [] }]);
    expect(security('GET /api/categories')).toEqual([{}, { session: [] }]);
    expect(security('POST /api/auth/code')).toEqual([{}, { session: [], csrf: [] }]);
    // An anonymous visitor is let in wherever the document says so, and refused (401) where it does not.
    expect(needed.length).toBeGreaterThan(50);
    const refusedAnonymous: string[] = [];
    for (const { method, path, op } of operations) {
      if (path.includes('{') || op.parameters?.some((p) => p.required) || method !== 'GET' || path === '/readyz')
        continue;
      const res = await t.app.inject({ method: 'GET', url: path });
      const required = needed.some((o) => o.method === method && o.path === path);
      if ((res.statusCode === 401) !== required) refusedAnonymous.push(`${method} ${path}: ${res.statusCode}`);
    }
    expect(refusedAnonymous).toEqual([]);
  });

  it('states in its schemas the rules the server enforces on text, places, contacts and ladders', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'openapi');
    const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
    const body = (method: string, path: string) =>
      ajv.compile({
        $ref: `openapi#/${pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema')}`,
      });
    const query = (method: string, path: string, name: string) => {
      const i = (doc.paths[path][method].parameters ?? []).findIndex((p) => (p as { name?: string }).name === name);
      return ajv.compile({ $ref: `openapi#/${pointer('paths', path, method, 'parameters', String(i), 'schema')}` });
    };
    const outage = { service: 'cold_water', kind: 'planned', startsAt: '2026-12-08T10:00:00Z' };
    const publish = body('post', '/api/outages');
    const valid = { ...outage, expectedEndAt: '2026-12-08T12:00:00Z', buildingIds: [1] };
    expect(publish({ ...valid, reason: 'Ремонт трубы' })).toBe(true);
    // A reason empty once trimmed, too short, or with a control character is refused by the document too.
    for (const reason of ['', '   ', ' ab ', 'Ремонт\u0001трубы', 'Ремонт\uFFFD'])
      expect(publish({ ...valid, reason }), JSON.stringify(reason)).toBe(false);
    const reassign = body('post', '/api/dispatch/reassign');
    expect(reassign({ appeals: [{ id: 1 }], targetOrgId: 1, reason: 'Не та организация' })).toBe(true);
    expect(reassign({ appeals: [{ id: 1 }], targetOrgId: 1, reason: ' \n ' })).toBe(false);
    // lat and lon of a filing come together.
    const appeal = body('post', '/api/appeals');
    expect(appeal({ categoryId: 1, description: 'Течёт крыша', lat: 55.8, lon: 49.1 })).toBe(true);
    expect(appeal({ categoryId: 1, description: 'Течёт крыша', lat: 55.8 })).toBe(false);
    // bbox: four numbers on the globe.
    const bbox = query('get', '/api/map/appeals', 'bbox');
    expect(bbox('49.0,55.7,49.3,55.9')).toBe(true);
    for (const wrong of ['49,55,49.3', '181,55,182,56', '49,-91,49.3,55.9', 'a,b,c,d', '49,55,49.3,55.9,1'])
      expect(bbox(wrong), wrong).toBe(false);
    // A ladder step names each action once.
    const ladder = body('put', '/api/admin/escalation-ladder');
    expect(ladder({ '50': [], '75': [], '100': ['warn_supervisor'], '200': [] })).toBe(true);
    expect(ladder({ '50': [], '75': [], '100': ['warn_supervisor', 'warn_supervisor'], '200': [] })).toBe(false);
    // Phones and e-mails as the server reads them.
    const user = body('post', '/api/admin/users');
    const staff = { role: 'dispatcher', login: 'dispatcher-1', password: 'секрет-пароль-1', fullName: 'Иванов И. И.' };
    expect(user({ ...staff, phone: '8 (917) 123-45-67', email: 'ivan@почта.рф' })).toBe(true);
    for (const phone of ['917 123', '+1 202 555 0100', '8 917 ABC-45-67'])
      expect(user({ ...staff, phone }), phone).toBe(false);
    for (const email of ['ivan@', 'ivan@localhost', 'iv an@mail.ru'])
      expect(user({ ...staff, email }), email).toBe(false);
  });

  it('declares every error answer as application/problem+json, the media type it is sent with', async () => {
    const declared: string[] = [];
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const responses = (op as { responses?: Record<string, { content?: Record<string, unknown> }> }).responses;
        for (const [status, response] of Object.entries(responses ?? {})) {
          if (Number(status) < 400) continue;
          const key = `${method.toUpperCase()} ${path} ${status}`;
          // The readiness probe's 503 is its report ({status, checks}), not a problem: an orchestrator reads the status.
          if (key === 'GET /readyz 503') continue;
          declared.push(key);
          const types = Object.keys(response.content ?? {});
          // Open311 answers GeoReport error arrays in the URL's format (tests/api/open311.test.ts).
          if (path.startsWith('/open311/')) {
            if (types.join(', ') !== 'application/json, text/xml') wrong.push(`${key}: ${types.join(', ')}`);
            continue;
          }
          if (types.length !== 1 || types[0] !== 'application/problem+json') wrong.push(`${key}: ${types.join(', ')}`);
        }
      }
    }
    expect(declared.length).toBeGreaterThan(1000);
    expect(wrong).toEqual([]);
    // And a refusal is sent so.
    const refused = await t.app.inject({ method: 'GET', url: '/api/appeals/0' });
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('only documents the bodies the handlers read: fastify validates them no more than before', async () => {
    const c = await smallCity(t.db);
    // Access is checked before the body is read: an anonymous visitor is refused whatever the body.
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/appeals', payload: { categoryId: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    // A body of another type reaches the handler, which names what it expected.
    const staff = await t.signIn(c.users.orgStaff.id);
    const plain = await t.app.inject({
      method: 'POST',
      url: `/api/buildings/${c.building.id}/documents`,
      headers: { ...staff, 'content-type': 'text/plain' },
      payload: 'not a form',
    });
    expect(plain.statusCode, plain.body).toBe(415);
  });
});
