import { createHash, randomBytes } from 'node:crypto';

/**
 * An Open311 client's API key: `otk_` and 32 random bytes in base64url. Only its SHA-256 is stored
 * (api_clients.key_hash); the key is shown once, when it is made.
 */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `otk_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
