/**
 * The demo city's apartments, meters and readings (issue 6): the first forty buildings of the first
 * management company get their apartments (as many as the passport says, at most 80), each with
 * cold- and hot-water meters and every third with a two-tariff electricity meter, and three months
 * of readings. The first demo resident is linked (confirmed) to apartment 12 of the first building
 * with twelve months of history; the second has asked for apartment 7 and waits for the company.
 * Deterministic: the values follow from the ids and `now`, no randomness.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { DEMO_RESIDENTS } from './kazan.ts';

const BUILDINGS = 40;
const MAX_APARTMENTS = 80;

/** The month (YYYY-MM) `back` months before `now`'s month in Moscow. */
function monthBefore(now: Date, back: number): string {
  const local = new Date(now.getTime() + 3 * 3600_000);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export async function seedReadings(
  db: Database,
  opts: { now: Date },
): Promise<{ apartments: number; meters: number; readings: number }> {
  const now = opts.now;
  return db.transaction(async (tx) => {
    const buildings = await tx.execute<{ id: number }>(sql`
      select b.id from buildings b join organisations o on o.id = b.management_company_id
      where o.code = 'uk01' order by b.id limit ${BUILDINGS}`);
    if (buildings.length === 0) return { apartments: 0, meters: 0, readings: 0 };
    const ids = `{${buildings.map((b) => b.id).join(',')}}`;
    const apartments = await tx.execute(sql`
      insert into apartments (building_id, number, entrance, floor, area, account_number)
      select b.id, n::text, 1 + (n - 1) / greatest(1, coalesce(b.floors, 9) * 4), 1 + ((n - 1) / 4) % greatest(1, coalesce(b.floors, 9)),
        30 + (b.id * 7 + n * 13) % 50, '16' || lpad(b.id::text, 5, '0') || lpad(n::text, 3, '0')
      from buildings b, generate_series(1, ${MAX_APARTMENTS}) n
      where b.id = any(${ids}::int[]) and n <= greatest(12, least(${MAX_APARTMENTS}, coalesce(b.apartments, 60)))
      returning id`);
    const meters = await tx.execute(sql`
      insert into meters (apartment_id, kind, tariffs, serial_number, installed_on, verification_due)
      select a.id, k.kind::meter_kind, k.tariffs, k.prefix || '-' || lpad(a.id::text, 7, '0'), date '2021-03-01' + (a.id % 700),
        -- every 25th meter is past its verification date
        case when (a.id + k.n) % 25 = 0 then date '2026-01-31' else date '2027-03-01' + (a.id % 1400) end
      from apartments a join buildings b on b.id = a.building_id,
        (values (1, 'cold_water', 1, 'ХВ'), (2, 'hot_water', 1, 'ГВ'), (3, 'electricity', 2, 'ЭЛ')) as k(n, kind, tariffs, prefix)
      where b.id = any(${ids}::int[]) and (k.n < 3 or a.id % 3 = 0)
      returning id`);
    const [first] = buildings;
    const [mine] = await tx.execute<{ id: number }>(
      sql`select id from apartments where building_id = ${first.id} and number = '12'`,
    );
    const [asked] = await tx.execute<{ id: number; account: string }>(
      sql`select id, account_number as account from apartments where building_id = ${first.id} and number = '7'`,
    );
    const residents = await tx.execute<{ id: number; phone: string }>(sql`
      select u.id, p.phone from users u join user_personal p on p.user_id = u.id where p.phone = any(${`{${DEMO_RESIDENTS.map((r) => r.phone).join(',')}}`}::text[])`);
    const residentId = (phone: string) => residents.find((r) => r.phone === phone)?.id ?? null;
    const demo = residentId(DEMO_RESIDENTS[0].phone);
    const other = residentId(DEMO_RESIDENTS[1].phone);
    const [staff] = await tx.execute<{ id: number }>(sql`select id from users where login = 'uk1.staff'`);
    const submitter = staff?.id ?? demo;
    if (submitter == null) return { apartments: apartments.length, meters: meters.length, readings: 0 };

    // History: months back from `now` (3 for everyone, 12 for the demo resident's apartment), on the
    // 20th at 12:00 Moscow; monthly use follows the meter's id (zero for every 60th, a spike once).
    const periods = Array.from({ length: 12 }, (_, i) => monthBefore(now, 12 - i));
    const readings = await tx.execute(sql`
      with m as (
        select m.id, m.kind, m.tariffs, a.id as apartment_id from meters m join apartments a on a.id = m.apartment_id
        where a.building_id = any(${ids}::int[])
      ), p as (
        select period, ord from unnest(${`{${periods.join(',')}}`}::text[]) with ordinality as t(period, ord)
      ), used as (
        select m.id, m.kind, m.tariffs, p.period, p.ord,
          case when m.id % 60 = 0 then 0
               when m.kind = 'cold_water' then 4 + (m.id * 7 + p.ord * 3) % 6
               when m.kind = 'hot_water' then 2 + (m.id * 5 + p.ord * 2) % 5
               else 120 + (m.id * 11 + p.ord * 17) % 80 end
          * case when m.id % 97 = 0 and p.ord = 12 then 4 else 1 end as step
        from m join p on p.ord > 9 or m.apartment_id = ${mine?.id ?? 0}
      )
      insert into meter_readings (meter_id, period, values, consumption, flags, source, submitted_by, submitted_at)
      select u.id, u.period,
        case when u.tariffs = 1 then array[100 + sum(u.step) over w]
             else array[1000 + sum(u.step) over w, 400 + sum(round(u.step * 0.4)) over w] end::numeric[],
        case when u.ord = min(u.ord) over (partition by u.id) then null
             when u.tariffs = 1 then array[u.step] else array[u.step, round(u.step * 0.4)] end::numeric[],
        case when u.ord = 12 and u.step = 0 then '{zero_three_periods}'::text[]
             when u.ord = 12 and u.id % 97 = 0 then '{high_consumption}'::text[] else '{}'::text[] end,
        case when u.id % 4 = 0 then 'import' else 'resident' end::reading_source,
        case when u.id % 4 = 0 then ${submitter}::bigint else coalesce(${demo}::bigint, ${submitter}::bigint) end,
        (u.period || '-20 12:00')::timestamp at time zone 'Europe/Moscow'
      from used u
      window w as (partition by u.id order by u.ord)
      returning id`);
    if (demo !== null && mine) {
      await tx.execute(sql`insert into apartment_links (apartment_id, user_id, status, evidence, requested_at, decided_at, decided_by)
        values (${mine.id}, ${demo}, 'confirmed', '16' || lpad(${first.id}::text, 5, '0') || '012', ${new Date(now.getTime() - 400 * 86_400_000)}, ${new Date(now.getTime() - 399 * 86_400_000)}, ${submitter})`);
    }
    if (other !== null && asked) {
      await tx.execute(sql`insert into apartment_links (apartment_id, user_id, status, evidence, requested_at)
        values (${asked.id}, ${other}, 'pending', ${asked.account}, ${new Date(now.getTime() - 2 * 86_400_000)})`);
    }
    return { apartments: apartments.length, meters: meters.length, readings: readings.length };
  });
}
