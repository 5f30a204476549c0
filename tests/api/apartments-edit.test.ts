import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';

type Headers = Record<string, string>;

const NOW = new Date('2026-10-20T09:00:00Z');

describe('a company edits and removes its apartments', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let r: ReturnType<typeof readingMakers>;
  let staff: Headers;
  let supervisor: Headers;
  let otherStaff: Headers;
  let resident: Headers;
  let otherResident: Headers;
  let admin: Headers;
  let dispatcher: Headers;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    r = readingMakers(t.db);
    await t.db.execute(sql`update buildings set entrances = 4, floors = 9 where id = ${c.building.id}`);
    // The resident takes e-mail: messages of a new kind go by e-mail and push by default.
    await t.db.execute(
      sql`update user_personal set email = 'petrov@example.invalid' where user_id = ${c.users.resident.id}`,
    );
    staff = await t.signIn(c.users.orgStaff.id);
    supervisor = await t.signIn(c.users.orgSupervisor.id);
    otherStaff = await t.signIn(c.users.otherOrgStaff.id);
    resident = await t.signIn(c.users.resident.id);
    otherResident = await t.signIn(c.users.otherResident.id);
    admin = await t.signIn(c.users.admin.id);
    dispatcher = await t.signIn(c.users.dispatcher.id);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.setNow(NOW));

  const inject = (method: 'GET' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const patch = (id: number, body: unknown, headers = staff) =>
    inject('PATCH', `/api/housing/apartments/${id}`, headers, body);
  const remove = (id: number, headers = staff, body?: unknown) =>
    inject('DELETE', `/api/housing/apartments/${id}`, headers, body);
  const listed = async (headers = staff) =>
    (await inject('GET', `/api/housing/buildings/${c.building.id}/apartments`, headers)).json().items as {
      id: number;
      number: string;
      version: number;
      accountNumber: string | null;
      meters: { retired: boolean }[];
    }[];
  const history = async (apartmentId: number) =>
    t.db.execute<{
      kind: string;
      field: string | null;
      old_value: unknown;
      new_value: unknown;
      actor_id: number;
      at: Date;
    }>(
      sql`select kind, field, old_value, new_value, actor_id::int as actor_id, at from apartment_changes where apartment_id = ${apartmentId} order by id`,
    );

  it('renumbers an apartment and fixes its account: the list shows it, the version rises, each field is recorded', async () => {
    const a = await r.apartment(c.building.id, {
      number: '10',
      account: '1100010',
      meters: [{ kind: 'cold_water', serial: 'E-10' }],
    });
    expect((await listed()).find((x) => x.id === a.id)?.version).toBe(1);
    const res = await patch(a.id, { version: 1, number: ' 10А ', accountNumber: '1100099', floor: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: a.id,
      number: '10А',
      entrance: null,
      floor: 3,
      area: null,
      accountNumber: '1100099',
      version: 2,
    });
    expect((await listed()).find((x) => x.id === a.id)).toMatchObject({
      number: '10А',
      accountNumber: '1100099',
      version: 2,
    });

    const rows = await history(a.id);
    expect(rows.map((h) => [h.kind, h.field, h.old_value, h.new_value])).toEqual([
      ['updated', 'number', '10', '10А'],
      ['updated', 'floor', null, 3],
      ['updated', 'accountNumber', '1100010', '1100099'],
    ]);
    expect(rows.every((h) => h.actor_id === c.users.orgStaff.id && new Date(h.at).getTime() === NOW.getTime())).toBe(
      true,
    );

    // The history as the company reads it, newest first, with who did it.
    const changes = await inject('GET', `/api/housing/buildings/${c.building.id}/apartment-changes`, supervisor);
    expect(changes.statusCode, changes.body).toBe(200);
    const mine = changes.json().items.filter((i: { apartmentId: number }) => i.apartmentId === a.id);
    expect(mine.map((i: { field: string }) => i.field)).toEqual(['accountNumber', 'floor', 'number']);
    expect(mine[0]).toMatchObject({
      kind: 'updated',
      number: '10А',
      removed: false,
      oldValue: '1100010',
      newValue: '1100099',
      actor: { role: 'org_staff' },
    });

    // A resident may now link to the new number, not the old one.
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/me/apartments',
      headers: resident,
      payload: { buildingId: c.building.id, apartment: '10', accountNumber: '1' },
    });
    expect(old.statusCode).toBe(422);
  });

  it('a change with nothing new keeps the version and records nothing', async () => {
    const a = await r.apartment(c.building.id, { number: '11', account: '1100011' });
    const res = await patch(a.id, { version: 1, number: '11', accountNumber: '1100011' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(1);
    expect(await history(a.id)).toHaveLength(0);
  });

  it('refuses a number another apartment of the building has (any letter case), naming the field', async () => {
    await r.apartment(c.building.id, { number: '20Б' });
    const a = await r.apartment(c.building.id, { number: '21' });
    const res = await patch(a.id, { version: 1, number: '20б' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ field: 'body.number', errors: [{ field: 'body.number' }] });
    expect(res.json()).toMatchObject({ code: 'apartment.number_taken' });
    expect(res.json().detail).toContain('уже есть квартира');
    expect((await listed()).find((x) => x.id === a.id)).toMatchObject({ number: '21', version: 1 });
    expect(await history(a.id)).toHaveLength(0);
  });

  it('refuses a stale version with the current one, and changes nothing', async () => {
    const a = await r.apartment(c.building.id, { number: '22' });
    expect((await patch(a.id, { version: 1, area: 41.5 })).statusCode).toBe(200);
    const stale = await patch(a.id, { version: 1, area: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(2);
    const [row] = await t.db.execute(sql`select area::float8 as area, version from apartments where id = ${a.id}`);
    expect(row).toEqual({ area: 41.5, version: 2 });
  });

  it('answers 422 naming each field the building cannot have, and 400 for malformed input', async () => {
    const a = await r.apartment(c.building.id, { number: '23' });
    const res = await patch(a.id, { version: 1, entrance: 5, floor: 12, area: 40.25 });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.entrance',
      'body.floor',
      'body.area',
    ]);
    expect(res.json().errors[0].reason).toContain('4 подъезд');
    const bad = await patch(a.id, { version: 1, number: '', unknown: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.number']));
    expect((await patch(a.id, { number: '24' })).statusCode).toBe(400);
    expect(await history(a.id)).toHaveLength(0);
  });

  it('refuses a removal while the apartment has readings, naming why and suggesting retirement', async () => {
    const a = await r.apartment(c.building.id, { number: '30', meters: [{ kind: 'cold_water', serial: 'E-30' }] });
    await r.history(a.meterIds[0], c.users.resident.id, [{ period: '2026-09', values: [12] }]);
    const res = await remove(a.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().blockers).toEqual(['readings']);
    expect(res.json().code).toBe('apartment.cannot_remove');
    expect(res.json().detail).toMatch(/показания.*Снимите её счётчики/s);
    expect((await listed()).some((x) => x.id === a.id)).toBe(true);
    expect(await history(a.id)).toHaveLength(0);
  });

  it('refuses a removal while a resident is confirmed there', async () => {
    const a = await r.apartment(c.building.id, { number: '31' });
    await r.link(a.id, c.users.resident.id, 'confirmed');
    const res = await remove(a.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().blockers).toEqual(['confirmed_links']);
  });

  it('removes an apartment made by mistake: pending requests rejected with the reason and the residents told, meters retired, the number free, the removal recorded', async () => {
    const a = await r.apartment(c.building.id, {
      number: '40',
      account: '1100040',
      meters: [{ kind: 'hot_water', serial: 'E-40' }],
    });
    const pending = await r.link(a.id, c.users.resident.id, 'pending');
    const earlier = await r.link(a.id, c.users.otherResident.id, 'rejected');
    const res = await remove(a.id, supervisor, { reason: 'внесена дважды' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: a.id, rejectedLinks: 1, retiredMeters: 1 });

    expect((await listed()).some((x) => x.id === a.id)).toBe(false);
    const links = await t.db.execute(
      sql`select id::int as id, status, note, decided_by::int as by from apartment_links where apartment_id = ${a.id} order by id`,
    );
    expect(links).toEqual([
      {
        id: pending,
        status: 'rejected',
        note: 'квартира удалена управляющей компанией / the apartment was removed by the management company: внесена дважды',
        by: c.users.orgSupervisor.id,
      },
      { id: earlier, status: 'rejected', note: null, by: null },
    ]);
    // The resident sees why, and is told through the outbox (address, never the apartment).
    const own = (await t.app.inject({ method: 'GET', url: '/api/me/apartments', headers: resident })).json().items;
    expect(own.find((i: { linkId: number }) => i.linkId === pending)).toMatchObject({
      status: 'rejected',
      note: expect.stringContaining('внесена дважды'),
    });
    const outbox = await t.db.execute<{
      user_id: number;
      kind: string;
      channel: string;
      subject: string;
      body: string;
    }>(
      sql`select user_id::int as user_id, kind, channel, subject, body from notification_outbox where kind = 'apartment_link' order by id`,
    );
    expect(outbox.map((o) => o.channel)).toEqual(['email']);
    expect(outbox.every((o) => o.user_id === c.users.resident.id)).toBe(true);
    expect(outbox[0].subject).toBe('Заявка на привязку квартиры отклонена');
    expect(outbox[0].body).toContain(c.building.address);
    expect(outbox[0].body).toContain('внесена дважды');
    expect(outbox[0].body).not.toContain('40');
    const [{ jobs }] = await t.db.execute<{ jobs: number }>(
      sql`select count(*)::int as jobs from pgboss.job where name = 'notify.deliver'`,
    );
    expect(jobs).toBe(outbox.length);

    const [meter] = await t.db.execute(sql`select retired_at from meters where id = ${a.meterIds[0]}`);
    expect(meter.retired_at).not.toBeNull();
    const [removed] = await history(a.id);
    expect(removed).toMatchObject({
      kind: 'deleted',
      field: null,
      new_value: { reason: 'внесена дважды' },
      actor_id: c.users.orgSupervisor.id,
    });
    expect(removed.old_value).toMatchObject({
      number: '40',
      accountNumber: '1100040',
      retiredMeterIds: [a.meterIds[0]],
      rejectedLinkIds: [pending],
    });

    // Gone for every route: a second removal, a change, a new meter; its meter too.
    expect((await remove(a.id)).statusCode).toBe(404);
    expect((await patch(a.id, { version: 2, number: '41' })).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/housing/apartments/${a.id}/meters`,
          headers: staff,
          payload: { kind: 'cold_water', serialNumber: 'X' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await inject('PATCH', `/api/housing/meters/${a.meterIds[0]}`, staff, { serialNumber: 'Y' })).statusCode,
    ).toBe(404);
    // The number can be entered again.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/housing/buildings/${c.building.id}/apartments`,
      headers: staff,
      payload: { apartments: [{ number: '40' }] },
    });
    expect(again.json()).toMatchObject({ created: [{ number: '40' }], existing: [] });
  });

  it('removes an apartment with no body and no requests, telling nobody', async () => {
    const a = await r.apartment(c.building.id, { number: '42' });
    const before = await t.db.execute(sql`select count(*)::int as n from notification_outbox`);
    const res = await remove(a.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: a.id, rejectedLinks: 0, retiredMeters: 0 });
    expect(await t.db.execute(sql`select count(*)::int as n from notification_outbox`)).toEqual(before);
  });

  it('refuses a reading that waited on its meter while the meter was retired (as a removal retires them)', async () => {
    const a = await r.apartment(c.building.id, { number: '60', meters: [{ kind: 'cold_water', serial: 'E-60' }] });
    await r.link(a.id, c.users.resident.id, 'confirmed');
    const meterId = a.meterIds[0];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const retiring = t.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from meters where id = ${meterId} for update`);
      await tx.execute(sql`update meters set retired_at = ${NOW} where id = ${meterId}`);
      await held;
    });
    const submission = t.app.inject({
      method: 'POST',
      url: `/api/meters/${meterId}/readings`,
      headers: resident,
      payload: { values: [5] },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await retiring;
    const res = await submission;
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'meter.retired' });
    expect(res.json().errors).toEqual([{ field: 'id', code: 'meter.retired.reason', reason: 'счётчик снят' }]);
    expect(await t.db.execute(sql`select 1 from meter_readings where meter_id = ${meterId}`)).toHaveLength(0);
  });

  it('refuses a link request that waited while its apartment was being removed, leaving no pending request on it', async () => {
    const a = await r.apartment(c.building.id, { number: '61', account: '6100' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const removing = t.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from apartments where id = ${a.id} for update`);
      await tx.execute(sql`update apartments set deleted_at = ${NOW} where id = ${a.id}`);
      locked();
      await held;
    });
    // The request comes once the removal holds the row, and the removal commits once the request waits
    // for it (or after 3 s: under load the request may still be on its way).
    await lockTaken;
    const asking = t.app.inject({
      method: 'POST',
      url: '/api/me/apartments',
      headers: otherResident,
      payload: { buildingId: c.building.id, apartment: '61', accountNumber: '6100' },
    });
    for (let i = 0; i < 60; i++) {
      const waiting = await t.db.execute(
        sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    release();
    await removing;
    const res = await asking;
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0].field).toBe('body.apartment');
    expect(await t.db.execute(sql`select 1 from apartment_links where apartment_id = ${a.id}`)).toHaveLength(0);
  });

  it('hides another company’s apartments (404) and refuses residents (403); admins keep their municipality’s, dispatchers nothing', async () => {
    const a = await r.apartment(c.building.id, { number: '50' });
    expect((await patch(a.id, { version: 1, number: '51' }, otherStaff)).statusCode).toBe(404);
    expect((await remove(a.id, otherStaff)).statusCode).toBe(404);
    expect(
      (await inject('GET', `/api/housing/buildings/${c.building.id}/apartment-changes`, otherStaff)).statusCode,
    ).toBe(404);
    expect((await patch(a.id, { version: 1, number: '51' }, resident)).statusCode).toBe(403);
    expect((await remove(a.id, resident)).statusCode).toBe(403);
    expect((await patch(a.id, { version: 1, number: '51' }, dispatcher)).statusCode).toBe(403);
    expect((await patch(2 ** 30, { version: 1, number: '51' })).statusCode).toBe(404);
    expect((await inject('PATCH', '/api/housing/apartments/50', {}, { version: 1 })).statusCode).toBe(401);
    expect(await history(a.id)).toHaveLength(0);
    const byAdmin = await patch(a.id, { version: 1, number: '51' }, admin);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await remove(a.id, admin)).statusCode).toBe(200);
  });
});
