import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../api/context.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { createRoutingRule, updateRoutingRule } from '../../api/routing/routing-rules.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';

describe('routing services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let admin: Context;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    admin = {
      ...contextAt(t, new Date('2026-05-12T09:00:00Z')),
      actor: { userId: c.users.admin.id, role: 'admin', municipalityId: c.city.id, organisationId: null },
    };
  });
  afterAll(() => t?.close());

  const file = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над квартирой' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const outcome = async (id: number) =>
    (
      await t.db.execute<{ org: number | null; assigned: number; due: boolean; timers: number }>(
        sql`select a.assigned_org_id as org,
                   (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.type = 'assigned') as assigned,
                   a.response_due_at is not null as due,
                   (select count(*)::int from pgboss.job j where j.name = 'sla.step' and (j.data->>'appealId')::int = a.id) as timers
            from appeals a where a.id = ${id}`,
      )
    )[0];

  it('routes an appeal by the admin’s rule: the assignment, its event, the deadlines and the first timer together, once', async () => {
    const rule = await createRoutingRule(admin, {
      categoryId: c.roof.id,
      group: null,
      districtIds: null,
      buildingIds: [c.building.id],
      targetOrgId: c.otherMc.id,
      priority: 0,
      active: true,
      note: null,
    });
    const id = await file();
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('assigned');
    expect(await outcome(id)).toEqual({ org: c.otherMc.id, assigned: 1, due: true, timers: 1 });
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('skipped');
    expect(await outcome(id)).toEqual({ org: c.otherMc.id, assigned: 1, due: true, timers: 1 });
    await updateRoutingRule(admin, rule.id, { active: false });
  });

  it('refuses a rule change to another municipality’s organisation and keeps the rule as it was', async () => {
    const rule = await createRoutingRule(admin, {
      categoryId: null,
      group: null,
      districtIds: null,
      buildingIds: [c.building.id],
      targetOrgId: c.otherMc.id,
      priority: 1,
      active: false,
      note: null,
    });
    const foreign = await c.make.organisation(c.other.id);
    await expect(updateRoutingRule(admin, rule.id, { targetOrgId: foreign.id, active: true })).rejects.toMatchObject({
      status: 422,
    });
    const [row] = await t.db.execute<{ target_org_id: number; active: boolean }>(
      sql`select target_org_id, active from routing_rules where id = ${rule.id}`,
    );
    expect(row).toEqual({ target_org_id: c.otherMc.id, active: false });
  });
});
