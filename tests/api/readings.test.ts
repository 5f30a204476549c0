import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers, readXlsx } from '../helpers/readings.ts';

type Headers = { cookie: string; 'x-csrf-token': string };

// The default window is the 15th–25th in Europe/Moscow.
const OPEN = new Date('2026-10-20T09:00:00Z');
const BEFORE = new Date('2026-10-10T09:00:00Z');
const AFTER = new Date('2026-10-27T09:00:00Z');

describe('apartments, links and meter readings', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let r: ReturnType<typeof readingMakers>;
  let resident: Headers;
  let otherResident: Headers;
  let staff: Headers;
  let otherStaff: Headers;
  let admin: Headers;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    r = readingMakers(t.db);
    resident = await t.signIn(c.users.resident.id);
    otherResident = await t.signIn(c.users.otherResident.id);
    staff = await t.signIn(c.users.orgStaff.id);
    otherStaff = await t.signIn(c.users.otherOrgStaff.id);
    admin = await t.signIn(c.users.admin.id);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.setNow(OPEN));

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers | Record<string, string>,
    payload?: unknown,
  ) => t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const submit = (meterId: number, values: number[], headers: Headers = resident) =>
    inject('POST', `/api/meters/${meterId}/readings`, headers, { values });

  /** An apartment of the test building with one cold-water meter, linked to the resident. */
  async function linkedMeter(o: {
    number: string;
    status?: 'pending' | 'confirmed';
    kind?: 'cold_water' | 'electricity';
    tariffs?: number;
    verificationDue?: string;
  }) {
    const a = await r.apartment(c.building.id, {
      number: o.number,
      account: `77${o.number}`,
      meters: [
        {
          kind: o.kind ?? 'cold_water',
          tariffs: o.tariffs,
          serial: `SN-${o.number}`,
          verificationDue: o.verificationDue,
        },
      ],
    });
    await r.link(a.id, c.users.resident.id, o.status ?? 'confirmed');
    return { apartmentId: a.id, meterId: a.meterIds[0] };
  }

  it('documents its routes in OpenAPI', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((m) =>
      Object.values(m).map((op) => op.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'listOwnApartments',
        'requestApartmentLink',
        'withdrawApartmentLink',
        'listApartmentLinks',
        'confirmApartmentLink',
        'rejectApartmentLink',
        'revokeApartmentLink',
        'createApartments',
        'addMeter',
        'updateMeter',
        'recordMeterReplacement',
        'retireMeter',
        'setBuildingReadingWindow',
        'setMunicipalityReadingWindow',
        'submitReading',
        'meterHistory',
        'importReadings',
        'exportReadings',
      ]),
    );
  });

  describe('links', () => {
    it('a resident asks for an apartment, the company confirms, and the apartment shows its meters and window', async () => {
      const a = await r.apartment(c.building.id, {
        number: '5',
        account: '100500',
        meters: [{ kind: 'hot_water', serial: 'HW-5' }],
      });
      const asked = await inject('POST', '/api/me/apartments', resident, {
        buildingId: c.building.id,
        apartment: '5',
        accountNumber: '100500',
      });
      expect(asked.statusCode).toBe(201);
      const { linkId } = asked.json();
      expect(
        (
          await inject('POST', '/api/me/apartments', resident, {
            buildingId: c.building.id,
            apartment: '5',
            accountNumber: '100500',
          })
        ).statusCode,
      ).toBe(409);

      let mine = (await inject('GET', '/api/me/apartments', resident))
        .json()
        .items.find((i: { linkId: number }) => i.linkId === linkId);
      expect(mine).toMatchObject({ status: 'pending', apartment: '5', address: c.building.address, meters: [] });

      const pending = (await inject('GET', '/api/housing/links', staff)).json().items;
      expect(pending.find((l: { id: number }) => l.id === linkId)).toMatchObject({
        evidence: '100500',
        accountMatches: true,
        fullName: 'Петров Пётр',
        apartmentId: a.id,
      });
      // Another company neither lists nor decides it.
      expect(
        (await inject('GET', '/api/housing/links', otherStaff))
          .json()
          .items.some((l: { id: number }) => l.id === linkId),
      ).toBe(false);
      expect((await inject('POST', `/api/housing/links/${linkId}/confirm`, otherStaff, {})).statusCode).toBe(404);
      // Residents do not decide links.
      expect((await inject('POST', `/api/housing/links/${linkId}/confirm`, resident, {})).statusCode).toBe(403);

      const confirmed = await inject('POST', `/api/housing/links/${linkId}/confirm`, staff, {});
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().status).toBe('confirmed');
      expect((await inject('POST', `/api/housing/links/${linkId}/confirm`, staff, {})).statusCode).toBe(409);

      mine = (await inject('GET', '/api/me/apartments', resident))
        .json()
        .items.find((i: { linkId: number }) => i.linkId === linkId);
      expect(mine.status).toBe('confirmed');
      expect(mine.meters).toMatchObject([{ kind: 'hot_water', serialNumber: 'HW-5', last: null }]);
      expect(mine.window).toEqual({
        state: 'open',
        fromDay: 15,
        toDay: 25,
        closesOn: '2026-10-25',
        opensOn: null,
        late: false,
      });

      // Revoking needs a reason; then the resident no longer sees the meters.
      const noReason = await inject('POST', `/api/housing/links/${linkId}/revoke`, staff, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors[0].field).toBe('body.reason');
      expect(
        (await inject('POST', `/api/housing/links/${linkId}/revoke`, staff, { reason: 'переехал' })).statusCode,
      ).toBe(200);
      expect(
        (await inject('GET', '/api/me/apartments', resident))
          .json()
          .items.some((i: { linkId: number }) => i.linkId === linkId),
      ).toBe(false);
    });

    it('a rejected request shows the company’s reason; a resident can withdraw a pending one', async () => {
      await r.apartment(c.building.id, { number: '6' });
      await r.apartment(c.building.id, { number: '7' });
      const six = (
        await inject('POST', '/api/me/apartments', resident, {
          buildingId: c.building.id,
          apartment: '6',
          accountNumber: '1',
        })
      ).json().linkId;
      const seven = (
        await inject('POST', '/api/me/apartments', resident, {
          buildingId: c.building.id,
          apartment: '7',
          accountNumber: '2',
        })
      ).json().linkId;
      expect(
        (await inject('POST', `/api/housing/links/${six}/reject`, staff, { reason: 'лицевой счёт не совпадает' }))
          .statusCode,
      ).toBe(200);
      const items = (await inject('GET', '/api/me/apartments', resident)).json().items;
      expect(items.find((i: { linkId: number }) => i.linkId === six)).toMatchObject({
        status: 'rejected',
        note: 'лицевой счёт не совпадает',
      });
      expect((await inject('DELETE', `/api/me/apartments/${seven}`, otherResident)).statusCode).toBe(404);
      expect((await inject('DELETE', `/api/me/apartments/${seven}`, resident)).statusCode).toBe(204);
      const [row] = await t.db.execute(sql`select status from apartment_links where id = ${seven}`);
      expect(row.status).toBe('revoked');
    });

    it('refuses a link to an apartment the company does not have, naming the field', async () => {
      const res = await inject('POST', '/api/me/apartments', resident, {
        buildingId: c.building.id,
        apartment: '999',
        accountNumber: '1',
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors[0].field).toBe('body.apartment');
      const bad = await inject('POST', '/api/me/apartments', resident, {
        buildingId: 2 ** 30,
        apartment: '1',
        accountNumber: '1',
      });
      expect(bad.json().errors[0].field).toBe('body.buildingId');
    });

    it('caps link requests at 10 a day per resident, failed ones included, so apartment numbers cannot be walked', async () => {
      const walker = await c.make.user(c.city.id, { role: 'resident', fullName: 'Обходчик' });
      const headers = await t.signIn(walker.id);
      for (let n = 1; n <= 10; n++) {
        const res = await inject('POST', '/api/me/apartments', headers, {
          buildingId: c.building.id,
          apartment: String(900 + n),
          accountNumber: '1',
        });
        expect(res.statusCode).toBe(422);
      }
      const capped = await inject('POST', '/api/me/apartments', headers, {
        buildingId: c.building.id,
        apartment: '911',
        accountNumber: '1',
      });
      expect(capped.statusCode).toBe(429);
      expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
      // Another resident is not held back by it.
      const other = await inject('POST', '/api/me/apartments', otherResident, {
        buildingId: c.building.id,
        apartment: '912',
        accountNumber: '1',
      });
      expect(other.statusCode).toBe(422);
    });
  });

  describe('submitting readings', () => {
    it('takes a linked resident’s reading with its consumption and flags, and a resubmission in the window replaces it', async () => {
      const { meterId } = await linkedMeter({ number: '10' });
      await r.history(meterId, c.users.resident.id, [
        { period: '2026-07', values: [100] },
        { period: '2026-08', values: [110], consumption: [10] },
        { period: '2026-09', values: [120], consumption: [10] },
      ]);
      const first = await submit(meterId, [131.5]);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toEqual({
        meterId,
        period: '2026-10',
        values: [131.5],
        consumption: [11.5],
        flags: [],
        replaced: false,
      });
      const again = await submit(meterId, [190]);
      expect(again.statusCode).toBe(200);
      // 70 against an average of 10: more than three times.
      expect(again.json()).toMatchObject({
        values: [190],
        consumption: [70],
        flags: ['high_consumption'],
        replaced: true,
      });
      const rows = await t.db.execute(
        sql`select values::float8[] as v, flags from meter_readings where meter_id = ${meterId} and period = '2026-10'`,
      );
      expect(rows).toEqual([{ v: [190], flags: ['high_consumption'] }]);

      const history = await inject('GET', `/api/meters/${meterId}/readings`, resident);
      expect(history.statusCode).toBe(200);
      expect(history.json().items.map((i: { period: string }) => i.period)).toEqual([
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ]);
      expect(history.json().meter).toMatchObject({ id: meterId, kind: 'cold_water', serialNumber: 'SN-10' });
    });

    it('refuses a negative reading, naming values.0', async () => {
      const { meterId } = await linkedMeter({ number: '11' });
      const res = await submit(meterId, [-5]);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors).toEqual([
        { field: 'body.values.0', code: 'reading.value_negative', reason: expect.stringContaining('неотрицательное') },
      ]);
      expect(await t.db.execute(sql`select 1 from meter_readings where meter_id = ${meterId}`)).toHaveLength(0);
    });

    it('refuses a reading below the previous one, naming the tariff, unless the company recorded a replacement', async () => {
      const { meterId } = await linkedMeter({ number: '12', kind: 'electricity', tariffs: 2 });
      await r.history(meterId, c.users.resident.id, [{ period: '2026-09', values: [500, 200] }]);
      const res = await submit(meterId, [510, 150]);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'body.values.1', code: 'reading.below_previous', reason: expect.stringContaining('200') },
      ]);
      const wrongCount = await submit(meterId, [510]);
      expect(wrongCount.json().errors[0].field).toBe('body.values');

      const replaced = await inject('POST', `/api/housing/meters/${meterId}/replacement`, staff, {
        newSerialNumber: 'NEW-12',
        initialValues: [0, 0],
        at: '2026-10-18T10:00:00Z',
      });
      expect(replaced.statusCode).toBe(201);
      const after = await submit(meterId, [12, 3]);
      expect(after.statusCode).toBe(201);
      expect(after.json().consumption).toEqual([12, 3]);
      const [m] = await t.db.execute(sql`select serial_number from meters where id = ${meterId}`);
      expect(m.serial_number).toBe('NEW-12');
    });

    it('answers 404 to a resident not linked to the apartment, or whose link is still pending', async () => {
      const { meterId } = await linkedMeter({ number: '13' });
      const other = await submit(meterId, [1], otherResident);
      expect(other.statusCode).toBe(404);
      expect((await inject('GET', `/api/meters/${meterId}/readings`, otherResident)).statusCode).toBe(404);
      const pending = await linkedMeter({ number: '14', status: 'pending' });
      expect((await submit(pending.meterId, [1])).statusCode).toBe(404);
      // Another company's staff do not see it either; city hall may not submit at all.
      expect((await submit(meterId, [1], otherStaff)).statusCode).toBe(404);
      expect((await submit(meterId, [1], await t.signIn(c.users.cityHall.id))).statusCode).toBe(403);
      expect(
        await t.db.execute(sql`select 1 from meter_readings where meter_id in (${meterId}, ${pending.meterId})`),
      ).toHaveLength(0);
    });

    it('refuses a reading before the window opens and marks one after it closes as late', async () => {
      const { meterId } = await linkedMeter({ number: '15' });
      t.setNow(BEFORE);
      const early = await submit(meterId, [5]);
      expect(early.statusCode).toBe(422);
      expect(early.json()).toMatchObject({ code: 'reading.window_not_open' });
      expect(early.json().errors).toEqual([
        { field: 'at', code: 'reading.window_days', reason: expect.stringContaining('15') },
      ]);
      t.setNow(AFTER);
      const late = await submit(meterId, [5]);
      expect(late.statusCode).toBe(201);
      expect(late.json().flags).toEqual(['late']);
      // The window has closed: no second reading this month.
      expect((await submit(meterId, [6])).statusCode).toBe(409);
      const mine = (await inject('GET', '/api/me/apartments', resident))
        .json()
        .items.find((i: { apartment: string }) => i.apartment === '15');
      expect(mine.window).toMatchObject({ state: 'closed', opensOn: '2026-11-15', late: true });
    });

    it('flags a meter past its verification date and the company submits for its building', async () => {
      const { meterId } = await linkedMeter({ number: '16', verificationDue: '2026-01-31' });
      const res = await submit(meterId, [3], staff);
      expect(res.statusCode).toBe(201);
      expect(res.json().flags).toEqual(['verification_overdue']);
      const [row] = await t.db.execute(sql`select source from meter_readings where meter_id = ${meterId}`);
      expect(row.source).toBe('company');
    });
  });

  describe('the company keeps apartments, meters and windows', () => {
    it('creates apartments with meters in bulk and skips numbers already there', async () => {
      const res = await inject('POST', `/api/housing/buildings/${c.building.id}/apartments`, staff, {
        apartments: [
          {
            number: '101',
            accountNumber: 'A101',
            meters: [
              { kind: 'cold_water', serialNumber: 'C101' },
              { kind: 'electricity', tariffs: 2, serialNumber: 'E101' },
            ],
          },
          { number: '102', meters: [{ kind: 'gas', serialNumber: 'G102' }] },
          { number: '5' },
        ],
      });
      expect(res.statusCode).toBe(201);
      expect(
        res
          .json()
          .created.map((a: { number: string }) => a.number)
          .sort(),
      ).toEqual(['101', '102']);
      expect(res.json().existing).toEqual(['5']);
      const list = (await inject('GET', `/api/housing/buildings/${c.building.id}/apartments`, staff)).json().items;
      expect(
        list
          .find((a: { number: string }) => a.number === '101')
          .meters.map((m: { serialNumber: string }) => m.serialNumber),
      ).toEqual(['C101', 'E101']);
      expect((await inject('GET', `/api/housing/buildings/${c.building.id}/apartments`, otherStaff)).statusCode).toBe(
        404,
      );

      const twoTariffWater = await inject('POST', `/api/housing/buildings/${c.building.id}/apartments`, staff, {
        apartments: [{ number: '103', meters: [{ kind: 'cold_water', tariffs: 2, serialNumber: 'X' }] }],
      });
      expect(twoTariffWater.statusCode).toBe(422);
      expect(twoTariffWater.json().errors[0].field).toBe('body.apartments.0.meters.0.tariffs');

      const meterId = list.find((a: { number: string }) => a.number === '102').meters[0].id;
      expect(
        (
          await inject('PATCH', `/api/housing/meters/${meterId}`, staff, {
            serialNumber: 'G102-b',
            verificationDue: '2030-01-01',
          })
        ).statusCode,
      ).toBe(204);
      expect((await inject('POST', `/api/housing/meters/${meterId}/retire`, staff)).statusCode).toBe(204);
      const [m] = await t.db.execute(
        sql`select serial_number, verification_due::text as due, retired_at from meters where id = ${meterId}`,
      );
      expect(m).toMatchObject({ serial_number: 'G102-b', due: '2030-01-01' });
      expect(m.retired_at).not.toBeNull();
    });

    it('lists a building with its window and each meter’s last reading, and counts meters in service per building', async () => {
      const before = (await inject('GET', '/api/housing/buildings', staff))
        .json()
        .items.find((b: { id: number }) => b.id === c.building.id);
      const a = await r.apartment(c.building.id, {
        number: '150',
        account: 'A150',
        meters: [
          { kind: 'hot_water', serial: 'LAST-150' },
          { kind: 'gas', serial: 'OLD-150' },
        ],
      });
      await r.history(a.meterIds[0], c.users.orgStaff.id, [
        { period: '2026-08', values: [30] },
        { period: '2026-09', values: [34], consumption: [4] },
      ]);
      expect((await inject('POST', `/api/housing/meters/${a.meterIds[1]}/retire`, staff)).statusCode).toBe(204);
      const res = await inject('GET', `/api/housing/buildings/${c.building.id}/apartments`, staff);
      expect(res.statusCode).toBe(200);
      expect(res.json().building).toMatchObject({
        id: c.building.id,
        address: c.building.address,
        ownDays: null,
        window: { fromDay: 15, toDay: 25 },
      });
      const meters = res.json().items.find((i: { number: string }) => i.number === '150').meters;
      expect(meters[0]).toMatchObject({
        serialNumber: 'LAST-150',
        retired: false,
        last: { period: '2026-09', values: [34], consumption: [4] },
      });
      expect(meters[1]).toMatchObject({ serialNumber: 'OLD-150', retired: true, last: null });
      const after = (await inject('GET', '/api/housing/buildings', staff))
        .json()
        .items.find((b: { id: number }) => b.id === c.building.id);
      expect(after.apartments - before.apartments).toBe(1);
      expect(after.meters - before.meters).toBe(1);
      expect(after).toMatchObject({ ownWindow: false, ownDays: null });
      expect(
        (await inject('GET', '/api/housing/buildings', otherStaff))
          .json()
          .items.some((b: { id: number }) => b.id === c.building.id),
      ).toBe(false);
    });

    it('sets a building’s window over the municipality’s; the admin sets the municipality’s', async () => {
      const set = await inject('PUT', `/api/housing/buildings/${c.building.id}/reading-window`, staff, {
        fromDay: 1,
        toDay: 10,
      });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ state: 'closed', fromDay: 1, toDay: 10, opensOn: '2026-11-01' });
      const badOrder = await inject('PUT', `/api/housing/buildings/${c.building.id}/reading-window`, staff, {
        fromDay: 20,
        toDay: 10,
      });
      expect(badOrder.statusCode).toBe(400);
      expect(badOrder.json().errors[0].field).toBe('body.toDay');
      expect(
        (
          await inject('PUT', `/api/housing/buildings/${c.building.id}/reading-window`, otherStaff, {
            fromDay: 1,
            toDay: 10,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await inject('PUT', `/api/housing/buildings/${c.building.id}/reading-window`, staff, null)).statusCode,
      ).toBe(200);

      expect((await inject('PUT', '/api/admin/reading-window', staff, { fromDay: 18, toDay: 26 })).statusCode).toBe(
        403,
      );
      expect((await inject('PUT', '/api/admin/reading-window', admin, { fromDay: 18, toDay: 26 })).statusCode).toBe(
        200,
      );
      const buildings = (await inject('GET', '/api/housing/buildings', staff)).json().items;
      expect(buildings.find((b: { id: number }) => b.id === c.building.id).window).toMatchObject({
        fromDay: 18,
        toDay: 26,
        state: 'open',
      });
      await inject('PUT', '/api/admin/reading-window', admin, { fromDay: 15, toDay: 25 });
    });
  });

  describe('import and export', () => {
    it('imports JSON rows by serial, apartment or account, reporting each refused line with its reason', async () => {
      const a = await r.apartment(c.building.id, {
        number: '201',
        account: 'ACC201',
        meters: [{ kind: 'cold_water', serial: 'IMP-201' }],
      });
      const b = await r.apartment(c.building.id, {
        number: '202',
        account: 'ACC202',
        meters: [{ kind: 'hot_water', serial: 'IMP-202' }],
      });
      const d = await r.apartment(c.building.id, {
        number: '203',
        account: 'ACC203',
        meters: [{ kind: 'cold_water', serial: 'IMP-203' }],
      });
      const z = await r.apartment(c.building.id, {
        number: '204',
        meters: [{ kind: 'cold_water', serial: 'IMP-204' }],
      });
      await r.history(a.meterIds[0], c.users.orgStaff.id, [
        { period: '2026-08', values: [10] },
        { period: '2026-09', values: [20], consumption: [10] },
      ]);
      await r.history(d.meterIds[0], c.users.orgStaff.id, [{ period: '2026-09', values: [50] }]);
      await r.history(z.meterIds[0], c.users.orgStaff.id, [
        { period: '2026-07', values: [7] },
        { period: '2026-08', values: [7], consumption: [0] },
        { period: '2026-09', values: [7], consumption: [0] },
      ]);
      const other = await r.apartment(
        (await c.make.building(c.city.id, c.district.id, { managementCompanyId: c.otherMc.id })).id,
        { number: '1', meters: [{ kind: 'gas', serial: 'FOREIGN' }] },
      );
      const res = await inject('POST', '/api/housing/readings/import', staff, {
        rows: [
          { serial: 'IMP-201', values: [80] },
          { buildingId: c.building.id, apartment: '202', kind: 'hot_water', values: [3.25] },
          { account: 'ACC203', kind: 'cold_water', values: [40] },
          { serial: 'FOREIGN', values: [1] },
          { serial: 'IMP-204', values: [-1] },
          { serial: 'IMP-204', values: [7] },
          { serial: 'IMP-201', values: [81] },
          { serial: 'IMP-202', values: [4], period: '2026-09' },
        ],
      });
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ period: '2026-10', received: 8, accepted: 3, replaced: 0, refusedCount: 5 });
      expect(report.flagged).toMatchObject({ high_consumption: 1, zero_three_periods: 1 });
      expect(report.refused.map((x: { line: number; field: string }) => [x.line, x.field])).toEqual([
        [3, 'values.0'],
        [4, 'serial'],
        [5, 'values.0'],
        [7, 'serial'],
        [8, 'period'],
      ]);
      expect(report.refused[0].reason).toContain('50');
      const stored = await t.db.execute(
        sql`select meter_id::int as meter_id, values::float8[] as v, flags, source from meter_readings where period = '2026-10' and meter_id in (${a.meterIds[0]}, ${b.meterIds[0]}, ${d.meterIds[0]}, ${z.meterIds[0]}, ${other.meterIds[0]}) order by meter_id`,
      );
      expect(stored).toEqual([
        { meter_id: a.meterIds[0], v: [80], flags: ['high_consumption'], source: 'import' },
        { meter_id: b.meterIds[0], v: [3.25], flags: [], source: 'import' },
        { meter_id: z.meterIds[0], v: [7], flags: ['zero_three_periods'], source: 'import' },
      ]);
    });

    it('imports a CSV upload (semicolons, decimal commas) and refuses every line before the window', async () => {
      await r.apartment(c.building.id, {
        number: '301',
        meters: [{ kind: 'electricity', tariffs: 2, serial: 'CSV-301' }],
      });
      const csv = '\uFEFFserial;value1;value2\r\nCSV-301;120,5;40\r\nCSV-301;1;1\r\nNOPE;1\r\n;abc\r\n';
      t.setNow(BEFORE);
      const form = await multipart({}, [
        { name: 'file', filename: 'readings.csv', type: 'text/csv', bytes: Buffer.from(csv) },
      ]);
      const early = await t.app.inject({
        method: 'POST',
        url: '/api/housing/readings/import',
        headers: { ...staff, ...form.headers },
        payload: form.payload,
      });
      expect(early.statusCode).toBe(200);
      expect(early.json().accepted).toBe(0);
      expect(early.json().refused.find((x: { line: number }) => x.line === 2).field).toBe('at');
      t.setNow(OPEN);
      const form2 = await multipart({}, [
        { name: 'file', filename: 'readings.csv', type: 'text/csv', bytes: Buffer.from(csv) },
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/housing/readings/import',
        headers: { ...staff, ...form2.headers },
        payload: form2.payload,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ received: 4, accepted: 1, refusedCount: 3 });
      expect(res.json().refused.map((x: { line: number; field: string }) => [x.line, x.field])).toEqual([
        [3, 'serial'],
        [4, 'serial'],
        [5, 'values.0'],
      ]);
      const [row] = await t.db.execute(
        sql`select r.values::float8[] as v from meter_readings r join meters m on m.id = r.meter_id where m.serial_number = 'CSV-301'`,
      );
      expect(row.v).toEqual([120.5, 40]);

      const badHeader = await multipart({}, [
        { name: 'file', filename: 'x.csv', type: 'text/csv', bytes: Buffer.from('foo,bar\n1,2\n') },
      ]);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/housing/readings/import',
        headers: { ...staff, ...badHeader.headers },
        payload: badHeader.payload,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0].field).toBe('file');
      expect(
        (await inject('POST', '/api/housing/readings/import', resident, { rows: [{ serial: 'CSV-301', values: [1] }] }))
          .statusCode,
      ).toBe(403);
    });

    it('exports a period as CSV and as an XLSX that opens, with Moscow times and no other company’s rows', async () => {
      const a = await r.apartment(c.building.id, {
        number: '401',
        account: 'ACC401',
        meters: [{ kind: 'electricity', tariffs: 2, serial: 'EXP-401' }],
      });
      await r.history(a.meterIds[0], c.users.orgStaff.id, [{ period: '2026-09', values: [100, 50] }]);
      expect((await submit(a.meterIds[0], [110.5, 52], staff)).statusCode).toBe(201);
      const foreign = await r.apartment(
        (await c.make.building(c.city.id, c.district.id, { managementCompanyId: c.otherMc.id })).id,
        { number: '9', meters: [{ kind: 'gas', serial: 'EXP-FOREIGN' }] },
      );
      await r.history(foreign.meterIds[0], c.users.otherOrgStaff.id, [{ period: '2026-10', values: [1] }]);

      const csv = await inject('GET', '/api/housing/readings/export?period=2026-10&format=csv', staff);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.body).toContain('Адрес / Address');
      const line = csv.body.split('\r\n').find((l) => l.includes('EXP-401'));
      expect(line).toBe(
        `${c.building.address.includes(',') ? `"${c.building.address}"` : c.building.address},401,ACC401,Электроэнергия,EXP-401,110.5,52,,12.5,,2026-10-20 12:00`,
      );
      expect(csv.body).not.toContain('EXP-FOREIGN');

      const x = await inject('GET', '/api/housing/readings/export?period=2026-10&format=xlsx', staff);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = readXlsx(x.rawPayload);
      expect(sheet[0][0]).toBe('Адрес / Address');
      const row = sheet.find((cells) => cells[4] === 'EXP-401');
      expect(row).toEqual([
        c.building.address,
        '401',
        'ACC401',
        'Электроэнергия',
        'EXP-401',
        '110.5',
        '52',
        '',
        '12.5',
        '',
        '2026-10-20 12:00',
      ]);
      expect(sheet.some((cells) => cells.includes('EXP-FOREIGN'))).toBe(false);

      expect((await inject('GET', '/api/housing/readings/export?period=2026-13', staff)).statusCode).toBe(400);
      expect((await inject('GET', '/api/housing/readings/export?period=2026-10', resident)).statusCode).toBe(403);
    });

    it('decides an imported line exactly as a single submission of the same reading', async () => {
      const cases: {
        history: { period: string; values: number[]; consumption?: number[] }[];
        value: number;
        due?: string;
        replaced?: boolean;
      }[] = [
        {
          history: [
            { period: '2026-07', values: [10] },
            { period: '2026-08', values: [20] },
            { period: '2026-09', values: [30] },
          ],
          value: 41,
        },
        {
          history: [
            { period: '2026-07', values: [10] },
            { period: '2026-08', values: [12] },
            { period: '2026-09', values: [14] },
          ],
          value: 30,
        },
        {
          history: [
            { period: '2026-07', values: [5] },
            { period: '2026-08', values: [5] },
            { period: '2026-09', values: [5] },
          ],
          value: 5,
        },
        { history: [{ period: '2026-09', values: [5] }], value: 6, due: '2026-02-01' },
        {
          history: [
            { period: '2026-08', values: [500] },
            { period: '2026-09', values: [510] },
          ],
          value: 4,
          replaced: true,
        },
        { history: [], value: 7 },
      ];
      const single: unknown[] = [];
      const rows: { serial: string; values: number[] }[] = [];
      const imported: number[] = [];
      for (const [i, k] of cases.entries()) {
        for (const via of ['single', 'import'] as const) {
          const a = await r.apartment(c.building.id, {
            number: `same-${via}-${i}`,
            meters: [{ kind: 'cold_water', serial: `SAME-${via}-${i}`, verificationDue: k.due }],
          });
          await r.history(a.meterIds[0], c.users.orgStaff.id, k.history);
          if (k.replaced)
            await inject('POST', `/api/housing/meters/${a.meterIds[0]}/replacement`, staff, {
              newSerialNumber: `SAME-${via}-${i}`,
              initialValues: [0],
              at: '2026-10-01T10:00:00Z',
            });
          if (via === 'single') {
            const res = await submit(a.meterIds[0], [k.value], staff);
            expect(res.statusCode).toBe(201);
            single.push({ consumption: res.json().consumption, flags: res.json().flags });
          } else {
            rows.push({ serial: `SAME-import-${i}`, values: [k.value] });
            imported.push(a.meterIds[0]);
          }
        }
      }
      const res = await inject('POST', '/api/housing/readings/import', staff, { rows });
      expect(res.json()).toMatchObject({ accepted: cases.length, refusedCount: 0 });
      const stored = await t.db.execute(
        sql`select meter_id::int as id, consumption::float8[] as consumption, flags from meter_readings where period = '2026-10' and meter_id = any(${`{${imported.join(',')}}`}::bigint[])`,
      );
      const byId = new Map(stored.map((s) => [s.id, { consumption: s.consumption, flags: s.flags }]));
      expect(imported.map((id) => byId.get(id))).toEqual(single);
      expect((single as { flags: string[] }[]).map((s) => s.flags)).toEqual([
        [],
        ['high_consumption'],
        ['zero_three_periods'],
        ['verification_overdue'],
        [],
        [],
      ]);
    });
  });
});
