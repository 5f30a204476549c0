import type { Database } from './client.ts';

/** Advisory lock keys of the platform: the start-up steps processes take in turns, and the claims of filing. */
export const locks = {
  /** Applying migrations ('otkm'). */
  migrate: 0x6f746b6d,
  /** Loading the demo city into an empty database ('otks'). */
  seed: 0x6f746b73,
  /** Filing with an idempotency key, the first of two keys; the second a hash of (author, key) ('otki'). */
  appealIdempotencyKey: 0x6f746b69,
} as const;

/**
 * Run `fn` while holding a session advisory lock on a connection of its own, so that processes of
 * one installation starting together (API and workers) take turns: the second waits, then finds the
 * work done. `fn` uses the pool's other connections, so the pool needs at least two.
 */
export async function withAdvisoryLock<T>(db: Database, key: number, fn: () => Promise<T>): Promise<T> {
  // With one connection the lock would hold it and `fn` would wait for it for ever.
  if ((db.$client.options.max ?? 10) < 2) throw new Error('withAdvisoryLock needs a pool of at least two connections');
  const lock = await db.$client.reserve();
  try {
    await lock`select pg_advisory_lock(${key})`;
    return await fn();
  } finally {
    await lock`select pg_advisory_unlock(${key})`.catch(() => {});
    lock.release();
  }
}
