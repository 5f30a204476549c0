import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action, can, type Principal, scopeOf } from '../../dispatch/permissions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart } from '../helpers/http.ts';
import { LiveTestClient } from '../helpers/live.ts';
import { accessCity, principals, type Variant, variants } from './fixtures.ts';
import { type Guarded, type RecordKind, type RouteEntry, routeCalls, routeTableOf } from './routes.ts';

type Json = Record<string, unknown>;
type OpenApi = { paths: Record<string, Record<string, Json>>; components?: { schemas?: Record<string, Json> } };

/** The smallest value a JSON schema accepts (first branch of a union, required fields only). */
function sample(schema: Json | undefined, doc: OpenApi, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (typeof schema.$ref === 'string')
    return sample(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, depth + 1);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[k] as Json[] | undefined;
    if (list?.length) return sample(list.find((b) => b.type !== 'null') ?? list[0], doc, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      return Object.fromEntries(
        ((schema.required ?? []) as string[]).map((k) => [k, sample(props[k], doc, depth + 1)]),
      );
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(schema.items as Json, doc, depth + 1));
    case 'integer':
    case 'number':
      return Math.max(Number(schema.minimum ?? 1), 1);
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      if (schema.format === 'email') return 'someone@example.invalid';
      if (schema.format === 'uri') return 'https://example.invalid/';
      return 'Проверка доступа'.padEnd(Number(schema.minLength ?? 0), '.').slice(0, Number(schema.maxLength ?? 100));
    }
    default:
      return null;
  }
}

/** What a cell should answer: 'allow' (the guard lets it through) or the exact refusal. */
function expected(
  entry: Guarded,
  who: Principal,
  variant: Variant | null,
  resource: Parameters<typeof can>[2] | null,
  actor: Parameters<typeof can>[0],
): 'allow' | number {
  const override = entry.overrides?.[`${who}:${variant}` as Principal] ?? entry.overrides?.[who];
  if (override !== undefined) return override;
  const scope = scopeOf(actor, entry.action);
  if (!resource) return scope ? 'allow' : who === 'anonymous' ? 401 : 403;
  if (can(actor, entry.action, resource)) return 'allow';
  if (!actor) return entry.anonymousNotFound ? 404 : 401;
  const visible = entry.visibleTo !== undefined && can(actor, entry.visibleTo, resource);
  if (!scope && !entry.visibilityFirst) return 403;
  return visible ? 403 : 404;
}

/** Public routes that are not kept even so: a probe must reach the process every time. */
const neverKept = new Set(['GET /healthz', 'GET /readyz']);

/**
 * What is wrong with an answer's caching, if anything (docs/security.md, "Caching"): whatever a
 * signed-in person gets, every write and every refusal is `no-store`; an anonymous visitor's public
 * answer is `public, max-age=…` or `public, no-cache`, JSON with an ETag.
 */
function cachingWrong(res: Response, key: string, who: Principal): string | null {
  const policy = res.headers.get('cache-control');
  const kept = who === 'anonymous' && key.startsWith('GET ') && res.status === 200 && !neverKept.has(key);
  if (!kept) return policy === 'no-store' ? null : `want no-store, got ${policy}`;
  if (!/^public, (no-cache|max-age=\d+)\b/.test(policy ?? '')) return `want a public policy, got ${policy}`;
  if (res.headers.get('content-type')?.startsWith('application/json') && !res.headers.get('etag')) return 'no ETag';
  return null;
}

