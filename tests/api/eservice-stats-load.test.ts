import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedBySql, stagesBySql } from '../../db/queries/eservice-stats.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceMakers, stage } from '../helpers/eservices-make.ts';
import { smallCity } from '../helpers/make.ts';

/**
 * The project office's views over 100,000 applications (two years of ten services), timed over HTTP.
 * Not part of the suite (it loads for a minute): `ESERVICE_STATS_LOAD=1 npx vitest run
 * tests/api/eservice-stats-load.test.ts`.
 */
describe.skipIf(!process.env.ESERVICE_STATS_LOAD)('e-service statistics over 100,000 applications', () => {
  let t: TestApp;
  let cityHall: number;
  beforeAll(async () => {
    t = await startTestApp();
    const c = await smallCity(t.db);
    cityHall = c.users.cityHall.id;
    const e = eserviceMakers(t.db);
    const departments = [c.roads.id, c.mc.id, c.otherMc.id];
    const services: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await e.service(c.city.id, departments[i % 3], {
        termDays: 10 + i,
        termUnit: i % 2 ? 'working_days' : 'calendar_days',
        stages: [
          stage('a', 'Приём', 'Reception', 1),
          stage('b', 'Рассмотрение', 'Review', 7),
          stage('c', 'Итог', 'Result', 2),
        ],
      });
      services.push(s.id);
    }
    const started = performance.now();
    await t.db.execute(sql`
      insert into applications (municipality_id, service_id, form_version, department_id, applicant_id, applicant_kind,
        channel, status, stage_index, submitted_at, term_start_on, due_on, pauses, decided_at, closed_at)
      select ${c.city.id}, s.id, 1, s.department_id, ${c.users.resident.id}, 'person',
        case when g.r2 < 0.7 then 'online' else 'office' end,
        (case when g.r < 0.05 then 'withdrawn' when g.sub + g.dur * interval '1 day' > now() then 'in_progress'
              when g.r < 0.8 then 'issued' else 'refused' end)::application_status,
        0, g.sub, (g.sub at time zone 'Europe/Moscow')::date, (g.sub at time zone 'Europe/Moscow')::date + 14,
        case when g.r2 < 0.2 then jsonb_build_array(jsonb_build_object(
          'from', (g.sub at time zone 'Europe/Moscow')::date + 2, 'to', (g.sub at time zone 'Europe/Moscow')::date + 5))
          else '[]'::jsonb end,
        case when g.r >= 0.05 and g.sub + g.dur * interval '1 day' <= now() then g.sub + g.dur * interval '1 day' end,
        case when g.r >= 0.05 and g.sub + g.dur * interval '1 day' <= now() then g.sub + g.dur * interval '1 day' end
      from (select i, now() - random() * interval '730 days' as sub, 1 + floor(random() * 30)::int as dur,
              random() as r, random() as r2, ${`{${services.join(',')}}`}::int[] as ids
            from generate_series(1, 100000) i) g
      join eservices s on s.id = g.ids[1 + g.i % 10]`);
    await t.db.execute(sql`
      insert into application_events (application_id, step, from_status, to_status, from_stage, to_stage, at)
      select a.id, 'submit', 'draft'::application_status, 'submitted'::application_status, null::smallint, 0::smallint, a.submitted_at from applications a
      union all
      select a.id, 'advance', 'in_progress'::application_status, 'in_progress'::application_status, 0::smallint, 1::smallint, a.submitted_at + (a.decided_at - a.submitted_at) / 3
        from applications a where a.decided_at is not null
      union all
      select a.id, 'advance', 'in_progress'::application_status, 'in_progress'::application_status, 1::smallint, 2::smallint, a.submitted_at + (a.decided_at - a.submitted_at) * 2 / 3
        from applications a where a.decided_at is not null`);
    await t.db.execute(sql`analyze applications; analyze application_events`);
    console.info(`loaded in ${Math.round(performance.now() - started)} ms`);
  }, 600_000);
  afterAll(() => t?.close());

  it('answers each view, the default 90 days and two years', async () => {
    const headers = await t.signIn(cityHall);
    for (const query of ['', '?from=2025-01-01&to=2026-12-31']) {
      for (const path of ['services', 'departments', 'stages']) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          const res = await t.app.inject({ url: `/api/eservice-stats/${path}${query}`, headers });
          times.push(performance.now() - started);
          expect(res.statusCode).toBe(200);
        }
        times.sort((a, b) => a - b);
        console.info(`${path}${query}: median ${Math.round(times[2])} ms, max ${Math.round(times[4])} ms`);
      }
    }
    const [counts] = await t.db.execute<{ n: number; e: number }>(
      sql`select (select count(*)::int from applications) as n, (select count(*)::int from application_events) as e`,
    );
    console.info(`applications ${counts.n}, events ${counts.e}`);
    const ids = await t.db.execute<{ id: number }>(sql`select id from eservices order by id`);
    const f = {
      municipalityId: 0,
      timeZone: 'Europe/Moscow',
      from: '2025-01-01',
      to: '2026-12-31',
      today: '2026-12-31',
      serviceIds: ids.map((r) => r.id),
    };
    for (const [name, statement] of [
      ['decided', decidedBySql(f, 'service')],
      ['stages', stagesBySql(f)],
    ] as const) {
      const plan = await t.db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, buffers) ${statement}`);
      console.info(`${name}, two years:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }, 300_000);
});
