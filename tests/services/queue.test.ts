import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnAppeal } from '../../api/appeals/act-on-appeal.ts';
import { fileAppeal } from '../../api/appeals/file-appeal.ts';
import type { Context } from '../../api/context.ts';
import { HttpProblem } from '../../api/errors.ts';
import { listQueue } from '../../api/queue/service.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Person = { id: number; role: NonNullable<Context['actor']>['role']; organisationId: number | null };
const silent: Context['log'] = { info() {}, warn() {}, error() {}, debug() {} };
const query = { sort: 'due' as const, limit: 100, offset: 0 };

/** An organisation's queue, called directly. */
describe('queue service', () => {
  let t: TestApp;
  let c: City;
  let assigned: { id: number; number: string };
  const contextFor = (user: Person): Context => ({
    db: t.db,
    boss: t.boss,
    clock: () => new Date(),
    actor: { userId: user.id, role: user.role, municipalityId: c.city.id, organisationId: user.organisationId },
    log: silent,
  });

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const filed = await fileAppeal(contextFor(c.users.resident), {
      input: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Крыша для очереди УК.', channel: 'web' },
      photos: [],
    });
    await actOnAppeal(contextFor(c.users.dispatcher), { id: filed.appeal.id }, 'assign', { targetOrgId: c.mc.id });
    assigned = filed.appeal;
  });
  afterAll(() => t?.close());

  it('gives the staff their own organisation’s appeals, and a dispatcher the one they name', async () => {
    const own = await listQueue(contextFor(c.users.orgStaff), query);
    expect(own.map((a) => a.number)).toEqual([assigned.number]);
    const named = await listQueue(contextFor(c.users.dispatcher), { ...query, organisationId: c.mc.id });
    expect(named.map((a) => a.id)).toEqual([assigned.id]);
    expect(await listQueue(contextFor(c.users.otherOrgStaff), query)).toEqual([]);
  });

  it('refuses another organisation’s queue to the staff, and a dispatcher who names none', async () => {
    const theirs = listQueue(contextFor(c.users.otherOrgStaff), { ...query, organisationId: c.mc.id });
    await expect(theirs).rejects.toMatchObject({ status: 403 });
    const unnamed = listQueue(contextFor(c.users.dispatcher), query);
    await expect(unnamed).rejects.toBeInstanceOf(HttpProblem);
    await expect(unnamed).rejects.toMatchObject({ status: 400 });
  });
});
