/**
 * The demo city's Open311 client (issue 18): "Открытая Казань", the city's mobile app, filing into
 * Kazan with a known key so that the README's examples work on a fresh demo. Only the key's SHA-256
 * is stored, as for any client; a real installation issues its keys at /admin/api-clients.
 */
import { sql } from 'drizzle-orm';
import { hashApiKey } from '../../api/open311/keys.ts';
import type { Database } from '../client.ts';
import * as s from '../schema/index.ts';

/** The demo client's key: printed at start-up and in the README, never valid outside the demo. */
export const DEMO_OPEN311_KEY = 'otk_demo_open_kazan_app';

export async function seedOpen311Client(db: Database, now: Date) {
  const [kazan] = await db.execute<{ id: number; admin: number | null }>(
    sql`select m.id, (select u.id from users u where u.municipality_id = m.id and u.login = 'admin')::int as admin
        from municipalities m where m.code = 'KZN'`,
  );
  if (!kazan) return;
  await db.transaction(async (tx) => {
    // The client's service account: a resident with no personal data and no way to sign in.
    const [account] = await tx
      .insert(s.users)
      .values({ municipalityId: kazan.id, role: 'resident', createdAt: now })
      .returning();
    await tx.insert(s.apiClients).values({
      municipalityId: kazan.id,
      name: 'Мобильное приложение «Открытая Казань» (демо)',
      contact: 'apps@kzn.example',
      keyPrefix: DEMO_OPEN311_KEY.slice(0, 10),
      keyHash: hashApiKey(DEMO_OPEN311_KEY),
      userId: account.id,
      requestsPerMinute: 30,
      createdBy: kazan.admin,
      createdAt: now,
    });
  });
}
