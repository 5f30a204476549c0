import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (19 MiB, 2 passes).
const params = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hash a staff password for storage (argon2id, PHC string). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

/** Check a password against its stored hash; false for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
