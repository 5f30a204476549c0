import type { Db } from '../client.ts';
import { purgeLoginCodes } from './login-codes.ts';
import { purgeRateLimits } from './rate-limits.ts';
import { purgeEndedSessions } from './sessions.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Delete what has no use any more: ended sessions, old sign-in codes, stale rate-limit windows. */
export async function purgeExpired(db: Db, now: Date): Promise<void> {
  await purgeEndedSessions(db, now);
  // A day after expiry a code is of no use, even for explaining a failed sign-in.
  await purgeLoginCodes(db, new Date(now.getTime() - DAY_MS));
  // Rate-limit windows are at most a day long.
  await purgeRateLimits(db, new Date(now.getTime() - 2 * DAY_MS));
}
