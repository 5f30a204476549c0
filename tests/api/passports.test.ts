import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { csvColumns, parseCsv } from '../../dispatch/passport.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart, png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { passportChangeRows, pdf } from '../helpers/passports.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Problem = {
  status: number;
  code?: string;
  errors?: { field: string; reason: string; code?: string }[];
  currentVersion?: number;
};

describe('technical passports API', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let otherBuilding: { id: number };
  let foreignBuilding: { id: number };
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    t = await startTestApp();
    t.setNow(now);
    c = await smallCity(t.db);
    otherBuilding = await c.make.building(c.city.id, c.district.id, {
      street: 'ул. Декабристов',
      house: '85',
      managementCompanyId: c.otherMc.id,
    });
    foreignBuilding = await c.make.building(c.other.id, c.otherDistrict.id, {
      lon: 48.745,
      lat: 55.75,
      street: 'ул. Университетская',
      house: '7',
    });
    await t.db
      .update(s.buildings)
      .set({
        yearBuilt: 1978,
        floors: 9,
        entrances: 4,
        apartments: 144,
        totalArea: 8120.4,
        wallMaterial: 'panel',
        elevators: 4,
        wearPercent: 42.5,
      })
      .where(eq(s.buildings.id, c.building.id));
  });
  afterAll(() => t?.close());

  const call = async (
    method: Method,
    url: string,
    userId: number | null,
    payload?: object | string,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api${url}`,
      headers: { ...(userId === null ? {} : await t.signIn(userId)), ...headers },
      payload,
    });
  const fields = (res: { json: () => Problem }) => (res.json().errors ?? []).map((e) => e.field);
  const passportOf = async (id: number, userId: number | null = null) => {
    const res = await call('GET', `/buildings/${id}/passport`, userId);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('documents every passport route in OpenAPI with an operationId', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const ids = Object.values(res.json().paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (methods) => Object.values(methods).map((op) => op.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'passportLayout',
        'getFullPassport',
        'replacePassport',
        'patchPassport',
        'listPassportChanges',
        'uploadBuildingDocument',
        'listBuildingDocuments',
        'downloadBuildingDocument',
        'deleteBuildingDocument',
        'exportPassports',
        'importPassports',
      ]),
    );
  });

  describe('the public passport', () => {
    it('shows the summary columns and every section, empty ones as null, with version 0 before any edit', async () => {
      const view = await passportOf(c.building.id);
      expect(view).toMatchObject({
        buildingId: c.building.id,
        address: 'ул. Баумана, д. 12',
        version: 0,
        updatedAt: null,
        documents: [],
        canEdit: false,
      });
      expect(view.passport).toMatchObject({
        yearBuilt: 1978,
        floors: 9,
        elevatorCount: 4,
        wallMaterial: 'panel',
        wearPercent: 42.5,
      });
      expect(view.passport.general.cadastralNumber).toBeNull();
      expect(view.passport.structure.roof).toEqual({ type: null, material: null, condition: null });
      expect(view.passport.systems.garbageChute).toEqual({ type: null, replacedYear: null });
      expect(view.passport.elevators).toEqual([]);
    });

    it('describes its sections and fields with Russian and English labels', async () => {
      const res = await call('GET', '/passports/layout', null);
      expect(res.statusCode, res.body).toBe(200);
      const sections = res.json().sections as {
        key: string;
        list: boolean;
        fields: { path: string; ru: string; options?: { code: string; ru: string }[] }[];
      }[];
      expect(sections.map((x) => [x.key, x.list])).toEqual([
        ['general', false],
        ['structure', false],
        ['systems', false],
        ['elevators', true],
        ['overhauls', true],
      ]);
      const roof = sections[1].fields.find((f) => f.path === 'structure.roof.condition');
      expect(roof?.options?.map((o) => o.ru)).toEqual([
        'исправное',
        'удовлетворительное',
        'неудовлетворительное',
        'ветхое',
        'аварийное',
      ]);
      expect(sections[3].fields.map((f) => f.path)).toEqual([
        'entrance',
        'serial',
        'capacityKg',
        'commissionedYear',
        'lastInspection',
        'manufacturer',
      ]);
    });

    it('answers 404 for a building that does not exist', async () => {
      expect((await call('GET', '/buildings/999999/passport', null)).statusCode).toBe(404);
    });
  });

  describe('editing', () => {
    it('lets the company’s staff change fields: summary columns and sections, one history row per field', async () => {
      const before = await passportOf(c.building.id, c.users.orgStaff.id);
      expect(before.canEdit).toBe(true);
      const res = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.orgStaff.id, {
        version: 0,
        passport: {
          floors: 10,
          general: { cadastralNumber: '16:50:011104:321', commissionedYear: 1979, series: ' 1-464А ' },
          systems: { heating: { type: 'центральное', replacedYear: 2012 } },
          elevators: [
            {
              entrance: 1,
              serial: 'КМЗ-1234',
              capacityKg: 320,
              commissionedYear: 1979,
              lastInspection: '2026-03-14',
              manufacturer: 'КМЗ',
            },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json();
      expect(view.version).toBe(1);
      expect(view.passport).toMatchObject({
        floors: 10,
        wearPercent: 42.5,
        general: { series: '1-464А', livingArea: null },
      });
      expect(view.passport.elevators[0]).toMatchObject({ serial: 'КМЗ-1234', commissionedYear: 1979 });
      const [building] = await t.db.select().from(s.buildings).where(eq(s.buildings.id, c.building.id));
      expect(building.floors).toBe(10);
      const rows = await passportChangeRows(t.db, c.building.id);
      expect(rows.map((r) => [r.field, r.oldValue, r.newValue])).toEqual([
        ['floors', 9, 10],
        ['general.cadastralNumber', null, '16:50:011104:321'],
        ['general.commissionedYear', null, 1979],
        ['general.series', null, '1-464А'],
        ['systems.heating.type', null, 'центральное'],
        ['systems.heating.replacedYear', null, 2012],
        ['elevators.0.entrance', null, 1],
        ['elevators.0.serial', null, 'КМЗ-1234'],
        ['elevators.0.capacityKg', null, 320],
        ['elevators.0.commissionedYear', null, 1979],
        ['elevators.0.lastInspection', null, '2026-03-14'],
        ['elevators.0.manufacturer', null, 'КМЗ'],
      ]);
      expect(
        rows.every((r) => r.actorId === c.users.orgStaff.id && r.source === 'form' && r.at.getTime() === now.getTime()),
      ).toBe(true);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const count = (await passportChangeRows(t.db, c.building.id)).length;
      const res = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.admin.id, {
        version: 0,
        passport: { floors: 12 },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().currentVersion).toBe(1);
      expect((await passportOf(c.building.id)).passport.floors).toBe(10);
      expect(await passportChangeRows(t.db, c.building.id)).toHaveLength(count);
    });

    it('names each field that breaks a rule: commissioning before the year built or in the future, wear over 100, negative areas', async () => {
      const res = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.orgStaff.id, {
        version: 1,
        passport: {
          wearPercent: 130,
          general: { commissionedYear: 1970, landArea: -10 },
          elevators: [{ entrance: 1, commissionedYear: 2030 }],
        },
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(fields(res)).toEqual([
        'body.passport.wearPercent',
        'body.passport.general.commissionedYear',
        'body.passport.general.landArea',
        'body.passport.elevators.0.commissionedYear',
      ]);
      expect(res.json().errors?.[1]).toMatchObject({
        code: 'passport.field.before_year_built_in',
        reason: 'не раньше года постройки (1978)',
      });
      const future = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.orgStaff.id, {
        version: 1,
        passport: { general: { commissionedYear: 2032 } },
      });
      expect(fields(future)).toEqual(['body.passport.general.commissionedYear']);
      expect(future.json().errors?.[0]).toMatchObject({ code: 'field.not_after_year', reason: 'не позже 2031' });
    });

    it('refuses wrong types and unknown fields with 400 naming them', async () => {
      const res = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.orgStaff.id, {
        version: 1,
        passport: { floors: 'девять', structure: { roof: { condition: 'fine' } }, owner: 'Иванов' },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(fields(res)).toEqual(
        expect.arrayContaining(['body.passport.floors', 'body.passport.structure.roof.condition', 'body.passport']),
      );
    });

    it('replaces the whole passport with PUT: the fields left out become empty', async () => {
      const res = await call('PUT', `/buildings/${c.building.id}/passport`, c.users.admin.id, {
        version: 1,
        passport: { yearBuilt: 1978, floors: 10, general: { cadastralNumber: '16:50:011104:321' } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json();
      expect(view.version).toBe(2);
      expect(view.passport).toMatchObject({
        floors: 10,
        wearPercent: null,
        elevatorCount: null,
        elevators: [],
        general: { series: null },
      });
      // put back what the later tests read
      const back = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.admin.id, {
        version: 2,
        passport: { wearPercent: 42.5, entrances: 4, totalArea: 8120.4 },
      });
      expect(back.statusCode, back.body).toBe(200);
    });

    it('lets no one else edit: anonymous 401, resident and city hall 403, another company and another municipality 404', async () => {
      const body = { version: 3, passport: { floors: 11 } };
      expect((await call('PATCH', `/buildings/${c.building.id}/passport`, null, body)).statusCode).toBe(401);
      expect((await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.resident.id, body)).statusCode).toBe(
        403,
      );
      expect((await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.cityHall.id, body)).statusCode).toBe(
        403,
      );
      expect(
        (await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.otherOrgStaff.id, body)).statusCode,
      ).toBe(404);
      expect(
        (await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.otherAdmin.id, body)).statusCode,
      ).toBe(404);
      expect((await passportOf(c.building.id)).passport.floors).toBe(10);
      expect((await passportOf(c.building.id, c.users.otherOrgStaff.id)).canEdit).toBe(false);
    });
  });

  describe('the change history', () => {
    it('says who (name, role, organisation), when, old and new, newest first', async () => {
      const res = await call('GET', `/buildings/${c.building.id}/passport/changes?limit=200`, c.users.orgSupervisor.id);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as {
        field: string;
        oldValue: unknown;
        newValue: unknown;
        actor: { name: string; role: string; organisation: { nameRu: string } | null };
        at: string;
        label: { ru: string };
      }[];
      const floors = items.filter((i) => i.field === 'floors').at(-1)!;
      expect(floors).toMatchObject({
        oldValue: 9,
        newValue: 10,
        at: now.toISOString(),
        label: { ru: 'Этажность' },
        actor: { name: 'Иванов Иван Иванович', role: 'org_staff', organisation: { nameRu: 'УК «Уютный дом»' } },
      });
      expect(items[0].actor.role).toBe('admin');
      const page = await call('GET', `/buildings/${c.building.id}/passport/changes?limit=2`, c.users.orgStaff.id);
      expect(page.json().items).toHaveLength(2);
      const next = await call(
        'GET',
        `/buildings/${c.building.id}/passport/changes?limit=2&before=${page.json().nextCursor}`,
        c.users.orgStaff.id,
      );
      expect(next.json().items[0].id).toBeLessThan(page.json().items[1].id);
    });

    it('is closed to the public, residents and other companies', async () => {
      expect((await call('GET', `/buildings/${c.building.id}/passport/changes`, null)).statusCode).toBe(401);
      expect((await call('GET', `/buildings/${c.building.id}/passport/changes`, c.users.resident.id)).statusCode).toBe(
        403,
      );
      expect(
        (await call('GET', `/buildings/${c.building.id}/passport/changes`, c.users.otherOrgStaff.id)).statusCode,
      ).toBe(404);
    });
  });

  describe('documents', () => {
    const upload = async (
      userId: number,
      fieldsIn: Record<string, string>,
      file?: { filename: string; type: string; bytes: Buffer },
    ) => {
      const form = await multipart(fieldsIn, file ? [{ name: 'file', ...file }] : []);
      return call('POST', `/buildings/${c.building.id}/documents`, userId, form.payload, form.headers);
    };
    let scanId: number;
    let actId: number;

    it('takes a PDF and an image checked by content; images lose their EXIF', async () => {
      const scan = await upload(
        c.users.orgStaff.id,
        { kind: 'passport_scan', title: 'Техпаспорт БТИ 1979' },
        { filename: 'p.pdf', type: 'application/pdf', bytes: pdf() },
      );
      expect(scan.statusCode, scan.body).toBe(201);
      expect(scan.json()).toMatchObject({
        kind: 'passport_scan',
        title: 'Техпаспорт БТИ 1979',
        mediaType: 'application/pdf',
        public: true,
      });
      scanId = scan.json().id;
      const act = await upload(
        c.users.orgStaff.id,
        { kind: 'act', title: 'Акт осмотра кв. 12', public: 'false' },
        { filename: 'a.jpg', type: 'image/jpeg', bytes: await jpegWithGps() },
      );
      expect(act.statusCode, act.body).toBe(201);
      actId = act.json().id;
      const stored = await call('GET', `/building-documents/${actId}`, c.users.orgStaff.id);
      expect(stored.statusCode).toBe(200);
      expect((await sharp(stored.rawPayload).metadata()).exif).toBeUndefined();
    });

    it('refuses a file that is neither PDF nor image, a missing file and a bad kind, naming the field', async () => {
      const text = await upload(
        c.users.orgStaff.id,
        { kind: 'act', title: 'x' },
        { filename: 'x.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf') },
      );
      expect(text.statusCode).toBe(415);
      expect(fields(text)).toEqual(['file']);
      expect(fields(await upload(c.users.orgStaff.id, { kind: 'act', title: 'x' }))).toEqual(['file']);
      const kind = await upload(
        c.users.orgStaff.id,
        { kind: 'selfie', title: 'x' },
        { filename: 'x.png', type: 'image/png', bytes: await png() },
      );
      expect(kind.statusCode).toBe(400);
      expect(fields(kind)).toEqual(['body.kind']);
      const other = await upload(
        c.users.otherOrgStaff.id,
        { kind: 'act', title: 'x' },
        { filename: 'x.png', type: 'image/png', bytes: await png() },
      );
      expect(other.statusCode).toBe(404);
      const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
      const tooLarge = await upload(
        c.users.orgStaff.id,
        { kind: 'project', title: 'Проект' },
        { filename: 'big.pdf', type: 'application/pdf', bytes: big },
      );
      expect(tooLarge.statusCode).toBe(413);
    });

    it('lists and serves public documents to everyone, the others only to the company', async () => {
      const publicView = await passportOf(c.building.id);
      expect(publicView.documents.map((d: { id: number }) => d.id)).toEqual([scanId]);
      const staffView = await passportOf(c.building.id, c.users.orgStaff.id);
      expect(staffView.documents.map((d: { id: number }) => d.id)).toEqual([scanId, actId]);
      const listed = await call('GET', `/buildings/${c.building.id}/documents`, null);
      expect(listed.json().items.map((d: { id: number }) => d.id)).toEqual([scanId]);
      const listedForStaff = await call('GET', `/buildings/${c.building.id}/documents`, c.users.orgSupervisor.id);
      expect(listedForStaff.json().items.map((d: { id: number }) => d.id)).toEqual([scanId, actId]);
      const download = await call('GET', `/building-documents/${scanId}`, null);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.rawPayload.equals(pdf())).toBe(true);
      expect((await call('GET', `/building-documents/${actId}`, null)).statusCode).toBe(404);
      expect((await call('GET', `/building-documents/${actId}`, c.users.otherOrgStaff.id)).statusCode).toBe(404);
    });

    it('soft-deletes a document and records both events in the history', async () => {
      expect((await call('DELETE', `/building-documents/${actId}`, c.users.otherOrgStaff.id)).statusCode).toBe(404);
      const res = await call('DELETE', `/building-documents/${actId}`, c.users.orgSupervisor.id);
      expect(res.statusCode, res.body).toBe(204);
      expect((await call('DELETE', `/building-documents/${actId}`, c.users.orgSupervisor.id)).statusCode).toBe(404);
      expect((await passportOf(c.building.id, c.users.orgStaff.id)).documents.map((d: { id: number }) => d.id)).toEqual(
        [scanId],
      );
      expect((await call('GET', `/building-documents/${actId}`, c.users.orgStaff.id)).statusCode).toBe(404);
      const [row] = await t.db.select().from(s.buildingDocuments).where(eq(s.buildingDocuments.id, actId));
      expect(row.deletedAt).not.toBeNull();
      const history = (await passportChangeRows(t.db, c.building.id)).filter((r) => r.field === `documents.${actId}`);
      expect(history.map((r) => [r.oldValue, r.newValue, r.actorId])).toEqual([
        [null, 'Акт осмотра кв. 12', c.users.orgStaff.id],
        ['Акт осмотра кв. 12', null, c.users.orgSupervisor.id],
      ]);
    });

    it('never shows who uploaded or edited on the public passport', async () => {
      const res = await call('GET', `/buildings/${c.building.id}/passport`, null);
      expect(res.body).not.toContain('Иванов');
      expect(res.body).not.toMatch(/uploadedBy|updatedBy|actor/);
      expect(Object.keys(res.json().documents[0]).sort()).toEqual([
        'createdAt',
        'id',
        'kind',
        'mediaType',
        'public',
        'size',
        'title',
        'url',
      ]);
    });
  });

  describe('the admin directory', () => {
    it('records its changes of the summary in the history and moves the version on', async () => {
      const before = (await passportOf(otherBuilding.id)).version;
      const res = await call('PATCH', `/admin/buildings/${otherBuilding.id}`, c.users.admin.id, {
        passport: { floors: 12, elevators: 2 },
        postcode: '420111',
      });
      expect(res.statusCode, res.body).toBe(200);
      const rows = await passportChangeRows(t.db, otherBuilding.id);
      expect(rows.map((r) => [r.field, r.oldValue, r.newValue, r.actorId])).toEqual([
        ['floors', 9, 12, c.users.admin.id],
        ['elevatorCount', null, 2, c.users.admin.id],
      ]);
      expect((await passportOf(otherBuilding.id)).version).toBe(before + 1);
      const stale = await call('PATCH', `/buildings/${otherBuilding.id}/passport`, c.users.otherOrgStaff.id, {
        version: before,
        passport: { floors: 10 },
      });
      expect(stale.statusCode).toBe(409);
    });
  });

  describe('CSV export and import', () => {
    const exportCsv = async (userId: number) => {
      const res = await call('GET', '/passports/export', userId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      return res.body;
    };
    const importCsv = async (userId: number, csv: string, query = '') =>
      call('POST', `/passports/import${query}`, userId, csv, { 'content-type': 'text/csv' });
    const idsOf = (csv: string) =>
      parseCsv(csv)
        .slice(1)
        .map((r) => Number(r.cells[0]));

    it('exports the company’s buildings to its supervisor and the municipality’s to the admin', async () => {
      expect(idsOf(await exportCsv(c.users.orgSupervisor.id))).toEqual([c.building.id]);
      expect(idsOf(await exportCsv(c.users.admin.id)).sort()).toEqual([c.building.id, otherBuilding.id].sort());
      expect((await call('GET', '/passports/export', c.users.orgStaff.id)).statusCode).toBe(403);
      expect((await call('GET', '/passports/export', null)).statusCode).toBe(401);
      const csv = await exportCsv(c.users.admin.id);
      expect(parseCsv(csv)[0].cells).toEqual(csvColumns);
      expect(csv).toContain(`${c.building.id},"ул. Баумана, д. 12",3,1978,10,4,,8120.4,,,,,,42.5,16:50:011104:321,`);
    });

    it('round trip: importing what was exported changes nothing', async () => {
      const csv = await exportCsv(c.users.admin.id);
      const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.passportChanges);
      const res = await importCsv(c.users.admin.id, csv);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ applied: 0, unchanged: 2, refused: 0 });
      const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.passportChanges);
      expect(after[0].n).toBe(before[0].n);
      expect(await exportCsv(c.users.admin.id)).toBe(csv);
    });

    it('applies the valid lines with history source "import" and reports the others by line', async () => {
      const csv = [
        'buildingId;wearPercent;general.series;elevators',
        // as Excel writes it in a Russian locale: semicolons, the list cell quoted
        `${c.building.id};47;1-464А;"1 | КМЗ-1234 | 320 | 1979 | 2026-03-14 | КМЗ ; 2 | ЩЛЗ-77 | 400 | 2014 | 2026-03-14 | ЩЛЗ"`,
        '999999;10;;',
        `${otherBuilding.id};150;;`,
        `${foreignBuilding.id};10;;`,
        `${c.building.id};48;;`,
      ].join('\r\n');
      const supervisor = await importCsv(c.users.orgSupervisor.id, csv);
      expect(supervisor.statusCode, supervisor.body).toBe(200);
      const report = supervisor.json();
      expect(report).toMatchObject({ applied: 1, unchanged: 0, refused: 4, dryRun: false });
      expect(
        report.lines.map((l: { line: number; status: string; errors: { field: string }[] }) => [
          l.line,
          l.status,
          l.errors.map((e) => e.field),
        ]),
      ).toEqual([
        [2, 'applied', []],
        [3, 'error', ['buildingId']],
        [4, 'error', ['buildingId']],
        [5, 'error', ['buildingId']],
        [6, 'error', ['buildingId']],
      ]);
      const view = await passportOf(c.building.id);
      expect(view.passport).toMatchObject({
        wearPercent: 47,
        general: { series: '1-464А', cadastralNumber: '16:50:011104:321' },
      });
      expect(view.passport.elevators).toHaveLength(2);
      const rows = (await passportChangeRows(t.db, c.building.id)).filter((r) => r.source === 'import');
      const item = ['entrance', 'serial', 'capacityKg', 'commissionedYear', 'lastInspection', 'manufacturer'];
      expect(rows.map((r) => r.field)).toEqual([
        'wearPercent',
        'general.series',
        ...item.map((f) => `elevators.0.${f}`),
        ...item.map((f) => `elevators.1.${f}`),
      ]);
      expect(rows.find((r) => r.field === 'elevators.1.commissionedYear')?.newValue).toBe(2014);
      expect(rows.every((r) => r.actorId === c.users.orgSupervisor.id)).toBe(true);
      // The admin reaches the other company's building, where the wear is still out of range.
      const admin = (await importCsv(c.users.admin.id, csv)).json();
      expect(admin.lines[2]).toMatchObject({
        line: 4,
        status: 'error',
        errors: [{ field: 'wearPercent', code: 'field.range', reason: 'от 0 до 100' }],
      });
    });

    it('checks without applying in a dry run, and refuses a line exported before a later change', async () => {
      const old = await exportCsv(c.users.orgSupervisor.id);
      const patched = await call('PATCH', `/buildings/${c.building.id}/passport`, c.users.orgStaff.id, {
        version: (await passportOf(c.building.id)).version,
        passport: { wearPercent: 49 },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const stale = (await importCsv(c.users.orgSupervisor.id, old)).json();
      expect(stale.lines[0]).toMatchObject({ status: 'error', errors: [{ field: 'version' }] });
      const dry = (
        await importCsv(c.users.orgSupervisor.id, `buildingId,wearPercent\n${c.building.id},60\n`, '?dryRun=true')
      ).json();
      expect(dry).toMatchObject({ applied: 1, dryRun: true });
      expect((await passportOf(c.building.id)).passport.wearPercent).toBe(49);
    });

    it('refuses an unknown column, another body type and those who may not import', async () => {
      const bad = await importCsv(c.users.admin.id, 'buildingId,ownerPhone\n1,+79170000000\n');
      expect(bad.statusCode).toBe(400);
      expect(fields(bad)).toEqual(['header.ownerPhone']);
      expect(bad.json()).toMatchObject({
        code: 'passport.import.bad_header',
        errors: [{ code: 'passport.import.unknown_column', reason: 'неизвестный столбец' }],
      });
      // The report speaks the reader's language (chosen in the web app: its cookie).
      const session = await t.signIn(c.users.admin.id);
      const inEnglish = await t.app.inject({
        method: 'POST',
        url: '/api/passports/import?dryRun=true',
        headers: { ...session, cookie: `${session.cookie}; otklik_lang=en`, 'content-type': 'text/csv' },
        payload: 'buildingId\nx\n',
      });
      expect(inEnglish.json().lines[0].errors).toEqual([
        { field: 'buildingId', code: 'passport.import.building_id', reason: 'expected a building id' },
      ]);
      const json = await call('POST', '/passports/import', c.users.admin.id, { rows: [] });
      expect(json.statusCode).toBe(415);
      expect((await importCsv(c.users.orgStaff.id, 'buildingId\n1\n')).statusCode).toBe(403);
      expect((await importCsv(c.users.resident.id, 'buildingId\n1\n')).statusCode).toBe(403);
    });

    it('imports a file bigger than one transaction’s chunk, reporting the lines in file order', async () => {
      const many = await t.db
        .insert(s.buildings)
        .values(
          Array.from({ length: 520 }, (_, i) => ({
            municipalityId: c.city.id,
            districtId: c.district.id,
            street: 'ул. Чистопольская',
            house: String(i + 1),
            address: `ул. Чистопольская, д. ${i + 1}`,
            searchText: `чистопольская ${i + 1}`,
            location: { x: 49.12, y: 55.79 },
            managementCompanyId: c.mc.id,
            yearBuilt: 1985,
          })),
        )
        .returning({ id: s.buildings.id });
      const lines = [
        'buildingId,floors,general.commissionedYear',
        ...many.map((b, i) => `${b.id},${9 + (i % 3)},${i === 299 || i === 509 ? 1980 : 1985}`),
      ];
      const res = await importCsv(c.users.orgSupervisor.id, lines.join('\n'));
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ applied: 518, refused: 2 });
      expect(report.lines.map((l: { line: number }) => l.line)).toEqual(many.map((_, i) => i + 2));
      expect(
        report.lines
          .filter((l: { status: string }) => l.status === 'error')
          .map((l: { line: number; errors: { field: string }[] }) => [l.line, l.errors[0].field]),
      ).toEqual([
        [301, 'general.commissionedYear'],
        [511, 'general.commissionedYear'],
      ]);
      const [{ n }] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from buildings where street = 'ул. Чистопольская' and floors between 9 and 11`,
      );
      expect(n).toBe(518);
    });
  });
});
