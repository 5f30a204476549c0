import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../db/passwords.ts';
import { searchBuildings } from '../db/queries/buildings.ts';
import { hashApiKey } from '../api/open311/keys.ts';
import { DEMO_PASSWORD, demoLogins, isDatabaseEmpty, resetDatabase, seedDemoCity } from '../db/seed/demo.ts';
import { DEMO_OPEN311_KEY } from '../db/seed/open311.ts';
import { normaliseAddress } from '../dispatch/address.ts';
import { ru } from '../web/src/lib/i18n/ru.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const now = new Date('2026-11-20T09:30:00Z');
const small = { buildings: 800, appeals: 300, seed: 7, now };

/** One fingerprint per table: an md5 over its rows in id order (password hashes are salted, so left out). */
async function fingerprint(t: TestDatabase): Promise<Record<string, string>> {
  const queries: Record<string, string> = {
    municipalities: 'select * from municipalities order by id',
    districts: 'select * from districts order by id',
    organisations: 'select * from organisations order by id',
    categories: 'select * from categories order by id',
    buildings: 'select * from buildings order by id',
    users:
      'select id, municipality_id, role, organisation_id, login, password_hash is not null as has_password, created_at, disabled_at from users order by id',
    user_personal: 'select * from user_personal order by user_id',
    appeals: 'select * from appeals order by id',
    appeal_events: 'select * from appeal_events order by id',
  };
  const result: Record<string, string> = {};
  for (const [table, query] of Object.entries(queries)) {
    const [row] = await t.db.$client.unsafe<{ hash: string; n: string }[]>(
      `select md5(coalesce(string_agg(r::text, E'\\n'), '')) as hash, count(*) as n from (${query}) r`,
    );
    result[table] = `${row.n}:${row.hash}`;
  }
  return result;
}

