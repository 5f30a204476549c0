import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseEnv } from '../api/config.ts';

describe('configuration', () => {
  it('starts with sensible defaults', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: '.data', TZ: 'Europe/Moscow' });
  });

  it.each([
    [{ PORT: 'abc' }, 'Configuration error: PORT must be a port number (got "abc")'],
    [{ PORT: '70000' }, 'Configuration error: PORT must be 0..65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ TZ: 'Moscow/Kremlin' }, 'Configuration error: TZ must be an IANA time zone such as Europe/Moscow (got "Moscow/Kremlin")'],
    [{ SESSION_SECRET: 'short' }, 'Configuration error: SESSION_SECRET must be at least 32 characters'],
    [{ TRUST_PROXY: 'everyone' }, 'Configuration error: TRUST_PROXY must be a comma-separated list of IP addresses/CIDRs (or loopback) (got "everyone")'],
    [{ PUBLIC_URL: 'ftp://x' }, 'Configuration error: PUBLIC_URL must be an http:// or https:// URL (got "ftp://x")'],
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
});
