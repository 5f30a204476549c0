import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAppeal } from '../../api/appeals/file-appeal.ts';
import { actOnAppeal } from '../../api/appeals/act-on-appeal.ts';
import { listOverdueAppeals, listTriageAppeals, reassignMany } from '../../api/board/service.ts';
import type { Context } from '../../api/context.ts';
import { HttpProblem } from '../../api/errors.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { boardListOf } from '../../dispatch/board.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { manyBoardAppeals } from '../helpers/board.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Person = { id: number; role: NonNullable<Context['actor']>['role']; organisationId: number | null };
const silent: Context['log'] = { info() {}, warn() {}, error() {}, debug() {} };
const DAY = 86_400_000;
const page = { limit: 100, offset: 0 };

/** The dispatcher's board services called directly. */
describe('board services', () => {
  let t: TestApp;
  let c: City;
  let yard: { id: number };
  let busSchedule: { id: number };
  const contextFor = (user: Person, now = new Date()): Context => ({
    db: t.db,
    boss: t.boss,
    clock: () => now,
    actor: { userId: user.id, role: user.role, municipalityId: c.city.id, organisationId: user.organisationId },
    log: silent,
  });
  const file = async (description: string, now = new Date(), categoryId = c.roof.id) => {
    const place = categoryId === c.roof.id ? { buildingId: c.building.id } : { lat: 55.7901, lon: 49.1201 };
    const { appeal } = await fileAppeal(contextFor(c.users.resident, now), {
      input: { categoryId, ...place, description, channel: 'web' },
      photos: [],
    });
    await routeAppeal(contextAt(t, now), appeal.id);
    return appeal;
  };
  const stateOf = async (id: number) => {
    const [row] = await t.db.execute<{ status: string; version: number; org: number | null; events: string }>(sql`
      select status, version, assigned_org_id as org,
             (select count(*) from appeal_events where appeal_id = a.id) as events
      from appeals a where a.id = ${id}`);
    return { status: row!.status, version: row!.version, org: row!.org, events: Number(row!.events) };
  };
  const ids = (list: { items: { id: number }[] }) => list.items.map((i) => i.id);

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    // Nobody answers for yards in this city: routing leaves them to the dispatcher.
    yard = await c.make.category(c.city.id, {
      code: 'yard',
      nameRu: 'Двор',
      nameEn: 'Yard',
      group: 'landscaping',
      responsibleKind: 'district_administration',
      needsBuilding: false,
    });
    busSchedule = await c.make.category(c.city.id, {
      code: 'bus_schedule',
      nameRu: 'Расписание автобусов',
      nameEn: 'Bus schedule',
      group: 'transport',
      responsibleKind: 'city_department',
      needsBuilding: false,
    });
  });
  afterAll(() => t?.close());

  it('reassignMany hands each appeal over in its own transaction; a stale one is refused and left as it was', async () => {
    const fresh = (await file('Крыша: передать в УК, первая.')).id;
    const stale = (await file('Крыша: передать в УК, вторая.')).id;
    const staleBefore = await stateOf(stale);
    const results = await reassignMany(contextFor(c.users.dispatcher), {
      appeals: [{ id: fresh }, { id: stale, expectedVersion: staleBefore.version + 5 }],
      targetOrgId: c.otherMc.id,
      reason: 'по адресу',
    });
    expect(results).toEqual([
      { id: fresh, ok: true, status: 'assigned', version: staleBefore.version + 1, assignedOrgId: c.otherMc.id },
      {
        id: stale,
        ok: false,
        problem: { status: 409, code: 'version_conflict', detail: { id: 'appeal.version_conflict' } },
      },
    ]);
    expect(await stateOf(fresh)).toMatchObject({ status: 'assigned', org: c.otherMc.id, events: 3 });
    expect(await stateOf(stale)).toEqual(staleBefore);
  });

  it('keeps the lists disjoint: triage is what waits for a dispatcher, overdue what an organisation holds late', async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - 30 * DAY);
    const unrouted = (await file('Сломана скамейка во дворе', longAgo, yard.id)).id;
    const returned = (await file('Течёт крыша, УК вернула', longAgo)).id;
    await actOnAppeal(contextFor(c.users.orgStaff, new Date(longAgo.getTime() + DAY)), { id: returned }, 'reject', {
      reason: 'Не наш дом',
    });
    const heldLate = (await file('Течёт крыша, УК молчит', longAgo)).id;
    const heldOnTime = (await file('Течёт крыша, только что', now)).id;

    const ctx = contextFor(c.users.dispatcher, now);
    const triage = await listTriageAppeals(ctx, page);
    const overdue = await listOverdueAppeals(ctx, page);
    expect(ids(triage)).toEqual(expect.arrayContaining([unrouted, returned]));
    expect(ids(overdue)).toContain(heldLate);
    // The returned appeal's city clock runs on past its deadline, yet it is the dispatcher's to decide.
    expect(triage.items.find((i) => i.id === returned)?.lateMillis).toBeGreaterThan(0);
    expect(ids(overdue)).not.toContain(returned);
    expect(ids(triage)).not.toContain(heldLate);
    expect([...ids(triage), ...ids(overdue)]).not.toContain(heldOnTime);
    expect(ids(triage).filter((id) => ids(overdue).includes(id))).toEqual([]);

    // The queries select exactly what the domain rule says, appeal by appeal.
    const rows = await t.db.execute<{
      id: number;
      status: 'new';
      assigned_org_id: number | null;
      triage_reason: string | null;
      response_due_at: string | null;
      resolution_due_at: string | null;
    }>(sql`select id, status, assigned_org_id, triage_reason, response_due_at, resolution_due_at
           from appeals where municipality_id = ${c.city.id}`);
    for (const r of rows) {
      const date = (v: string | null) => (v === null ? null : new Date(v));
      const list = boardListOf(
        {
          status: r.status,
          assignedOrgId: r.assigned_org_id,
          triageReason: r.triage_reason,
          responseDueAt: date(r.response_due_at),
          resolutionDueAt: date(r.resolution_due_at),
        },
        now,
      );
      expect({ id: Number(r.id), triage: ids(triage).includes(Number(r.id)) }).toEqual({
        id: Number(r.id),
        triage: list === 'triage',
      });
      expect({ id: Number(r.id), overdue: ids(overdue).includes(Number(r.id)) }).toEqual({
        id: Number(r.id),
        overdue: list === 'overdue',
      });
    }
  });

  it('pages both lists beyond 100 with the total, each appeal on exactly one page', async () => {
    const city = await smallCity(t.db);
    const filedAt = new Date(Date.now() - 10 * DAY);
    const triaged = await manyBoardAppeals(t.db, city, 107, 'triage', { prefix: 'TRI', filedAt });
    const late = await manyBoardAppeals(t.db, city, 103, 'overdue', { prefix: 'LATE', filedAt });
    const ctx: Context = {
      ...contextFor(city.users.dispatcher),
      actor: {
        userId: city.users.dispatcher.id,
        role: 'dispatcher',
        municipalityId: city.city.id,
        organisationId: null,
      },
    };

    const first = await listTriageAppeals(ctx, page);
    expect({ n: first.items.length, total: first.total, next: first.nextOffset }).toEqual({
      n: 100,
      total: 107,
      next: 100,
    });
    const second = await listTriageAppeals(ctx, { limit: 100, offset: first.nextOffset as number });
    expect({ n: second.items.length, total: second.total, next: second.nextOffset }).toEqual({
      n: 7,
      total: 107,
      next: null,
    });
    // The oldest first, and together every appeal exactly once.
    expect([...ids(first), ...ids(second)]).toEqual(triaged.map((a) => a.id));

    const over1 = await listOverdueAppeals(ctx, page);
    const over2 = await listOverdueAppeals(ctx, { limit: 100, offset: 100 });
    expect({ total: over1.total, next: over1.nextOffset, rest: over2.items.length }).toEqual({
      total: 103,
      next: 100,
      rest: 3,
    });
    expect(new Set([...ids(over1), ...ids(over2)])).toEqual(new Set(late.map((a) => a.id)));
  });

  it('shows the organisation’s own clock apart from the city’s after a reassignment', async () => {
    const now = new Date();
    const filedAt = new Date(now.getTime() - 67 * DAY);
    const appeal = await file('Течёт крыша уже два месяца', filedAt);
    const before = (await listOverdueAppeals(contextFor(c.users.dispatcher, now), page)).items.find(
      (i) => i.id === appeal.id,
    );
    expect(before?.assignedAt).toBe(filedAt.toISOString());

    const handedAt = new Date(now.getTime() - 2 * 3_600_000);
    const [moved] = await reassignMany(contextFor(c.users.dispatcher, handedAt), {
      appeals: [{ id: appeal.id }],
      targetOrgId: c.otherMc.id,
      reason: 'Дом перешёл к другой УК',
    });
    expect(moved).toMatchObject({ ok: true, assignedOrgId: c.otherMc.id });
    const after = (await listOverdueAppeals(contextFor(c.users.dispatcher, now), page)).items.find(
      (i) => i.id === appeal.id,
    );
    // The new company received it two hours ago; the city's deadline is where it was, two months back.
    expect(after).toMatchObject({
      assignedOrgId: c.otherMc.id,
      assignedAt: handedAt.toISOString(),
      responseDueAt: before?.responseDueAt,
      resolutionDueAt: before?.resolutionDueAt,
    });
    expect(after?.lateMillis).toBeGreaterThan(60 * DAY);
  });

  it('refuses a hand-over to an organisation of the wrong kind unless confirmed, and moves nothing', async () => {
    const bus = (await file('Автобус 74 не ходит по расписанию', new Date(), busSchedule.id)).id;
    const roof = (await file('Течёт крыша над подъездом')).id;
    const [busBefore, roofBefore] = [await stateOf(bus), await stateOf(roof)];
    const dispatcher = contextFor(c.users.dispatcher);
    const input = { appeals: [{ id: bus }, { id: roof }], targetOrgId: c.otherMc.id, reason: 'Передаю в УК' };

    const refusal = await reassignMany(dispatcher, input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(HttpProblem);
    const [busNumber] = await t.db.execute<{ number: string }>(sql`select number from appeals where id = ${bus}`);
    expect(refusal).toMatchObject({
      status: 409,
      detail: { id: 'board.wrong_kind', params: { numbers: busNumber!.number } },
      extra: { wrongKind: [{ id: bus, number: busNumber!.number, responsibleKind: 'city_department' }] },
    });
    expect([await stateOf(bus), await stateOf(roof)]).toEqual([busBefore, roofBefore]);

    const confirmed = await reassignMany(dispatcher, { ...input, confirmWrongKind: true });
    expect(confirmed.map((r) => r.ok)).toEqual([true, true]);
    expect(await stateOf(bus)).toMatchObject({ org: c.otherMc.id });
  });

  it('lets a routing rule make an organisation fit a category whatever its kind', async () => {
    const bus = (await file('Автобус 5 пропускает остановку', new Date(), busSchedule.id)).id;
    await t.db.execute(sql`insert into routing_rules (municipality_id, category_group, target_org_id, priority, active, note)
      values (${c.city.id}, 'transport', ${c.mc.id}, 0, true, 'Транспорт — УК (опыт)')`);
    const dispatcher = contextFor(c.users.dispatcher);
    const results = await reassignMany(dispatcher, {
      appeals: [{ id: bus }],
      targetOrgId: c.mc.id,
      reason: 'По правилу',
    });
    expect(results).toMatchObject([{ id: bus, ok: true, assignedOrgId: c.mc.id }]);
    await t.db.execute(sql`delete from routing_rules where municipality_id = ${c.city.id}`);
  });
});
