import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { LiveTestClient } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

type Problem = { status: number; code: string; errors?: { field: string; reason: string; code?: string }[] };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

describe('admin API for the directory', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let otherOrg: { id: number };
  let otherBuilding: { id: number };
  let otherCategory: { id: number };
  let supplier: { id: number };
  beforeAll(async () => {
    // A real port and a quick session check: a disabled person's live connection must close.
    t = await startTestApp({ listen: true, live: { sessionCheckMs: 200 } });
    c = await smallCity(t.db);
    otherOrg = await c.make.organisation(c.other.id);
    otherBuilding = await c.make.building(c.other.id, c.otherDistrict.id, { lon: 48.745, lat: 55.75 });
    otherCategory = await c.make.category(c.other.id);
    supplier = await c.make.organisation(c.city.id, {
      kind: 'resource_supplier',
      code: 'vodokanal',
      nameRu: 'АО «Водоканал»',
      nameEn: 'Vodokanal',
    });
  });
  afterAll(() => t?.close());

  const call = async (method: Method, url: string, userId: number | null, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: userId === null ? {} : await t.signIn(userId), payload });
  const admin = () => c.users.admin.id;
  const fieldsOf = (body: Problem) => (body.errors ?? []).map((e) => e.field);
  const refusedWith = async (
    res: { statusCode: number; body: string; headers: Record<string, unknown>; json: () => Problem },
    status: number,
    field: string,
    /** The catalogue id of the field's reason, when the test names it. */
    reason?: string,
  ) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(fieldsOf(res.json())).toContain(field);
    if (reason) expect(res.json().errors, res.body).toContainEqual(expect.objectContaining({ field, code: reason }));
  };
  const file = async (categoryId: number, buildingId: number, description: string) => {
    const res = await call('POST', '/appeals', c.users.resident.id, { categoryId, buildingId, description });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    await routeAppeal(contextAt(t, new Date()), id);
    return id;
  };
  const assignedOrg = async (id: number) =>
    (
      await t.db.execute<{ assigned_org_id: number | null }>(sql`select assigned_org_id from appeals where id = ${id}`)
    )[0].assigned_org_id;

  const staff = (login: string, more: object = {}) => ({
    role: 'org_staff',
    organisationId: c.mc.id,
    login,
    password: 'начальный-пароль-1',
    fullName: 'Сергеев Сергей',
    ...more,
  });
  const officeHours = {
    calendar: 'production',
    week: {
      '1': [['08:00', '17:00']],
      '5': [
        ['08:00', '12:00'],
        ['13:00', '16:00'],
      ],
    },
  };

  describe('organisations', () => {
    it('lets an admin create, find, read and update an organisation', async () => {
      const created = await call('POST', '/admin/organisations', admin(), {
        kind: 'district_administration',
        code: 'adm-vakh',
        nameRu: '  Администрация Вахитовского района ',
        nameEn: 'Vakhitovsky District Administration',
        districtId: c.district.id,
        phone: '+7 (843) 292-00-00',
        email: 'Adm.Vakh@Tatar.RU',
        website: 'https://vakhitovsky.example',
        workingHours: officeHours,
      });
      expect(created.statusCode, created.body).toBe(201);
      const org = created.json();
      expect(org).toMatchObject({
        kind: 'district_administration',
        code: 'adm-vakh',
        nameRu: 'Администрация Вахитовского района',
        districtId: c.district.id,
        phone: '+7 (843) 292-00-00',
        email: 'adm.vakh@tatar.ru',
        website: 'https://vakhitovsky.example/',
        address: null,
        workingHours: officeHours,
      });
      expect((await call('GET', `/admin/organisations/${org.id}`, admin())).json()).toEqual(org);

      const found = (await call('GET', '/admin/organisations?q=вахитов', admin())).json();
      expect(found.items.map((o: { id: number }) => o.id)).toEqual([org.id]);
      const byKind = (await call('GET', '/admin/organisations?kind=management_company', admin())).json();
      expect(byKind.items.map((o: { id: number }) => o.id).sort()).toEqual([c.mc.id, c.otherMc.id].sort());
      const firstPage = (await call('GET', '/admin/organisations?limit=2', admin())).json();
      expect(firstPage.items).toHaveLength(2);
      expect(firstPage.nextOffset).toBe(2);
      const rest = (await call('GET', '/admin/organisations?limit=100&offset=2', admin())).json();
      expect(rest.nextOffset).toBeNull();
      expect(rest.items.map((o: { id: number }) => o.id)).not.toContain(firstPage.items[0].id);

      const updated = await call('PATCH', `/admin/organisations/${org.id}`, admin(), {
        nameEn: 'Administration of Vakhitovsky District',
        phone: null,
        address: 'ул. Большая Красная, д. 1',
        workingHours: { calendar: '24x7', week: { '1': [['00:00', '24:00']] } },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({
        nameRu: 'Администрация Вахитовского района',
        nameEn: 'Administration of Vakhitovsky District',
        phone: null,
        email: 'adm.vakh@tatar.ru',
        address: 'ул. Большая Красная, д. 1',
        workingHours: { calendar: '24x7' },
      });
      // the public directory shows the change
      const directory = (await call('GET', `/organisations?municipality=${c.city.code}`, null)).json();
      expect(directory.items.find((o: { id: number }) => o.id === org.id).nameEn).toBe(
        'Administration of Vakhitovsky District',
      );
    });

    it('refuses bad fields and a taken code, naming the field', async () => {
      const post = (body: object) => call('POST', '/admin/organisations', admin(), body);
      const valid = {
        kind: 'city_department',
        code: 'parks',
        nameRu: 'Парки',
        nameEn: 'Parks',
        workingHours: officeHours,
      };
      await refusedWith(await post({ ...valid, code: 'парки' }), 400, 'body.code', 'field.code');
      await refusedWith(await post({ ...valid, nameRu: '   ' }), 400, 'body.nameRu');
      await refusedWith(await post({ ...valid, email: 'parks@' }), 400, 'body.email', 'contact.email_shape');
      await refusedWith(await post({ ...valid, phone: '12-ab' }), 400, 'body.phone');
      await refusedWith(await post({ ...valid, website: 'ftp://parks.example' }), 400, 'body.website', 'field.website');
      await refusedWith(await post({ ...valid, kind: 'ministry' }), 400, 'body.kind');
      await refusedWith(
        await post({ ...valid, workingHours: { calendar: 'production', week: { '1': [['17:00', '08:00']] } } }),
        400,
        'body.workingHours.week.1.0.1',
        'organisation.hours_end_before_start',
      );
      await refusedWith(
        await post({ ...valid, workingHours: { calendar: 'production', week: { '8': [] } } }),
        400,
        'body.workingHours.week',
      );
      await refusedWith(await post({ ...valid, municipalityId: c.other.id }), 400, 'body');
      await refusedWith(
        await post({ ...valid, kind: 'district_administration' }),
        422,
        'body.districtId',
        'organisation.district_required',
      );
      await refusedWith(await post({ ...valid, districtId: c.otherDistrict.id }), 422, 'body.districtId');

      const parks = await post(valid);
      expect(parks.statusCode, parks.body).toBe(201);
      const taken = await post({ ...valid, nameRu: 'Другие парки' });
      await refusedWith(taken, 409, 'body.code', 'directory.code_taken');
      expect(taken.json().code).toBe('directory.value_taken');
      await refusedWith(
        await call('PATCH', `/admin/organisations/${c.roads.id}`, admin(), { code: 'parks' }),
        409,
        'body.code',
      );
      // the same code is free in another municipality
      const elsewhere = await call('POST', '/admin/organisations', c.users.otherAdmin.id, valid);
      expect(elsewhere.statusCode, elsewhere.body).toBe(201);
      await refusedWith(
        await call('PATCH', `/admin/organisations/${c.roads.id}`, admin(), { kind: 'district_administration' }),
        422,
        'body.districtId',
      );
      await refusedWith(
        await call('PATCH', `/admin/organisations/${c.mc.id}`, admin(), { kind: 'contractor' }),
        422,
        'body.kind',
        'organisation.kind_in_use',
      );
    });
  });

  describe('buildings', () => {
    it('lets an admin add a building, find it by a misspelt address and edit its passport', async () => {
      const created = await call('POST', '/admin/buildings', admin(), {
        street: 'ул. Пушкина',
        house: '26А',
        block: '2',
        postcode: '420015',
        location: { lat: 55.7912, lon: 49.1275 },
        managementCompanyId: c.mc.id,
        suppliers: { coldWater: supplier.id },
        passport: { yearBuilt: 1965, floors: 5, wallMaterial: 'brick', totalArea: 3120.5 },
      });
      expect(created.statusCode, created.body).toBe(201);
      const building = created.json();
      expect(building).toMatchObject({
        address: 'ул. Пушкина, д. 26А, корп. 2',
        districtId: c.district.id,
        location: { lat: 55.7912, lon: 49.1275 },
        managementCompanyId: c.mc.id,
        suppliers: { coldWater: supplier.id, hotWater: null, heating: null, electricity: null, gas: null },
        passport: { yearBuilt: 1965, floors: 5, wallMaterial: 'brick', totalArea: 3120.5, entrances: null },
      });
      expect((await call('GET', `/admin/buildings/${building.id}`, admin())).json()).toEqual(building);

      const found = (await call('GET', `/admin/buildings?q=${encodeURIComponent('пушкна 26а')}`, admin())).json();
      expect(found.items[0].id).toBe(building.id);
      const managed = (await call('GET', `/admin/buildings?managementCompanyId=${c.mc.id}&limit=1`, admin())).json();
      expect(managed.items).toHaveLength(1);
      expect(managed.nextOffset).toBe(1);

      const updated = await call('PATCH', `/admin/buildings/${building.id}`, admin(), {
        block: null,
        suppliers: { heating: supplier.id },
        passport: { lastOverhaulYear: 2019, wearPercent: 41.5 },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({
        address: 'ул. Пушкина, д. 26А',
        block: null,
        suppliers: { coldWater: supplier.id, heating: supplier.id },
        passport: { yearBuilt: 1965, floors: 5, lastOverhaulYear: 2019, wearPercent: 41.5 },
      });
      // the public passport shows it
      const passport = (await call('GET', `/buildings/${building.id}`, null)).json();
      expect(passport).toMatchObject({ address: 'ул. Пушкина, д. 26А', suppliers: { heating: { id: supplier.id } } });
    });

    it('hands new appeals to a new management company and leaves open ones where they are', async () => {
      const before = await file(c.roof.id, c.building.id, 'Протекает кровля над последним этажом');
      expect(await assignedOrg(before)).toBe(c.mc.id);
      const moved = await call('PATCH', `/admin/buildings/${c.building.id}`, admin(), {
        managementCompanyId: c.otherMc.id,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await assignedOrg(before)).toBe(c.mc.id);
      const after = await file(c.roof.id, c.building.id, 'Снова протекает кровля над кухней');
      expect(await assignedOrg(after)).toBe(c.otherMc.id);
      await call('PATCH', `/admin/buildings/${c.building.id}`, admin(), { managementCompanyId: c.mc.id });
    });

    it('refuses a building that cannot be, naming the field', async () => {
      const post = (body: object) => call('POST', '/admin/buildings', admin(), body);
      const valid = { street: 'ул. Лобачевского', house: '7', location: { lat: 55.795, lon: 49.115 } };
      await refusedWith(
        await post({ ...valid, location: { lat: 59.93, lon: 30.31 } }),
        422,
        'body.location',
        'place.outside_municipality',
      );
      await refusedWith(await post({ ...valid, location: { lat: 95, lon: 49.1 } }), 400, 'body.location.lat');
      await refusedWith(await post({ ...valid, districtId: c.otherDistrict.id }), 422, 'body.districtId');
      await refusedWith(await post({ ...valid, managementCompanyId: c.roads.id }), 422, 'body.managementCompanyId');
      await refusedWith(await post({ ...valid, managementCompanyId: otherOrg.id }), 422, 'body.managementCompanyId');
      await refusedWith(await post({ ...valid, suppliers: { gas: c.roads.id } }), 422, 'body.suppliers.gas');
      await refusedWith(await post({ ...valid, suppliers: { steam: supplier.id } }), 400, 'body.suppliers');
      await refusedWith(await post({ ...valid, passport: { floors: 0 } }), 400, 'body.passport.floors');
      await refusedWith(
        await post({ ...valid, passport: { wearPercent: 130 } }),
        400,
        'body.passport.wearPercent',
        'field.range',
      );
      await refusedWith(
        await post({ ...valid, passport: { yearBuilt: 1980, lastOverhaulYear: 1975 } }),
        422,
        'body.passport.lastOverhaulYear',
        'building.overhaul_before_built',
      );
      await refusedWith(await post({ ...valid, postcode: '4200' }), 400, 'body.postcode');
      await refusedWith(await post({ ...valid, house: '' }), 400, 'body.house');
      await refusedWith(
        await post({ ...valid, street: c.building.street, house: c.building.house }),
        409,
        'body.house',
        'building.address_taken',
      );
      const other = await post(valid);
      expect(other.statusCode, other.body).toBe(201);
      await refusedWith(
        await call('PATCH', `/admin/buildings/${other.json().id}`, admin(), {
          house: c.building.house,
          street: c.building.street,
        }),
        409,
        'body.house',
      );
      await refusedWith(
        await call('PATCH', `/admin/buildings/${other.json().id}`, admin(), { location: { lat: 55.75, lon: 48.745 } }),
        422,
        'body.location',
      );
      // an update answers for what it sends, not for what was stored before (imported data, say)
      const imported = await c.make.building(c.city.id, c.district.id, {
        street: 'ул. Импортная',
        house: '1',
        managementCompanyId: c.roads.id,
      });
      const passportOnly = await call('PATCH', `/admin/buildings/${imported.id}`, admin(), {
        passport: { floors: 12 },
      });
      expect(passportOnly.statusCode, passportOnly.body).toBe(200);
      expect(passportOnly.json()).toMatchObject({ managementCompanyId: c.roads.id, passport: { floors: 12 } });
      await refusedWith(
        await call('PATCH', `/admin/buildings/${imported.id}`, admin(), { managementCompanyId: c.roads.id }),
        422,
        'body.managementCompanyId',
      );
    });
  });

  describe('categories', () => {
    it('lets an admin create, list, update and close a category', async () => {
      const created = await call('POST', '/admin/categories', admin(), {
        code: 'no_heating',
        nameRu: 'Нет отопления',
        nameEn: 'No heating',
        group: 'utilities',
        responsibleKind: 'resource_supplier',
        utility: 'heating',
        needsBuilding: true,
      });
      expect(created.statusCode, created.body).toBe(201);
      const category = created.json();
      expect(category).toMatchObject({
        utility: 'heating',
        defaultPriority: 'normal',
        emergency: false,
        public: true,
        active: true,
        sortOrder: 0,
      });
      expect((await call('GET', `/admin/categories/${category.id}`, admin())).json()).toEqual(category);
      const utilitiesGroup = (await call('GET', '/admin/categories?group=utilities', admin())).json();
      expect(utilitiesGroup.items.map((x: { id: number }) => x.id)).toEqual([category.id]);

      expect((await call('PATCH', `/admin/categories/${category.id}`, admin(), {})).json()).toEqual(category);
      const updated = await call('PATCH', `/admin/categories/${category.id}`, admin(), {
        defaultPriority: 'high',
        emergency: true,
        nameEn: 'Heating is off',
      });
      expect(updated.json()).toMatchObject({
        defaultPriority: 'high',
        emergency: true,
        nameEn: 'Heating is off',
        utility: 'heating',
      });

      const publicList = async () =>
        (await call('GET', `/categories?municipality=${c.city.code}`, null))
          .json()
          .items.map((x: { id: number }) => x.id);
      expect(await publicList()).toContain(category.id);
      const closed = await call('PATCH', `/admin/categories/${category.id}`, admin(), { active: false });
      expect(closed.json().active).toBe(false);
      expect(await publicList()).not.toContain(category.id);
      const inactive = (await call('GET', '/admin/categories?active=false', admin())).json();
      expect(inactive.items.map((x: { id: number }) => x.id)).toContain(category.id);
      // residents can no longer file in it
      const refused = await call('POST', '/appeals', c.users.resident.id, {
        categoryId: category.id,
        buildingId: c.building.id,
        description: 'Холодные батареи',
      });
      expect(refused.statusCode).toBe(422);
    });

    it('deletes a category nothing uses and only deactivates one with appeals', async () => {
      const make = (code: string) =>
        call('POST', '/admin/categories', admin(), {
          code,
          nameRu: 'Сосульки',
          nameEn: 'Icicles',
          group: 'housing',
          responsibleKind: 'management_company',
          needsBuilding: true,
        });
      const unused = (await make('icicles_unused')).json();
      const deleted = await call('DELETE', `/admin/categories/${unused.id}`, admin());
      expect(deleted.statusCode, deleted.body).toBe(200);
      expect(deleted.json()).toMatchObject({ outcome: 'deleted', usedBy: [] });
      expect((await call('GET', `/admin/categories/${unused.id}`, admin())).statusCode).toBe(404);

      const used = (await make('icicles')).json();
      await file(used.id, c.building.id, 'Сосульки над входом в подъезд');
      const kept = await call('DELETE', `/admin/categories/${used.id}`, admin());
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json()).toMatchObject({
        outcome: 'deactivated',
        usedBy: ['appeals'],
        category: { id: used.id, active: false },
      });
      expect((await call('GET', `/admin/categories/${used.id}`, admin())).json().active).toBe(false);
    });

    it('refuses bad fields and a taken code, naming the field', async () => {
      const post = (body: object) => call('POST', '/admin/categories', admin(), body);
      const valid = {
        code: 'graffiti',
        nameRu: 'Граффити',
        nameEn: 'Graffiti',
        group: 'landscaping',
        responsibleKind: 'city_department',
      };
      await refusedWith(await post({ ...valid, responsibleKind: 'resource_supplier' }), 422, 'body.utility');
      await refusedWith(await post({ ...valid, utility: 'gas' }), 422, 'body.utility');
      await refusedWith(await post({ ...valid, defaultPriority: 'urgent' }), 400, 'body.defaultPriority');
      await refusedWith(await post({ ...valid, group: 'streets' }), 400, 'body.group');
      await refusedWith(await post({ ...valid, sortOrder: 1.5 }), 400, 'body.sortOrder');
      await refusedWith(await post({ ...valid, code: c.roof.code }), 409, 'body.code');
      await refusedWith(
        await call('PATCH', `/admin/categories/${c.pothole.id}`, admin(), { code: c.roof.code }),
        409,
        'body.code',
      );
      await refusedWith(
        await call('PATCH', `/admin/categories/${c.pothole.id}`, admin(), { responsibleKind: 'resource_supplier' }),
        422,
        'body.utility',
      );
      expect((await post(valid)).statusCode).toBe(201);
    });
  });

  describe('users', () => {
    const signInWithPassword = (login: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { login, password } });

    it('lets an admin create a staff account that signs in with its login and password', async () => {
      const created = await call(
        'POST',
        '/admin/users',
        admin(),
        staff('Master.Ivanov', { phone: '8 (917) 555-12-34', email: 'Ivanov@UK.example' }),
      );
      expect(created.statusCode, created.body).toBe(201);
      const user = created.json();
      expect(user).toMatchObject({
        role: 'org_staff',
        organisation: { id: c.mc.id },
        login: 'master.ivanov',
        hasPassword: true,
        personal: { fullName: 'Сергеев Сергей', phone: '+79175551234', email: 'ivanov@uk.example' },
        disabled: false,
        disabledAt: null,
      });
      expect(JSON.stringify(user)).not.toContain('начальный');
      const hash = await t.db.execute<{ password_hash: string }>(
        sql`select password_hash from users where id = ${user.id}`,
      );
      expect(hash[0].password_hash).toMatch(/^\$argon2id\$/);

      const signedIn = await signInWithPassword('MASTER.IVANOV', 'начальный-пароль-1');
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().user).toMatchObject({ id: user.id, role: 'org_staff', organisation: { id: c.mc.id } });
      expect((await call('GET', `/admin/users/${user.id}`, admin())).json()).toEqual(user);
    });

    it('refuses a taken login, phone or e-mail with 409 and impossible accounts with the field named', async () => {
      const post = (body: object) => call('POST', '/admin/users', admin(), body);
      expect((await post(staff('taken.login', { phone: '+79175550000', email: 'taken@uk.example' }))).statusCode).toBe(
        201,
      );
      const takenLogin = await post(staff('TAKEN.login'));
      await refusedWith(takenLogin, 409, 'body.login');
      expect(takenLogin.json().errors).toEqual([
        expect.objectContaining({ field: 'body.login', code: 'user.login_taken' }),
      ]);
      await refusedWith(await post(staff('fresh.one', { phone: '89175550000' })), 409, 'body.phone');
      await refusedWith(await post(staff('fresh.two', { email: 'Taken@UK.example' })), 409, 'body.email');
      // a login taken in another municipality is taken too: logins are unique in the installation
      await refusedWith(
        await call(
          'POST',
          '/admin/users',
          c.users.otherAdmin.id,
          staff('taken.login', { organisationId: otherOrg.id }),
        ),
        409,
        'body.login',
      );
      const noOrg = await post(staff('no.org', { organisationId: null }));
      await refusedWith(noOrg, 422, 'body.organisationId');
      expect(noOrg.json()).toMatchObject({
        code: 'user.cannot_create',
        errors: [{ field: 'body.organisationId', code: 'user.organisation_required' }],
      });
      await refusedWith(await post(staff('foreign.org', { organisationId: otherOrg.id })), 422, 'body.organisationId');
      await refusedWith(await post(staff('resident.made', { role: 'resident' })), 400, 'body.role');
      await refusedWith(await post(staff('short.pass', { password: 'short' })), 400, 'body.password');
      await refusedWith(await post(staff('x')), 400, 'body.login');
      await refusedWith(await post(staff('bad.phone', { phone: '+1 212 555 0100' })), 400, 'body.phone');
      await refusedWith(await post({ ...staff('no.name'), fullName: undefined }), 400, 'body.fullName');
    });

    it('lists staff and residents with their personal data, searchable by name, phone or login', async () => {
      const residents = (await call('GET', '/admin/users?kind=resident', admin())).json();
      const resident = residents.items.find((u: { id: number }) => u.id === c.users.resident.id);
      expect(resident).toMatchObject({
        role: 'resident',
        login: null,
        hasPassword: false,
        personal: { fullName: 'Петров Пётр' },
      });
      expect(resident.personal.phone).toMatch(/^\+7\d{10}$/);
      expect(residents.items.every((u: { role: string }) => u.role === 'resident')).toBe(true);

      const byName = (await call('GET', `/admin/users?q=${encodeURIComponent('сидорова')}`, admin())).json();
      expect(byName.items.map((u: { id: number }) => u.id)).toEqual([c.users.otherResident.id]);
      const phone = resident.personal.phone as string;
      const byPhone = (
        await call('GET', `/admin/users?q=${encodeURIComponent(`8 ${phone.slice(2, 5)} ${phone.slice(5)}`)}`, admin())
      ).json();
      expect(byPhone.items.map((u: { id: number }) => u.id)).toEqual([c.users.resident.id]);
      const staffOfMc = (
        await call('GET', `/admin/users?kind=staff&organisationId=${c.mc.id}&limit=1`, admin())
      ).json();
      expect(staffOfMc.items).toHaveLength(1);
      expect(staffOfMc.nextOffset).toBe(1);
      const admins = (await call('GET', '/admin/users?role=admin', admin())).json();
      expect(admins.items.map((u: { id: number }) => u.id)).toEqual([c.users.admin.id]);
    });

    it('changes a role or an organisation and ends the person’s sessions; an admin cannot change their own role', async () => {
      const user = (await call('POST', '/admin/users', admin(), staff('promoted.one'))).json();
      const session = await t.signIn(user.id);
      const me = () => t.app.inject({ url: '/api/auth/session', headers: session });
      expect((await me()).statusCode).toBe(200);

      const promoted = await call('PATCH', `/admin/users/${user.id}`, admin(), {
        role: 'org_supervisor',
        fullName: 'Сергеев Сергей Петрович',
      });
      expect(promoted.statusCode, promoted.body).toBe(200);
      expect(promoted.json()).toMatchObject({
        role: 'org_supervisor',
        organisation: { id: c.mc.id },
        personal: { fullName: 'Сергеев Сергей Петрович' },
      });
      expect((await me()).statusCode).toBe(401);

      const moved = await call('PATCH', `/admin/users/${user.id}`, admin(), {
        role: 'dispatcher',
        organisationId: c.dispatchCentre.id,
      });
      expect(moved.json()).toMatchObject({ role: 'dispatcher', organisation: { id: c.dispatchCentre.id } });
      await refusedWith(
        await call('PATCH', `/admin/users/${user.id}`, admin(), { role: 'org_staff', organisationId: null }),
        422,
        'body.organisationId',
      );
      await refusedWith(
        await call('PATCH', `/admin/users/${admin()}`, admin(), { role: 'dispatcher' }),
        422,
        'body.role',
      );
      await refusedWith(
        await call('PATCH', `/admin/users/${c.users.resident.id}`, admin(), { role: 'dispatcher' }),
        422,
        'body.role',
      );
      await refusedWith(
        await call('PATCH', `/admin/users/${c.users.resident.id}`, admin(), { organisationId: c.mc.id }),
        422,
        'body.organisationId',
      );
      await refusedWith(
        await call('PATCH', `/admin/users/${user.id}`, admin(), { email: 'taken@uk.example' }),
        409,
        'body.email',
      );
      // the admin may still edit their own name
      const own = await call('PATCH', `/admin/users/${admin()}`, admin(), { fullName: 'Администратор Казани' });
      expect(own.json()).toMatchObject({ role: 'admin', personal: { fullName: 'Администратор Казани' } });
    });

    it('disables an account: its sessions and live connections end and it cannot sign in until enabled', async () => {
      const user = (await call('POST', '/admin/users', admin(), staff('leaving.soon'))).json();
      const session = await t.signIn(user.id);
      expect((await t.app.inject({ url: '/api/queue', headers: session })).statusCode).toBe(200);
      const socket = await LiveTestClient.open(t.baseUrl as string, session);
      await socket.subscribe(`org:${c.mc.id}`);

      const disabled = await call('POST', `/admin/users/${user.id}/disable`, admin());
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect(disabled.json().disabledAt).not.toBeNull();
      expect((await t.app.inject({ url: '/api/queue', headers: session })).statusCode).toBe(401);
      expect(await socket.waitClosed(3000)).toMatchObject({ code: 4001 });
      expect((await signInWithPassword('leaving.soon', 'начальный-пароль-1')).statusCode).toBe(403);
      expect(
        (await call('GET', '/admin/users?disabled=true', admin())).json().items.map((u: { id: number }) => u.id),
      ).toContain(user.id);

      const enabled = await call('POST', `/admin/users/${user.id}/enable`, admin());
      expect(enabled.json()).toMatchObject({ disabled: false, disabledAt: null });
      expect((await t.app.inject({ url: '/api/queue', headers: session })).statusCode).toBe(401);
      expect((await signInWithPassword('leaving.soon', 'начальный-пароль-1')).statusCode).toBe(200);

      await refusedWith(await call('POST', `/admin/users/${admin()}/disable`, admin()), 422, 'params.id');
      expect((await call('GET', `/admin/users/${admin()}`, admin())).json().disabled).toBe(false);
    });

    it('resets a staff password: the old one stops working and the sessions end', async () => {
      const user = (await call('POST', '/admin/users', admin(), staff('forgetful'))).json();
      const session = await t.signIn(user.id);
      const reset = await call('POST', `/admin/users/${user.id}/password`, admin(), { password: 'новый-пароль-2026' });
      expect(reset.statusCode, reset.body).toBe(204);
      expect((await t.app.inject({ url: '/api/auth/session', headers: session })).statusCode).toBe(401);
      expect((await signInWithPassword('forgetful', 'начальный-пароль-1')).statusCode).toBe(401);
      expect((await signInWithPassword('forgetful', 'новый-пароль-2026')).statusCode).toBe(200);
      await refusedWith(
        await call('POST', `/admin/users/${user.id}/password`, admin(), { password: '123' }),
        400,
        'body.password',
      );
      await refusedWith(
        await call('POST', `/admin/users/${c.users.resident.id}/password`, admin(), { password: 'новый-пароль-2026' }),
        422,
        'params.id',
      );
    });
  });

  it('documents every route in OpenAPI with an operationId', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const ids = Object.values(res.json().paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (methods) => Object.values(methods).map((op) => op.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'listAdminOrganisations',
        'getAdminOrganisation',
        'createOrganisation',
        'updateOrganisation',
        'listAdminBuildings',
        'getAdminBuilding',
        'createBuilding',
        'updateBuilding',
        'listAdminCategories',
        'getAdminCategory',
        'createCategory',
        'updateCategory',
        'deleteCategory',
        'listAdminUsers',
        'getAdminUser',
        'createStaffUser',
        'updateAdminUser',
        'disableUser',
        'enableUser',
        'resetUserPassword',
      ]),
    );
  });

  describe('who may', () => {
    it('keeps each municipality’s directory to its own admins: another municipality’s records are not found', async () => {
      const other = c.users.otherAdmin.id;
      const records: [string, object][] = [
        [`/admin/organisations/${c.mc.id}`, { nameEn: 'Taken over' }],
        [`/admin/buildings/${c.building.id}`, { house: '13' }],
        [`/admin/categories/${c.roof.id}`, { active: false }],
        [`/admin/users/${c.users.orgStaff.id}`, { fullName: 'Чужой' }],
      ];
      for (const [url, patch] of records) {
        expect((await call('GET', url, other)).statusCode, url).toBe(404);
        expect((await call('PATCH', url, other, patch)).statusCode, url).toBe(404);
      }
      expect((await call('DELETE', `/admin/categories/${c.roof.id}`, other)).statusCode).toBe(404);
      for (const action of ['disable', 'enable']) {
        expect((await call('POST', `/admin/users/${c.users.orgStaff.id}/${action}`, other)).statusCode).toBe(404);
      }
      expect(
        (await call('POST', `/admin/users/${c.users.orgStaff.id}/password`, other, { password: 'захват-учётки-1' }))
          .statusCode,
      ).toBe(404);
      // and this municipality's admin does not reach the other one's
      expect((await call('GET', `/admin/organisations/${otherOrg.id}`, admin())).statusCode).toBe(404);
      expect((await call('GET', `/admin/buildings/${otherBuilding.id}`, admin())).statusCode).toBe(404);
      expect((await call('GET', `/admin/categories/${otherCategory.id}`, admin())).statusCode).toBe(404);
      expect((await call('GET', `/admin/users/${c.users.otherAdmin.id}`, admin())).statusCode).toBe(404);

      const lists = [
        '/admin/organisations?limit=100',
        '/admin/buildings?limit=100',
        '/admin/categories?limit=100',
        '/admin/users?limit=100',
      ];
      for (const url of lists) {
        const mine = (await call('GET', url, admin())).json().items.map((r: { id: number }) => r.id);
        const theirs = (await call('GET', url, other)).json().items.map((r: { id: number }) => r.id);
        expect(
          mine.filter((id: number) => theirs.includes(id)),
          url,
        ).toEqual([]);
      }
      expect(
        (await call('GET', '/admin/users?limit=100', other)).json().items.map((u: { id: number }) => u.id),
      ).not.toContain(c.users.resident.id);
      // nor may an admin tie its records to another municipality's
      await refusedWith(
        await call('PATCH', `/admin/buildings/${otherBuilding.id}`, other, { managementCompanyId: c.mc.id }),
        422,
        'body.managementCompanyId',
      );
      expect((await call('GET', `/admin/organisations/${c.mc.id}`, admin())).json().nameEn).toBe(c.mc.nameEn);
    });

    it('shows accounts and their personal data to admins only, and asks strangers to sign in', async () => {
      const reads = [
        '/admin/organisations',
        '/admin/buildings',
        '/admin/categories',
        '/admin/users',
        `/admin/users/${c.users.resident.id}`,
      ];
      const writes: [Method, string, object | undefined][] = [
        [
          'POST',
          '/admin/organisations',
          { kind: 'contractor', code: 'hack', nameRu: 'x', nameEn: 'x', workingHours: officeHours },
        ],
        ['PATCH', `/admin/organisations/${c.mc.id}`, { nameEn: 'x' }],
        ['POST', '/admin/buildings', { street: 'ул. Тестовая', house: '1', location: { lat: 55.79, lon: 49.12 } }],
        ['PATCH', `/admin/buildings/${c.building.id}`, { house: '99' }],
        [
          'POST',
          '/admin/categories',
          { code: 'hack', nameRu: 'x', nameEn: 'x', group: 'other', responsibleKind: 'city_hall' },
        ],
        ['PATCH', `/admin/categories/${c.roof.id}`, { active: false }],
        ['DELETE', `/admin/categories/${c.pothole.id}`, undefined],
        ['POST', '/admin/users', staff('intruder')],
        ['PATCH', `/admin/users/${c.users.orgStaff.id}`, { role: 'admin' }],
        ['POST', `/admin/users/${c.users.orgStaff.id}/disable`, undefined],
        ['POST', `/admin/users/${c.users.orgStaff.id}/enable`, undefined],
        ['POST', `/admin/users/${c.users.orgStaff.id}/password`, { password: 'захват-учётки-1' }],
      ];
      const others = [
        c.users.dispatcher.id,
        c.users.cityHall.id,
        c.users.orgSupervisor.id,
        c.users.orgStaff.id,
        c.users.resident.id,
      ];
      for (const user of others) {
        for (const url of reads) {
          const res = await call('GET', url, user);
          expect(res.statusCode, url).toBe(403);
          expect(res.body).not.toContain('Петров');
        }
        for (const [method, url, body] of writes)
          expect((await call(method, url, user, body)).statusCode, `${method} ${url}`).toBe(403);
      }
      for (const url of reads) expect((await call('GET', url, null)).statusCode, url).toBe(401);
      for (const [method, url, body] of writes)
        expect((await call(method, url, null, body)).statusCode, `${method} ${url}`).toBe(401);
      const untouched = await t.db.execute<{ role: string; disabled_at: string | null }>(
        sql`select role, disabled_at from users where id = ${c.users.orgStaff.id}`,
      );
      expect(untouched[0]).toEqual({ role: 'org_staff', disabled_at: null });
      expect((await call('GET', `/admin/categories/${c.roof.id}`, admin())).json().active).toBe(true);
      // the public directory never carries personal data
      const directory = await call('GET', `/organisations?municipality=${c.city.code}`, c.users.dispatcher.id);
      expect(directory.body).not.toMatch(/Петров|Сидорова|\+7917/);
    });
  });

  // Last: the bodies it sends may happen to be valid and change records.
  it('answers any body with a problem or a success, never a 500', async () => {
    const headers = await t.signIn(admin());
    const scratch = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: c.otherMc.id, login: 'scratch.staff' })
    ).id;
    const writes: [Method, string, Record<string, unknown>][] = [
      [
        'POST',
        '/admin/organisations',
        { kind: 'contractor', code: 'fuzz', nameRu: 'Подрядчик', nameEn: 'Contractor', workingHours: officeHours },
      ],
      [
        'PATCH',
        `/admin/organisations/${c.roads.id}`,
        { nameEn: 'Roads', districtId: c.district.id, workingHours: officeHours },
      ],
      [
        'POST',
        '/admin/buildings',
        { street: 'ул. Случайная', house: '5', location: { lat: 55.8, lon: 49.1 }, passport: { floors: 3 } },
      ],
      [
        'PATCH',
        `/admin/buildings/${c.building.id}`,
        { suppliers: { gas: supplier.id }, passport: { yearBuilt: 1970 } },
      ],
      [
        'POST',
        '/admin/categories',
        { code: 'fuzz', nameRu: 'Разное', nameEn: 'Misc', group: 'other', responsibleKind: 'city_hall' },
      ],
      ['PATCH', `/admin/categories/${c.privateCategory.id}`, { sortOrder: 3, utility: null }],
      ['POST', '/admin/users', staff('fuzz.staff', { phone: '+79170001122', email: 'fuzz@uk.example' })],
      [
        'PATCH',
        `/admin/users/${scratch}`,
        { role: 'org_supervisor', organisationId: c.otherMc.id, phone: '+79170003344' },
      ],
      ['POST', `/admin/users/${scratch}/password`, { password: 'случайный-пароль' }],
    ];
    const anything = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 300 }),
      fc.integer(),
      fc.double(),
      fc.constant(null),
    );
    for (const [method, url, valid] of writes) {
      const keys = Object.keys(valid);
      const body = fc.oneof(
        anything,
        fc
          .record({ key: fc.constantFrom(...keys, 'extra'), value: anything })
          .map(({ key, value }) => ({ ...valid, [key]: value })),
        fc.dictionary(fc.constantFrom(...keys), anything),
      );
      await fc.assert(
        fc.asyncProperty(body, async (payload) => {
          const res = await t.app.inject({
            method,
            url: `/api${url}`,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
          });
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }
    const lists = ['/admin/organisations', '/admin/buildings', '/admin/categories', '/admin/users'];
    const query = fc.dictionary(
      fc.constantFrom('q', 'kind', 'role', 'limit', 'offset', 'active', 'disabled', 'districtId', 'organisationId'),
      fc.string({ maxLength: 40 }),
    );
    for (const url of lists) {
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const res = await t.app.inject({ url: `/api${url}?${new URLSearchParams(params)}`, headers });
          expect(res.statusCode, `${url} ${JSON.stringify(params)} → ${res.body}`).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }
  });
});
