import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../api/context.ts';
import { conclusionDocument, discussionResults, protocolDocument } from '../api/protocols/service.ts';
import { seedDemoCity } from '../db/seed/demo.ts';
import type { Boss } from '../jobs/queues.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { readPdf, squeeze } from './helpers/pdf-text.ts';

/*
 * The demo's public discussions (db/seed/discussions.ts): six projects of Kazan's department of
 * architecture in every state, proposals in every state where they belong, recommendations and the
 * conclusion in the archive, residents who may and may not take part, each notice as a PDF in the
 * uploads directory; and every public copy of the protocols and conclusions without personal data.
 */
describe('the demo city’s public discussions', () => {
  let city: TestDatabase;
  let uploadsDir: string;
  const now = new Date('2026-12-08T09:00:00Z');
  const q = <T = Record<string, unknown>>(text: string) => city.db.$client.unsafe(text) as unknown as Promise<T[]>;
  beforeAll(async () => {
    city = await createTestDatabase();
    uploadsDir = await mkdtemp(path.join(tmpdir(), 'otklik-seed-'));
    await seedDemoCity(city.db, { buildings: 400, appeals: 50, seed: 7, now, uploadsDir });
  }, 180_000);
  afterAll(async () => {
    await city?.drop();
    if (uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
  });

  it('holds six discussions of УАиГ in every state, with their territories’ buildings', async () => {
    const rows = await q<{ status: string; organiser: string; buildings: number; proposals: number }>(`
      select d.status, o.code as organiser,
        (select count(*)::int from discussion_buildings b where b.discussion_id = d.id) as buildings,
        (select count(*)::int from proposals p where p.discussion_id = d.id) as proposals
      from discussions d join organisations o on o.id = d.organiser_id order by d.id`);
    expect(rows.map((r) => r.status)).toEqual(['open', 'announced', 'closed', 'concluded', 'concluded', 'cancelled']);
    expect(new Set(rows.map((r) => r.organiser))).toEqual(new Set(['uaig']));
    for (const r of rows) expect(r.buildings, r.status).toBeGreaterThan(0);
    expect(rows[0].proposals).toBe(30);
    const logins = await q<{ login: string; role: string }>(
      `select login, role from users where login in ('uaig.head', 'uaig.staff') order by login`,
    );
    expect(logins).toEqual([
      { login: 'uaig.head', role: 'org_supervisor' },
      { login: 'uaig.staff', role: 'org_staff' },
    ]);
  });

  it('gives the open one proposals in every state, the closed one some waiting, the archive every recommendation', async () => {
    const states = await q<{ status: string; proposal: string; n: number }>(`
      select d.status, p.status as proposal, count(*)::int as n from proposals p join discussions d on d.id = p.discussion_id
      group by 1, 2 order by 1, 2`);
    const of = (d: string, p: string) => states.find((s) => s.status === d && s.proposal === p)?.n ?? 0;
    for (const p of ['submitted', 'accepted', 'rejected']) expect(of('open', p), p).toBeGreaterThan(0);
    expect(of('closed', 'submitted')).toBeGreaterThan(0);
    expect(of('concluded', 'submitted')).toBe(0);
    const [archive] = await q<{ missing: number; unsigned: number; without_text: number }>(`
      select (select count(*)::int from proposals p join discussions d on d.id = p.discussion_id
              where d.status = 'concluded' and p.status = 'accepted' and (p.recommendation is null or p.recommendation_reason is null)) as missing,
             (select count(*)::int from discussions where status = 'concluded' and (protocol_signed_at is null or concluded_at is null)) as unsigned,
             (select count(*)::int from discussions where status = 'concluded' and conclusion_text is null) as without_text`);
    expect(archive).toEqual({ missing: 0, unsigned: 0, without_text: 0 });
    const [authors] = await q<{ n: number; proposals: number }>(
      `select (select count(*)::int from proposal_authors) as n, (select count(*)::int from proposals) as proposals`,
    );
    expect(authors.n).toBe(authors.proposals);
  });

  it('verifies residents inside the open territory and outside it, the first demo resident inside', async () => {
    const [counts] = await q<{ inside: number; outside: number; demo_inside: boolean; second_outside: boolean }>(`
      with open as (select id from discussions where status = 'open')
      select
        (select count(*)::int from verified_identities v join discussion_buildings b on b.building_id = v.registration_building_id
           where b.discussion_id = (select id from open)) as inside,
        (select count(*)::int from verified_identities v where not exists (select 1 from discussion_buildings b
           where b.building_id = v.registration_building_id and b.discussion_id = (select id from open))) as outside,
        exists (select 1 from verified_identities v join user_personal p on p.user_id = v.user_id and p.phone = '+79170000001'
           join discussion_buildings b on b.building_id = v.registration_building_id and b.discussion_id = (select id from open)) as demo_inside,
        not exists (select 1 from verified_identities v join user_personal p on p.user_id = v.user_id and p.phone = '+79170000002'
           join discussion_buildings b on b.building_id = v.registration_building_id and b.discussion_id = (select id from open)) as second_outside`);
    expect(counts.inside).toBeGreaterThanOrEqual(20);
    expect(counts.outside).toBeGreaterThanOrEqual(5);
    expect(counts.demo_inside).toBe(true);
    expect(counts.second_outside).toBe(true);
  });

  it('stores each discussion’s notice as a PDF in the uploads directory', async () => {
    const docs = await q<{ storage_path: string; sha256: string; size: number }>(
      'select storage_path, sha256, size from discussion_documents order by id',
    );
    expect(docs.length).toBe(6);
    for (const d of docs) {
      const file = path.join(uploadsDir, d.storage_path);
      expect(existsSync(file), d.storage_path).toBe(true);
      const bytes = readFileSync(file);
      expect(bytes.length).toBe(d.size);
      const pdf = await readPdf(bytes);
      expect(pdf.text).toContain('ОПОВЕЩЕНИЕ');
      expect(pdf.fontFiles).toBeGreaterThan(0);
    }
  });

  it('shows no participant’s name, birth date or address in any public protocol, conclusion or results', async () => {
    const people = await q<{ full_name: string; birth_date: string | null; address: string }>(
      'select full_name, birth_date::text, address from proposal_authors',
    );
    const markers = [
      ...new Set(
        people.flatMap((p) => [
          p.full_name,
          p.address,
          ...(p.birth_date ? [p.birth_date, p.birth_date.split('-').reverse().join('.')] : []),
        ]),
      ),
    ];
    const ctx = systemContext({ db: city.db, boss: null as unknown as Boss, clock: () => now });
    const published = await q<{ id: number; status: string }>(
      `select id, status from discussions where status in ('protocol', 'concluded') order by id`,
    );
    expect(published.length).toBe(2);
    const found: string[] = [];
    for (const d of published) {
      const texts = [
        squeeze(
          (await readPdf((await protocolDocument(ctx, d.id, { format: 'pdf', full: false })).body as Buffer)).text,
        ),
        String((await protocolDocument(ctx, d.id, { format: 'csv', full: false })).body),
        squeeze((await readPdf((await conclusionDocument(ctx, d.id, 'pdf')).body as Buffer)).text),
        String((await conclusionDocument(ctx, d.id, 'csv')).body),
        JSON.stringify(await discussionResults(ctx, d.id)),
      ];
      for (const [i, text] of texts.entries())
        for (const m of markers)
          if (text.includes(i % 2 === 0 && i < 4 ? squeeze(m) : m)) found.push(`${d.id}/${i}: ${m}`);
    }
    expect(found).toEqual([]);
    // The markers are real: the organiser's copy, read by the department's staff, names them.
    const [staff] = await q<{ id: number; municipality_id: number; organisation_id: number }>(
      `select id::int, municipality_id, organisation_id from users where login = 'uaig.staff'`,
    );
    const actor = {
      userId: staff.id,
      role: 'org_staff' as const,
      municipalityId: staff.municipality_id,
      organisationId: staff.organisation_id,
    };
    const full = String(
      (await protocolDocument({ ...ctx, actor }, published[0].id, { format: 'csv', full: true })).body,
    );
    expect(markers.filter((m) => full.includes(m)).length).toBeGreaterThan(3);
  }, 60_000);
});
