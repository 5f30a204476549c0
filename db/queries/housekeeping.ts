import { lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { personalDataAccess } from '../schema/index.ts';
import { deleteStaleIdentityLogins } from './identities.ts';
import { purgeLoginCodes } from './login-codes.ts';
import { purgeRateLimits } from './rate-limits.ts';
import { purgeEndedSessions } from './sessions.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Three years of the personal-data access trail, unless the installation says otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365;

/**
 * Delete what has no use any more: ended sessions, old sign-in codes and sign-ins with the identity
 * provider, stale rate-limit windows, and
 * the trail of reads of residents' personal data older than its retention (AUDIT_RETENTION_DAYS).
 */
export async function purgeExpired(db: Db, now: Date, opts: { auditRetentionDays?: number } = {}): Promise<void> {
  await purgeEndedSessions(db, now);
  // A day after expiry a code is of no use, even for explaining a failed sign-in.
  await purgeLoginCodes(db, new Date(now.getTime() - DAY_MS));
  // The same for a sign-in with the identity provider: its state, nonce and PKCE verifier.
  await deleteStaleIdentityLogins(db, new Date(now.getTime() - DAY_MS));
  // Rate-limit windows are at most a day long.
  await purgeRateLimits(db, new Date(now.getTime() - 2 * DAY_MS));
  const retention = opts.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  await db.delete(personalDataAccess).where(lt(personalDataAccess.at, new Date(now.getTime() - retention * DAY_MS)));
}
