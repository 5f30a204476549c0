import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../db/queries/housekeeping.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallCity } from '../helpers/make.ts';

describe('housekeeping', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('purges sessions, codes and rate-limit windows long past, and keeps live ones', async () => {
    const c = await smallCity(t.db);
    const now = new Date('2026-11-23T12:00:00Z');
    const ago = (h: number) => new Date(now.getTime() - h * 3600e3);
    const userId = c.users.resident.id;
    await createSession(t.db, { tokenHash: 'old', userId, csrfToken: 'x', now: ago(800), expiresAt: ago(48) });
    await createSession(t.db, { tokenHash: 'live', userId, csrfToken: 'x', now: ago(1), expiresAt: ago(-24) });
    await t.db.execute(
      sql`insert into login_codes (destination, code_hash, expires_at) values ('+79170000001', 'h', ${ago(30)}), ('+79170000002', 'h', ${ago(-1)})`,
    );
    await t.db.execute(
      sql`insert into rate_limits (key, window_start, count) values ('old', ${ago(72)}, 3), ('new', ${ago(1)}, 1)`,
    );
    await purgeExpired(t.db, now);
    expect((await t.db.execute(sql`select token_hash from sessions`)).map((r) => r.token_hash)).toEqual(['live']);
    expect((await t.db.execute(sql`select destination from login_codes`)).map((r) => r.destination)).toEqual([
      '+79170000002',
    ]);
    expect((await t.db.execute(sql`select key from rate_limits`)).map((r) => r.key)).toEqual(['new']);
  });

  it('keeps the personal-data access trail for its retention (three years unless configured) and deletes what is older', async () => {
    const c = await smallCity(t.db);
    const now = new Date('2030-06-01T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86400e3);
    const row = (at: Date, record: string) =>
      sql`insert into personal_data_access (at, municipality_id, actor_user_id, subject_user_id, kind, record, route, ip)
          values (${at}, ${c.city.id}, ${c.users.dispatcher.id}, ${c.users.resident.id}, 'appeal.read_personal', ${record}, 'GET /api/appeals/:id', '127.0.0.1')`;
    await t.db.execute(row(daysAgo(3 * 365 + 1), 'old'));
    await t.db.execute(row(daysAgo(3 * 365 - 1), 'kept'));
    await t.db.execute(row(daysAgo(400), 'year'));
    await purgeExpired(t.db, now);
    const left = async () =>
      (await t.db.execute<{ record: string }>(sql`select record from personal_data_access order by at`)).map(
        (r) => r.record,
      );
    expect(await left()).toEqual(['kept', 'year']);
    await purgeExpired(t.db, now, { auditRetentionDays: 365 });
    expect(await left()).toEqual([]);
  });
});
