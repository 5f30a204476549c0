import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { accessCity } from './fixtures.ts';

/**
 * The matrix checks the record a path names; these check the records a body or a query names. Each
 * actor here may do the action, but names another organisation's or municipality's record: the
 * request is refused with the exact answer, and nothing is written.
 */
describe('a write naming someone else’s record in its body is refused', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof accessCity>>;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    city = await accessCity(t);
  }, 120_000);
  afterAll(() => t?.close());

  const send = async (userId: number, method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = { ...(await t.signIn(userId)) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${t.baseUrl}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  };
  const soon = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const outage = (o: Record<string, unknown>) => ({
    service: 'cold_water',
    kind: 'planned',
    reason: 'Замена задвижки',
    startsAt: soon(48),
    expectedEndAt: soon(52),
    ...o,
  });

  /** `says`: a refusal inside a 200 (bulk results) or what an allowed answer must contain. */
  type Case = {
    name: string;
    who: () => number;
    method: string;
    url: () => string;
    body?: () => unknown;
    status: number;
    says?: string;
  };
  const cases: Case[] = [
    {
      name: 'an outage on another company’s building',
      who: () => city.c.users.orgStaff.id,
      method: 'POST',
      url: () => '/api/outages',
      body: () => outage({ buildingIds: [city.buildingA2.id] }),
      status: 422,
    },
    {
      name: 'an outage on another municipality’s building',
      who: () => city.c.users.orgStaff.id,
      method: 'POST',
      url: () => '/api/outages',
      body: () => outage({ buildingIds: [city.buildingB.id] }),
      status: 422,
    },
    {
      name: 'an outage for another municipality’s company (admin)',
      who: () => city.c.users.admin.id,
      method: 'POST',
      url: () => '/api/outages',
      body: () => outage({ organisationId: city.mcB.id, buildingIds: [city.buildingB.id] }),
      status: 422,
    },
    {
      name: 'an outage for another company (staff)',
      who: () => city.c.users.orgStaff.id,
      method: 'POST',
      url: () => '/api/outages',
      body: () => outage({ organisationId: city.c.otherMc.id, buildingIds: [city.buildingA2.id] }),
      status: 422,
    },
    // Was a 500: a building with no supplier of the service came back with served = null.
    {
      name: 'an outage preview of another company’s building: shown, not served',
      who: () => city.c.users.orgStaff.id,
      method: 'POST',
      url: () => '/api/outages/preview',
      body: () => ({ service: 'cold_water', buildingIds: [city.buildingA2.id] }),
      status: 200,
      says: '"served":false',
    },
    {
      name: 'an outage preview of another municipality’s building: not there',
      who: () => city.c.users.orgStaff.id,
      method: 'POST',
      url: () => '/api/outages/preview',
      body: () => ({ service: 'cold_water', buildingIds: [city.buildingB.id] }),
      status: 200,
      says: '{"buildings":[]}',
    },
    {
      name: 'moving an outage onto another company’s building',
      who: () => city.c.users.orgStaff.id,
      method: 'PATCH',
      url: () => `/api/outages/${city.ids.outage.mine.id}`,
      body: () => ({ expectedVersion: 1, buildingIds: [city.buildingA2.id] }),
      status: 422,
    },
    {
      name: 'a link to an apartment in another municipality',
      who: () => city.c.users.resident.id,
      method: 'POST',
      url: () => '/api/me/apartments',
      body: () => ({ buildingId: city.buildingB.id, apartment: '38В', accountNumber: '7700452201' }),
      status: 422,
    },
    {
      name: 'an appeal on another municipality’s building',
      who: () => city.c.users.resident.id,
      method: 'POST',
      url: () => '/api/appeals',
      body: () => ({
        categoryId: city.c.roof.id,
        buildingId: city.buildingB.id,
        description: 'Течёт крыша над подъездом',
      }),
      status: 422,
    },
    {
      name: 'inspections planned for another company’s building',
      who: () => city.c.users.orgSupervisor.id,
      method: 'POST',
      url: () => '/api/inspections/plan',
      body: () => ({ year: new Date().getUTCFullYear(), season: 'autumn', buildingIds: [city.buildingA2.id] }),
      status: 422,
    },
    {
      name: 'inspections planned for another company',
      who: () => city.c.users.orgSupervisor.id,
      method: 'POST',
      url: () => '/api/inspections/plan',
      body: () => ({ year: new Date().getUTCFullYear(), season: 'autumn', organisationId: city.c.otherMc.id }),
      status: 403,
    },
    {
      name: 'a staff account in another municipality’s company',
      who: () => city.c.users.admin.id,
      method: 'POST',
      url: () => '/api/admin/users',
      body: () => ({
        role: 'org_staff',
        organisationId: city.mcB.id,
        login: 'cross-staff',
        password: 'Длинный-пароль-2026',
        fullName: 'Чужой Сотрудник',
      }),
      status: 422,
    },
    {
      name: 'a routing rule to another municipality’s company',
      who: () => city.c.users.admin.id,
      method: 'POST',
      url: () => '/api/admin/routing-rules',
      body: () => ({ targetOrgId: city.mcB.id }),
      status: 422,
    },
    {
      name: 'a building handed to another municipality’s company',
      who: () => city.c.users.admin.id,
      method: 'PATCH',
      url: () => `/api/admin/buildings/${city.c.building.id}`,
      body: () => ({ managementCompanyId: city.mcB.id }),
      status: 422,
    },
    {
      name: 'appeals reassigned to another municipality’s company',
      who: () => city.c.users.dispatcher.id,
      method: 'POST',
      url: () => '/api/dispatch/reassign',
      body: () => ({ appeals: [{ id: city.ids.appeal.mine.id }], targetOrgId: city.mcB.id, reason: 'Проверка' }),
      status: 200,
      says: '"ok":false',
    },
    {
      name: 'an appeal reassigned to another municipality’s company',
      who: () => city.c.users.dispatcher.id,
      method: 'POST',
      url: () => `/api/appeals/${city.ids.appeal.mine.id}/actions`,
      body: () => ({ action: 'reassign', targetOrgId: city.mcB.id, reason: 'Проверка' }),
      status: 422,
    },
    {
      name: 'a readings export of another company’s building',
      who: () => city.c.users.orgStaff.id,
      method: 'GET',
      url: () => `/api/housing/readings/export?period=2025-12&buildingId=${city.buildingA2.id}`,
      status: 404,
    },
    {
      name: 'another company’s figures',
      who: () => city.c.users.orgStaff.id,
      method: 'GET',
      url: () => `/api/stats/figures?organisationId=${city.c.otherMc.id}`,
      status: 403,
    },
    {
      name: 'another municipality’s company’s figures',
      who: () => city.c.users.cityHall.id,
      method: 'GET',
      url: () => `/api/stats/figures?organisationId=${city.mcB.id}`,
      status: 404,
    },
  ];

  // A list's filters narrow what the actor may read; naming someone else's never widens it.
  type Filter = { name: string; who: () => number; url: () => string; absent: () => number[] };
  const filters: Filter[] = [
    {
      name: 'appeals of another company, as staff',
      who: () => city.c.users.orgStaff.id,
      url: () => `/api/appeals?organisationId=${city.c.otherMc.id}`,
      absent: () => [city.ids.appeal.otherOrg.id as number],
    },
    {
      name: 'appeals of another municipality, as its neighbour’s admin',
      who: () => city.c.users.admin.id,
      url: () => `/api/appeals?municipality=${city.c.other.code}`,
      absent: () => [city.ids.appeal.otherCity.id as number],
    },
    {
      name: 'appeals on another company’s building, as staff',
      who: () => city.c.users.orgStaff.id,
      url: () => `/api/appeals?buildingId=${city.buildingA2.id}`,
      absent: () => [city.ids.appeal.otherOrg.id as number],
    },
    {
      name: 'appeals of another resident, as a resident',
      who: () => city.c.users.resident.id,
      url: () => `/api/appeals?buildingId=${city.buildingA2.id}`,
      absent: () => [city.ids.appeal.otherOrg.id as number],
    },
    {
      name: 'inspections of another municipality, as city hall',
      who: () => city.c.users.cityHall.id,
      url: () => '/api/inspections?status=in_progress',
      absent: () => [city.ids.inspection.otherCity.id as number],
    },
  ];
  it.each(filters.map((f) => [f.name, f] as const))('a list filtered by %s shows none of theirs', async (_, f) => {
    const res = await send(f.who(), 'GET', f.url());
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    const ids = (JSON.parse(res.body) as { items: { id: number }[] }).items.map((i) => i.id);
    for (const id of f.absent()) expect(ids).not.toContain(id);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const res = await send(c.who(), c.method, c.url(), c.body?.());
    expect(res.status, res.body.slice(0, 300)).toBe(c.status);
    if (c.says) expect(res.body).toContain(c.says);
  });
});
