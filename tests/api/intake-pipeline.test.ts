import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinedTransaction } from '../../db/client.ts';
import { insertFiledAppeal } from '../../db/queries/appeals.ts';
import { enqueueOn } from '../../jobs/queues.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

/**
 * Intake files an appeal in a pipelined transaction (db/client.ts pipelinedTransaction): `begin`
 * goes out with the appeal, `commit` with the job. All or nothing must hold however it fails.
 */
describe('intake in a pipelined transaction', () => {
  let t: TestApp;
  let c: City;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const filing = (description: string) => ({
    appeal: {
      municipalityId: c.city.id,
      authorId: c.users.resident.id,
      categoryId: c.roof.id,
      buildingId: c.building.id,
      districtId: c.district.id,
      location: { x: 49.12, y: 55.79 },
      addressText: 'ул. Баумана, д. 12',
      description,
      entrance: '1',
      apartment: '2',
      priority: 'normal' as const,
      status: 'new' as const,
      channel: 'web' as const,
      public: true,
      idempotencyKey: `pipeline-${++n}`,
      createdAt: new Date(),
    },
    numbering: { code: c.city.code, year: 2026 },
    event: { actorId: c.users.resident.id, actorRole: 'resident' as const, payload: { channel: 'web' } },
    utility: null,
    photos: [],
  });

  const rowsAbout = async (description: string) => {
    const [r] = await t.db.execute<{ appeals: string; events: string; jobs: string }>(sql`
      select (select count(*) from appeals where description = ${description}) as appeals,
             (select count(*) from appeal_events e join appeals a on a.id = e.appeal_id where a.description = ${description}) as events,
             (select count(*) from pgboss.job j join appeals a on j.data->>'appealId' = a.id::text where a.description = ${description}) as jobs`);
    return { appeals: Number(r!.appeals), events: Number(r!.events), jobs: Number(r!.jobs) };
  };

  it('commits the appeal, its created event and its routing job together, decoded as drizzle reads them', async () => {
    const f = filing('Пишем всё вместе одной транзакцией.');
    const filed = await insertFiledAppeal(t.db, f, (appealId, executor) =>
      enqueueOn(t.boss, executor, 'appeal.route', { appealId }, { singletonKey: `route:${appealId}` }),
    );
    expect(filed).not.toBeNull();
    const a = filed!.appeal;
    expect(a.id).toBeTypeOf('number');
    expect(a.number).toMatch(new RegExp(`^${c.city.code}-2026-\\d{6}$`));
    expect(a.location).toEqual({ x: 49.12, y: 55.79 });
    expect(a.createdAt).toBeInstanceOf(Date);
    expect(a.createdAt.getTime()).toBe(f.appeal.createdAt.getTime());
    expect(a.updatedAt.getTime()).toBe(f.appeal.createdAt.getTime());
    expect(a.version).toBe(1);
    expect(a.outageId).toBeNull();
    expect(await rowsAbout(f.appeal.description)).toEqual({ appeals: 1, events: 1, jobs: 1 });
  });

  it('leaves nothing when the last statement (the job) fails: the pipelined commit becomes a rollback', async () => {
    const f = filing('Задание не вставилось, и обращения нет.');
    await expect(
      insertFiledAppeal(t.db, f, (_appealId, executor) => executor.executeSql('select 1 / 0')),
    ).rejects.toThrow(/division by zero/);
    expect(await rowsAbout(f.appeal.description)).toEqual({ appeals: 0, events: 0, jobs: 0 });
  });

  it('leaves nothing when sending the job throws before any statement', async () => {
    const f = filing('Отправка упала до запроса, и обращения нет.');
    await expect(
      insertFiledAppeal(t.db, f, async () => {
        throw new Error('queue unavailable');
      }),
    ).rejects.toThrow('queue unavailable');
    expect(await rowsAbout(f.appeal.description)).toEqual({ appeals: 0, events: 0, jobs: 0 });
  });

  it('refuses a statement after the commit went out, so nothing runs outside the transaction', async () => {
    const f = filing('Второй запрос после фиксации недопустим.');
    await expect(
      insertFiledAppeal(t.db, f, async (_appealId, executor) => {
        await executor.executeSql('select 1');
        await executor.executeSql('select 2');
      }),
    ).rejects.toThrow(/after commit/);
  });

  it('returns null, writing nothing, when the idempotency key is taken', async () => {
    const f = filing('Первый запрос с этим ключом.');
    const send = (appealId: number, executor: Parameters<typeof enqueueOn>[1]) =>
      enqueueOn(t.boss, executor, 'appeal.route', { appealId }, { singletonKey: `route:${appealId}` });
    expect(await insertFiledAppeal(t.db, f, send)).not.toBeNull();
    const again = { ...f, appeal: { ...f.appeal, description: 'Повтор с тем же ключом.' } };
    expect(await insertFiledAppeal(t.db, again, send)).toBeNull();
    expect(await rowsAbout(again.appeal.description)).toEqual({ appeals: 0, events: 0, jobs: 0 });
  });

  it('rolls back statements already answered when a later one fails', async () => {
    await expect(
      pipelinedTransaction(t.db, async (p) => {
        await p.query(
          'insert into appeal_followers (appeal_id, user_id, since) select id, author_id, now() from appeals limit 1',
        );
        await p.query('select 1 / $1::int', [0]);
      }),
    ).rejects.toThrow(/division by zero/);
    const [r] = await t.db.execute<{ n: string }>(sql`select count(*) as n from appeal_followers`);
    expect(Number(r!.n)).toBe(0);
  });

  it('fails, rather than hangs, when its connection drops with statements still queued, and the pool carries on', async () => {
    const started = Date.now();
    await expect(
      pipelinedTransaction(t.db, async (p) => {
        const [me] = await p.query<{ pid: number }>('select pg_backend_pid() as pid');
        // New statements: the first waits for its Describe and then sleeps, the second waits in the
        // connection's queue behind it; the backend is ended meanwhile.
        const first = p.query('select pg_sleep(2), $1::int as x', [1]);
        const second = p.query('select $1::int + 20 as y', [1]);
        await new Promise((r) => setTimeout(r, 300));
        await t.db.execute(sql`select pg_terminate_backend(${me!.pid})`);
        await Promise.all([first, second]);
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    const [r] = await t.db.execute<{ ok: number }>(sql`select 1 as ok`);
    expect(Number(r!.ok)).toBe(1);
  });
});
