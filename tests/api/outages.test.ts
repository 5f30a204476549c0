import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { performOutageSteps, sweepOutageSteps } from '../../api/outages/escalate-outage.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { refreshClocks } from '../../api/sla/clocks.ts';
import { registerOutages } from '../../jobs/outages.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { square } from '../helpers/make.ts';
import { linkResident, outageCity } from '../helpers/outages.ts';
import { contextAt } from '../helpers/context.ts';

const HOUR = 3_600_000;
const plus = (t: Date, h: number) => new Date(t.getTime() + h * HOUR);
// 12:00 in Moscow: outside the quiet hours.
const noon = new Date('2026-06-10T09:00:00Z');

describe('outages API', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let mcStaff: Awaited<ReturnType<TestApp['signIn']>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await outageCity(t.db);
    mcStaff = await t.signIn(c.users.orgStaff.id);
  });
  afterAll(() => t?.close());

  const publish = async (body: Record<string, unknown>, headers = mcStaff) =>
    t.app.inject({ method: 'POST', url: '/api/outages', headers, payload: body });
  const base = (h0: number, h1: number) => ({
    service: 'hot_water',
    kind: 'planned',
    reason: 'Ремонт теплотрассы',
    startsAt: plus(noon, h0).toISOString(),
    expectedEndAt: plus(noon, h1).toISOString(),
  });
  const outbox = async (template: string) =>
    t.db.execute<{
      user_id: string | null;
      destination: string;
      kind: string;
      body: string;
      send_after: string | null;
      appeal_id: string | null;
    }>(
      sql`select user_id, destination, kind, body, send_after, appeal_id from notification_outbox where template = ${template} order by id`,
    );
  const clearOutbox = () =>
    t.db.execute(sql`delete from notification_outbox where appeal_id is null and template like 'outage_%'`);

  it('publishes from a list of buildings: the buildings with the active range, the history, and the linked residents told', async () => {
    t.setNow(noon);
    const res = await publish({
      ...base(24, 32),
      buildingIds: [c.building.id, c.near.id],
      note: 'Подготовьте запас воды',
    });
    t.setNow(null);
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      service: 'hot_water',
      kind: 'planned',
      status: 'active',
      phase: 'upcoming',
      buildingCount: 2,
      version: 1,
    });
    expect(o.organisation).toEqual({ id: c.mc.id, nameRu: c.mc.nameRu, nameEn: c.mc.nameEn });
    const rows = await t.db.execute<{ building_id: number; during: string }>(
      sql`select building_id, during::text from outage_buildings where outage_id = ${o.id} order by building_id`,
    );
    expect(rows.map((r) => r.building_id)).toEqual([c.building.id, c.near.id].sort((a, b) => a - b));
    expect(rows[0].during).toBe('["2026-06-11 09:00:00+00","2026-06-11 17:00:00+00")');
    const [update] = await t.db.execute<{ kind: string; actor_id: string; note: string }>(
      sql`select kind, actor_id, note from outage_updates where outage_id = ${o.id}`,
    );
    expect(update).toMatchObject({ kind: 'published', note: 'Подготовьте запас воды' });
    // The confirmed resident hears (e-mail by default); the pending link does not; no appeal on the row.
    const sent = await outbox('outage_published');
    expect(sent.map((m) => m.destination)).toEqual(['petrov@example.invalid']);
    expect(sent[0]).toMatchObject({ kind: 'outage_published', appeal_id: null, send_after: null });
    expect(sent[0].body).toContain('горячая вода');
    expect(sent[0].body).toContain('Ремонт теплотрассы');
    expect(sent[0].body).toContain(`/outages/${o.id}`);
    expect(sent[0].body).not.toContain('Петров');
    const [job] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver'`,
    );
    expect(job.n).toBeGreaterThanOrEqual(1);
    // The escalation timer is armed at the expected end: on the row for the sweeper, and as a delayed job.
    const [row] = await t.db.execute<{ next_step_at: Date }>(sql`select next_step_at from outages where id = ${o.id}`);
    expect(new Date(row.next_step_at).toISOString()).toBe(plus(noon, 32).toISOString());
    const [timer] = await t.db.execute<{ start_after: Date }>(
      sql`select start_after from pgboss.job where name = 'outage.step' and (data->>'outageId')::int = ${o.id}`,
    );
    expect(new Date(timer.start_after).toISOString()).toBe(plus(noon, 32).toISOString());
    await t.app.inject({ method: 'POST', url: `/api/outages/${o.id}/cancel`, headers: mcStaff, payload: {} });
    await clearOutbox();
  });

  it('answers malformed requests with problems, never a 500', async () => {
    expect((await t.app.inject({ url: '/api/outages/999999' })).statusCode).toBe(404);
    const bbox = await t.app.inject({ url: `/api/outages?municipality=${c.city.code}&bbox=1,2,3` });
    expect(bbox.statusCode).toBe(400);
    expect(bbox.headers['content-type']).toMatch(/problem\+json/);
    const two = await publish({ ...base(10, 12), buildingIds: [c.building.id], districtId: c.district.id });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0].code).toBe('outage.field.one_way');
    const none = await publish({ ...base(10, 12) });
    expect(none.statusCode).toBe(400);
    const badTime = await publish({ ...base(10, 12), startsAt: 'tomorrow', buildingIds: [c.building.id] });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().errors[0].field).toBe('body.startsAt');
    const emptyList = await t.app.inject({
      method: 'PATCH',
      url: '/api/outages/1',
      headers: mcStaff,
      payload: { expectedVersion: 1, buildingIds: [] },
    });
    expect(emptyList.statusCode).toBe(400);
    const unknown = await publish({ ...base(10, 12), buildingIds: [2 ** 31 - 1] });
    expect(unknown.statusCode).toBe(422);
  });

  it('refuses an end before the start, naming the field', async () => {
    t.setNow(noon);
    const res = await publish({ ...base(10, 8), buildingIds: [c.building.id] });
    t.setNow(null);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors).toContainEqual({
      field: 'body.expectedEndAt',
      code: 'outage.end_before_start',
      reason: 'окончание должно быть позже начала',
    });
  });

  it('refuses a polygon outside the city or crossing itself', async () => {
    t.setNow(noon);
    const outside = await publish({ ...base(40, 44), area: square(48.5, 55.5, 0.01) });
    const bowTie = await publish({
      ...base(40, 44),
      area: [
        [49.11, 55.78],
        [49.13, 55.8],
        [49.13, 55.78],
        [49.11, 55.8],
      ],
    });
    t.setNow(null);
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors).toEqual([
      { field: 'body.area', code: 'outage.area_outside', reason: 'область выходит за границу муниципалитета' },
    ]);
    expect(bowTie.statusCode).toBe(422);
    expect(bowTie.json().errors[0].code).toBe('outage.area_crosses');
  });

  it('refuses buildings the organisation does not serve for the service', async () => {
    t.setNow(noon);
    const res = await publish({ ...base(40, 44), buildingIds: [c.building.id, c.foreign.id] });
    // The supplier serves hot water to the company's buildings, not to the other company's.
    const supplier = await publish(
      { ...base(40, 44), service: 'hot_water', buildingIds: [c.foreign.id] },
      await t.signIn(c.supplierStaff.id),
    );
    t.setNow(null);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      field: 'body.buildingIds',
      code: 'outage.not_served.reason',
      reason: expect.stringContaining(String(c.foreign.id)),
    });
    expect(supplier.statusCode).toBe(422);
  });

  it('refuses an overlapping outage of the same service with 409 naming it, and allows another service', async () => {
    t.setNow(noon);
    const first = await publish({ ...base(50, 60), buildingIds: [c.building.id] });
    expect(first.statusCode).toBe(201);
    const clash = await publish({ ...base(55, 70), buildingIds: [c.near.id, c.building.id] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ outageId: first.json().id });
    expect(clash.json().detail).toContain(String(first.json().id));
    const cold = await publish({ ...base(55, 70), service: 'cold_water', buildingIds: [c.building.id] });
    expect(cold.statusCode).toBe(201);
    // The constraint itself refuses a racing insert (the pre-check cannot see uncommitted rows).
    await expect(
      t.db.execute(sql`insert into outage_buildings (outage_id, building_id, service, during)
        values (${cold.json().id}, ${c.building.id}, 'hot_water', tstzrange(${plus(noon, 51).toISOString()}::timestamptz, ${plus(noon, 52).toISOString()}::timestamptz))`),
    ).rejects.toThrow();
    // Cancelled, it no longer blocks the time.
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/outages/${first.json().id}/cancel`,
      headers: mcStaff,
      payload: { note: 'Работы перенесены' },
    });
    expect(cancel.statusCode).toBe(200);
    const [range] = await t.db.execute<{ empty: boolean }>(
      sql`select isempty(during) as empty from outage_buildings where outage_id = ${first.json().id}`,
    );
    expect(range.empty).toBe(true);
    const again = await publish({ ...base(55, 70), buildingIds: [c.building.id] });
    t.setNow(null);
    expect(again.statusCode).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: `/api/outages/${again.json().id}/cancel`,
      headers: mcStaff,
      payload: {},
    });
    await t.app.inject({ method: 'POST', url: `/api/outages/${cold.json().id}/cancel`, headers: mcStaff, payload: {} });
    await clearOutbox();
  });

  it('publishes by a drawn polygon: the served buildings inside it, and shows them in a preview first', async () => {
    t.setNow(noon);
    const area = square(49.1202, 55.7901, 0.002);
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/outages/preview',
      headers: mcStaff,
      payload: { service: 'hot_water', area },
    });
    expect(preview.statusCode).toBe(200);
    expect(
      preview
        .json()
        .buildings.map((b: { id: number; served: boolean }) => [b.id, b.served])
        .sort(),
    ).toEqual(
      [
        [c.building.id, true],
        [c.near.id, true],
      ].sort(),
    );
    const res = await publish({ ...base(80, 90), kind: 'emergency', area });
    t.setNow(null);
    expect(res.statusCode).toBe(201);
    expect(res.json().buildingCount).toBe(2);
    expect(res.json().area).toHaveLength(5);
    await t.app.inject({ method: 'POST', url: `/api/outages/${res.json().id}/cancel`, headers: mcStaff, payload: {} });
    await clearOutbox();
  });

  it('publishes a whole district: only the buildings the publisher serves', async () => {
    t.setNow(noon);
    const res = await publish({ ...base(100, 110), districtId: c.district.id });
    t.setNow(null);
    expect(res.statusCode).toBe(201);
    expect(res.json().districtId).toBe(c.district.id);
    const ids = res
      .json()
      .buildings.map((b: { id: number }) => b.id)
      .sort();
    expect(ids).toEqual([c.building.id, c.near.id].sort());
    await t.app.inject({ method: 'POST', url: `/api/outages/${res.json().id}/cancel`, headers: mcStaff, payload: {} });
    await clearOutbox();
  });

  it('lets only the publisher (and the municipality’s dispatchers) publish and change', async () => {
    t.setNow(noon);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/outages',
      payload: { ...base(120, 125), buildingIds: [c.building.id] },
    });
    const resident = await publish(
      { ...base(120, 125), buildingIds: [c.building.id] },
      await t.signIn(c.users.resident.id),
    );
    const mine = await publish({ ...base(120, 125), buildingIds: [c.building.id] });
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/outages/${mine.json().id}/restore`,
      headers: await t.signIn(c.users.otherOrgStaff.id),
      payload: {},
    });
    const dispatcher = await t.app.inject({
      method: 'POST',
      url: `/api/outages/${mine.json().id}/cancel`,
      headers: await t.signIn(c.users.dispatcher.id),
      payload: {},
    });
    t.setNow(null);
    expect(anonymous.statusCode).toBe(401);
    expect(resident.statusCode).toBe(403);
    expect(other.statusCode).toBe(403);
    expect(dispatcher.statusCode).toBe(200);
    expect(dispatcher.json().status).toBe('cancelled');
    await clearOutbox();
  });

  it('refuses to cancel, restore, change or follow an outage that is over with a 409 problem that names its state apart', async () => {
    t.setNow(noon);
    const published = await publish({ ...base(130, 135), buildingIds: [c.building.id] });
    const id = published.json().id;
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/outages/${id}/cancel`,
      headers: mcStaff,
      payload: {},
    });
    const resident = await t.signIn(c.users.resident.id);
    const attempts = {
      cancel: await t.app.inject({ method: 'POST', url: `/api/outages/${id}/cancel`, headers: mcStaff, payload: {} }),
      restore: await t.app.inject({ method: 'POST', url: `/api/outages/${id}/restore`, headers: mcStaff, payload: {} }),
      change: await t.app.inject({
        method: 'PATCH',
        url: `/api/outages/${id}`,
        headers: mcStaff,
        payload: { expectedVersion: cancelled.json().version, reason: 'Другая причина' },
      }),
      follow: await t.app.inject({ method: 'POST', url: `/api/outages/${id}/follow`, headers: resident }),
    };
    t.setNow(null);
    expect(cancelled.statusCode).toBe(200);
    for (const [attempt, res] of Object.entries(attempts)) {
      expect(res.statusCode, attempt).toBe(409);
      expect(res.headers['content-type'], attempt).toContain('application/problem+json');
      // RFC 9457: `status` is the HTTP status, a number; the outage's own state is a member of its own.
      expect(res.json(), attempt).toMatchObject({
        type: 'https://otklik.dev/problems/conflict',
        status: 409,
        code: attempt === 'follow' ? 'outage.over' : 'outage.already_over',
        outage: { status: 'cancelled' },
      });
    }
    await clearOutbox();
  });

  describe('an ongoing outage', () => {
    let id: number;
    beforeAll(async () => {
      t.setNow(noon);
      const res = await publish({
        ...base(-1, 5),
        kind: 'emergency',
        reason: 'Порыв трубы',
        buildingIds: [c.building.id, c.near.id],
      });
      t.setNow(null);
      id = res.json().id;
      await clearOutbox();
    });

    it('is listed publicly with its buildings and publisher, with no personal data, and filtered', async () => {
      t.setNow(plus(noon, 1));
      const list = await t.app.inject({ url: `/api/outages?municipality=${c.city.code}` });
      expect(list.statusCode).toBe(200);
      const item = list.json().items.find((o: { id: number }) => o.id === id);
      expect(item).toMatchObject({
        phase: 'ongoing',
        kind: 'emergency',
        buildingCount: 2,
        organisation: { nameRu: c.mc.nameRu },
      });
      expect(JSON.stringify(list.json())).not.toMatch(/createdBy|Петров|petrov|\+7917/);
      // cancelled ones are not active
      expect(list.json().items.every((o: { status: string }) => o.status === 'active')).toBe(true);
      const byBuilding = await t.app.inject({
        url: `/api/outages?municipality=${c.city.code}&buildingId=${c.near.id}`,
      });
      expect(byBuilding.json().items.map((o: { id: number }) => o.id)).toEqual([id]);
      const byForeign = await t.app.inject({
        url: `/api/outages?municipality=${c.city.code}&buildingId=${c.foreign.id}`,
      });
      expect(byForeign.json().items).toEqual([]);
      const inBox = await t.app.inject({
        url: `/api/outages?municipality=${c.city.code}&bbox=49.119,55.789,49.121,55.791`,
      });
      expect(inBox.json().items.map((o: { id: number }) => o.id)).toEqual([id]);
      const away = await t.app.inject({ url: `/api/outages?municipality=${c.city.code}&bbox=49.13,55.78,49.14,55.8` });
      expect(away.json().items).toEqual([]);
      const gas = await t.app.inject({ url: `/api/outages?municipality=${c.city.code}&service=gas` });
      expect(gas.json().items).toEqual([]);
      const district = await t.app.inject({
        url: `/api/outages?municipality=${c.city.code}&districtId=${c.district.id}&status=all`,
      });
      expect(district.json().items.length).toBeGreaterThan(1);
      t.setNow(null);
    });

    it('links an appeal about the service in an affected building, which shows the outage and never breaches', async () => {
      t.setNow(plus(noon, 1));
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: await t.signIn(c.users.resident.id),
        payload: { categoryId: c.hotWater.id, buildingId: c.building.id, description: 'Нет горячей воды с утра' },
      });
      expect(filed.statusCode).toBe(201);
      const appealId = filed.json().id as number;
      const [row] = await t.db.execute<{ outage_id: string }>(
        sql`select outage_id from appeals where id = ${appealId}`,
      );
      expect(Number(row.outage_id)).toBe(id);
      const [event] = await t.db.execute<{ payload: { outageId: number } }>(
        sql`select payload from appeal_events where appeal_id = ${appealId} and type = 'outage_linked'`,
      );
      expect(event.payload.outageId).toBe(id);
      const seen = await t.app.inject({
        url: `/api/appeals/${appealId}`,
        headers: await t.signIn(c.users.resident.id),
      });
      expect(seen.json().outage).toMatchObject({
        id,
        service: 'hot_water',
        expectedEndAt: plus(noon, 5).toISOString(),
      });
      // Routed to the supplier; no deadline kept, no step armed, no breach even far past it.
      await routeAppeal(contextAt(t, plus(noon, 1)), appealId);
      const [clock] = await t.db.execute<{
        response_due_at: Date | null;
        next_step_at: Date | null;
        assigned_org_id: number;
      }>(sql`select response_due_at, next_step_at, assigned_org_id from appeals where id = ${appealId}`);
      expect(clock).toMatchObject({ response_due_at: null, next_step_at: null });
      expect(clock.assigned_org_id).toBe(c.supplier.id);
      // Days later its clocks are recomputed: still no breach marked (the statistics count these).
      await refreshClocks(t, appealId, plus(noon, 200));
      const [late] = await t.db.execute<{ response_breached_at: Date | null; resolution_breached_at: Date | null }>(
        sql`select response_breached_at, resolution_breached_at from appeals where id = ${appealId}`,
      );
      expect(late).toEqual({ response_breached_at: null, resolution_breached_at: null });
      // …and the appeal's own view says the same: nothing due, nothing breached.
      t.setNow(plus(noon, 200));
      const later = (
        await t.app.inject({ url: `/api/appeals/${appealId}`, headers: await t.signIn(c.users.resident.id) })
      ).json();
      expect(later.sla.response).toMatchObject({ dueAt: null, breached: false, breachedAt: null });
      expect(later.sla.resolution).toMatchObject({ dueAt: null, breached: false, breachedAt: null });
      t.setNow(plus(noon, 1));
      // An appeal of another category in the same building is not linked.
      const roof = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: await t.signIn(c.users.resident.id),
        payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Протекает кровля над кухней' },
      });
      const [other] = await t.db.execute<{ outage_id: string | null }>(
        sql`select outage_id from appeals where id = ${roof.json().id}`,
      );
      expect(other.outage_id).toBeNull();
      t.setNow(null);
      // The sweeper of appeal steps finds nothing for the linked appeal.
      const [steps] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from appeal_events where appeal_id = ${appealId} and type like 'sla_%'`,
      );
      expect(steps.n).toBe(0);
      // Its author now hears of the outage's changes too.
      await clearOutbox();
    });

    it('records a change with old and new values, checks the version, tells residents, and re-arms escalation', async () => {
      t.setNow(plus(noon, 2));
      const current = (await t.app.inject({ url: `/api/outages/${id}` })).json();
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/outages/${id}`,
        headers: mcStaff,
        payload: { expectedVersion: current.version + 1, expectedEndAt: plus(noon, 8).toISOString() },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().currentVersion).toBe(current.version);
      const past = await t.app.inject({
        method: 'PATCH',
        url: `/api/outages/${id}`,
        headers: mcStaff,
        payload: { expectedVersion: current.version, expectedEndAt: plus(noon, 1).toISOString() },
      });
      expect(past.statusCode).toBe(422);
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/outages/${id}`,
        headers: mcStaff,
        payload: {
          expectedVersion: current.version,
          expectedEndAt: plus(noon, 8).toISOString(),
          buildingIds: [c.building.id],
          note: 'Работы продлены',
        },
      });
      t.setNow(null);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        version: current.version + 1,
        buildingCount: 1,
        expectedEndAt: plus(noon, 8).toISOString(),
      });
      const detail = (await t.app.inject({ url: `/api/outages/${id}` })).json();
      const change = detail.updates.at(-1);
      expect(change).toMatchObject({ kind: 'updated', actorRole: 'org_staff', note: 'Работы продлены' });
      expect(change.changes.expectedEndAt).toEqual([plus(noon, 5).toISOString(), plus(noon, 8).toISOString()]);
      expect(change.changes.buildings).toEqual([[c.building.id, c.near.id].sort((a, b) => a - b), [c.building.id]]);
      expect(JSON.stringify(detail)).not.toMatch(/actorId|createdBy/);
      const [range] = await t.db.execute<{ during: string }>(
        sql`select during::text from outage_buildings where outage_id = ${id}`,
      );
      expect(range.during).toContain('2026-06-10 17:00:00+00');
      const told = await outbox('outage_changed');
      expect(told.map((m) => m.destination)).toEqual(['petrov@example.invalid']);
      expect(told[0].body).toContain('Работы продлены');
      const [row] = await t.db.execute<{ next_step_at: Date; escalation_level: number }>(
        sql`select next_step_at, escalation_level from outages where id = ${id}`,
      );
      expect(new Date(row.next_step_at).toISOString()).toBe(plus(noon, 8).toISOString());
      await clearOutbox();
    });

    it('escalates past its expected end like an overdue appeal: supervisors and dispatchers, then city hall, each once', async () => {
      const url = t.config.PUBLIC_URL;
      expect(
        await performOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 7) }), id, url),
      ).toBe(0);
      expect(
        await performOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 8.5) }), id, url),
      ).toBe(1);
      expect(
        await performOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 8.5) }), id, url),
      ).toBe(0);
      expect((await outbox('outage_overdue_supervisor')).map((m) => m.destination)).toEqual(['boss@uk.invalid']);
      expect((await outbox('outage_overdue_dispatch')).map((m) => m.destination)).toEqual(['dispatch@city.invalid']);
      expect(await outbox('outage_overdue_city_hall')).toEqual([]);
      // One allowance (the planned 9 hours) later: city hall, through the sweeper.
      expect(
        await sweepOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 17.5) }), url),
      ).toBe(1);
      expect((await outbox('outage_overdue_city_hall')).map((m) => m.destination)).toEqual(['mayor@city.invalid']);
      const updates = (await t.app.inject({ url: `/api/outages/${id}` }))
        .json()
        .updates.filter((u: { kind: string }) => u.kind === 'escalated');
      expect(updates.map((u: { changes: { escalationLevel: number[] } }) => u.changes.escalationLevel)).toEqual([
        [0, 1],
        [1, 2],
      ]);
      expect(updates[0].actorRole).toBeNull();
      // Moving the expected end re-arms the ladder from the new end.
      t.setNow(plus(noon, 18));
      const version = (await t.app.inject({ url: `/api/outages/${id}` })).json().version;
      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/api/outages/${id}`,
        headers: mcStaff,
        payload: { expectedVersion: version, expectedEndAt: plus(noon, 20).toISOString() },
      });
      t.setNow(null);
      expect(moved.statusCode).toBe(200);
      expect(moved.json().escalationLevel).toBe(0);
      expect(
        await performOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 19) }), id, url),
      ).toBe(0);
      expect(
        await performOutageSteps(systemContext({ db: t.db, boss: t.boss, clock: () => plus(noon, 20.1) }), id, url),
      ).toBe(1);
      await clearOutbox();
    });

    it('is restored: the range ends then, residents and linked appeals’ authors are told, and it is no longer active', async () => {
      await linkResident(t.db, c.building.id, c.users.otherResident.id, { number: '9' });
      await t.db.execute(sql`update user_personal set email = null where user_id = ${c.users.otherResident.id}`);
      // A resident of another building follows it instead of filing an appeal.
      const follower = await c.make.user(c.city.id, { role: 'resident', email: 'follower@example.invalid' });
      const followerHeaders = await t.signIn(follower.id);
      t.setNow(plus(noon, 20.8));
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/outages/${id}/follow`, headers: followerHeaders })).statusCode,
      ).toBe(204);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/outages/${id}/follow`, headers: mcStaff })).statusCode,
      ).toBe(403);
      expect((await t.app.inject({ url: `/api/outages/${id}`, headers: followerHeaders })).json().following).toBe(true);
      t.setNow(plus(noon, 21));
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/outages/${id}/restore`,
        headers: mcStaff,
        payload: { restoredAt: plus(noon, 20.5).toISOString() },
      });
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/outages/${id}/restore`,
        headers: mcStaff,
        payload: {},
      });
      t.setNow(null);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'restored',
        phase: 'restored',
        restoredAt: plus(noon, 20.5).toISOString(),
      });
      expect(again.statusCode).toBe(409);
      const [range] = await t.db.execute<{ during: string }>(
        sql`select during::text from outage_buildings where outage_id = ${id}`,
      );
      expect(range.during).toBe('["2026-06-10 08:00:00+00","2026-06-11 05:30:00+00")');
      // The resident without an e-mail hears nothing (no contact); the linked appeal's author once; the follower.
      expect((await outbox('outage_restored')).map((m) => m.destination)).toEqual([
        'petrov@example.invalid',
        'follower@example.invalid',
      ]);
      const list = await t.app.inject({ url: `/api/outages?municipality=${c.city.code}` });
      expect(list.json().items.map((o: { id: number }) => o.id)).not.toContain(id);
    });
  });

  it('holds planned-outage messages in the quiet hours but not emergency ones', async () => {
    const night = new Date('2026-06-20T20:00:00Z'); // 23:00 in Moscow
    t.setNow(night);
    const planned = await publish({
      ...base(0, 1),
      startsAt: plus(night, 30).toISOString(),
      expectedEndAt: plus(night, 34).toISOString(),
      buildingIds: [c.building.id],
    });
    const [held] = await outbox('outage_published');
    expect(new Date(held.send_after!).toISOString()).toBe('2026-06-21T05:00:00.000Z');
    await clearOutbox();
    const emergency = await publish({
      ...base(0, 1),
      kind: 'emergency',
      service: 'cold_water',
      startsAt: night.toISOString(),
      expectedEndAt: plus(night, 3).toISOString(),
      buildingIds: [c.building.id],
    });
    t.setNow(null);
    expect(planned.statusCode).toBe(201);
    expect(emergency.statusCode).toBe(201);
    const [now] = await outbox('outage_published');
    expect(now.send_after).toBeNull();
  });

  it('fires a real pg-boss timer at the expected end', async () => {
    await registerOutages(t.boss, t.db, () => new Date(), t.config.PUBLIC_URL);
    const now = new Date();
    const res = await publish({
      ...base(0, 1),
      kind: 'emergency',
      service: 'electricity',
      organisationId: undefined,
      startsAt: new Date(now.getTime() - 20 * 60_000).toISOString(),
      expectedEndAt: new Date(now.getTime() + 1500).toISOString(),
      buildingIds: [c.building.id],
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as number;
    await expect
      .poll(
        async () =>
          (
            await t.db.execute<{ n: number }>(
              sql`select count(*)::int as n from outage_updates where outage_id = ${id} and kind = 'escalated'`,
            )
          )[0].n,
        {
          timeout: 8000,
          interval: 250,
        },
      )
      .toBe(1);
    const [row] = await t.db.execute<{ escalation_level: number }>(
      sql`select escalation_level from outages where id = ${id}`,
    );
    expect(row.escalation_level).toBe(1);
  });

  it('honours a resident’s choice to hear nothing of outages by e-mail', async () => {
    await clearOutbox();
    await t.db.execute(
      sql`insert into notification_preferences (user_id, kind, channel, enabled) values (${c.users.resident.id}, 'outage_published', 'email', false)`,
    );
    t.setNow(noon);
    const res = await publish(
      { ...base(200, 204), service: 'heating', buildingIds: [c.building.id] },
      await t.signIn(c.users.admin.id).then((h) => h),
    );
    t.setNow(null);
    // An admin has no organisation of their own: they name one.
    expect(res.statusCode).toBe(422);
    t.setNow(noon);
    const ok = await publish(
      { ...base(200, 204), service: 'heating', organisationId: c.mc.id, buildingIds: [c.building.id] },
      await t.signIn(c.users.admin.id),
    );
    t.setNow(null);
    expect(ok.statusCode).toBe(201);
    expect(await outbox('outage_published')).toEqual([]);
  });
});
