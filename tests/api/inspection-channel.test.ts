import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../db/client.ts';
import { migrationsFolder, runMigrations } from '../../db/migrate.ts';
import { channels } from '../../db/schema/appeals.ts';
import { withDatabase } from '../helpers/db.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type Json = Record<string, unknown>;

describe('the inspection channel of work appeals', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('is one of the channels an appeal shows in the OpenAPI document', async () => {
    expect(channels).toContain('inspection');
    const doc = (await t.app.inject('/api/openapi.json')).json() as { components: { schemas: Record<string, Json> } };
    const full = doc.components.schemas.AppealFull as { properties: { channel: { enum: string[] } } };
    expect(full.properties.channel.enum).toEqual([...channels]);
  });

  it('refuses a resident’s appeal filed as an inspection (or a call-centre) one, naming the field, and files nothing', async () => {
    const resident = await t.signIn(c.users.resident.id);
    for (const channel of ['inspection', 'call_centre']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: resident,
        payload: {
          categoryId: c.roof.id,
          buildingId: c.building.id,
          description: 'Протекает крыша над подъездом',
          channel,
        },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('body.channel');
    }
    const [{ n }] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from appeals`);
    expect(n).toBe(0);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: resident,
      payload: {
        categoryId: c.roof.id,
        buildingId: c.building.id,
        description: 'Протекает крыша над подъездом',
        channel: 'mobile',
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('migration 0014 (ALTER TYPE channel ADD VALUE)', () => {
  // drizzle's migrator runs every pending migration in one transaction: ADD VALUE must work there,
  // whether it comes with all the others (a fresh install) or alone (an installation at 0013).
  const admin = () => postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(path.join(tmpdir(), 'otklik-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function freshDatabase() {
    const name = `m_${Math.random().toString(36).slice(2, 10)}`;
    const a = admin();
    await a.unsafe(`create database ${name}`);
    await a.end();
    const db = connect(withDatabase(inject('pgAdminUrl'), name), { max: 2 });
    return {
      db,
      drop: async () => {
        await db.$client.end({ timeout: 1 });
        const b = admin();
        await b.unsafe(`drop database if exists ${name} with (force)`);
        await b.end();
      },
    };
  }

  it('applies from scratch with every other migration, and the value is usable afterwards', async () => {
    const { db, drop } = await freshDatabase();
    try {
      await runMigrations(db);
      const [row] = await db.execute<{ v: string }>(sql`select 'inspection'::channel::text as v`);
      expect(row.v).toBe('inspection');
    } finally {
      await drop();
    }
  });

  it('applies alone on a database migrated up to 0013', async () => {
    const upTo13 = path.join(dir, 'upto13');
    cpSync(migrationsFolder, upTo13, { recursive: true });
    const journalPath = path.join(upTo13, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
    expect(journal.entries.some((e) => e.tag === '0014_inspection_channel')).toBe(true);
    journal.entries = journal.entries.filter((e) => e.idx <= 13);
    writeFileSync(journalPath, JSON.stringify(journal));
    const { db, drop } = await freshDatabase();
    try {
      await migrate(db, { migrationsFolder: upTo13 });
      const before = await db.execute<{ v: string }>(sql`select unnest(enum_range(null::channel))::text as v`);
      expect(before.map((r) => r.v)).not.toContain('inspection');
      await runMigrations(db);
      const after = await db.execute<{ v: string }>(sql`select unnest(enum_range(null::channel))::text as v`);
      expect(after.map((r) => r.v)).toEqual([...channels]);
    } finally {
      await drop();
    }
  });
});
