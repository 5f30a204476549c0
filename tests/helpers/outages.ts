import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import { smallCity } from './make.ts';

/** An apartment in a building with a resident linked to it (confirmed unless said otherwise). */
export async function linkResident(
  db: Database,
  buildingId: number,
  userId: number,
  o: { number?: string; status?: 'pending' | 'confirmed' } = {},
) {
  const [apartment] = await db
    .insert(s.apartments)
    .values({ buildingId, number: o.number ?? String(Math.floor(Math.random() * 1e6)) })
    .returning();
  await db
    .insert(s.apartmentLinks)
    .values({ apartmentId: apartment.id, userId, status: o.status ?? 'confirmed', decidedAt: new Date() });
  return apartment;
}

/**
 * smallCity plus a water supplier serving hot water to the company's buildings: `building`
 * (ул. Баумана, 12) and `near` beside it (both the company's), `foreign` of the other company a
 * kilometre east, a hot-water category, and residents linked to apartments (one link pending).
 */
export async function outageCity(db: Database) {
  const c = await smallCity(db);
  const supplier = await c.make.organisation(c.city.id, {
    kind: 'resource_supplier',
    nameRu: 'АО «Водоканал»',
    nameEn: 'Vodokanal',
    email: 'dispatch@vodokanal.invalid',
  });
  await db.update(s.buildings).set({ hotWaterSupplierId: supplier.id }).where(eq(s.buildings.id, c.building.id));
  const near = await c.make.building(c.city.id, c.district.id, {
    street: 'ул. Баумана',
    house: '14',
    lon: 49.1205,
    lat: 55.7902,
    managementCompanyId: c.mc.id,
    hotWaterSupplierId: supplier.id,
  });
  const foreign = await c.make.building(c.city.id, c.district.id, {
    street: 'ул. Пушкина',
    house: '3',
    lon: 49.135,
    lat: 55.79,
    managementCompanyId: c.otherMc.id,
  });
  const hotWater = await c.make.category(c.city.id, {
    code: 'no_hot_water',
    nameRu: 'Нет горячей воды',
    nameEn: 'No hot water',
    group: 'utilities',
    responsibleKind: 'resource_supplier',
    utility: 'hot_water',
  });
  const supplierStaff = await c.make.user(c.city.id, {
    role: 'org_staff',
    organisationId: supplier.id,
    login: `vk-${Math.random().toString(36).slice(2, 8)}`,
  });
  // Residents hear by e-mail by default: give them addresses.
  await db
    .update(s.userPersonal)
    .set({ email: 'petrov@example.invalid' })
    .where(eq(s.userPersonal.userId, c.users.resident.id));
  await db
    .update(s.userPersonal)
    .set({ email: 'sidorova@example.invalid' })
    .where(eq(s.userPersonal.userId, c.users.otherResident.id));
  await db
    .update(s.userPersonal)
    .set({ email: 'boss@uk.invalid' })
    .where(eq(s.userPersonal.userId, c.users.orgSupervisor.id));
  await db
    .update(s.userPersonal)
    .set({ email: 'dispatch@city.invalid' })
    .where(eq(s.userPersonal.userId, c.users.dispatcher.id));
  await db
    .update(s.userPersonal)
    .set({ email: 'mayor@city.invalid' })
    .where(eq(s.userPersonal.userId, c.users.cityHall.id));
  await linkResident(db, c.building.id, c.users.resident.id, { number: '5' });
  await linkResident(db, near.id, c.users.otherResident.id, { number: '7', status: 'pending' });
  return { ...c, supplier, near, foreign, hotWater, supplierStaff };
}
