import { timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { loginCodes } from '../schema/index.ts';

/**
 * Store a new sign-in code (its hash only). Earlier codes for the destination that are still open
 * expire now, so at most one code per destination can be guessed at a time.
 */
export async function createLoginCode(
  db: Db,
  c: { destination: string; codeHash: string; now: Date; expiresAt: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx
      .update(loginCodes)
      .set({ expiresAt: c.now })
      .where(
        and(eq(loginCodes.destination, c.destination), isNull(loginCodes.consumedAt), gt(loginCodes.expiresAt, c.now)),
      );
    const [row] = await tx
      .insert(loginCodes)
      .values({ destination: c.destination, codeHash: c.codeHash, createdAt: c.now, expiresAt: c.expiresAt })
      .returning({ id: loginCodes.id });
    return row.id;
  });
}

export type ConsumeResult =
  | { status: 'ok' }
  /** Wrong code; the code stays usable for `attemptsLeft` more tries. */
  | { status: 'wrong'; attemptsLeft: number }
  /** No open code: none requested, expired, used, or killed by wrong attempts. */
  | { status: 'none' };

/**
 * Check a code against the newest open code of the destination. The row is locked while it is
 * checked, so two requests cannot both use one code, and every wrong try is counted; after
 * `maxAttempts` wrong tries the code is dead. Compares hashes in constant time.
 */
export async function consumeLoginCode(
  db: Db,
  c: { destination: string; codeHash: string; now: Date; maxAttempts: number },
): Promise<ConsumeResult> {
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: loginCodes.id, codeHash: loginCodes.codeHash, attempts: loginCodes.attempts })
      .from(loginCodes)
      .where(
        and(
          eq(loginCodes.destination, c.destination),
          isNull(loginCodes.consumedAt),
          gt(loginCodes.expiresAt, c.now),
          lt(loginCodes.attempts, c.maxAttempts),
        ),
      )
      .orderBy(desc(loginCodes.createdAt), desc(loginCodes.id))
      .limit(1)
      .for('update');
    if (!open) return { status: 'none' };
    const stored = Buffer.from(open.codeHash);
    const given = Buffer.from(c.codeHash);
    if (stored.length === given.length && timingSafeEqual(stored, given)) {
      await tx.update(loginCodes).set({ consumedAt: c.now }).where(eq(loginCodes.id, open.id));
      return { status: 'ok' };
    }
    const [row] = await tx
      .update(loginCodes)
      .set({ attempts: sql`${loginCodes.attempts} + 1` })
      .where(eq(loginCodes.id, open.id))
      .returning({ attempts: loginCodes.attempts });
    return { status: 'wrong', attemptsLeft: Math.max(0, c.maxAttempts - row.attempts) };
  });
}

/** Delete codes that were used or expired before `before`. */
export async function purgeLoginCodes(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(loginCodes)
    .where(or(lt(loginCodes.expiresAt, before), lt(loginCodes.consumedAt, before)))
    .returning({ id: loginCodes.id });
  return rows.length;
}
