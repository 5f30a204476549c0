import { readdirSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { systemContext } from '../../api/context.ts';
import { notifyTerritory } from '../../api/discussions/notify-territory.ts';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import { startBoss } from '../../jobs/boss.ts';
import { discussionMakers, squareTerritory } from '../helpers/discussions-make.ts';
import { makers, square } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import type { BenchResult, Figure } from './run.ts';

/**
 * Public discussions (issue 17): `npm run bench -- discussions` runs every part — this file's
 * `fanout`, and each `tests/bench/discussions-*.ts` file that exports `part` (the participation's
 * `proposals`, 1,000 proposals in 60 s). `--part=fanout` runs one. Each part builds its own city in
 * its own database and measures its own same-run baseline.
 */
export type DiscussionBenchPart = {
  name: string;
  run: (opts: { quick: boolean }) => Promise<{ description: string; figures: Figure[]; raw: unknown }>;
};

const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);

/** ~`residents` people in the discussion's 200 buildings: half by a verified registration, half by a confirmed apartment link. */
export async function settle(db: Database, cityId: number, buildingIds: number[], residents: number) {
  const ids = `{${buildingIds.join(',')}}`;
  await db.execute(sql`
    with people as (
      insert into users (municipality_id, role, language)
      select ${cityId}, 'resident', (array['ru','ru','ru','tt','en'])[1 + n % 5]::language from generate_series(1, ${residents}) as n
      returning id
    ), numbered as (select id, row_number() over (order by id) as k from people),
    personal as (
      insert into user_personal (user_id, full_name, email) select id, 'Житель', 'r' || id || '@example.invalid' from people
    ), identities as (
      insert into verified_identities (user_id, provider, issuer, subject, full_name, registration_building_id)
      select id, 'esia', 'https://esia.bench', 'sub-' || id, 'Житель', (${ids}::int[])[1 + k % ${buildingIds.length}]
      from numbered where k % 2 = 0
    ), flats as (
      insert into apartments (building_id, number)
      select (${ids}::int[])[1 + k % ${buildingIds.length}], 'b' || k from numbered where k % 2 = 1
      returning id, building_id, number
    )
    insert into apartment_links (apartment_id, user_id, status, decided_at)
    select f.id, n.id, 'confirmed', now() from flats f join numbered n on 'b' || n.k = f.number`);
}

/**
 * The notice of a discussion whose territory holds `residents` eligible people: our discussion.notify
 * handler (api/discussions/notify-territory.ts: the row lock, the once-guard, channels from each
 * person's choices, texts in their language, one INSERT … SELECT into the outbox and one statement of
 * notify.deliver jobs) next to plain set-based SQL writing the same outbox rows and jobs.
 */
export const fanout: DiscussionBenchPart = {
  name: 'fanout',
  async run({ quick }) {
    const residents = quick ? 5_000 : 50_000;
    const runs = quick ? 2 : 3;
    const bd = await benchDatabase('discussions');
    try {
      const db = bd.db;
      const make = makers(db);
      const city = await make.municipality({ code: 'KZN', boundary: square(49.12, 55.79, 0.15) });
      const district = await make.district(city.id, { boundary: square(49.12, 55.79, 0.15) });
      const org = await make.organisation(city.id, { kind: 'city_department', nameRu: 'Управление архитектуры' });
      const admin = await make.user(city.id, { role: 'admin', login: 'bench.admin' });
      const buildingIds: number[] = [];
      for (let i = 0; i < 200; i++) {
        const b = await make.building(city.id, district.id, {
          lon: 49.05 + (i % 20) * 0.002,
          lat: 55.75 + Math.floor(i / 20) * 0.002,
          house: String(i + 1),
        });
        buildingIds.push(b.id);
      }
      const t0 = performance.now();
      await settle(db, city.id, buildingIds, residents);
      const settleMs = Math.round(performance.now() - t0);
      const d = await discussionMakers(db).discussion(city.id, org.id, admin.id, {
        status: 'open',
        territory: squareTerritory(49.069, 55.759, 0.025),
      });
      // The planner's statistics, as a live database has them (for the handler and the baseline alike).
      await db.execute(sql`analyze`);
      const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
      const ctx = systemContext({ db, boss, clock: () => new Date() });
      const reset = async () => {
        await db.execute(sql`delete from pgboss.job where name = 'notify.deliver'`);
        await db.execute(sql`delete from notification_outbox`);
        await db.update(s.discussions).set({ openNoticeAt: null }).where(eq(s.discussions.id, d.id));
        await db.execute(sql`vacuum analyze notification_outbox`);
      };
      const ours: number[] = [];
      const plain: number[] = [];
      let rows = 0;
      let plainRows = 0;
      for (let i = 0; i < runs; i++) {
        await reset();
        const a = performance.now();
        rows = await notifyTerritory(ctx, d.id, 'opened', 'https://otklik.example');
        ours.push(performance.now() - a);
        await reset();
        const b = performance.now();
        plainRows = await plainFanout(db, d.id, city.id);
        plain.push(performance.now() - b);
      }
      await boss.stop({ graceful: false, close: true });
      if (rows !== plainRows) throw new Error(`the handler wrote ${rows} rows, the plain SQL ${plainRows}`);
      const oursMs = median(ours);
      const plainMs = median(plain);
      return {
        description: `the opening notice of a discussion over 200 buildings with ${residents} eligible residents (half by verified registration, half by confirmed apartment link), each told once by e-mail; median of ${runs}`,
        figures: [
          {
            label: `fan-out to ${residents} residents (discussion.notify)`,
            value: oursMs,
            unit: 'ms',
            baseline: plainMs,
            baselineLabel: 'the same outbox rows and jobs by plain set-based SQL',
            ratio: Math.round((oursMs / plainMs) * 100) / 100,
          },
          { label: 'outbox rows and delivery jobs written', value: rows, unit: 'rows' },
          { label: `making ${residents} residents (set-based SQL)`, value: settleMs, unit: 'ms' },
        ],
        raw: { ours, plain, rows, residents },
      };
    } finally {
      await bd.stop();
    }
  },
};

