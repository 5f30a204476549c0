import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { LiveTestClient, type LiveMessage } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * An appeal filed through Open311 lives as any other: the dispatch board and the company hear of it
 * live, its clocks run, and what the company does shows through Open311 as open, then closed.
 */
describe('Open311 appeals are live', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const clients: LiveTestClient[] = [];
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    c = await smallCity(t.db);
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 8, unit: 'hours' });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t?.close();
  });

  const open = async (userId: number) => {
    const client = await LiveTestClient.open(t.baseUrl as string, await t.signIn(userId));
    clients.push(client);
    return client;
  };
  const typeOf = (m: LiveMessage) => (m.event as { type: string }).type;
  const eventOf = (client: LiveTestClient, topic: string, pred: (m: LiveMessage) => boolean) =>
    client.next((m) => m.type === 'event' && m.topic === topic && pred(m), 10_000);
  const act = async (userId: number, id: number, body: object) => {
    const res = await fetch(`${t.baseUrl}/api/appeals/${id}/actions`, {
      method: 'POST',
      headers: { ...(await t.signIn(userId)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const readBack = async (number: string) => {
    const res = await fetch(`${t.baseUrl}/open311/v2/requests/${number}.json?jurisdiction_id=${c.city.code}`);
    return ((await res.json()) as Record<string, unknown>[])[0];
  };

  it('is heard on the board and by the company, clocked, and followed through Open311 to closed', async () => {
    const board = await open(c.users.dispatcher.id);
    const staff = await open(c.users.orgStaff.id);
    expect((await board.subscribe(`board:${c.city.id}`)).type).toBe('subscribed');
    expect((await staff.subscribe(`org:${c.mc.id}`)).type).toBe('subscribed');

    const { key } = await interopMakers(t.db).apiClient(c.city.id);
    const filed = await fetch(`${t.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        jurisdiction_id: c.city.code,
        service_code: 'roof_leak',
        address_id: String(c.building.id),
        description: 'Течёт кровля над девятым этажом',
      }),
    });
    expect(filed.status).toBe(200);
    const [{ service_request_id: number }] = (await filed.json()) as { service_request_id: string }[];
    const [{ id }] = await t.db.execute<{ id: number }>(sql`select id::int from appeals where number = ${number}`);
    await eventOf(board, `board:${c.city.id}`, (m) => (m.appeal as { id: number }).id === id);
    expect(await readBack(number)).toMatchObject({ status: 'open', agency_responsible: null });

    await routeAppeal(contextAt(t, new Date()), id);
    const assigned = await eventOf(
      staff,
      `org:${c.mc.id}`,
      (m) => typeOf(m) === 'assigned' && (m.appeal as { id: number }).id === id,
    );
    expect((assigned.appeal as { responseDueAt: string | null }).responseDueAt).toMatch(/^\d{4}-/);
    const routed = await readBack(number);
    expect(routed).toMatchObject({ status: 'open', agency_responsible: c.mc.nameRu });
    expect(routed.expected_datetime).toMatch(/\+03:00$/);

    await act(c.users.orgStaff.id, id, { action: 'accept' });
    expect(await readBack(number)).toMatchObject({ status: 'open', status_notes: 'Принято в работу.' });
    await act(c.users.orgStaff.id, id, { action: 'resolve', note: 'Кровля залатана, протечки нет' });
    const resolved = await readBack(number);
    expect(resolved).toMatchObject({ status: 'closed', status_notes: expect.stringMatching(/^Работы выполнены/) });
    // The company's note is its word to the resident, not Open311's public note.
    expect(JSON.stringify(resolved)).not.toContain('залатана');
  });
});
