import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnAppeal } from '../../api/appeals/act-on-appeal.ts';
import { fileAppeal } from '../../api/appeals/file-appeal.ts';
import type { Context } from '../../api/context.ts';
import { Conflict, HttpProblem } from '../../api/errors.ts';
import type { Actor } from '../../dispatch/permissions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
const silent: Context['log'] = { info() {}, warn() {}, error() {}, debug() {} };

/** The appeals services called directly, as a job or a command-line tool would call them. */
describe('appeals services', () => {
  let t: TestApp;
  let c: City;
  const contextFor = (user: { id: number; role: NonNullable<Actor>['role']; organisationId?: number | null }) =>
    ({
      db: t.db,
      boss: t.boss,
      clock: () => new Date(),
      actor: {
        userId: user.id,
        role: user.role,
        municipalityId: c.city.id,
        organisationId: user.organisationId ?? null,
      },
      log: silent,
    }) satisfies Context;

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const rowsAbout = async (description: string) => {
    const [r] = await t.db.execute<{ appeals: string; events: string; jobs: string }>(sql`
      select (select count(*) from appeals where description = ${description}) as appeals,
             (select count(*) from appeal_events e join appeals a on a.id = e.appeal_id where a.description = ${description}) as events,
             (select count(*) from pgboss.job j join appeals a on j.data->>'appealId' = a.id::text
               where j.name = 'appeal.route' and a.description = ${description}) as jobs`);
    return { appeals: Number(r!.appeals), events: Number(r!.events), jobs: Number(r!.jobs) };
  };

  it('fileAppeal writes the appeal, its created event and its routing job together; a retry replays it', async () => {
    const ctx = contextFor(c.users.resident);
    const input = {
      categoryId: c.roof.id,
      buildingId: c.building.id,
      description: 'Течёт крыша над третьим подъездом.',
      channel: 'web' as const,
    };
    const filed = await fileAppeal(ctx, { input, photos: [], idempotencyKey: 'service-test-1' });
    expect(filed.replayed).toBe(false);
    expect(filed.appeal).toMatchObject({ status: 'new', view: 'full', buildingId: c.building.id });
    expect(await rowsAbout(input.description)).toEqual({ appeals: 1, events: 1, jobs: 1 });

    const again = await fileAppeal(ctx, { input, photos: [], idempotencyKey: 'service-test-1' });
    expect(again).toMatchObject({ replayed: true, appeal: { id: filed.appeal.id, number: filed.appeal.number } });
    expect(await rowsAbout(input.description)).toEqual({ appeals: 1, events: 1, jobs: 1 });
  });

  it('fileAppeal refuses a reused key for another request and writes nothing', async () => {
    const ctx = contextFor(c.users.resident);
    const first = { categoryId: c.roof.id, buildingId: c.building.id, description: 'Первая просьба о крыше.' };
    const second = { ...first, description: 'Совсем другая просьба.' };
    await fileAppeal(ctx, { input: { ...first, channel: 'web' }, photos: [], idempotencyKey: 'service-test-2' });
    const refused = fileAppeal(ctx, {
      input: { ...second, channel: 'web' },
      photos: [],
      idempotencyKey: 'service-test-2',
    });
    await expect(refused).rejects.toBeInstanceOf(Conflict);
    expect(await rowsAbout(second.description)).toEqual({ appeals: 0, events: 0, jobs: 0 });
  });

  it('actOnAppeal writes nothing when the state machine refuses the action', async () => {
    const input = { categoryId: c.roof.id, buildingId: c.building.id, description: 'Крыша, проверка отказа.' };
    const filed = await fileAppeal(contextFor(c.users.resident), { input: { ...input, channel: 'web' }, photos: [] });
    const before = await rowsAbout(input.description);
    // The author may not accept their own appeal: a refusal, not a transition.
    const refused = actOnAppeal(contextFor(c.users.resident), { id: filed.appeal.id }, 'accept', {});
    await expect(refused).rejects.toBeInstanceOf(HttpProblem);
    expect(await rowsAbout(input.description)).toEqual(before);
    const [row] = await t.db.execute<{ version: number; status: string }>(
      sql`select version, status from appeals where id = ${filed.appeal.id}`,
    );
    expect(row).toMatchObject({ version: filed.appeal.version, status: 'new' });
  });

  it('actOnAppeal commits the transition with its event for a dispatcher', async () => {
    const input = { categoryId: c.roof.id, buildingId: c.building.id, description: 'Крыша, передача в УК.' };
    const filed = await fileAppeal(contextFor(c.users.resident), { input: { ...input, channel: 'web' }, photos: [] });
    const done = await actOnAppeal(
      contextFor({ ...c.users.dispatcher, organisationId: c.dispatchCentre.id }),
      { number: filed.appeal.number },
      'assign',
      { targetOrgId: c.mc.id },
    );
    expect(done.appeal).toMatchObject({ status: 'assigned', assignedOrgId: c.mc.id });
    const events = await t.db.execute<{ type: string }>(
      sql`select type from appeal_events where appeal_id = ${filed.appeal.id} order by id`,
    );
    expect(events.map((e) => e.type)).toContain('assigned');
  });
});
