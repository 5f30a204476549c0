import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext } from '../../api/context.ts';
import { importReadings } from '../../api/readings/import-readings.ts';
import { submitReading } from '../../api/readings/service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';
import type { Boss } from '../../jobs/queues.ts';

// The 20th of October: the default window (15th–25th) is open.
const NOW = new Date('2026-10-20T09:00:00Z');

describe('the readings service', () => {
  let database: TestDatabase;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let r: ReturnType<typeof readingMakers>;
  let staff: Context;
  let resident: Context;
  const readings = async (meterId: number) =>
    database.db.execute<{ period: string; source: string }>(
      sql`select period, source from meter_readings where meter_id = ${meterId} order by period`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    c = await smallCity(database.db);
    r = readingMakers(database.db);
    // Readings send no jobs.
    const system = systemContext({ db: database.db, boss: null as unknown as Boss, clock: () => NOW });
    staff = {
      ...system,
      actor: { userId: c.users.orgStaff.id, role: 'org_staff', municipalityId: c.city.id, organisationId: c.mc.id },
    };
    resident = {
      ...system,
      actor: { userId: c.users.resident.id, role: 'resident', municipalityId: c.city.id, organisationId: null },
    };
  });
  afterAll(async () => database?.drop());

  it('takes a linked resident’s reading and replaces it on a second submission; hides the meter from others', async () => {
    const a = await r.apartment(c.building.id, { number: '7', meters: [{ kind: 'cold_water', serial: 'S-7' }] });
    await r.link(a.id, c.users.resident.id);
    await r.history(a.meterIds[0], c.users.resident.id, [{ period: '2026-09', values: [100] }]);
    expect(await submitReading(resident, a.meterIds[0], [104])).toMatchObject({
      period: '2026-10',
      consumption: [4],
      replaced: false,
    });
    expect(await submitReading(resident, a.meterIds[0], [105])).toMatchObject({ consumption: [5], replaced: true });
    expect(await readings(a.meterIds[0])).toEqual([
      { period: '2026-09', source: 'resident' },
      { period: '2026-10', source: 'resident' },
    ]);
    const stranger = { ...resident, actor: { ...resident.actor!, userId: c.users.otherResident.id } };
    await expect(submitReading(stranger, a.meterIds[0], [106])).rejects.toMatchObject({ status: 404 });
  });

  it('imports the lines that pass and reports the others; none are written when the source is refused', async () => {
    const a = await r.apartment(c.building.id, { number: '8', meters: [{ kind: 'hot_water', serial: 'S-8' }] });
    const report = await importReadings(staff, async () => ({
      rows: [
        { serial: 'S-8', values: [12] },
        { serial: 'NO-SUCH', values: [1] },
      ],
    }));
    expect(report).toMatchObject({ period: '2026-10', received: 2, accepted: 1, refusedCount: 1 });
    expect(report.refused).toEqual([expect.objectContaining({ line: 2, field: 'serial' })]);
    expect(await readings(a.meterIds[0])).toEqual([{ period: '2026-10', source: 'import' }]);
    await expect(importReadings(staff, async () => ({ csv: 'не тот\nфайл' }))).rejects.toMatchObject({ status: 422 });
    await expect(importReadings(resident, async () => ({ rows: [] }))).rejects.toMatchObject({ status: 403 });
  });
});
