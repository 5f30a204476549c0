import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { benchCity } from './lib/city.ts';
import { benchDatabase } from './lib/cluster.ts';
import type { BenchResult } from './run.ts';

/**
 * Publishing a whole district's outage: POST /api/outages for 200 buildings whose residents (a
 * confirmed link each) all hear of it, next to the same rows (outage, its buildings, the outbox
 * rows, their delivery jobs) written by hand-made set-based SQL in the same run.
 */
export async function outages(opts: { quick: boolean }): Promise<BenchResult> {
  const perBuilding = opts.quick ? 20 : 100;
  const runs = opts.quick ? 2 : 4;
  const bd = await benchDatabase('outages');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  try {
    const city = await benchCity(bd.db, bd.url, dataDir);
    const db = bd.db;
    const [mc] = await db.execute<{ id: number }>(
      sql`select management_company_id as id from buildings where id = ${city.buildingIds[0]}`,
    );
    // Residents: `perBuilding` apartments per building, each with a confirmed resident with an e-mail.
    await db.execute(sql`
      with flats as (
        insert into apartments (building_id, number)
        select b, n::text from unnest(${`{${city.buildingIds.join(',')}}`}::int[]) as b, generate_series(1, ${perBuilding}) as n
        returning id
      ), people as (
        insert into users (municipality_id, role) select ${city.cityId}, 'resident' from flats returning id
      ), numbered_flats as (select id, row_number() over (order by id) as k from flats),
         numbered_people as (select id, row_number() over (order by id) as k from people),
      personal as (
        insert into user_personal (user_id, full_name, email) select id, 'Житель', 'r' || id || '@example.invalid' from people
      )
      insert into apartment_links (apartment_id, user_id, status, decided_at)
      select f.id, p.id, 'confirmed', now() from numbered_flats f join numbered_people p using (k)`);
    const residents = city.buildingIds.length * perBuilding;
    const [staff] = await db.execute<{ id: string }>(
      sql`insert into users (municipality_id, role, organisation_id, login) values (${city.cityId}, 'org_staff', ${mc.id}, 'bench.staff') returning id`,
    );
    const headers = await (async () => {
      const { randomBytes } = await import('node:crypto');
      const { createSession } = await import('../../db/queries/sessions.ts');
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      await createSession(db, {
        tokenHash: city.app.hashSessionToken(token),
        userId: Number(staff.id),
        csrfToken: csrf,
        now: new Date(),
        expiresAt: new Date(Date.now() + 86400e3),
      });
      return { cookie: `otklik_session=${token}`, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    })();

    const day = 24 * 3_600_000;
    const start = Date.now() + day;
    const period = (i: number) => ({
      startsAt: new Date(start + i * day).toISOString(),
      expectedEndAt: new Date(start + i * day + 8 * 3_600_000).toISOString(),
    });
    const api: number[] = [];
    let outbox = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await city.app.inject({
        method: 'POST',
        url: '/api/outages',
        headers,
        payload: {
          service: 'hot_water',
          kind: 'planned',
          reason: 'Замена трубопровода',
          districtId: city.districtId,
          ...period(i),
        },
      });
      api.push(performance.now() - t0);
      if (res.statusCode !== 201) throw new Error(`publish answered ${res.statusCode}: ${res.body}`);
      const [n] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from notification_outbox where template = 'outage_published'`,
      );
      outbox = n.n / (i + 1);
    }
    await city.close();

    // Baseline: the same rows by hand, set-based, in one transaction per publication.
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      const p = period(runs + i);
      const t0 = performance.now();
      await db.transaction(async (tx) => {
        const [o] = await tx.execute<{ id: string }>(sql`
          insert into outages (municipality_id, organisation_id, service, kind, reason, starts_at, expected_end_at, district_id, created_by)
          values (${city.cityId}, ${mc.id}, 'hot_water', 'planned', 'Замена трубопровода', ${p.startsAt}::timestamptz, ${p.expectedEndAt}::timestamptz, ${city.districtId}, ${Number(staff.id)})
          returning id`);
        await tx.execute(sql`
          insert into outage_buildings (outage_id, building_id, service, during)
          select ${o.id}, b.id, 'hot_water', tstzrange(${p.startsAt}::timestamptz, ${p.expectedEndAt}::timestamptz, '[)')
          from buildings b where b.district_id = ${city.districtId} and b.management_company_id = ${mc.id}`);
        await tx.execute(sql`
          with rows as (
            insert into notification_outbox (municipality_id, user_id, channel, destination, kind, template, subject, body, status)
            select ${city.cityId}, l.user_id, 'email', p.email, 'outage_published', 'outage_published_baseline', 'Плановое отключение', 'Плановое отключение горячей воды', 'pending'
            from outage_buildings ob join apartments a on a.building_id = ob.building_id
              join apartment_links l on l.apartment_id = a.id and l.status = 'confirmed'
              join user_personal p on p.user_id = l.user_id
            where ob.outage_id = ${o.id}
            returning id
          )
          insert into pgboss.job (id, name, data, singleton_key, policy, retry_limit, retry_delay, retry_backoff, expire_seconds)
          select gen_random_uuid(), 'notify.deliver', jsonb_build_object('outboxId', id), 'notify:' || id, 'standard', 5, 30, true, 120 from rows`);
      });
      baseline.push(performance.now() - t0);
    }
    const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
    const apiMs = median(api);
    const baseMs = median(baseline);
    return {
      name: 'outages',
      description: `POST /api/outages for a whole district (${city.buildingIds.length} buildings, ${residents} linked residents told by e-mail), median of ${runs}`,
      figures: [
        {
          label: 'publish a district outage',
          value: apiMs,
          unit: 'ms',
          baseline: baseMs,
          baselineLabel: 'the same rows by set-based SQL',
          ratio: Math.round((apiMs / baseMs) * 100) / 100,
        },
        { label: 'messages written per publication', value: Math.round(outbox), unit: 'outbox rows' },
      ],
      raw: { api, baseline, residents },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}
