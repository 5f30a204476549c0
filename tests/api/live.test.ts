import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.ts';
import { LANGUAGE_COOKIE } from '../../api/language.ts';
import { connect, type Database } from '../../db/client.ts';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { LiveTestClient, type LiveMessage, undeclaredLiveMessages } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * /api/live over real sockets against two app instances on one PostgreSQL: an event committed
 * through one reaches clients of the other (LISTEN/NOTIFY), subscriptions are checked like HTTP,
 * public streams carry no personal data, reconnecting clients get what they missed.
 */
describe('live status over websockets, across instances', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let second: { app: App; db: Database; boss: Boss; baseUrl: string };
  const clients: LiveTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      listen: true,
      live: { limits: { idleTimeoutMs: 400, pingIntervalMs: 200 }, sessionCheckMs: 200 },
    });
    c = await smallCity(t.db);
    const db = connect(t.url, { max: 4 });
    const boss = await startBoss(t.url, { supervise: false, schedule: false, max: 2 });
    const app = await buildApp({ config: t.config, db, boss });
    await app.ready();
    second = { app, db, boss, baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }) };
  });
  afterAll(async () => {
    for (const cl of clients) cl.close();
    await second?.app.close();
    await second?.boss.stop({ graceful: false, close: true });
    await second?.db.$client.end({ timeout: 1 });
    await t?.close();
  });

  const open = async (base: 'one' | 'two', userId?: number) => {
    const headers = userId ? await t.signIn(userId) : {};
    const client = await LiveTestClient.open(base === 'one' ? (t.baseUrl as string) : second.baseUrl, headers);
    clients.push(client);
    return client;
  };
  const http = async (base: 'one' | 'two', userId: number, path: string, body?: object) => {
    const headers = await t.signIn(userId);
    const res = await fetch(`${base === 'one' ? t.baseUrl : second.baseUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const file = async (
    opts: { authorId?: number; categoryId?: number; description?: string; apartment?: string } = {},
  ) => {
    const res = await http('one', opts.authorId ?? c.users.resident.id, '/api/appeals', {
      categoryId: opts.categoryId ?? c.roof.id,
      buildingId: c.building.id,
      description: opts.description ?? 'Течёт крыша над кухней',
      apartment: opts.apartment,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as number;
  };
  const act = async (base: 'one' | 'two', userId: number, id: number, body: object) => {
    const res = await http(base, userId, `/api/appeals/${id}/actions`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json;
  };
  const eventOf = (client: LiveTestClient, topic: string, pred: (m: LiveMessage) => boolean, timeoutMs = 10_000) =>
    client.next((m) => m.type === 'event' && m.topic === topic && pred(m), timeoutMs);
  /** The event a message reports (the appeal in it is as it stood when the message was made). */
  const typeOf = (m: LiveMessage) => (m.event as { type: string }).type;

  it('delivers a change made on one instance to the author, the organisation and the board on the other', async () => {
    const id = await file();
    const author = await open('two', c.users.resident.id);
    const staff = await open('two', c.users.orgStaff.id);
    const board = await open('one', c.users.dispatcher.id);
    expect((await author.subscribe(`appeal:${id}`)).type).toBe('subscribed');
    expect((await staff.subscribe(`org:${c.mc.id}`)).type).toBe('subscribed');
    expect((await board.subscribe(`board:${c.city.id}`)).type).toBe('subscribed');

    // Routing (a worker's transaction) assigns it; the organisation accepts through instance one.
    await routeAppeal(contextAt(t, new Date()), id);
    const assigned = await eventOf(
      staff,
      `org:${c.mc.id}`,
      (m) => typeOf(m) === 'assigned' && (m.appeal as { id: number }).id === id,
    );
    expect(assigned.kind).toBe('appeal.changed');
    expect((assigned.appeal as { responseDueAt: string | null }).responseDueAt).toMatch(/^\d{4}-/);
    await act('one', c.users.orgStaff.id, id, { action: 'accept' });
    const accepted = await eventOf(author, `appeal:${id}`, (m) => typeOf(m) === 'accepted');
    expect(accepted.event).toMatchObject({ type: 'accepted', fromStatus: 'assigned', toStatus: 'accepted' });
    expect(accepted.seq).toBeGreaterThan(assigned.seq as number);
    await eventOf(board, `board:${c.city.id}`, (m) => typeOf(m) === 'accepted');
    // Small JSON (the announcement itself carries ids only).
    expect(Math.max(...author.raw.map((r) => r.length))).toBeLessThan(1024);
  });

  it('checks every subscription with the permission table', async () => {
    const id = await file();
    const other = await open('one', c.users.otherResident.id);
    expect(await other.subscribe(`appeal:${id}`)).toMatchObject({ type: 'error', status: 404 });
    const otherStaff = await open('one', c.users.otherOrgStaff.id);
    expect(await otherStaff.subscribe(`org:${c.mc.id}`)).toMatchObject({ type: 'error', status: 403 });
    expect(await otherStaff.subscribe(`board:${c.city.id}`)).toMatchObject({ type: 'error', status: 403 });
    const anonymous = await open('two');
    expect(anonymous.messages[0]).toMatchObject({ type: 'hello', role: 'anonymous' });
    expect(await anonymous.subscribe(`appeal:${id}`)).toMatchObject({ type: 'error', status: 404 });
    expect(await anonymous.subscribe(`board:${c.city.id}`)).toMatchObject({ type: 'error', status: 401 });
    expect(await anonymous.subscribe('board:abc')).toMatchObject({
      type: 'error',
      status: 400,
      code: 'bad_topic',
      detail: expect.stringMatching(/^Нет такой темы\. appeal:\{id\}/),
    });
    // The socket speaks the language of its handshake (here the web app's language cookie).
    const english = await LiveTestClient.open(t.baseUrl as string, { cookie: `${LANGUAGE_COOKIE}=en` });
    clients.push(english);
    expect(await english.subscribe(`board:${c.city.id}`)).toMatchObject({
      status: 401,
      code: 'unauthorized',
      detail: 'Sign-in required.',
    });
    expect(await anonymous.subscribe('public:bbox:40,50,60,70')).toMatchObject({ type: 'error', status: 400 });
    const otherAdmin = await open('one', c.users.otherAdmin.id);
    expect(await otherAdmin.subscribe(`board:${c.city.id}`)).toMatchObject({ type: 'error', status: 403 });
    // A follower of a public appeal gets its public view.
    const follow = await http('one', c.users.otherResident.id, `/api/appeals/${id}/follow`, {});
    expect(follow.status, JSON.stringify(follow.json)).toBeLessThan(300);
    const followed = await other.subscribe(`appeal:${id}`);
    expect(followed, JSON.stringify(followed)).toMatchObject({ type: 'subscribed' });
    anonymous.send({ type: 'nonsense' });
    expect(await anonymous.next((m) => m.type === 'error' && m.code === 'bad_message')).toMatchObject({ status: 400 });
  });

  it('never carries personal data or private appeals on public streams, nor internal comments to the author', async () => {
    const pub = await open('two');
    const [lon, lat] = [c.building.location.x, c.building.location.y];
    const bbox = `public:bbox:${(lon - 0.01).toFixed(5)},${(lat - 0.01).toFixed(5)},${(lon + 0.01).toFixed(5)},${(lat + 0.01).toFixed(5)}`;
    expect((await pub.subscribe(`public:district:${c.district.id}`)).type).toBe('subscribed');
    expect((await pub.subscribe(bbox)).type).toBe('subscribed');
    const id = await file({ description: 'Течёт крыша, звоните +7 917 555-12-34, Пётр', apartment: '57' });
    const hidden = await file({ categoryId: c.privateCategory.id, description: 'Соседи шумят ночью' });
    await eventOf(pub, `public:district:${c.district.id}`, (m) => (m.appeal as { id: number }).id === id);
    await eventOf(pub, bbox, (m) => (m.appeal as { id: number }).id === id);

    const author = await open('one', c.users.resident.id);
    await author.subscribe(`appeal:${id}`);
    await routeAppeal(contextAt(t, new Date()), id);
    const staff = await open('one', c.users.orgStaff.id);
    expect(await staff.subscribe(`appeal:${id}`)).toMatchObject({ type: 'subscribed' });
    await act('two', c.users.orgStaff.id, id, { action: 'comment', note: 'Проверить чердак', visibility: 'internal' });
    await act('two', c.users.orgStaff.id, id, {
      action: 'comment',
      note: 'Мастер придёт завтра',
      visibility: 'public',
    });
    const lastPublic = await eventOf(author, `appeal:${id}`, (m) => typeOf(m) === 'comment');
    await eventOf(staff, `appeal:${id}`, (m) => m.seq === lastPublic.seq);
    expect(staff.events(`appeal:${id}`).filter((m) => typeOf(m) === 'comment')).toHaveLength(2);
    expect(author.events(`appeal:${id}`).filter((m) => typeOf(m) === 'comment')).toEqual([lastPublic]);
    await eventOf(pub, `public:district:${c.district.id}`, (m) => m.seq === lastPublic.seq);

    const everything = pub.raw.join('\n');
    for (const personal of [
      'Пётр',
      'Петров',
      '555',
      'apartment',
      'author',
      'description',
      'note',
      c.users.resident.id === 1 ? '"authorId"' : 'authorId',
    ]) {
      expect(everything).not.toContain(personal);
    }
    expect(pub.events().some((m) => (m.appeal as { id: number }).id === hidden)).toBe(false);
    expect(pub.events().some((m) => 'responseDueAt' in (m.appeal as object))).toBe(false);
    // Only the public comment reached the public streams.
    expect(pub.events(`public:district:${c.district.id}`).filter((m) => typeOf(m) === 'comment')).toHaveLength(1);
  });

  it('sends a reconnecting client what it missed, or resync when too much was missed', async () => {
    const id = await file();
    await routeAppeal(contextAt(t, new Date()), id);
    const first = await open('one', c.users.resident.id);
    await first.subscribe(`appeal:${id}`);
    await eventOf(first, `appeal:${id}`, (m) => typeOf(m) === 'assigned').catch(() => null);
    // The last sequence this client saw: the subscription's, or the newest event's.
    const since = Math.max(...first.messages.map((m) => m.seq ?? 0));
    first.close();
    await first.waitClosed();
    await act('one', c.users.orgStaff.id, id, { action: 'accept' });
    await act('one', c.users.orgStaff.id, id, { action: 'request_info', note: 'Какой подъезд?' });
    await act('one', c.users.resident.id, id, { action: 'provide_info', note: 'Второй' });

    // Instance two has passed those on already: this client must get them from the history.
    const [{ max }] = await t.db.execute<{ max: number }>(sql`select max(id)::int as max from appeal_events`);
    while (second.app.live.feed.position < max) await new Promise((r) => setTimeout(r, 10));
    const again = await open('two', c.users.resident.id);
    await again.subscribe(`appeal:${id}`, since);
    await eventOf(again, `appeal:${id}`, (m) => typeOf(m) === 'info_provided');
    const replayed = again.events(`appeal:${id}`);
    expect(replayed.map((m) => typeOf(m))).toEqual(['accepted', 'info_requested', 'info_provided']);
    expect(replayed.every((m) => m.replay === true)).toBe(true);

    // The dispatcher's board reconnects from far behind: reload instead of a flood.
    await t.db.execute(sql`select setval('appeal_events_id_seq', (select max(id) from appeal_events) + 10000)`);
    await act('one', c.users.orgStaff.id, id, { action: 'comment', note: 'Заказали материалы', visibility: 'public' });
    const board = await open('two', c.users.dispatcher.id);
    await board.next(() => true);
    await new Promise((r) => setTimeout(r, 100));
    expect(await board.subscribe(`board:${c.city.id}`, since)).toMatchObject({ type: 'subscribed' });
    expect(await board.next((m) => m.type === 'resync')).toMatchObject({
      topic: `board:${c.city.id}`,
      reason: 'too_far_behind',
    });
  });

  it('loses nothing when the listening connection is killed', async () => {
    const id = await file();
    await routeAppeal(contextAt(t, new Date()), id);
    const author = await open('two', c.users.resident.id);
    await author.subscribe(`appeal:${id}`);
    const killed = await t.db.execute<{ n: number }>(
      sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    );
    expect(killed[0].n).toBe(2);
    await act('one', c.users.orgStaff.id, id, { action: 'accept' });
    await act('one', c.users.orgStaff.id, id, { action: 'resolve', note: 'Крышу залатали' });
    await eventOf(author, `appeal:${id}`, (m) => typeOf(m) === 'resolved', 10_000);
    const types = author.events(`appeal:${id}`).map((m) => typeOf(m));
    // Filing and routing may still arrive after the subscription (the feed reads them late): what
    // counts is that each change made while the listener was down arrived, once, in order.
    expect(types.filter((type) => type === 'accepted' || type === 'resolved')).toEqual(['accepted', 'resolved']);
  });

  it('ends an organisation’s subscription to an appeal handed to another organisation', async () => {
    const id = await file();
    await routeAppeal(contextAt(t, new Date()), id);
    const staff = await open('two', c.users.orgStaff.id);
    expect(await staff.subscribe(`appeal:${id}`)).toMatchObject({ type: 'subscribed' });
    const otherStaff = await open('two', c.users.otherOrgStaff.id);
    await act('one', c.users.dispatcher.id, id, {
      action: 'reassign',
      targetOrgId: c.otherMc.id,
      reason: 'Дом обслуживает другая УК',
    });
    expect(await staff.next((m) => m.type === 'unsubscribed')).toMatchObject({
      topic: `appeal:${id}`,
      reason: 'access_ended',
    });
    // The last event it got shows the appeal with its new organisation (usually the hand-over
    // itself; the routing event when the feed read it only after the hand-over had committed).
    const last = staff.events(`appeal:${id}`).at(-1) as LiveMessage;
    expect((last.appeal as { organisationId: number }).organisationId).toBe(c.otherMc.id);
    // The new organisation may follow it now; the old one may not.
    expect(await otherStaff.subscribe(`appeal:${id}`)).toMatchObject({ type: 'subscribed' });
    expect(await staff.subscribe(`appeal:${id}`)).toMatchObject({ type: 'error', status: 404 });
    await act('one', c.users.otherOrgStaff.id, id, { action: 'accept' });
    await eventOf(otherStaff, `appeal:${id}`, (m) => typeOf(m) === 'accepted');
    expect(staff.events(`appeal:${id}`).some((m) => typeOf(m) === 'accepted')).toBe(false);
  });

  it('caps subscriptions, closes idle sockets and the sockets of ended sessions', async () => {
    const anonymous = await open('one');
    for (let d = 1; d <= 50; d++) anonymous.send({ type: 'subscribe', topic: `public:district:${d}` });
    expect(await anonymous.subscribe('public:district:51')).toMatchObject({
      type: 'error',
      status: 429,
      code: 'too_many_subscriptions',
    });

    // Nothing followed for longer than the idle limit (400 ms here): closed.
    const idle = await open('one');
    expect(await idle.waitClosed(3000)).toMatchObject({ code: 4000 });

    const headers = await t.signIn(c.users.dispatcher.id);
    const staffSocket = await LiveTestClient.open(t.baseUrl as string, headers);
    clients.push(staffSocket);
    await staffSocket.subscribe(`board:${c.city.id}`);
    const out = await fetch(`${t.baseUrl}/api/auth/sign-out`, { method: 'POST', headers });
    expect(out.status).toBe(204);
    expect(await staffSocket.waitClosed(3000)).toMatchObject({ code: 4001 });
  });

  // Last: it reads every message this file's sockets received, events of both views and replays included.
  it('sends only messages its OpenAPI document declares (LiveServerMessage)', async () => {
    const socket = await open('one', c.users.dispatcher.id);
    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    socket.send({ type: 'hello?' });
    await socket.next((m) => m.type === 'error' && m.code === 'bad_message');
    expect(await socket.subscribe('nowhere:1')).toMatchObject({ type: 'error', code: 'bad_topic' });
    await socket.subscribe(`board:${c.city.id}`);
    socket.send({ type: 'unsubscribe', topic: `board:${c.city.id}` });
    await socket.next((m) => m.type === 'unsubscribed');

    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const received = clients.flatMap((client) => client.messages);
    expect(new Set(received.map((m) => m.type))).toEqual(
      new Set(['hello', 'subscribed', 'unsubscribed', 'event', 'resync', 'error', 'pong']),
    );
    expect(undeclaredLiveMessages(openapi, received)).toEqual([]);
    // …and the check is not empty: an event without its appeal is not one.
    expect(undeclaredLiveMessages(openapi, [{ type: 'event', topic: 'appeal:1', seq: 1 }])).toHaveLength(1);
  });
});
