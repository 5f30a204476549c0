import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseEnv } from '../api/config.ts';

describe('configuration', () => {
  it('starts with sensible defaults', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: '.data', TZ: 'Europe/Moscow' });
    expect(parseEnv({})).toMatchObject({
      BODY_TIMEOUT_MS: 15_000,
      BODY_IDLE_TIMEOUT_MS: 5_000,
      UPLOAD_TIMEOUT_MS: 300_000,
      UPLOAD_IDLE_TIMEOUT_MS: 30_000,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'Configuration error: PORT must be a port number (got "abc")'],
    [{ PORT: '70000' }, 'Configuration error: PORT must be 0..65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [
      { TZ: 'Moscow/Kremlin' },
      'Configuration error: TZ must be an IANA time zone such as Europe/Moscow (got "Moscow/Kremlin")',
    ],
    [{ SESSION_SECRET: 'short' }, 'Configuration error: SESSION_SECRET must be at least 32 characters'],
    [
      { TRUST_PROXY: 'everyone' },
      'Configuration error: TRUST_PROXY must be a comma-separated list of IP addresses/CIDRs (or loopback) (got "everyone")',
    ],
    [{ PUBLIC_URL: 'ftp://x' }, 'Configuration error: PUBLIC_URL must be an http:// or https:// URL (got "ftp://x")'],
    // The SMTP URL carries a password: it is never echoed.
    [{ SMTP_URL: 'http://user:secret@mail' }, 'Configuration error: SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ SMS_GATEWAY_METHOD: 'PATCH' }, 'Configuration error: SMS_GATEWAY_METHOD must be POST, PUT or GET (got "PATCH")'],
    [{ NOTIFY_RETRY_LIMIT: '99' }, 'Configuration error: NOTIFY_RETRY_LIMIT must be 0..20 (got "99")'],
    [{ VAPID_SUBJECT: 'me' }, 'Configuration error: VAPID_SUBJECT must start with mailto: or https:// (got "me")'],
    [
      { BODY_TIMEOUT_MS: '15s' },
      'Configuration error: BODY_TIMEOUT_MS must be a whole number of milliseconds (got "15s")',
    ],
    [
      { UPLOAD_IDLE_TIMEOUT_MS: '10' },
      'Configuration error: UPLOAD_IDLE_TIMEOUT_MS must be 100..3600000 ms (got "10")',
    ],
  ])('stops on %o with one line naming the variable', (env, message) => {
    expect(() => parseEnv(env)).toThrow(message);
  });

  it('generates a session secret once and keeps it in DATA_DIR', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'otklik-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(first.SESSION_SECRET);
    expect(first.uploadsDir).toBe(path.join(dir, 'uploads'));
  });

  it('creates the VAPID key pair for web push once, readable by the owner only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'otklik-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    expect(loadConfig({ DATA_DIR: dir }).vapid).toEqual(first.vapid);
    // An uncompressed P-256 point (65 bytes) and a 32-byte private key, base64url.
    expect(Buffer.from(first.vapid.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(first.vapid.privateKey, 'base64url')).toHaveLength(32);
    expect(statSync(path.join(dir, 'vapid.json')).mode & 0o777).toBe(0o600);
  });
});
