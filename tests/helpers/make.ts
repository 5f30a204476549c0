import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { normaliseAddress, formatAddress } from '../../dispatch/address.ts';
import * as s from '../../db/schema/index.ts';
import type { Ring } from '../../db/schema/types.ts';
import type { SlaDuration } from '../../dispatch/sla.ts';

/** A square ring around a centre (degrees). */
export function square(lon: number, lat: number, half: number): Ring {
  return [
    [lon - half, lat - half],
    [lon + half, lat - half],
    [lon + half, lat + half],
    [lon - half, lat + half],
    [lon - half, lat - half],
  ];
}

const uid = () => randomBytes(4).toString('hex');

/** Factories for test data: each builds one record with sensible defaults and returns it. */
export function makers(db: Database) {
  const make = {
    async municipality(o: Partial<typeof s.municipalities.$inferInsert> = {}) {
      const [row] = await db
        .insert(s.municipalities)
        .values({
          code: o.code ?? `M${uid().slice(0, 3).toUpperCase()}`,
          nameRu: 'Казань',
          nameEn: 'Kazan',
          boundary: square(49.12, 55.79, 0.1),
          ...o,
        })
        .returning();
      return row;
    },
    async district(municipalityId: number, o: Partial<typeof s.districts.$inferInsert> = {}) {
      const [row] = await db
        .insert(s.districts)
        .values({
          municipalityId,
          code: `d-${uid()}`,
          nameRu: 'Вахитовский',
          nameEn: 'Vakhitovsky',
          boundary: square(49.12, 55.79, 0.1),
          ...o,
        })
        .returning();
      return row;
    },
    async organisation(municipalityId: number, o: Partial<typeof s.organisations.$inferInsert> = {}) {
      const [row] = await db
        .insert(s.organisations)
        .values({
          municipalityId,
          kind: 'management_company',
          code: `org-${uid()}`,
          nameRu: 'УК «Уютный дом»',
          nameEn: 'Cosy Home MC',
          workingHours: { calendar: 'production', week: { '1': [['08:00', '17:00']] } },
          ...o,
        })
        .returning();
      return row;
    },
    async building(
      municipalityId: number,
      districtId: number,
      o: Partial<typeof s.buildings.$inferInsert> & { lon?: number; lat?: number } = {},
    ) {
      const { lon = 49.12, lat = 55.79, ...rest } = o;
      const street = rest.street ?? 'ул. Баумана';
      const house = rest.house ?? String(1 + Math.floor(Math.random() * 200));
      const address = formatAddress({ street, house, block: rest.block });
      const [row] = await db
        .insert(s.buildings)
        .values({
          municipalityId,
          districtId,
          street,
          house,
          address,
          searchText: normaliseAddress(address),
          location: { x: lon, y: lat },
          floors: 9,
          yearBuilt: 1978,
          ...rest,
        })
        .returning();
      return row;
    },
    async category(municipalityId: number, o: Partial<typeof s.categories.$inferInsert> = {}) {
      const [row] = await db
        .insert(s.categories)
        .values({
          municipalityId,
          code: `cat-${uid()}`,
          nameRu: 'Протекает кровля',
          nameEn: 'Leaking roof',
          group: 'housing',
          responsibleKind: 'management_company',
          needsBuilding: true,
          ...o,
        })
        .returning();
      return row;
    },
    async user(
      municipalityId: number,
      o: Partial<typeof s.users.$inferInsert> & { fullName?: string; phone?: string; email?: string } = {},
    ) {
      const { fullName, phone, email, ...rest } = o;
      const [row] = await db
        .insert(s.users)
        .values({ municipalityId, role: 'resident', ...rest })
        .returning();
      await db.insert(s.userPersonal).values({
        userId: row.id,
        fullName: fullName ?? 'Иванов Иван Иванович',
        phone: phone ?? `+7917${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        email: email ?? null,
      });
      return row;
    },
    /** A municipality's SLA policy for a category at normal priority, on the 24/7 calendar. */
    async slaPolicy24x7(municipalityId: number, categoryId: number, accept: SlaDuration, resolve: SlaDuration) {
      await db.insert(s.slaPolicies).values({
        municipalityId,
        categoryId,
        priority: 'normal',
        acceptDuration: accept,
        acceptCalendar: { kind: '24x7' },
        resolveDuration: resolve,
        resolveCalendar: { kind: '24x7' },
      });
    },
  };
  return make;
}

/**
 * A small city for API tests: one municipality (and a second one), a district, a management company,
 * a roads department, a building, a housing and a street category, and one user per role.
 */
export async function smallCity(db: Database) {
  const make = makers(db);
  const city = await make.municipality({ code: `K${uid().slice(0, 4).toUpperCase()}` });
  const district = await make.district(city.id);
  const mc = await make.organisation(city.id, { kind: 'management_company' });
  const otherMc = await make.organisation(city.id, {
    kind: 'management_company',
    nameRu: 'УК «Другая»',
    nameEn: 'Other MC',
  });
  const roads = await make.organisation(city.id, { kind: 'city_department', nameRu: 'Дороги', nameEn: 'Roads' });
  const dispatchCentre = await make.organisation(city.id, {
    kind: 'dispatch_centre',
    nameRu: 'ЕДС',
    nameEn: 'Dispatch',
  });
  const building = await make.building(city.id, district.id, {
    street: 'ул. Баумана',
    house: '12',
    managementCompanyId: mc.id,
  });
  const roof = await make.category(city.id, { code: 'roof_leak' });
  const pothole = await make.category(city.id, {
    code: 'pothole',
    nameRu: 'Яма на дороге',
    nameEn: 'Pothole',
    group: 'roads',
    responsibleKind: 'city_department',
    needsBuilding: false,
  });
  const privateCategory = await make.category(city.id, {
    code: 'neighbours',
    nameRu: 'Шум от соседей',
    nameEn: 'Noisy neighbours',
    public: false,
  });
  const other = await make.municipality({
    code: `I${uid().slice(0, 4).toUpperCase()}`,
    nameRu: 'Иннополис',
    nameEn: 'Innopolis',
    boundary: square(48.745, 55.75, 0.02),
  });
  const otherDistrict = await make.district(other.id, { boundary: square(48.745, 55.75, 0.02) });
  const users = {
    resident: await make.user(city.id, {
      role: 'resident',
      fullName: 'Петров Пётр',
      phone: `+7917${uid().slice(0, 7).replace(/\D/g, '1').padEnd(7, '1')}`,
    }),
    otherResident: await make.user(city.id, { role: 'resident', fullName: 'Сидорова Анна' }),
    dispatcher: await make.user(city.id, {
      role: 'dispatcher',
      organisationId: dispatchCentre.id,
      login: `disp-${uid()}`,
    }),
    orgStaff: await make.user(city.id, { role: 'org_staff', organisationId: mc.id, login: `staff-${uid()}` }),
    otherOrgStaff: await make.user(city.id, {
      role: 'org_staff',
      organisationId: otherMc.id,
      login: `ostaff-${uid()}`,
    }),
    orgSupervisor: await make.user(city.id, { role: 'org_supervisor', organisationId: mc.id, login: `sup-${uid()}` }),
    cityHall: await make.user(city.id, { role: 'city_hall', login: `ch-${uid()}` }),
    admin: await make.user(city.id, { role: 'admin', login: `admin-${uid()}` }),
    otherAdmin: await make.user(other.id, { role: 'admin', login: `oadmin-${uid()}` }),
  };
  return {
    make,
    city,
    district,
    mc,
    otherMc,
    roads,
    dispatchCentre,
    building,
    roof,
    pothole,
    privateCategory,
    other,
    otherDistrict,
    users,
  };
}
