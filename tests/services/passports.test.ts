import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext } from '../../api/context.ts';
import { Conflict } from '../../api/errors.ts';
import { patchPassport } from '../../api/passports/edit-passport.ts';
import { importPassports } from '../../api/passports/csv.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { passportChangeRows } from '../helpers/passports.ts';

const now = new Date('2026-11-25T09:00:00Z');

describe('passport services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let staff: Context;
  let supervisor: Context;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const base = systemContext({ db: t.db, boss: t.boss, clock: () => now });
    const [u, s] = [c.users.orgStaff, c.users.orgSupervisor];
    staff = { ...base, actor: { userId: u.id, role: 'org_staff', municipalityId: c.city.id, organisationId: c.mc.id } };
    supervisor = {
      ...base,
      actor: { userId: s.id, role: 'org_supervisor', municipalityId: c.city.id, organisationId: c.mc.id },
    };
  });
  afterAll(() => t?.close());

  it('saves a change with its history row and a new version; a stale version changes nothing', async () => {
    const saved = await patchPassport(staff, c.building.id, { version: 0, passport: { floors: 12 } });
    expect(saved).toMatchObject({ version: 1, canEdit: true });
    expect(saved.passport.floors).toBe(12);
    const rows = await passportChangeRows(t.db, c.building.id);
    expect(rows.map((r) => [r.field, r.newValue, r.source])).toEqual([['floors', 12, 'form']]);

    await expect(patchPassport(staff, c.building.id, { version: 0, passport: { floors: 14 } })).rejects.toBeInstanceOf(
      Conflict,
    );
    expect(await passportChangeRows(t.db, c.building.id)).toHaveLength(1);
  });

  it('checks an import line by line and writes nothing in a dry run', async () => {
    const csv = `buildingId,wearPercent\n${c.building.id},60\n999999,5\n`;
    const report = await importPassports(supervisor, csv, true);
    expect(report, JSON.stringify(report.lines)).toMatchObject({ applied: 1, refused: 1, dryRun: true });
    expect(report.lines.map((l) => l.status)).toEqual(['applied', 'error']);
    expect(await passportChangeRows(t.db, c.building.id)).toHaveLength(1);
  });
});