describe('the demo city generator', () => {
  let city: TestDatabase;
  let twin: TestDatabase;
  let kzn: number;
  let inn: number;

  beforeAll(async () => {
    [city, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(await isDatabaseEmpty(city.db)).toBe(true);
    await Promise.all([seedDemoCity(city.db, small), seedDemoCity(twin.db, small)]);
    const rows = await city.db.$client<{ id: number; code: string }[]>`select id, code from municipalities`;
    kzn = rows.find((r) => r.code === 'KZN')!.id;
    inn = rows.find((r) => r.code === 'INN')!.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([city?.drop(), twin?.drop()]);
  });

  const q = <T extends object>(text: string) => city.db.$client.unsafe<T[]>(text);

  it('has the house the address search gives as its example', async () => {
    // «Например, Баумана 1»: a visitor who types the example finds that very house (the search
    // forgives typos, so it would offer the street's other houses for a number the city lacks).
    const example = ru.search.placeholder.replace(/^[^,]*,\s*/, '');
    const [, street, house] = example.match(/^(.+?)\s+(\S+)$/) ?? [];
    const found = await searchBuildings(city.db, kzn, normaliseAddress(example), 5);
    expect(found.map((b) => b.address)).toContain(`ул. ${street}, д. ${house}`);
  });

  it('loads a small city and is no longer empty', async () => {
    expect(await isDatabaseEmpty(city.db)).toBe(false);
    const [counts] = await q<{ buildings: string; appeals: string }>(
      `select (select count(*) from buildings where municipality_id = ${kzn}) as buildings, (select count(*) from appeals) as appeals`,
    );
    expect(Number(counts.buildings)).toBe(800);
    expect(Number(counts.appeals)).toBe(300);
  });

  it('refuses to load twice into the same database', async () => {
    await expect(seedDemoCity(city.db, small)).rejects.toThrow(/empty database/);
  });

  it('gives identical rows for the same seed', async () => {
    expect(await fingerprint(twin)).toEqual(await fingerprint(city));
  });

  it('puts every building inside its district and the city boundary', async () => {
    const [row] = await q<{ outside: string; wrong_municipality: string }>(`
      select count(*) filter (where not (d.boundary @> b.location and m.boundary @> b.location)) as outside,
             count(*) filter (where d.municipality_id <> b.municipality_id) as wrong_municipality
      from buildings b join districts d on d.id = b.district_id join municipalities m on m.id = b.municipality_id`);
    expect(Number(row.outside)).toBe(0);
    expect(Number(row.wrong_municipality)).toBe(0);
    const [appeals] = await q<{ outside: string }>(
      'select count(*) as outside from appeals a join municipalities m on m.id = a.municipality_id where not m.boundary @> a.location',
    );
    expect(Number(appeals.outside)).toBe(0);
  });

  it('tiles Kazan with seven districts that do not overlap, placed roughly where the real ones are', async () => {
    const [grid] = await q<{ overlapping: string; covered: string; in_city: string }>(`
      select count(*) filter (where n > 1) as overlapping, count(*) filter (where n >= 1) as covered,
             count(*) filter (where in_city) as in_city
      from (
        select (select count(*) from districts d where d.municipality_id = ${kzn} and d.boundary @> point(x, y)) as n,
               (select boundary @> point(x, y) from municipalities where id = ${kzn}) as in_city
        from generate_series(48.951, 49.3, 0.0025) x, generate_series(55.701, 55.9, 0.0025) y
      ) s`);
    expect(Number(grid.overlapping) / Number(grid.covered)).toBeLessThan(0.01);
    expect(Math.abs(Number(grid.covered) - Number(grid.in_city)) / Number(grid.in_city)).toBeLessThan(0.01);
    const districts = await q<{ code: string; name_ru: string; name_en: string; lon: number; lat: number }>(
      `select code, name_ru, name_en, (@@ boundary)[0] as lon, (@@ boundary)[1] as lat from districts where municipality_id = ${kzn}`,
    );
    expect(districts.map((d) => d.name_ru).sort()).toEqual([
      'Авиастроительный',
      'Вахитовский',
      'Кировский',
      'Московский',
      'Ново-Савиновский',
      'Приволжский',
      'Советский',
    ]);
    const at = Object.fromEntries(districts.map((d) => [d.code, d]));
    const centre = at.vakhitovsky;
    expect(Math.abs(centre.lat - 55.79)).toBeLessThan(0.02);
    expect(Math.abs(centre.lon - 49.12)).toBeLessThan(0.03);
    expect(at.privolzhsky.lat).toBeLessThan(centre.lat);
    expect(at.sovetsky.lon).toBeGreaterThan(centre.lon);
    expect(at['novo-savinovsky'].lat).toBeGreaterThan(centre.lat);
    expect(at.aviastroitelny.lat).toBeGreaterThan(at['novo-savinovsky'].lat);
    expect(at.kirovsky.lon).toBeLessThan(centre.lon);
    expect(at.moskovsky.lon).toBeLessThan(centre.lon);
    const [contains] = await q<{ ok: boolean }>(
      `select boundary @> point(49.12, 55.79) as ok from districts where municipality_id = ${kzn} and code = 'vakhitovsky'`,
    );
    expect(contains.ok).toBe(true);
  });

  it('has about forty categories with Russian and English names, routed by kind', async () => {
    const categories = await q<{
      code: string;
      name_ru: string;
      name_en: string;
      group: string;
      responsible_kind: string;
      utility: string | null;
      default_priority: string;
      emergency: boolean;
      public: boolean;
      needs_building: boolean;
    }>(`select * from categories where municipality_id = ${kzn}`);
    expect(categories.length).toBeGreaterThanOrEqual(35);
    expect(categories.length).toBeLessThanOrEqual(60);
    for (const c of categories) {
      expect(c.name_ru).toMatch(/[а-яё]/i);
      expect(c.name_en).toMatch(/[a-z]/i);
      expect(c.needs_building).toBe(c.group === 'housing' || c.group === 'utilities');
      if (c.group === 'utilities') expect(c.utility).not.toBeNull();
      if (c.emergency) expect(c.default_priority).toBe('emergency');
    }
    const byCode = Object.fromEntries(categories.map((c) => [c.code, c]));
    expect(byCode.gas_smell).toMatchObject({ emergency: true, utility: 'gas', responsible_kind: 'resource_supplier' });
    expect(byCode.pothole).toMatchObject({ group: 'roads', needs_building: false });
    expect(categories.some((c) => !c.public)).toBe(true);
  });

  it('gives every management company buildings, in spatially coherent areas', async () => {
    const [served] = await q<{ companies: string; idle: string }>(`
      select count(*) as companies, count(*) filter (where not exists (select 1 from buildings b where b.management_company_id = o.id)) as idle
      from organisations o where o.kind = 'management_company' and o.municipality_id = ${kzn}`);
    expect(Number(served.companies)).toBeGreaterThanOrEqual(40);
    expect(Number(served.idle)).toBe(0);
    const [coherence] = await q<{ same: number }>(`
      select avg((b.management_company_id = n.management_company_id)::int)::float8 as same
      from buildings b cross join lateral (
        select management_company_id from buildings b2
        where b2.id <> b.id and b2.municipality_id = b.municipality_id
        order by b2.location <-> b.location limit 1
      ) n where b.municipality_id = ${kzn}`);
    expect(coherence.same).toBeGreaterThan(0.8);
  });

  it('gives buildings plausible technical passports and suppliers', async () => {
    const [bad] = await q<{ lifts: string; years: string; suppliers: string; postcodes: string; search: string }>(`
      select count(*) filter (where floors <= 5 and elevators > 0) as lifts,
             count(*) filter (where year_built < 1930 or year_built > 2026) as years,
             count(*) filter (where municipality_id = ${kzn} and (cold_water_supplier_id is null or electricity_supplier_id is null)) as suppliers,
             count(*) filter (where postcode !~ '^420\\d{3}$') as postcodes,
             count(*) filter (where search_text = '' or address !~ ', д\\. ') as search
      from buildings`);
    expect(bad).toEqual({ lifts: '0', years: '0', suppliers: '0', postcodes: '0', search: '0' });
  });

  it('creates the demo staff with their roles, organisations and the demo password', async () => {
    const staff = demoLogins.filter((l) => l.role !== 'resident');
    const rows = await q<{
      login: string;
      role: string;
      municipality: string;
      organisation: string | null;
      password_hash: string;
    }>(`
      select u.login, u.role, m.code as municipality, o.name_ru as organisation, u.password_hash
      from users u join municipalities m on m.id = u.municipality_id left join organisations o on o.id = u.organisation_id
      where u.login = any('{${staff.map((l) => l.login).join(',')}}')`);
    expect(rows).toHaveLength(staff.length);
    for (const login of staff) {
      const row = rows.find((r) => r.login === login.login)!;
      expect(row).toMatchObject({
        role: login.role,
        municipality: login.municipality,
        organisation: login.organisation,
      });
    }
    expect(rows.find((r) => r.login === 'uk1.staff')!.organisation).toBe('ООО «УК ЖКХ Вахитовского района»');
    expect(rows.find((r) => r.login === 'inn.dispatcher')!.organisation).toBe(
      'Единая диспетчерская служба г. Иннополис',
    );
    expect(await verifyPassword(rows[0].password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(rows[0].password_hash, 'wrong')).toBe(false);
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(1);
  });

  it('gives Kazan its Open311 demo client, whose key is kept only as a hash, filing under an account without personal data', async () => {
    const clients = await q<{ municipality_id: number; key_hash: string; revoked_at: Date | null; user_id: number }>(
      'select municipality_id, key_hash, revoked_at, user_id::int from api_clients',
    );
    expect(clients).toEqual([
      { municipality_id: kzn, key_hash: hashApiKey(DEMO_OPEN311_KEY), revoked_at: null, user_id: expect.any(Number) },
    ]);
    const account = await q<{ role: string; login: string | null; personal: number }>(
      `select role, login, (select count(*) from user_personal p where p.user_id = u.id)::int as personal
       from users u where id = ${clients[0].user_id}`,
    );
    expect(account).toEqual([{ role: 'resident', login: null, personal: 0 }]);
  });

  it('keeps residents’ personal data in user_personal, not in users', async () => {
    const columns = await q<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'users'`,
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['phone']));
    const [residents] = await q<{ total: string; with_login: string; without_phone: string; bad_phone: string }>(`
      select count(*) as total,
             count(*) filter (where u.login is not null or u.password_hash is not null) as with_login,
             count(*) filter (where p.phone is null) as without_phone,
             count(*) filter (where p.phone !~ '^\\+79(17|87)\\d{7}$') as bad_phone
      from users u left join user_personal p on p.user_id = u.id
      where u.role = 'resident' and u.id not in (select user_id from api_clients)`);
    expect(Number(residents.total)).toBeGreaterThanOrEqual(200);
    expect(residents).toMatchObject({ with_login: '0', without_phone: '0', bad_phone: '0' });
    const demo = await q<{ phone: string }>(
      `select p.phone from user_personal p join users u on u.id = p.user_id where u.role = 'resident' and p.phone like '+7917000000_' order by 1`,
    );
    expect(demo.map((d) => d.phone)).toEqual(['+79170000001', '+79170000002', '+79170000003']);
  });

  it('numbers appeals uniquely in creation order, and intake continues the series', async () => {
    const appeals = await q<{ municipality_id: number; number: string }>(
      'select municipality_id, number from appeals order by created_at, id',
    );
    expect(new Set(appeals.map((a) => a.number)).size).toBe(appeals.length);
    for (const a of appeals)
      expect(a.number).toMatch(a.municipality_id === kzn ? /^KZN-\d{4}-\d{6}$/ : /^INN-\d{4}-\d{6}$/);
    const last = new Map<string, number>();
    for (const a of appeals) {
      const [, year, seq] = a.number.split('-');
      const key = `${a.municipality_id}:${year}`;
      expect(Number(seq)).toBe((last.get(key) ?? 0) + 1);
      last.set(key, Number(seq));
    }
    for (const [key, max] of last) {
      const [municipality, year] = key.split(':').map(Number);
      const [next] = await q<{ n: string }>(`select next_appeal_number(${municipality}, ${year}) as n`);
      expect(Number(next.n)).toBe(max + 1);
    }
    expect([...last.keys()].some((k) => k.startsWith(`${inn}:`))).toBe(true);
  });

  it('keeps each appeal’s events ordered and consistent with its status and version', async () => {
    const [chain] = await q<{ bad_first: string; bad_chain: string; bad_time: string; future: string }>(`
      with e as (
        select e.*, lag(to_status) over w as prev_to, lag(at) over w as prev_at, row_number() over w as rn
        from appeal_events e window w as (partition by appeal_id order by id)
      )
      select count(*) filter (where rn = 1 and (type <> 'created' or from_status is not null or to_status <> 'new')) as bad_first,
             count(*) filter (where rn > 1 and from_status is distinct from prev_to) as bad_chain,
             count(*) filter (where rn > 1 and at <= prev_at) as bad_time,
             count(*) filter (where at > '${now.toISOString()}') as future
      from e`);
    expect(chain).toEqual({ bad_first: '0', bad_chain: '0', bad_time: '0', future: '0' });
    const [ends] = await q<{ bad: string }>(`
      select count(*) as bad from appeals a
      cross join lateral (select count(*) as n, min(at) as first_at, max(at) as last_at from appeal_events where appeal_id = a.id) s
      cross join lateral (select to_status from appeal_events where appeal_id = a.id order by id desc limit 1) l
      where l.to_status <> a.status or a.version <> s.n or a.created_at <> s.first_at or a.updated_at <> s.last_at`);
    expect(Number(ends.bad)).toBe(0);
    const statuses = await q<{ old: boolean; status: string; n: string }>(`
      select created_at < '${now.toISOString()}'::timestamptz - interval '30 days' as old, status, count(*) as n
      from appeals group by 1, 2`);
    const share = (old: boolean, set: string[]) => {
      const all = statuses.filter((s) => s.old === old).reduce((sum, s) => sum + Number(s.n), 0);
      return (
        statuses.filter((s) => s.old === old && set.includes(s.status)).reduce((sum, s) => sum + Number(s.n), 0) / all
      );
    };
    expect(share(true, ['closed'])).toBeGreaterThan(0.6);
    expect(share(true, ['new', 'assigned', 'accepted'])).toBeLessThan(0.05);
    expect(share(false, ['new', 'assigned', 'accepted', 'needs_info', 'resolved'])).toBeGreaterThan(0.05);
  });

  it('assigns every non-new appeal to an organisation of the kind its category names', async () => {
    const [row] = await q<{
      unassigned: string;
      wrong_kind: string;
      wrong_place: string;
      assigned_new: string;
      public_mismatch: string;
    }>(`
      select count(*) filter (where a.status <> 'new' and a.assigned_org_id is null) as unassigned,
             count(*) filter (where a.status <> 'new' and (o.kind <> c.responsible_kind or o.municipality_id <> a.municipality_id)) as wrong_kind,
             count(*) filter (where c.group = 'housing' and a.status <> 'new' and a.assigned_org_id <> b.management_company_id
                              or c.utility = 'gas' and a.status <> 'new' and a.assigned_org_id <> b.gas_supplier_id
                              or c.needs_building and a.building_id is null) as wrong_place,
             count(*) filter (where a.status = 'new' and a.assigned_org_id is not null) as assigned_new,
             count(*) filter (where a.public <> c.public) as public_mismatch
      from appeals a join categories c on c.id = a.category_id
      left join organisations o on o.id = a.assigned_org_id left join buildings b on b.id = a.building_id`);
    expect(row).toEqual({
      unassigned: '0',
      wrong_kind: '0',
      wrong_place: '0',
      assigned_new: '0',
      public_mismatch: '0',
    });
  });

  it('gives Innopolis its own district, organisations, buildings and staff', async () => {
    const [row] = await q<{ districts: string; buildings: string; kinds: string[]; staff: string }>(`
      select (select count(*) from districts where municipality_id = ${inn}) as districts,
             (select count(*) from buildings where municipality_id = ${inn}) as buildings,
             (select array_agg(kind::text order by kind::text) from organisations where municipality_id = ${inn}) as kinds,
             (select count(*) from users where municipality_id = ${inn} and login is not null) as staff`);
    expect(row.districts).toBe('1');
    expect(Number(row.buildings)).toBe(30);
    expect(row.kinds).toEqual(['management_company', 'dispatch_centre', 'city_hall'].sort());
    expect(Number(row.staff)).toBeGreaterThanOrEqual(2);
  });

  it('can be emptied and loaded again, numbering each year of a history that spans New Year apart', async () => {
    await resetDatabase(twin.db);
    expect(await isDatabaseEmpty(twin.db)).toBe(true);
    await seedDemoCity(twin.db, { ...small, seed: 8, now: new Date('2026-01-10T12:00:00Z') });
    const other = await fingerprint(twin);
    const original = await fingerprint(city);
    expect(other.buildings).not.toBe(original.buildings);
    expect(other.categories).toBe(original.categories);
    const years = await twin.db.$client<{ year: number; max: number; next: string }[]>`
      select split_part(number, '-', 2)::int as year, max(split_part(number, '-', 3)::int) as max,
             next_appeal_number(${kzn}, split_part(number, '-', 2)::int) as next
      from appeals where municipality_id = ${kzn} group by 1 order by 1`;
    expect(years.map((y) => y.year)).toEqual([2025, 2026]);
    for (const y of years) expect(Number(y.next)).toBe(y.max + 1);
  }, 60_000);
});