/** The baseline: the same rows written by hand in one transaction, no choices or languages looked up. */
async function plainFanout(db: Database, discussionId: number, cityId: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from discussions where id = ${discussionId} for update`);
    await tx.execute(sql`update discussions set open_notice_at = now() where id = ${discussionId}`);
    const [n] = await tx.execute<{ n: number }>(sql`
      with audience as (
        select vi.user_id from verified_identities vi
          join discussion_buildings db on db.building_id = vi.registration_building_id and db.discussion_id = ${discussionId}
        union
        select l.user_id from apartment_links l join apartments a on a.id = l.apartment_id
          join discussion_buildings db on db.building_id = a.building_id and db.discussion_id = ${discussionId}
        where l.status = 'confirmed'
      ), rows as (
        insert into notification_outbox (municipality_id, user_id, channel, destination, kind, template, subject, body, status)
        select ${cityId}, x.user_id, 'email', p.email, 'discussion', 'discussion_opened', 'Открыто общественное обсуждение', 'Ваш дом на территории проекта', 'pending'
        from audience x join user_personal p on p.user_id = x.user_id where p.email is not null
        returning id
      ), jobs as (
        insert into pgboss.job (id, name, data, singleton_key, policy, retry_limit, retry_delay, retry_backoff, expire_seconds)
        select gen_random_uuid(), 'notify.deliver', jsonb_build_object('outboxId', id), 'notify:' || id, 'standard', 5, 30, true, 120 from rows
        returning 1
      )
      select count(*)::int as n from jobs`);
    return n.n;
  });
}

/** The parts: this file's, then each `discussions-*.ts` beside it that exports `part`. */
async function parts(): Promise<DiscussionBenchPart[]> {
  const found: DiscussionBenchPart[] = [fanout];
  const files = readdirSync(import.meta.dirname).filter((f) => /^discussions-[a-z-]+\.ts$/.test(f));
  for (const file of files.sort()) {
    const mod = (await import(`./${file}`)) as { part?: DiscussionBenchPart };
    if (mod.part) found.push(mod.part);
  }
  return found;
}

export async function discussions(opts: { quick: boolean }): Promise<BenchResult> {
  const only = process.argv.find((a) => a.startsWith('--part='))?.slice('--part='.length);
  const chosen = (await parts()).filter((p) => !only || p.name === only);
  const figures: Figure[] = [];
  const raw: Record<string, unknown> = {};
  const descriptions: string[] = [];
  for (const part of chosen) {
    console.log(`  · ${part.name}…`);
    const result = await part.run(opts);
    figures.push(...result.figures.map((f) => ({ ...f, label: `${part.name}: ${f.label}` })));
    raw[part.name] = result.raw;
    descriptions.push(`${part.name}: ${result.description}`);
  }
  return { name: 'discussions', description: descriptions.join('; '), figures, raw };
}
