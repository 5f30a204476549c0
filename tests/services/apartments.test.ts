import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteApartment } from '../../api/apartments/remove-apartment.ts';
import { type Context, systemContext } from '../../api/context.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';

const NOW = new Date('2026-10-20T09:00:00Z');

describe('the apartments service: deleteApartment', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let r: ReturnType<typeof readingMakers>;
  let staff: Context;

  const count = async (query: ReturnType<typeof sql>) => (await t.db.execute<{ n: number }>(query))[0].n;
  const notices = () => count(sql`select count(*)::int as n from notification_outbox where kind = 'apartment_link'`);
  const deliveries = () => count(sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver'`);

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    r = readingMakers(t.db);
    await t.db.execute(
      sql`update user_personal set email = 'petrov@example.invalid' where user_id = ${c.users.resident.id}`,
    );
    const user = c.users.orgStaff;
    staff = {
      ...systemContext({ db: t.db, boss: t.boss, clock: () => NOW }),
      actor: { userId: user.id, role: 'org_staff', municipalityId: c.city.id, organisationId: c.mc.id },
    };
  });
  afterAll(() => t?.close());

  it('rejects the pending requests, retires the meters and writes each notice with its delivery job, together', async () => {
    const a = await r.apartment(c.building.id, { number: '40', meters: [{ kind: 'hot_water', serial: 'E-40' }] });
    await r.link(a.id, c.users.resident.id, 'pending');
    const done = await deleteApartment(staff, { apartmentId: a.id, reason: 'внесена дважды', publicUrl: 'https://x' });
    expect(done).toEqual({ id: a.id, rejectedLinks: 1, retiredMeters: 1 });
    expect(
      await count(
        sql`select count(*)::int as n from apartment_links where apartment_id = ${a.id} and status = 'rejected'`,
      ),
    ).toBe(1);
    expect(await notices()).toBe(1);
    expect(await deliveries()).toBe(1);
  });

  it('changes nothing and sends nothing when the removal is refused', async () => {
    const a = await r.apartment(c.building.id, { number: '41', meters: [{ kind: 'cold_water', serial: 'C-41' }] });
    await r.link(a.id, c.users.otherResident.id, 'pending');
    await r.history(a.meterIds[0], c.users.resident.id, [{ period: '2026-09', values: [10] }]);
    const before = { notices: await notices(), deliveries: await deliveries() };
    await expect(
      deleteApartment(staff, { apartmentId: a.id, reason: null, publicUrl: 'https://x' }),
    ).rejects.toMatchObject({
      status: 409,
    });
    expect({ notices: await notices(), deliveries: await deliveries() }).toEqual(before);
    expect(
      await count(
        sql`select count(*)::int as n from apartment_links where apartment_id = ${a.id} and status = 'pending'`,
      ),
    ).toBe(1);
    const other = {
      ...staff,
      actor: { ...staff.actor!, organisationId: c.otherMc.id, userId: c.users.otherOrgStaff.id },
    };
    await expect(
      deleteApartment(other, { apartmentId: a.id, reason: null, publicUrl: 'https://x' }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
