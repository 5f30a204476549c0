import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../api/web.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makers } from '../helpers/make.ts';
import { exited, freePort, startPlatform } from '../helpers/platform.ts';

const port = await freePort();

/** What `npm start` prints: the terminal, as a person running the platform reads it. */
describe('npm start’s terminal', () => {
  let t: TestDatabase;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-terminal-'));
  const base = `http://127.0.0.1:${port}`;
  // An existing database with one municipality: no demo city to load, no embedded PostgreSQL.
  const env = () => ({ DATABASE_URL: t.url, SEED: 'none', PORT: String(port), DATA_DIR: dataDir });

  beforeAll(async () => {
    await ensureWebBuild();
    t = await createTestDatabase();
    await makers(t.db).municipality();
  }, 300_000);

  afterAll(async () => {
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The home page, one of its static files and an API call: what a browser does first. */
  async function browse(): Promise<string> {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    const asset = (await page.text()).match(/\/_app\/immutable\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const file = await fetch(`${base}${asset}`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    expect((await fetch(`${base}/api/categories`)).status).toBe(200);
    return asset!;
  }

  /** Wait for a line of output (the child writes it asynchronously). */
  async function lineOf(output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const m = output().match(pattern);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function codeInOutbox(destination: string): Promise<string> {
    const [row] = await t.db.$client<{ body: string }[]>`
      select body from notification_outbox where destination = ${destination} order by id desc limit 1`;
    return row.body.match(/\b(\d{6})\b/)![1];
  }

  it('shows a resident’s sign-in code as one clear line and, by default, no line per request', async () => {
    // LOG_LEVEL unset: the default
    const quiet = await startPlatform({ ...env(), LOG_LEVEL: '' });
    try {
      await browse();
      const res = await fetch(`${base}/api/auth/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ destination: '+7 917 000-00-01' }),
      });
      expect(res.status).toBe(202);
      const [line, code] = await lineOf(quiet.output, /^\[otklik\] Код для \+7 917 \*\*\*-00-01: (\d{6}) .*$/m);
      expect(code).toBe(await codeInOutbox('+79170000001'));
      // masked as in the log, and short enough to read at a glance
      expect(line).not.toContain('9170000001');
      expect(line.length).toBeLessThan(120);
      // no JSON log line at all: no request lines, no "Server listening", no sign-in entry
      expect(quiet.output()).not.toMatch(/request completed|incoming request|"level":30/);
    } finally {
      quiet.child.kill('SIGTERM');
      expect(await exited(quiet.child)).toBe(0);
    }
  }, 120_000);

  it('at LOG_LEVEL=info logs each request, a static file too, as completed once', async () => {
    const loud = await startPlatform({ ...env(), LOG_LEVEL: 'info' });
    try {
      const asset = await browse();
      // A last request: once its completion is out, so is everything logged before it.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const entries = () =>
        loud
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{') && l.endsWith('}'))
          .map((l) => JSON.parse(l) as { reqId?: string; msg: string; req?: { url: string } });
      const [, last] = await lineOf(loud.output, /"reqId":"([^"]+)","req":\{"method":"GET","url":"\/healthz"/);
      await lineOf(loud.output, new RegExp(`"reqId":"${last}"[^\\n]*"msg":"request completed"`));
      const incoming = entries().filter((e) => e.msg === 'incoming request');
      expect(incoming.map((e) => e.req?.url)).toEqual(expect.arrayContaining(['/', asset, '/api/categories']));
      // every request that came in is reported completed, exactly once
      for (const request of incoming) {
        const completed = entries().filter((e) => e.msg === 'request completed' && e.reqId === request.reqId);
        expect(completed, request.req?.url).toHaveLength(1);
      }
    } finally {
      loud.child.kill('SIGTERM');
      expect(await exited(loud.child)).toBe(0);
    }
  }, 120_000);
});