describe('the access matrix: every route × role × whose record', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof accessCity>>;
  let doc: OpenApi;
  let routeTable: Record<string, RouteEntry>;
  const sessions = new Map<Principal, Record<string, string>>();
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    city = await accessCity(t);
    doc = t.app.swagger() as unknown as OpenApi;
    routeTable = routeTableOf(t.app);
    sessions.set('anonymous', {});
    for (const [role, u] of Object.entries(city.users)) sessions.set(role as Principal, await t.signIn(u.id));
  }, 120_000);
  afterAll(() => t?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        path,
        method: method.toUpperCase(),
        op,
      })),
    );

  /** The call of one cell: the route's path and query filled with the variant's record. */
  const request = (key: string, who: Principal, variant: Variant | null, fresh = false) => {
    const [method, path] = key.split(' ');
    const entry = routeTable[key] as Guarded;
    const op = doc.paths[path][method.toLowerCase()];
    const jsonBody = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.[
      'application/json'
    ]?.schema;
    const publicRecord = (entry as RouteEntry).publicRecord;
    const ids =
      entry.record && variant
        ? city.ids[entry.record][variant]
        : publicRecord && variant
          ? city.ids[publicRecord][variant]
          : {};
    const params: Record<string, number | string> = {
      ...ids,
      ...Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, from]) => [k, ids[from]])),
      ...entry.fixedParams,
    };
    const fill = (text: string) =>
      text.replace(/\{(\w+)\}/g, (_, name: string) =>
        String(
          params[name] ??
            {
              roof: city.c.roof.id,
              mc: city.c.mc.id,
              city: city.c.city.code,
              publicAppeal: city.publicAppeals.mine.number,
            }[name] ??
            params.id,
        ),
      );
    const query = entry.query
      ? `?${new URLSearchParams(Object.entries(entry.query).map(([k, v]): [string, string] => [k, fill(v)]))}`
      : '';
    // Twice: a fixed parameter may name a value of the city ({publicAppeal}).
    const url = fill(fill(path)) + query;
    const run = async () => {
      // Allowed writes sign in afresh: a sign-out must not end the session other cells use.
      const session = fresh && who !== 'anonymous' ? await t.signIn(city.users[who].id) : sessions.get(who);
      const headers: Record<string, string> = { ...session, ...entry.headers };
      let body: string | Uint8Array | undefined;
      if (entry.multipart) {
        const form = await multipart({});
        Object.assign(headers, form.headers);
        body = new Uint8Array(form.payload);
      } else if (jsonBody) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(entry.body ?? sample(jsonBody, doc));
      }
      return fetch(`${t.baseUrl}${url}`, { method, headers, body, redirect: 'manual' });
    };
    return { url, run };
  };

  it('takes every route of the OpenAPI document and its guard from the route’s own declaration', () => {
    const documented = operations().map((o) => o.key);
    expect(
      documented.filter((k) => !(k in routeTable)),
      'documented routes without an access declaration',
    ).toEqual([]);
    expect(
      Object.keys(routeCalls).filter((k) => !documented.includes(k)),
      'tests/access/routes.ts calls routes the app no longer has',
    ).toEqual([]);
  });

  it('refuses to start an app with a route that declares no access', async () => {
    const { buildApp } = await import('../../api/app.ts');
    const app = await buildApp({ config: t.app.config, db: t.app.db, boss: t.app.boss });
    await expect(
      app.register(async (scope) => {
        scope.get('/api/undeclared', async () => ({}));
      }),
    ).rejects.toThrow(/GET \/api\/undeclared: no access declaration/);
    await app.close();
  });

  it('lists to each role exactly the records the permission table lets it read', async () => {
    // Each list's item ids (links of one's own apartments: linkId) against can() for each place's record.
    const lists: { url: string; kind: RecordKind; action: Action; field?: 'linkId' }[] = [
      { url: '/api/appeals', kind: 'appeal', action: 'appeal.read' },
      { url: '/api/inspections', kind: 'inspection', action: 'inspection.read' },
      { url: '/api/housing/links?status=confirmed', kind: 'link', action: 'apartment.confirm' },
      { url: '/api/housing/buildings', kind: 'building', action: 'apartment.manage' },
      { url: '/api/me/apartments', kind: 'link', action: 'apartment.link', field: 'linkId' },
      { url: '/api/admin/users', kind: 'user', action: 'user.manage' },
      { url: '/api/admin/organisations', kind: 'organisation', action: 'admin.organisations' },
      { url: '/api/admin/buildings', kind: 'building', action: 'admin.buildings' },
      { url: '/api/admin/routing-rules', kind: 'rule', action: 'dispatch_config.read' },
    ];
    const wrong: string[] = [];
    let checked = 0;
    for (const list of lists) {
      for (const who of principals) {
        const res = await fetch(`${t.baseUrl}${list.url}`, { headers: sessions.get(who) });
        if (res.status !== 200) continue;
        const items = ((await res.json()) as { items: Record<string, number>[] }).items;
        const listed = new Set(items.map((i) => i[list.field ?? 'id']));
        for (const v of variants) {
          checked++;
          const want = can(city.actorOf(who), list.action, city.resourceOf(list.kind, v));
          if (listed.has(Number(city.ids[list.kind][v].id)) !== want)
            wrong.push(`${list.url} as ${who}: ${v} ${want ? 'missing' : 'listed'}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('serves and lists a building’s non-public documents only to those who may edit its passport', async () => {
    const wrong: string[] = [];
    for (const who of principals) {
      for (const v of variants) {
        const doc = city.ids.privateDocument[v];
        const want = can(city.actorOf(who), 'passport.edit', city.resourceOf('privateDocument', v));
        const file = await fetch(`${t.baseUrl}/api/building-documents/${doc.id}`, { headers: sessions.get(who) });
        await file.arrayBuffer();
        if (file.status !== (want ? 200 : 404))
          wrong.push(`document ${v} as ${who}: want ${want ? 200 : 404}, got ${file.status}`);
        const list = (await (
          await fetch(`${t.baseUrl}/api/buildings/${doc.building}/documents`, { headers: sessions.get(who) })
        ).json()) as { items: { id: number }[] };
        if (list.items.some((d) => d.id === doc.id) !== want)
          wrong.push(`documents of ${v}'s building as ${who}: ${want ? 'missing' : 'listed'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets each role subscribe to exactly the live topics the permission table allows', async () => {
    // appeal:{id} follows appeal.read (else 404, as over HTTP), org:{id} appeal.list of that
    // organisation, board:{municipality} dispatch.queue (else 401 / 403); the public map is everyone's.
    const topics: {
      topic: string;
      allowed: (a: ReturnType<typeof city.actorOf>) => boolean;
      refusal: (a: ReturnType<typeof city.actorOf>) => number;
    }[] = [];
    for (const v of variants) {
      const r = city.resourceOf('appeal', v);
      topics.push({
        topic: `appeal:${city.ids.appeal[v].id}`,
        allowed: (a) => can(a, 'appeal.read', r),
        refusal: () => 404,
      });
      topics.push({
        topic: `org:${city.ids.organisation[v].id}`,
        allowed: (a) => can(a, 'appeal.list', { municipalityId: r.municipalityId, organisationIds: r.organisationIds }),
        refusal: (a) => (a ? 403 : 401),
      });
    }
    // applications:{userId}: the applicant's own e-service applications (application.create, their own).
    for (const v of variants) {
      const owner = city.place[v].owner;
      topics.push({
        topic: `applications:${owner}`,
        allowed: (a) => a?.userId === owner && can(a, 'application.create'),
        refusal: (a) => (a ? 403 : 401),
      });
    }
    // hall:{officeId}: the hall display, everyone's (office.read); office:{officeId}: its consoles (hall.operate).
    for (const v of variants) {
      const r = city.resourceOf('office', v);
      topics.push({
        topic: `hall:${city.ids.office[v].id}`,
        allowed: (a) => can(a, 'office.read', r),
        refusal: (a) => (a ? 403 : 401),
      });
      topics.push({
        topic: `office:${city.ids.office[v].id}`,
        allowed: (a) => can(a, 'hall.operate', r),
        refusal: (a) => (a ? 403 : 401),
      });
    }
    // discussion:{id}: a public discussion's page, everyone's (discussion.read).
    for (const v of variants) {
      const r = city.resourceOf('discussion', v);
      topics.push({
        topic: `discussion:${city.ids.discussion[v].id}`,
        allowed: (a) => can(a, 'discussion.read', r),
        refusal: (a) => (a ? 403 : 401),
      });
    }
    for (const m of [city.c.city.id, city.c.other.id])
      topics.push({
        topic: `board:${m}`,
        allowed: (a) => can(a, 'dispatch.queue', { municipalityId: m }),
        refusal: (a) => (a ? 403 : 401),
      });
    topics.push({
      topic: `public:district:${city.c.district.id}`,
      allowed: (a) => can(a, 'appeal.read_public'),
      refusal: (a) => (a ? 403 : 401),
    });
    const wrong: string[] = [];
    for (const who of principals) {
      const client = await LiveTestClient.open(t.baseUrl as string, sessions.get(who));
      try {
        for (const { topic, allowed, refusal } of topics) {
          const actor = city.actorOf(who);
          const want = allowed(actor) ? 'subscribed' : `error ${refusal(actor)}`;
          const m = await client.subscribe(topic);
          const got = m.type === 'error' ? `error ${m.status}` : m.type;
          if (got !== want) wrong.push(`${topic} as ${who}: want ${want}, got ${got}`);
        }
      } finally {
        client.close();
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a public reference list a minute with an ETag (304 when unchanged), and nothing of a signed-in reader', async () => {
    const url = `${t.baseUrl}/api/categories?municipality=${city.c.city.code}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // Another municipality's list is another answer.
    const other = await fetch(`${t.baseUrl}/api/categories?municipality=${city.c.other.code}`, {
      headers: { 'if-none-match': etag! },
    });
    expect(other.status).toBe(200);
    // The same list asked with a session is not kept, and never answered 304 from a public copy.
    const signedIn = await fetch(url, { headers: { ...sessions.get('resident'), 'if-none-match': etag! } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    expect(signedIn.headers.get('etag')).toBeNull();
  });

  it('answers each cell as the permission table says, allowed or 401 / 403 / 404 exactly, and lets only public answers be kept', async () => {
    type Cell = {
      key: string;
      route: string;
      who: Principal;
      variant: Variant | null;
      want: 'allow' | number;
      run: () => Promise<Response>;
    };
    const cells: Cell[] = [];
    let skippedWrites = 0;
    const allowedWrites: { slot: string; key: string; who: Principal; variant: Variant | null }[] = [];
    for (const { key, method } of operations()) {
      const entry = routeTable[key];
      // Public GETs are asked by everyone too, for their caching; the live socket answers only an upgrade.
      if (entry && 'public' in entry && method === 'GET' && key !== 'GET /api/live') {
        for (const who of principals)
          cells.push({
            key,
            route: key,
            who,
            variant: null,
            // A public route may answer otherwise for everyone (tests/access/routes.ts says why).
            want: entry.overrides?.[who] ?? 'allow',
            run: request(key, who, entry.publicRecord ? 'mine' : null).run,
          });
        continue;
      }
      if (!entry || 'public' in entry) continue;
      for (const who of principals) {
        const actor = city.actorOf(who);
        for (const variant of entry.record ? variants : [null]) {
          const resource = entry.record && variant ? city.resourceOf(entry.record, variant) : null;
          const want = expected(entry, who, variant, resource, actor);
          // A write the guard allows changes the fixtures other cells read: those are sent after
          // every other cell, one role per route and record (see below).
          if (method !== 'GET' && want === 'allow') {
            const slot = `${key} ${variant}`;
            if (!allowedWrites.some((w) => w.slot === slot)) allowedWrites.push({ slot, key, who, variant });
            else skippedWrites++;
            continue;
          }
          const { url, run } = request(key, who, variant);
          cells.push({ key, route: `${method} ${url}`, who, variant, want, run });
        }
      }
    }
    const wrong: string[] = [];
    // A few at a time: the machine is shared, and the answers do not depend on order.
    for (let i = 0; i < cells.length; i += 8) {
      await Promise.all(
        cells.slice(i, i + 8).map(async (cell) => {
          const res = await cell.run();
          const text = await res.text();
          const ok = cell.want === 'allow' ? res.status === 200 : res.status === cell.want;
          const what = `${cell.route} as ${cell.who}${cell.variant ? ` (${cell.variant})` : ''}`;
          if (!ok) wrong.push(`${what}: want ${cell.want}, got ${res.status} ${text.slice(0, 160)}`);
          const caching = cachingWrong(res, cell.key, cell.who);
          if (caching) wrong.push(`${what}: ${caching}`);
        }),
      );
    }
    // Then the writes the guard allows, one at a time: the guard lets them through (any answer but
    // 401, 403 or 404, and never a 5xx). Those that remove, close or unlink what other writes act
    // on come after them, then signing out, and disabling an account (the resident's) last of all.
    const last = (key: string) =>
      key.endsWith('/disable')
        ? 3
        : /\/sign-out/.test(key)
          ? 2
          : /^DELETE |\/(cancel|restore|retire|replacement|revoke|reject|confirm)$/.test(key)
            ? 1
            : 0;
    allowedWrites.sort((a, b) => last(a.key) - last(b.key));
    let validationFirst = 0;
    for (const w of allowedWrites) {
      const { url, run } = request(w.key, w.who, w.variant, true);
      const res = await run();
      const text = await res.text();
      if (res.status === 400) validationFirst++;
      const cell = `${w.key.split(' ')[0]} ${url} as ${w.who}${w.variant ? ` (${w.variant})` : ''}`;
      if ([401, 403, 404].includes(res.status) || res.status >= 500) {
        wrong.push(`${cell}: want allow, got ${res.status} ${text.slice(0, 160)}`);
      }
      const caching = cachingWrong(res, w.key, w.who);
      if (caching) wrong.push(`${cell}: ${caching}`);
    }
    console.info(
      `access matrix: ${cells.length + allowedWrites.length} cells over HTTP (${allowedWrites.length} allowed writes, ` +
        `${validationFirst} of them refused by validation first); ${skippedWrites} more allowed writes left to the routes' own tests`,
    );
    expect(wrong.sort()).toEqual([]);
  }, 180_000);
});
