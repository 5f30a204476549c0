import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppDeps, buildApp, type App } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { ensureWebBuild, loadWebHandler } from '../../api/web.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export type TestApp = {
  app: App;
  db: TestDatabase['db'];
  url: string;
  boss: Boss;
  dataDir: string;
  /** `http://127.0.0.1:port` when started with `listen: true`, else null (use app.inject). */
  baseUrl: string | null;
  /** Set the app's clock (null = real time). */
  setNow: (now: Date | null) => void;
  config: AppDeps['config'];
  /** A signed-in session for a user: the cookie header and the CSRF header to send. */
  signIn: (userId: number) => Promise<{ cookie: string; 'x-csrf-token': string }>;
  close: () => Promise<void>;
};

/**
 * Build the real app over a fresh database clone, with real pg-boss (not working) and a temp DATA_DIR.
 * `web` serves the web app too (built first when missing or stale, one build across test files);
 * `listen` opens a real port on 127.0.0.1 for a browser; `env` adds settings (gateways, retries).
 */
export async function startTestApp(
  opts: {
    workers?: boolean;
    web?: boolean;
    listen?: boolean;
    live?: AppDeps['live'];
    map?: AppDeps['map'];
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  if (opts.web) await ensureWebBuild();
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-data-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PORT: '0',
    TZ: 'Europe/Moscow',
    ...opts.env,
  });
  const boss = await startBoss(database.url, { supervise: opts.workers ?? false, schedule: false, max: 2 });
  let now: Date | null = null;
  const web = opts.web ? { handler: await loadWebHandler() } : undefined;
  const app = await buildApp({
    config,
    db: database.db,
    boss,
    clock: () => now ?? new Date(),
    web,
    live: opts.live,
    map: opts.map,
  });
  await app.ready();
  const baseUrl = opts.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : null;
  return {
    app,
    db: database.db,
    url: database.url,
    boss,
    dataDir,
    baseUrl,
    config,
    setNow: (d) => {
      now = d;
    },
    signIn: async (userId) => {
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      const t = new Date();
      await createSession(database.db, {
        tokenHash: app.hashSessionToken(token),
        userId,
        csrfToken: csrf,
        now: t,
        expiresAt: new Date(t.getTime() + 24 * 3600 * 1000),
      });
      return { cookie: `${app.sessionCookieName}=${token}`, 'x-csrf-token': csrf };
    },
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false, close: true });
      await database.drop();
    },
  };
}
