import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAppeal } from '../../api/appeals/file-appeal.ts';
import { reassignMany } from '../../api/board/service.ts';
import type { Context } from '../../api/context.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Person = { id: number; role: NonNullable<Context['actor']>['role']; organisationId: number | null };
const silent: Context['log'] = { info() {}, warn() {}, error() {}, debug() {} };

/** The dispatcher's board services called directly. */
describe('board services', () => {
  let t: TestApp;
  let c: City;
  const contextFor = (user: Person): Context => ({
    db: t.db,
    boss: t.boss,
    clock: () => new Date(),
    actor: { userId: user.id, role: user.role, municipalityId: c.city.id, organisationId: user.organisationId },
    log: silent,
  });
  const file = async (description: string) =>
    fileAppeal(contextFor(c.users.resident), {
      input: { categoryId: c.roof.id, buildingId: c.building.id, description, channel: 'web' },
      photos: [],
    });
  const stateOf = async (id: number) => {
    const [row] = await t.db.execute<{ status: string; version: number; org: number | null; events: string }>(sql`
      select status, version, assigned_org_id as org,
             (select count(*) from appeal_events where appeal_id = a.id) as events
      from appeals a where a.id = ${id}`);
    return { status: row!.status, version: row!.version, org: row!.org, events: Number(row!.events) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('reassignMany hands each appeal over in its own transaction; a stale one is refused and left as it was', async () => {
    const fresh = (await file('Крыша: передать в УК, первая.')).appeal;
    const stale = (await file('Крыша: передать в УК, вторая.')).appeal;
    const staleBefore = await stateOf(stale.id);
    const results = await reassignMany(contextFor(c.users.dispatcher), {
      appeals: [{ id: fresh.id }, { id: stale.id, expectedVersion: stale.version + 5 }],
      targetOrgId: c.mc.id,
      reason: 'по адресу',
    });
    expect(results).toEqual([
      { id: fresh.id, ok: true, status: 'assigned', version: fresh.version + 1, assignedOrgId: c.mc.id },
      {
        id: stale.id,
        ok: false,
        problem: { status: 409, code: 'version_conflict', detail: { id: 'appeal.version_conflict' } },
      },
    ]);
    expect(await stateOf(fresh.id)).toMatchObject({ status: 'assigned', org: c.mc.id, events: 2 });
    expect(await stateOf(stale.id)).toEqual(staleBefore);
  });
});
