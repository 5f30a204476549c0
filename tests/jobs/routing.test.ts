import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockAppealForRouting } from '../../db/queries/routing.ts';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { route } from '../../dispatch/routing.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { contextAt } from '../helpers/context.ts';

describe('routing worker', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const file = async (body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const appealRow = async (id: number) =>
    (
      await t.db.execute<{
        status: string;
        assigned_org_id: number | null;
        triage_reason: string | null;
        version: number;
      }>(sql`select status, assigned_org_id, triage_reason, version from appeals where id = ${id}`)
    )[0];
  const events = async (id: number) =>
    (
      await t.db.execute<{ type: string; payload: Record<string, unknown> }>(
        sql`select type, payload from appeal_events where appeal_id = ${id} order by id`,
      )
    ).map((e) => e.type);

  it('assigns a housing appeal to the building’s management company within seconds of intake, through pg-boss', async () => {
    const { registerRouting } = await import('../../jobs/route-appeal.ts');
    await registerRouting(t.boss, t.db, () => new Date());
    const id = await file({
      categoryId: c.roof.id,
      buildingId: c.building.id,
      description: 'Течёт крыша над квартирой',
    });
    const started = Date.now();
    let row = await appealRow(id);
    while (row.status === 'new' && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      row = await appealRow(id);
    }
    expect(row).toMatchObject({ status: 'assigned', assigned_org_id: c.mc.id, triage_reason: null, version: 2 });
    expect(await events(id)).toEqual(['created', 'assigned']);
    const [assigned] = await t.db.execute<{
      actor_id: string | null;
      organisation_id: number;
      payload: Record<string, unknown>;
    }>(sql`select actor_id, organisation_id, payload from appeal_events where appeal_id = ${id} and type = 'assigned'`);
    // who, when and why: the routing system, on the management-company default
    expect(assigned).toMatchObject({
      actor_id: null,
      organisation_id: c.mc.id,
      payload: { system: 'routing', routing: { kind: 'management_company' } },
    });
  });

  it('does nothing the second time (a repeated job has no second effect)', async () => {
    const id = await file({
      categoryId: c.roof.id,
      buildingId: c.building.id,
      description: 'Повтор задачи маршрутизации',
    });
    await routeAppeal(contextAt(t, new Date()), id);
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('skipped');
    expect((await events(id)).filter((e) => e === 'assigned')).toHaveLength(1);
  });

  it('leaves an appeal it cannot route in triage, with the reason', async () => {
    // two city departments and no rule: the pothole is ambiguous
    await t.db.execute(sql`insert into organisations (municipality_id, kind, code, name_ru, name_en, working_hours)
      values (${c.city.id}, 'city_department', 'transport-x', 'Транспорт', 'Transport', '{"calendar":"24x7","week":{}}')`);
    const id = await file({
      categoryId: c.pothole.id,
      lat: 55.7901,
      lon: 49.12,
      description: 'Яма у остановки, глубокая',
    });
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('triage');
    expect(await appealRow(id)).toMatchObject({
      status: 'new',
      assigned_org_id: null,
      triage_reason: 'ambiguous_organisation_of_kind',
    });
    expect(await events(id)).toEqual(['created', 'triage']);
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('skipped');
  });

  it('follows an admin rule over the defaults', async () => {
    await t.db.execute(
      sql`insert into routing_rules (municipality_id, category_group, target_org_id) values (${c.city.id}, 'roads', ${c.roads.id})`,
    );
    const id = await file({ categoryId: c.pothole.id, lat: 55.7901, lon: 49.12, description: 'Яма на проезжей части' });
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('assigned');
    expect(await appealRow(id)).toMatchObject({ status: 'assigned', assigned_org_id: c.roads.id });
  });
});

describe('demo city routing', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoCity(t.db, { buildings: 800, appeals: 400, now: new Date('2026-11-01T09:00:00Z') });
  });
  afterAll(() => t?.drop());

  it('agrees with the live router: every seeded assignment is what route() decides', async () => {
    const rows = await t.db.execute<{ id: string; assigned_org_id: number }>(
      sql`select a.id, a.assigned_org_id from appeals a where a.assigned_org_id is not null
          and not exists (select 1 from appeal_events e where e.appeal_id = a.id and e.type in ('reassigned', 'rejected'))
          order by a.id limit 200`,
    );
    expect(rows.length).toBeGreaterThan(50);
    const disagreements: unknown[] = [];
    for (const row of rows) {
      const found = await t.db.transaction((tx) => lockAppealForRouting(tx, Number(row.id)));
      const decision = route(found!.facts);
      if (!decision.ok || decision.organisationId !== row.assigned_org_id)
        disagreements.push({ id: row.id, seeded: row.assigned_org_id, decision });
    }
    expect(disagreements).toEqual([]);
  });
});
