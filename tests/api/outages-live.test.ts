import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.ts';
import { connect, type Database } from '../../db/client.ts';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { systemContext } from '../../api/context.ts';
import { performOutageSteps } from '../../api/outages/escalate-outage.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { type LiveMessage, LiveTestClient, undeclaredLiveMessages } from '../helpers/live.ts';
import { outageCity } from '../helpers/outages.ts';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

/**
 * Outages over /api/live: every publication, change, restoration, cancellation and escalation step
 * committed through one app instance reaches the clients of another (NOTIFY after commit) on the
 * municipality's outage list, the outage's page and the pages of its buildings, in the public view
 * only; other municipalities' streams stay quiet.
 */
describe('outages live, across instances', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let second: { app: App; db: Database; boss: Boss; baseUrl: string };
  let otherBuilding: { id: number };
  let otherStaff: { id: number };
  const clients: LiveTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    c = await outageCity(t.db);
    const otherMc = await c.make.organisation(c.other.id, {
      kind: 'management_company',
      nameRu: 'ООО «УК Иннополис»',
      nameEn: 'Innopolis MC',
    });
    otherBuilding = await c.make.building(c.other.id, c.otherDistrict.id, {
      street: 'ул. Университетская',
      house: '1',
      lon: 48.745,
      lat: 55.75,
      managementCompanyId: otherMc.id,
    });
    otherStaff = await c.make.user(c.other.id, {
      role: 'org_staff',
      organisationId: otherMc.id,
      login: `inn-${Math.random().toString(36).slice(2, 8)}`,
    });
    const db = connect(t.url, { max: 4 });
    const boss = await startBoss(t.url, { supervise: false, schedule: false, max: 2 });
    // The feed's periodic look for unannounced rows is slowed down, so events must come by NOTIFY.
    const app = await buildApp({ config: t.config, db, boss, live: { feedPollMs: 60_000 } });
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

  const open = async (userId?: number) => {
    const client = await LiveTestClient.open(second.baseUrl, userId ? await t.signIn(userId) : {});
    clients.push(client);
    return client;
  };
  /** A write through instance one (the clients are on instance two). */
  const write = async (userId: number, method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: await t.signIn(userId), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const eventOn = (client: LiveTestClient, topic: string, pred: (m: LiveMessage) => boolean = () => true) =>
    client.next((m) => m.type === 'event' && m.topic === topic && pred(m));
  const outageOf = (m: LiveMessage) =>
    m.outage as {
      id: number;
      status: string;
      phase: string;
      expectedEndAt: string;
      buildingCount: number;
      buildings: { id: number }[];
    };
  const updateOf = (m: LiveMessage) =>
    m.update as { id: number; kind: string; note: string | null; changes: Record<string, [unknown, unknown]> };

  it('tells the outage list, the building pages and the outage page of a publication, a change, a restoration', async () => {
    const anonymous = await open();
    const resident = await open(c.users.resident.id);
    const dispatcher = await open(c.users.dispatcher.id);
    const foreigner = await open(c.users.otherAdmin.id);
    expect(await anonymous.subscribe(`outages:${c.city.id}`)).toMatchObject({ type: 'subscribed' });
    expect(await resident.subscribe(`building:${c.building.id}`)).toMatchObject({ type: 'subscribed' });
    expect(await resident.subscribe(`building:${c.foreign.id}`)).toMatchObject({ type: 'subscribed' });
    expect(await dispatcher.subscribe(`outages:${c.city.id}`)).toMatchObject({ type: 'subscribed' });
    // Another municipality's list and building: they must stay quiet.
    expect(await foreigner.subscribe(`outages:${c.other.id}`)).toMatchObject({ type: 'subscribed' });
    expect(await foreigner.subscribe(`building:${otherBuilding.id}`)).toMatchObject({ type: 'subscribed' });

    const published = await write(c.users.orgStaff.id, 'POST', '/api/outages', {
      service: 'hot_water',
      kind: 'emergency',
      reason: 'Порыв трубы в подвале',
      startsAt: inHours(-1),
      expectedEndAt: inHours(5),
      buildingIds: [c.building.id, c.near.id],
      note: 'Бригада на месте',
    });
    const listed = await eventOn(anonymous, `outages:${c.city.id}`, (m) => outageOf(m).id === published.id);
    expect(listed.kind).toBe('outage.published');
    expect(outageOf(listed)).toMatchObject({
      id: published.id,
      status: 'active',
      phase: 'ongoing',
      buildingCount: 2,
      version: 1,
    });
    expect(
      outageOf(listed)
        .buildings.map((b) => b.id)
        .sort(),
    ).toEqual([c.building.id, c.near.id].sort());
    expect(updateOf(listed)).toMatchObject({ kind: 'published', note: 'Бригада на месте' });
    // The same outage in the same public shape as GET /api/outages/:id (no person, no timers).
    const {
      updates: _u,
      canPublish: _p,
      following: _f,
      ...overHttp
    } = (await t.app.inject({ url: `/api/outages/${published.id}` })).json();
    expect({ ...outageOf(listed), buildings: [] }).toEqual({ ...overHttp, buildings: [] });
    const onBuilding = await eventOn(resident, `building:${c.building.id}`);
    expect(onBuilding.seq).toBe(listed.seq);
    await eventOn(dispatcher, `outages:${c.city.id}`, (m) => outageOf(m).id === published.id);

    // A page open on the outage itself.
    const page = await open();
    expect(await page.subscribe(`outage:${published.id}`)).toMatchObject({ type: 'subscribed' });

    // A change: a later expected end, one building fewer (its page hears it too, to drop the outage).
    const changed = await write(c.users.orgStaff.id, 'PATCH', `/api/outages/${published.id}`, {
      expectedVersion: 1,
      expectedEndAt: inHours(8),
      buildingIds: [c.building.id],
      note: 'Работы продлены',
    });
    const change = await eventOn(page, `outage:${published.id}`, (m) => m.kind === 'outage.changed');
    expect(outageOf(change)).toMatchObject({ version: 2, buildingCount: 1, expectedEndAt: changed.expectedEndAt });
    expect(updateOf(change).changes.buildings).toEqual([2, 1]);
    expect(updateOf(change).note).toBe('Работы продлены');
    expect(change.seq).toBeGreaterThan(listed.seq as number);
    await eventOn(
      anonymous,
      `outages:${c.city.id}`,
      (m) => m.kind === 'outage.changed' && outageOf(m).id === published.id,
    );
    const nearResident = await open(c.users.otherResident.id);
    // (subscribed after the change: it asks for what it missed since the publication)
    expect(await nearResident.subscribe(`building:${c.near.id}`, listed.seq as number)).toMatchObject({
      type: 'subscribed',
    });
    const missed = await eventOn(nearResident, `building:${c.near.id}`, (m) => m.kind === 'outage.changed');
    expect(missed.replay).toBe(true);

    // Restoration.
    await write(c.users.orgStaff.id, 'POST', `/api/outages/${published.id}/restore`, { expectedVersion: 2 });
    const restored = await eventOn(resident, `building:${c.building.id}`, (m) => m.kind === 'outage.restored');
    expect(outageOf(restored)).toMatchObject({ status: 'restored', phase: 'restored' });
    await eventOn(page, `outage:${published.id}`, (m) => m.kind === 'outage.restored');
    await eventOn(anonymous, `outages:${c.city.id}`, (m) => m.kind === 'outage.restored');

    // No person anywhere: not the publisher's name or login, not a resident's.
    for (const text of [...anonymous.raw, ...resident.raw, ...page.raw]) {
      expect(text).not.toMatch(/Петров|Сидорова|staff-|createdBy|actorId|nextStepAt/);
    }
    // Nothing reached the other municipality's streams, and nothing reached a building not concerned.
    expect(foreigner.events()).toEqual([]);
    expect(resident.events(`building:${c.foreign.id}`)).toEqual([]);
  });

  it('keeps each municipality to its own outages', async () => {
    const here = await open();
    expect(await here.subscribe(`outages:${c.city.id}`)).toMatchObject({ type: 'subscribed' });
    const there = await open(c.users.otherAdmin.id);
    expect(await there.subscribe(`outages:${c.other.id}`)).toMatchObject({ type: 'subscribed' });
    const theirs = await write(otherStaff.id, 'POST', '/api/outages', {
      service: 'electricity',
      kind: 'emergency',
      reason: 'Авария на подстанции',
      startsAt: inHours(-1),
      expectedEndAt: inHours(3),
      buildingIds: [otherBuilding.id],
    });
    await eventOn(there, `outages:${c.other.id}`, (m) => outageOf(m).id === theirs.id);
    // A publication here afterwards arrives here; the other municipality's one never did.
    const ours = await write(c.users.orgStaff.id, 'POST', '/api/outages', {
      service: 'electricity',
      kind: 'planned',
      reason: 'Замена кабеля',
      startsAt: inHours(30),
      expectedEndAt: inHours(34),
      buildingIds: [c.building.id],
    });
    await eventOn(here, `outages:${c.city.id}`, (m) => outageOf(m).id === ours.id);
    expect(here.events().map((m) => outageOf(m).id)).not.toContain(theirs.id);
    expect(there.events().map((m) => outageOf(m).id)).not.toContain(ours.id);
    await write(c.users.orgStaff.id, 'POST', `/api/outages/${ours.id}/cancel`, {});
    const cancelled = await eventOn(
      here,
      `outages:${c.city.id}`,
      (m) => m.kind === 'outage.cancelled' && outageOf(m).id === ours.id,
    );
    expect(outageOf(cancelled)).toMatchObject({ status: 'cancelled', phase: 'cancelled' });
  });

  it('tells of an escalation step committed by a worker', async () => {
    const board = await open(c.users.dispatcher.id);
    expect(await board.subscribe(`outages:${c.city.id}`)).toMatchObject({ type: 'subscribed' });
    const o = await write(c.users.orgStaff.id, 'POST', '/api/outages', {
      service: 'cold_water',
      kind: 'emergency',
      reason: 'Ремонт ввода',
      startsAt: inHours(-2),
      expectedEndAt: inHours(1),
      buildingIds: [c.building.id],
    });
    // The worker's own connection pool (a process of its own in production) performs the step.
    const worker = connect(t.url, { max: 2 });
    try {
      expect(
        await performOutageSteps(
          systemContext({ db: worker, boss: t.boss, clock: () => new Date(Date.now() + 2 * HOUR) }),
          o.id,
          'http://otklik.test',
        ),
      ).toBeGreaterThan(0);
    } finally {
      await worker.$announcer.flush();
      await worker.$client.end({ timeout: 1 });
    }
    const step = await eventOn(
      board,
      `outages:${c.city.id}`,
      (m) => m.kind === 'outage.escalated' && outageOf(m).id === o.id,
    );
    expect(updateOf(step).changes.escalationLevel).toEqual([0, expect.any(Number)]);
    expect((step.outage as { escalationLevel: number }).escalationLevel).toBeGreaterThan(0);
  });

  it('checks the topics: unknown records are 404, malformed names 400', async () => {
    const client = await open();
    expect(await client.subscribe('outage:99999999')).toMatchObject({ type: 'error', status: 404 });
    expect(await client.subscribe('building:99999999')).toMatchObject({ type: 'error', status: 404 });
    expect(await client.subscribe('outages:99999')).toMatchObject({ type: 'error', status: 404 });
    expect(await client.subscribe('outages:x')).toMatchObject({ type: 'error', status: 400, code: 'bad_topic' });
    const [{ n }] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from outage_updates`);
    expect(n).toBeGreaterThan(0);
  });

  // Last: it reads every message this file's sockets received, outage events and replays included.
  it('sends only messages its OpenAPI document declares (LiveServerMessage)', async () => {
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const received = clients.flatMap((client) => client.messages);
    expect(received.some((m) => m.type === 'event' && 'outage' in m)).toBe(true);
    expect(undeclaredLiveMessages(openapi, received)).toEqual([]);
  });
});
