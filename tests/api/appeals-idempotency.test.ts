import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { serverLogOf } from '../helpers/db.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

/** The running part of a public number (KZN-2026-000123 → 123). */
const serial = (number: string) => Number(number.split('-').at(-1));

describe('filing with an Idempotency-Key over HTTP', () => {
  let t: TestApp;
  let c: City;
  let resident: Awaited<ReturnType<TestApp['signIn']>>;

  const file = (key?: string) =>
    fetch(`${t.baseUrl}/api/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...resident, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({
        categoryId: c.roof.id,
        buildingId: c.building.id,
        description: 'Протекает крыша над пятым подъездом, вода в квартире 45.',
        apartment: '45',
      }),
    });
  const filed = async (res: Response) => {
    expect(res.status).toBe(201);
    return {
      ...((await res.json()) as { id: number; number: string }),
      replayed: res.headers.get('idempotent-replayed'),
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    c = await smallCity(t.db);
    resident = await t.signIn(c.users.resident.id);
  });
  afterAll(() => t?.close());

  it('answers replays and simultaneous duplicates with the one appeal, drawing no number and logging no database error', async () => {
    const first = await filed(await file('replay-1'));
    expect(first.replayed).toBeNull();
    for (let i = 0; i < 3; i++) {
      const again = await filed(await file('replay-1'));
      expect(again).toMatchObject({ id: first.id, number: first.number, replayed: 'true' });
    }

    const burst = await Promise.all(Array.from({ length: 8 }, () => file('burst-1').then(filed)));
    expect(new Set(burst.map((b) => b.id)).size).toBe(1);
    expect(burst.filter((b) => b.replayed === null)).toHaveLength(1);
    expect(serial(burst[0].number)).toBe(serial(first.number) + 1);

    // The next appeal follows without a gap: no replay or loser took a number.
    const next = await filed(await file());
    expect(serial(next.number)).toBe(serial(first.number) + 2);

    const log = await serverLogOf(t);
    if (log) expect(log.filter((line) => /\b(ERROR|FATAL|PANIC):/.test(line))).toEqual([]);
  });
});
