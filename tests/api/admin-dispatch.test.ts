import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performDueSteps } from '../../api/sla/escalation.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { registerSlaRefresh } from '../../jobs/sla-refresh.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);
type Problem = { status: number; errors?: { field: string; reason: string }[] };

describe('admin API for dispatch configuration', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let otherOrg: { id: number };
  let otherBuilding: { id: number };
  let otherCategory: { id: number };
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await smallCity(t.db);
    otherOrg = await c.make.organisation(c.other.id);
    otherBuilding = await c.make.building(c.other.id, c.otherDistrict.id, { lon: 48.745, lat: 55.75 });
    otherCategory = await c.make.category(c.other.id);
    // Only the refresh worker: routing and timers are driven by hand with the test's clock.
    await registerSlaRefresh(t.boss, t.db, () => new Date());
  });
  afterAll(() => t?.close());

  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    userId: number | null,
    payload?: object,
  ) => t.app.inject({ method, url: `/api${url}`, headers: userId === null ? {} : await t.signIn(userId), payload });
  const admin = () => c.users.admin.id;
  const fieldsOf = (body: Problem) => (body.errors ?? []).map((e) => e.field);

  const file = async (body: object, at: Date) => {
    t.setNow(at);
    const res = await call('POST', '/appeals', c.users.resident.id, body);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    await routeAppeal(contextAt(t, at), id);
    return id;
  };
  const assignedOrg = async (id: number) =>
    (
      await t.db.execute<{ assigned_org_id: number | null }>(sql`select assigned_org_id from appeals where id = ${id}`)
    )[0].assigned_org_id;

  describe('routing rules', () => {
    it('lets an admin create, list, read, update, deactivate and delete a rule', async () => {
      const created = await call('POST', '/admin/routing-rules', admin(), {
        categoryId: c.roof.id,
        buildingIds: [c.building.id, c.building.id],
        targetOrgId: c.otherMc.id,
        priority: 5,
        note: 'Кровлю дома обслуживает подрядчик',
      });
      expect(created.statusCode, created.body).toBe(201);
      const rule = created.json();
      expect(rule).toMatchObject({
        categoryId: c.roof.id,
        group: null,
        districtIds: null,
        buildingIds: [c.building.id],
        targetOrgId: c.otherMc.id,
        priority: 5,
        active: true,
        note: 'Кровлю дома обслуживает подрядчик',
      });

      const list = await call('GET', '/admin/routing-rules', admin());
      expect(list.json().items.map((r: { id: number }) => r.id)).toContain(rule.id);
      expect((await call('GET', `/admin/routing-rules/${rule.id}`, admin())).json()).toEqual(rule);

      const updated = await call('PATCH', `/admin/routing-rules/${rule.id}`, admin(), { priority: 7, note: null });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({
        priority: 7,
        note: null,
        categoryId: c.roof.id,
        targetOrgId: c.otherMc.id,
      });

      const deactivated = await call('PATCH', `/admin/routing-rules/${rule.id}`, admin(), { active: false });
      expect(deactivated.json().active).toBe(false);
      const active = await call('GET', '/admin/routing-rules?active=true', admin());
      expect(active.json().items.map((r: { id: number }) => r.id)).not.toContain(rule.id);
      const byCategory = await call('GET', `/admin/routing-rules?active=false&categoryId=${c.roof.id}`, admin());
      expect(byCategory.json().items.map((r: { id: number }) => r.id)).toEqual([rule.id]);

      expect((await call('DELETE', `/admin/routing-rules/${rule.id}`, admin())).statusCode).toBe(204);
      expect((await call('GET', `/admin/routing-rules/${rule.id}`, admin())).statusCode).toBe(404);
      expect((await call('DELETE', `/admin/routing-rules/${rule.id}`, admin())).statusCode).toBe(404);
    });

    it('refuses a rule that cannot work in the municipality, naming the field', async () => {
      const post = (body: object) => call('POST', '/admin/routing-rules', admin(), body);
      const refused = async (body: object, status: number, field: string) => {
        const res = await post(body);
        expect(res.statusCode, res.body).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(fieldsOf(res.json())).toContain(field);
      };
      await refused({ categoryId: c.roof.id, group: 'housing', targetOrgId: c.mc.id }, 422, 'body.group');
      await refused({ targetOrgId: c.mc.id }, 422, 'body.categoryId');
      await refused({ categoryId: otherCategory.id, targetOrgId: c.mc.id }, 422, 'body.categoryId');
      await refused({ group: 'roads', targetOrgId: otherOrg.id }, 422, 'body.targetOrgId');
      await refused({ group: 'roads', targetOrgId: 999_999 }, 422, 'body.targetOrgId');
      await refused(
        { group: 'roads', districtIds: [c.otherDistrict.id], targetOrgId: c.roads.id },
        422,
        'body.districtIds',
      );
      await refused(
        { group: 'housing', buildingIds: [otherBuilding.id], targetOrgId: c.mc.id },
        422,
        'body.buildingIds',
      );
      await refused({ group: 'roads', districtIds: [], targetOrgId: c.roads.id }, 400, 'body.districtIds');
      await refused({ group: 'roads', targetOrgId: c.roads.id, priority: 1.5 }, 400, 'body.priority');
      await refused({ group: 'roads', targetOrgId: c.roads.id, priority: 10_000 }, 400, 'body.priority');
      await refused({ group: 'streets', targetOrgId: c.roads.id }, 400, 'body.group');
      await refused({ group: 'roads', targetOrgId: c.roads.id, municipalityId: c.other.id }, 400, 'body');

      // a valid rule cannot be patched into an invalid one
      const rule = (await post({ group: 'roads', targetOrgId: c.roads.id, active: false })).json();
      const patched = await call('PATCH', `/admin/routing-rules/${rule.id}`, admin(), { categoryId: c.pothole.id });
      expect(patched.statusCode).toBe(422);
      expect(patched.json()).toMatchObject({
        code: 'routing.rule_invalid',
        errors: [{ field: 'body.group', code: 'routing.field.category_or_group' }],
      });
      expect(
        (await call('PATCH', `/admin/routing-rules/${rule.id}`, admin(), { categoryId: c.pothole.id, group: null }))
          .statusCode,
      ).toBe(200);
      await call('DELETE', `/admin/routing-rules/${rule.id}`, admin());
    });

    it('routes the next appeal by a new rule at once, and by the default again once it is deactivated', async () => {
      const roofAt = (description: string) =>
        file({ categoryId: c.roof.id, buildingId: c.building.id, description }, new Date());
      expect(await assignedOrg(await roofAt('Протекает кровля над кухней'))).toBe(c.mc.id);

      const rule = (
        await call('POST', '/admin/routing-rules', admin(), {
          categoryId: c.roof.id,
          districtIds: [c.district.id],
          targetOrgId: c.otherMc.id,
        })
      ).json();
      expect(await assignedOrg(await roofAt('Протекает кровля в подъезде'))).toBe(c.otherMc.id);

      await call('PATCH', `/admin/routing-rules/${rule.id}`, admin(), { active: false });
      expect(await assignedOrg(await roofAt('Снова течёт кровля'))).toBe(c.mc.id);
      await call('DELETE', `/admin/routing-rules/${rule.id}`, admin());
      t.setNow(null);
    });
  });

  describe('SLA policies', () => {
    const fast = {
      accept: { duration: { amount: 30, unit: 'minutes' }, calendar: { kind: '24x7' } },
      resolve: {
        duration: { amount: 2, unit: 'working_days' },
        calendar: {
          kind: 'working_hours',
          week: {
            mon: [{ start: '09:00', end: '18:00' }],
            tue: [
              { start: '09:00', end: '13:00' },
              { start: '14:00', end: '18:00' },
            ],
          },
        },
      },
    };

    it('lets an admin set, replace, list and delete policies, and shows the targets in force', async () => {
      const put = await call('PUT', '/admin/sla-policies/all/high', admin(), { ...fast, note: 'Городской норматив' });
      expect(put.statusCode, put.body).toBe(201);
      expect(put.json()).toMatchObject({
        categoryId: null,
        priority: 'high',
        accept: fast.accept,
        // the municipality's time zone and the production calendar fill what was left out
        resolve: {
          duration: fast.resolve.duration,
          calendar: { kind: 'working_hours', timeZone: 'Europe/Moscow', holidays: 'ru' },
        },
        note: 'Городской норматив',
      });
      const replaced = await call('PUT', '/admin/sla-policies/all/high', admin(), {
        ...fast,
        accept: { ...fast.accept, duration: { amount: 45, unit: 'minutes' } },
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json()).toMatchObject({
        id: put.json().id,
        note: null,
        accept: { duration: { amount: 45, unit: 'minutes' } },
      });
      expect((await call('PUT', `/admin/sla-policies/${c.pothole.id}/high`, admin(), fast)).statusCode).toBe(201);

      const list = (await call('GET', '/admin/sla-policies', admin())).json().items as {
        categoryId: number | null;
        priority: string;
      }[];
      expect(list.map((p) => [p.categoryId, p.priority])).toEqual([
        [null, 'high'],
        [c.pothole.id, 'high'],
      ]);

      const effective = (await call('GET', '/admin/sla-policies/effective', admin())).json();
      expect(effective.categoryId).toBeNull();
      expect(effective.items.map((i: { priority: string; source: string }) => `${i.priority}:${i.source}`)).toEqual([
        'emergency:default',
        'high:municipality',
        'normal:default',
        'low:default',
      ]);
      expect(effective.items[0].accept).toEqual({
        duration: { amount: 30, unit: 'minutes' },
        calendar: { kind: '24x7' },
      });
      expect(effective.items[1]).toMatchObject({
        policyId: put.json().id,
        accept: { duration: { amount: 45 } },
        categoryOverrides: [c.pothole.id],
      });
      const forPothole = (
        await call('GET', `/admin/sla-policies/effective?categoryId=${c.pothole.id}`, admin())
      ).json();
      expect(forPothole.items[1]).toMatchObject({ source: 'category', accept: { duration: { amount: 30 } } });
      expect(
        (await call('GET', `/admin/sla-policies/effective?categoryId=${otherCategory.id}`, admin())).statusCode,
      ).toBe(404);

      expect((await call('DELETE', `/admin/sla-policies/${c.pothole.id}/high`, admin())).statusCode).toBe(204);
      expect((await call('DELETE', '/admin/sla-policies/all/high', admin())).statusCode).toBe(204);
      const gone = await call('DELETE', '/admin/sla-policies/all/high', admin());
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ code: 'record.not_found', detail: 'SLA-политика: не найдено.' });
      expect((await call('GET', '/admin/sla-policies', admin())).json().items).toEqual([]);
    });

    it('refuses impossible durations and calendars, naming the field', async () => {
      const refused = async (url: string, body: object, status: number, field: string) => {
        const res = await call('PUT', url, admin(), body);
        expect(res.statusCode, res.body).toBe(status);
        expect(fieldsOf(res.json())).toContain(field);
      };
      const withAccept = (accept: object) => ({ ...fast, accept });
      const url = '/admin/sla-policies/all/low';
      await refused(
        url,
        withAccept({ duration: { amount: 0, unit: 'hours' }, calendar: { kind: '24x7' } }),
        400,
        'body.accept.duration.amount',
      );
      await refused(
        url,
        withAccept({ duration: { amount: -5, unit: 'minutes' }, calendar: { kind: '24x7' } }),
        400,
        'body.accept.duration.amount',
      );
      await refused(
        url,
        withAccept({ duration: { amount: 1.5, unit: 'hours' }, calendar: { kind: '24x7' } }),
        400,
        'body.accept.duration.amount',
      );
      await refused(
        url,
        withAccept({ duration: { amount: 300, unit: 'working_days' }, calendar: { kind: '24x7' } }),
        400,
        'body.accept.duration.amount',
      );
      await refused(
        url,
        withAccept({ duration: { amount: 3, unit: 'days' }, calendar: { kind: '24x7' } }),
        400,
        'body.accept.duration.unit',
      );
      const hours = (week: object, more: object = {}) =>
        withAccept({ duration: { amount: 1, unit: 'hours' }, calendar: { kind: 'working_hours', week, ...more } });
      await refused(
        url,
        hours({ mon: [{ start: '17:00', end: '08:00' }] }),
        400,
        'body.accept.calendar.week.mon.0.end',
      );
      await refused(
        url,
        hours({
          mon: [
            { start: '08:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        }),
        400,
        'body.accept.calendar.week.mon.1.start',
      );
      await refused(
        url,
        hours({ mon: [{ start: '8:00', end: '25:00' }] }),
        400,
        'body.accept.calendar.week.mon.0.start',
      );
      await refused(url, hours({}), 400, 'body.accept.calendar.week');
      await refused(
        url,
        hours({ mon: [{ start: '08:00', end: '17:00' }] }, { timeZone: 'Europe/Kazan-ish' }),
        400,
        'body.accept.calendar.timeZone',
      );
      await refused(url, hours({ monday: [{ start: '08:00', end: '17:00' }] }), 400, 'body.accept.calendar.week');
      await refused(url, { accept: fast.accept }, 400, 'body.resolve');
      await refused('/admin/sla-policies/all/urgent', fast, 400, 'params.priority');
      await refused(`/admin/sla-policies/${otherCategory.id}/low`, fast, 422, 'params.category');
      expect((await call('GET', '/admin/sla-policies', admin())).json().items).toEqual([]);
    });

    it('puts the open appeals of the municipality on the new deadlines after a change', async () => {
      t.setNow(null);
      const at = new Date();
      const id = await file(
        { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт кровля, нужна срочная помощь' },
        at,
      );
      t.setNow(null);
      const dueAt = async () =>
        (
          await t.db.execute<{ response_due_at: string | null; resolution_due_at: string | null }>(
            sql`select response_due_at, resolution_due_at from appeals where id = ${id}`,
          )
        )[0];
      const before = await dueAt();
      const expected = minutes(at, 7).toISOString();
      expect(new Date(before.response_due_at!).toISOString()).not.toBe(expected);

      const put = await call('PUT', `/admin/sla-policies/${c.roof.id}/normal`, admin(), {
        accept: { duration: { amount: 7, unit: 'minutes' }, calendar: { kind: '24x7' } },
        resolve: { duration: { amount: 3, unit: 'hours' }, calendar: { kind: '24x7' } },
      });
      expect(put.statusCode, put.body).toBe(201);
      let after = await dueAt();
      for (let i = 0; i < 100 && new Date(after.response_due_at!).toISOString() !== expected; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await dueAt();
      }
      expect(new Date(after.response_due_at!).toISOString()).toBe(expected);
      expect(new Date(after.resolution_due_at!).toISOString()).toBe(minutes(at, 180).toISOString());

      // deleting the policy returns the appeal to the default deadlines
      expect((await call('DELETE', `/admin/sla-policies/${c.roof.id}/normal`, admin())).statusCode).toBe(204);
      for (let i = 0; i < 100 && after.response_due_at !== before.response_due_at; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await dueAt();
      }
      expect(new Date(after.response_due_at!).toISOString()).toBe(new Date(before.response_due_at!).toISOString());
    });
  });

  describe('escalation ladder', () => {
    const ladder = {
      50: ['notify_city_hall'],
      75: [],
      100: ['overdue_queue'],
      200: ['notify_city_hall', 'warn_supervisor'],
    };

    it('shows the default, takes a ladder of the municipality’s own and resets it', async () => {
      const initial = (await call('GET', '/admin/escalation-ladder', admin())).json();
      expect(initial).toEqual({
        isDefault: true,
        ladder: initial.defaultLadder,
        defaultLadder: {
          50: ['remind_organisation'],
          75: ['warn_supervisor'],
          100: ['overdue_queue', 'warn_supervisor'],
          200: ['notify_city_hall'],
        },
      });
      const put = await call('PUT', '/admin/escalation-ladder', admin(), ladder);
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ isDefault: false, ladder });
      expect((await call('GET', '/admin/escalation-ladder', admin())).json()).toMatchObject({
        isDefault: false,
        ladder,
      });
      const reset = await call('DELETE', '/admin/escalation-ladder', admin());
      expect(reset.json()).toMatchObject({ isDefault: true, ladder: initial.defaultLadder });
    });

    it('refuses an unknown action, a repeated one, a missing or an extra step', async () => {
      const refused = async (body: object, field: string) => {
        const res = await call('PUT', '/admin/escalation-ladder', admin(), body);
        expect(res.statusCode, res.body).toBe(400);
        expect(fieldsOf(res.json())).toContain(field);
      };
      await refused({ ...ladder, 50: ['call_the_mayor'] }, 'body.50.0');
      await refused({ ...ladder, 75: ['warn_supervisor', 'warn_supervisor'] }, 'body.75');
      const { 200: _, ...missing } = ladder;
      await refused(missing, 'body.200');
      await refused({ ...ladder, 150: [] }, 'body');
      expect((await call('GET', '/admin/escalation-ladder', admin())).json().isDefault).toBe(true);
    });

    it('uses a changed ladder from the next escalation step on', async () => {
      // Short targets for potholes: accept in 4 minutes around the clock.
      await call('PUT', `/admin/sla-policies/${c.pothole.id}/normal`, admin(), {
        accept: { duration: { amount: 4, unit: 'minutes' }, calendar: { kind: '24x7' } },
        resolve: { duration: { amount: 60, unit: 'minutes' }, calendar: { kind: '24x7' } },
      });
      const t0 = new Date('2026-05-12T09:00:00Z');
      const id = await file({ categoryId: c.pothole.id, lat: 55.7901, lon: 49.12, description: 'Яма у остановки' }, t0);
      t.setNow(null);
      const actionsAt = async (step: number) =>
        (
          await t.db.execute<{ payload: { actions: string[] } }>(
            sql`select payload from appeal_events where appeal_id = ${id} and payload->>'clock' = 'response' and (payload->>'step')::int = ${step}`,
          )
        ).map((e) => e.payload.actions);

      expect(await performDueSteps(contextAt(t, minutes(t0, 2.5)), id, 'timer')).toBe(1);
      expect(await actionsAt(50)).toEqual([['remind_organisation']]);

      await call('PUT', '/admin/escalation-ladder', admin(), ladder);
      expect(await performDueSteps(contextAt(t, minutes(t0, 3.5)), id, 'timer')).toBe(1);
      expect(await actionsAt(75)).toEqual([[]]);
      expect(await performDueSteps(contextAt(t, minutes(t0, 4.5)), id, 'timer')).toBe(1);
      expect(await actionsAt(100)).toEqual([['overdue_queue']]);

      await call('DELETE', '/admin/escalation-ladder', admin());
      expect(await performDueSteps(contextAt(t, minutes(t0, 8.5)), id, 'timer')).toBe(1);
      expect(await actionsAt(200)).toEqual([['notify_city_hall']]);
      await call('DELETE', `/admin/sla-policies/${c.pothole.id}/normal`, admin());
    });
  });

  it('documents every route in OpenAPI with an operationId', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const ids = Object.values(res.json().paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (methods) => Object.values(methods).map((op) => op.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'listRoutingRules',
        'getRoutingRule',
        'createRoutingRule',
        'updateRoutingRule',
        'deleteRoutingRule',
        'listSlaPolicies',
        'getEffectiveSlaPolicies',
        'putSlaPolicy',
        'deleteSlaPolicy',
        'getEscalationLadder',
        'putEscalationLadder',
        'resetEscalationLadder',
      ]),
    );
  });

  describe('who may', () => {
    it('keeps each municipality’s configuration to its own admins', async () => {
      const rule = (
        await call('POST', '/admin/routing-rules', admin(), {
          group: 'landscaping',
          targetOrgId: c.roads.id,
          active: false,
        })
      ).json();
      const other = c.users.otherAdmin.id;
      expect((await call('GET', `/admin/routing-rules/${rule.id}`, other)).statusCode).toBe(404);
      expect((await call('PATCH', `/admin/routing-rules/${rule.id}`, other, { active: true })).statusCode).toBe(404);
      expect((await call('DELETE', `/admin/routing-rules/${rule.id}`, other)).statusCode).toBe(404);
      expect((await call('GET', '/admin/routing-rules', other)).json().items).toEqual([]);
      // nor can it point its own rules at this municipality's organisations
      expect(
        (await call('POST', '/admin/routing-rules', other, { group: 'roads', targetOrgId: c.roads.id })).statusCode,
      ).toBe(422);
      expect((await call('GET', `/admin/routing-rules/${rule.id}`, admin())).json().active).toBe(false);

      await call('PUT', `/admin/sla-policies/${c.roof.id}/low`, admin(), {
        accept: { duration: { amount: 3, unit: 'hours' }, calendar: { kind: '24x7' } },
        resolve: { duration: { amount: 5, unit: 'working_days' }, calendar: { kind: '24x7' } },
      });
      expect((await call('GET', '/admin/sla-policies', other)).json().items).toEqual([]);
      expect((await call('DELETE', `/admin/sla-policies/${c.roof.id}/low`, other)).statusCode).toBe(404);
      expect((await call('GET', '/admin/sla-policies', admin())).json().items).toHaveLength(1);
      await call('DELETE', `/admin/sla-policies/${c.roof.id}/low`, admin());

      const otherLadder = { 50: [], 75: [], 100: ['overdue_queue'], 200: [] };
      expect((await call('PUT', '/admin/escalation-ladder', other, otherLadder)).statusCode).toBe(200);
      expect((await call('GET', '/admin/escalation-ladder', admin())).json().isDefault).toBe(true);
      expect((await call('GET', '/admin/escalation-ladder', other)).json().ladder).toEqual(otherLadder);
      await call('DELETE', `/admin/routing-rules/${rule.id}`, admin());
    });

    it('lets dispatchers and city hall read it, no one else but admins change it, and asks strangers to sign in', async () => {
      const reads = [
        '/admin/routing-rules',
        '/admin/sla-policies',
        '/admin/sla-policies/effective',
        '/admin/escalation-ladder',
      ];
      for (const url of reads) {
        expect((await call('GET', url, c.users.dispatcher.id)).statusCode, url).toBe(200);
        expect((await call('GET', url, c.users.cityHall.id)).statusCode, url).toBe(200);
        expect((await call('GET', url, c.users.orgSupervisor.id)).statusCode, url).toBe(403);
        expect((await call('GET', url, c.users.resident.id)).statusCode, url).toBe(403);
        expect((await call('GET', url, null)).statusCode, url).toBe(401);
      }
      const rule = { group: 'roads', targetOrgId: c.roads.id };
      const policy = {
        accept: { duration: { amount: 1, unit: 'hours' }, calendar: { kind: '24x7' } },
        resolve: { duration: { amount: 2, unit: 'hours' }, calendar: { kind: '24x7' } },
      };
      const writes: ['POST' | 'PUT' | 'DELETE', string, object | undefined][] = [
        ['POST', '/admin/routing-rules', rule],
        ['PUT', '/admin/sla-policies/all/normal', policy],
        ['DELETE', '/admin/sla-policies/all/normal', undefined],
        ['PUT', '/admin/escalation-ladder', ladder()],
        ['DELETE', '/admin/escalation-ladder', undefined],
      ];
      for (const [method, url, body] of writes) {
        for (const user of [c.users.dispatcher.id, c.users.cityHall.id, c.users.orgStaff.id, c.users.resident.id]) {
          expect((await call(method, url, user, body)).statusCode, `${method} ${url}`).toBe(403);
        }
        expect((await call(method, url, null, body)).statusCode, `${method} ${url}`).toBe(401);
      }
      const anyRule = await t.db.execute(sql`select id from routing_rules where municipality_id = ${c.city.id}`);
      expect(anyRule).toEqual([]);
    });
  });
});

function ladder() {
  return { 50: [], 75: [], 100: [], 200: [] };
}
