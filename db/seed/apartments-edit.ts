/**
 * The demo city's apartment corrections (after seedReadings): in the first building of the first
 * management company, uk1.staff renumbered apartment 40 to «40А» and fixed its personal account a
 * week ago, and two days ago removed an apartment «400» entered by mistake, declining the third demo
 * resident's request for it. The building page's history and that resident's apartments show them.
 * Deterministic: everything follows from `now`.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { removedApartmentNote } from '../../dispatch/apartments.ts';
import { DEMO_RESIDENTS } from './kazan.ts';

const DAY = 24 * 3600_000;

export async function seedApartmentEdits(db: Database, opts: { now: Date }): Promise<{ changes: number }> {
  return db.transaction(async (tx) => {
    const [staff] = await tx.execute<{ id: number }>(sql`select id from users where login = 'uk1.staff'`);
    const [flat] = await tx.execute<{ id: number; building_id: number; account: string | null }>(sql`
      select a.id, a.building_id, a.account_number as account from apartments a join buildings b on b.id = a.building_id
      join organisations o on o.id = b.management_company_id
      where o.code = 'uk01' and a.number = '40' order by a.building_id limit 1`);
    if (!staff || !flat) return { changes: 0 };
    const renamedAt = new Date(opts.now.getTime() - 7 * DAY);
    const fixedAccount = flat.account ? `${flat.account.slice(0, -1)}9` : '1600000409';
    await tx.execute(
      sql`update apartments set number = '40А', account_number = ${fixedAccount}, version = version + 1 where id = ${flat.id}`,
    );
    await tx.execute(sql`
      insert into apartment_changes (apartment_id, building_id, kind, field, old_value, new_value, actor_id, at) values
        (${flat.id}, ${flat.building_id}, 'updated', 'number', ${JSON.stringify('40')}::jsonb, ${JSON.stringify('40А')}::jsonb, ${staff.id}, ${renamedAt}),
        (${flat.id}, ${flat.building_id}, 'updated', 'accountNumber', ${JSON.stringify(flat.account)}::jsonb, ${JSON.stringify(fixedAccount)}::jsonb, ${staff.id}, ${renamedAt})`);

    const createdAt = new Date(opts.now.getTime() - 10 * DAY);
    const removedAt = new Date(opts.now.getTime() - 2 * DAY);
    const [mistaken] = await tx.execute<{ id: number }>(sql`
      insert into apartments (building_id, number, account_number, created_at, version, deleted_at)
      values (${flat.building_id}, '400', null, ${createdAt}, 2, ${removedAt}) returning id`);
    const [resident] = await tx.execute<{ id: number }>(
      sql`select user_id as id from user_personal where phone = ${DEMO_RESIDENTS[2].phone}`,
    );
    const reason = 'в доме нет квартиры 400, проверьте номер / there is no apartment 400, check the number';
    const rejected: number[] = [];
    if (resident) {
      const [link] = await tx.execute<{ id: number }>(sql`
        insert into apartment_links (apartment_id, user_id, status, evidence, requested_at, decided_at, decided_by, note)
        values (${mistaken.id}, ${resident.id}, 'rejected', '160000400', ${new Date(opts.now.getTime() - 5 * DAY)}, ${removedAt}, ${staff.id}, ${removedApartmentNote(reason)})
        returning id`);
      rejected.push(Number(link.id));
    }
    await tx.execute(sql`
      insert into apartment_changes (apartment_id, building_id, kind, field, old_value, new_value, actor_id, at)
      values (${mistaken.id}, ${flat.building_id}, 'deleted', null,
        ${JSON.stringify({ number: '400', entrance: null, floor: null, area: null, accountNumber: null, retiredMeterIds: [], rejectedLinkIds: rejected })}::jsonb,
        ${JSON.stringify({ reason })}::jsonb, ${staff.id}, ${removedAt})`);
    return { changes: 3 };
  });
}
