import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../api/context.ts';
import { deliverOutboxRow } from '../../api/notifications/deliver.ts';
import { notifyTransition } from '../../api/notifications/write-notices.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';

// 12:00 in Moscow: outside quiet hours, so nothing here is held.
const DAY = new Date('2026-05-12T09:00:00Z');
// The organisation asks the author for details: residents hear of that by SMS too (the default).
const askedForDetails = {
  fromStatus: 'accepted',
  toStatus: 'needs_info',
  note: 'Уточните номер подъезда',
  actorId: null,
} as const;

describe('notifications services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let appealId: number;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    t.setNow(DAY);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша, вода в подъезде' },
    });
    t.setNow(null);
    expect(res.statusCode, res.body).toBe(201);
    appealId = res.json().id as number;
  });
  afterAll(() => t?.close());

  /** The appeal's outbox rows, each with how many notify.deliver jobs name it. */
  const outbox = async () =>
    t.db.execute<{ id: number; status: string; jobs: number }>(
      sql`select o.id::int as id, o.status::text as status,
            (select count(*)::int from pgboss.job j
              where j.name = 'notify.deliver' and (j.data->>'outboxId')::bigint = o.id) as jobs
          from notification_outbox o where o.appeal_id = ${appealId} order by o.id`,
    );

  it('writes a status change’s messages and their delivery jobs together, and neither when the transaction rolls back', async () => {
    const ctx = contextAt(t, DAY);
    await expect(
      inTransaction(ctx, async (tx) => {
        expect(await notifyTransition(tx, { appealId, event: askedForDetails, effects: [] }, DAY)).toBeGreaterThan(0);
        throw new Error('the status change failed after its messages were written');
      }),
    ).rejects.toThrow('the status change failed');
    expect(await outbox()).toEqual([]);

    const written = await inTransaction(ctx, (tx) =>
      notifyTransition(tx, { appealId, event: askedForDetails, effects: [] }, DAY),
    );
    const rows = await outbox();
    expect(rows).toHaveLength(written);
    expect(rows.every((row) => row.status === 'pending' && row.jobs === 1)).toBe(true);
  });

  it('delivers a message once: kept in the dev outbox when no gateway serves its channel, and a second run of its job does nothing', async () => {
    const [row] = await outbox();
    const ctx = contextAt(t, DAY);
    // No e-mail or SMS gateway configured: the resident's SMS stays readable in the dev outbox.
    const delivery = {
      transports: {
        push: async () => {
          throw new Error('no push subscription here');
        },
      },
      publicUrl: 'https://otklik.test',
    };
    expect(await deliverOutboxRow(ctx, delivery, row.id)).toBe('dev');
    expect(await deliverOutboxRow(ctx, delivery, row.id)).toBe('skipped');
    const [kept] = await t.db.execute<{ status: string; body: string }>(
      sql`select status::text as status, body from notification_outbox where id = ${row.id}`,
    );
    expect(kept.status).toBe('dev');
    expect(kept.body).toContain('Уточните номер подъезда');
  });
});
