import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext } from '../../api/context.ts';
import { appealsInView, mapGridCache } from '../../api/map/service.ts';
import * as s from '../../db/schema/index.ts';
import type { Boss } from '../../jobs/queues.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallCity } from '../helpers/make.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const corner = { bbox: { minLon: 49.19, minLat: 55.82, maxLon: 49.2, maxLat: 55.83 } };

describe('the map service (appealsInView)', () => {
  let database: TestDatabase;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let now = NOW;
  let ctx: Context;
  let serial = 0;

  async function place(lon: number, lat: number) {
    serial += 1;
    await database.db.insert(s.appeals).values({
      municipalityId: c.city.id,
      number: `${c.city.code}-2026-${String(serial).padStart(6, '0')}`,
      authorId: c.users.resident.id,
      categoryId: c.roof.id,
      location: { x: lon, y: lat },
      description: 'Течёт крыша',
      priority: 'normal',
      status: 'assigned',
      channel: 'web',
      public: true,
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    c = await smallCity(database.db);
    // The map sends no jobs: no boss is needed.
    ctx = systemContext({ db: database.db, boss: null as unknown as Boss, clock: () => now });
    await place(49.195, 55.825);
  });
  afterAll(async () => database?.drop());

  it('answers city-scale zooms from the cached grid until it is older than the cache time', async () => {
    const cache = mapGridCache({
      cacheMs: 5000,
      clock: () => now,
      log: pino({ level: 'silent' }) as FastifyBaseLogger,
    });
    const first = await appealsInView(ctx, cache, { ...corner, zoom: 12, view: 'public' });
    expect(first).toMatchObject({ mode: 'points', total: 1, asOf: NOW.toISOString() });

    await place(49.196, 55.826);
    now = new Date(NOW.getTime() + 1000);
    const cached = await appealsInView(ctx, cache, { ...corner, zoom: 12, view: 'public' });
    // The counts are the cached ones (taken at NOW); the points themselves are read now.
    expect(cached.total).toBe(2);
    const uncached = await appealsInView(ctx, null, { ...corner, zoom: 12, view: 'public' });
    expect(uncached).toMatchObject({ mode: 'points', total: 2, asOf: now.toISOString() });
  });

  it('refuses the SLA view to a resident and to a visitor', async () => {
    const q = { ...corner, zoom: 16, view: 'sla' as const };
    const resident = {
      userId: c.users.resident.id,
      role: 'resident' as const,
      municipalityId: c.city.id,
      organisationId: null,
    };
    await expect(appealsInView({ ...ctx, actor: resident }, null, q)).rejects.toMatchObject({ status: 403 });
    await expect(appealsInView(ctx, null, q)).rejects.toMatchObject({ status: 401 });
    const dispatcher = {
      userId: c.users.dispatcher.id,
      role: 'dispatcher' as const,
      municipalityId: c.city.id,
      organisationId: c.dispatchCentre.id,
    };
    const sla = await appealsInView({ ...ctx, actor: dispatcher }, null, q);
    expect(sla.view).toBe('sla');
    expect(sla.points.every((p) => p.sla !== undefined)).toBe(true);
  });
});
