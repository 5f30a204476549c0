import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp, type App } from '../../../api/app.ts';
import { loadConfig } from '../../../api/config.ts';
import type { Database } from '../../../db/client.ts';
import { createSession } from '../../../db/queries/sessions.ts';
import { type Boss, startBoss } from '../../../jobs/boss.ts';
import { makers, square } from '../../helpers/make.ts';
import type { drive } from './stats.ts';

const run = promisify(execFile);

export type BenchCity = {
  app: App;
  boss: Boss;
  port: number;
  cityId: number;
  districtId: number;
  roofId: number;
  buildingIds: number[];
  residents: number[];
  sessions: { cookie: string; csrf: string }[];
  /** A realistic housing appeal body for POST /api/appeals. */
  body: Record<string, unknown>;
  close: () => Promise<void>;
};

/**
 * A city for benchmarks: one municipality, a district, a management company, 200 buildings, a
 * housing category and 64 signed-in residents, with the real app listening on a port.
 */
export async function benchCity(db: Database, url: string, dataDir: string): Promise<BenchCity> {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN', boundary: square(49.12, 55.79, 0.15) });
  const district = await make.district(city.id, { boundary: square(49.12, 55.79, 0.15) });
  const mc = await make.organisation(city.id);
  const buildingIds: number[] = [];
  for (let i = 0; i < 200; i++) {
    const b = await make.building(city.id, district.id, {
      lon: 49.05 + (i % 20) * 0.005,
      lat: 55.75 + Math.floor(i / 20) * 0.005,
      house: String(i + 1),
      managementCompanyId: mc.id,
    });
    buildingIds.push(b.id);
  }
  const roof = await make.category(city.id, { code: 'roof_leak' });
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, PORT: '0', WRITE_RATE_LIMITS: 'off' });
  const boss = await startBoss(url, { supervise: false, schedule: false, max: 4 });
  const app = await buildApp({ config, db, boss });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sessions: { cookie: string; csrf: string }[] = [];
  const residents: number[] = [];
  for (let i = 0; i < 64; i++) {
    const user = await make.user(city.id, { role: 'resident' });
    residents.push(user.id);
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(db, {
      tokenHash: app.hashSessionToken(token),
      userId: user.id,
      csrfToken: csrf,
      now: new Date(),
      expiresAt: new Date(Date.now() + 86400e3),
    });
    sessions.push({ cookie: `otklik_session=${token}`, csrf });
  }
  return {
    app,
    boss,
    port,
    cityId: city.id,
    districtId: district.id,
    roofId: roof.id,
    buildingIds,
    residents,
    sessions,
    body: {
      categoryId: roof.id,
      buildingId: buildingIds[7],
      description: 'Протекает кровля над третьим подъездом, вода стекает по стене на лестничной клетке пятого этажа.',
      entrance: '3',
      apartment: '57',
    },
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false, close: true });
    },
  };
}

/** POST appeals from a separate process (closed loop at a concurrency, or open loop at a rate). */
export async function httpLoad(
  city: Pick<BenchCity, 'port' | 'sessions' | 'body'>,
  label: string,
  opts: { concurrency: number; durationMs: number; ratePerSecond?: number },
): Promise<Awaited<ReturnType<typeof drive>>> {
  const job = {
    url: `http://127.0.0.1:${city.port}/api/appeals`,
    ...opts,
    sessions: city.sessions,
    body: city.body,
    keyPrefix: `${label}-${randomBytes(4).toString('hex')}`,
  };
  const { stdout, stderr } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'http-load.ts'), JSON.stringify(job)],
    { maxBuffer: 1 << 20 },
  );
  if (process.env.BENCH_TRACE && stderr) console.error(`[${label}]\n${stderr}`);
  return JSON.parse(stdout);
}
