import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import * as s from '../../db/schema/index.ts';
import { checklistElementCodes } from '../../dispatch/inspections.ts';
import type { Actor, Principal, Resource } from '../../dispatch/permissions.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { storeContent } from '../../api/uploads.ts';
import type { TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart } from '../helpers/http.ts';
import { smallCity, square } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';
import { readingMakers } from '../helpers/readings.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { discussionMakers, squareTerritory } from '../helpers/discussions-make.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { localDate } from '../../dispatch/eservices.ts';
import type { RecordKind } from './routes.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * Where a record stands to the actor: `mine` is the actor's own (a resident's appeal, apartment,
 * meter) and its organisation's (a staff member's company's building); `otherOrg` another
 * organisation's (and another resident's) in the same municipality; `otherCity` another municipality's.
 */
export const variants = ['mine', 'otherOrg', 'otherCity'] as const;
export type Variant = (typeof variants)[number];

export const principals: Principal[] = [
  'anonymous',
  'resident',
  'dispatcher',
  'org_staff',
  'org_supervisor',
  'city_hall',
  'admin',
];

/**
 * Personal data planted in the fixtures: realistic and unique, so that finding one anywhere in a
 * response body means it leaked. The `mine` resident's own data is among them: only the people the
 * permission table lets read it may see it.
 */
export const personal = {
  residentName: 'Габдуллина Резеда Ильдаровна',
  residentPhone: '+79172345681',
  residentEmail: 'rezeda.gabdullina@example.invalid',
  residentApartment: '117Б',
  residentEntrance: 'подъезд 4Ж',
  residentAccount: '5500731946',
  residentEvidence: '5500731946-ЛС',
  otherName: 'Шайхутдинов Рамиль Фаридович',
  otherPhone: '+79033219874',
  otherEmail: 'ramil.sh@example.invalid',
  otherApartment: '243А',
  otherEntrance: 'подъезд 9Ю',
  otherAccount: '5500889120',
  cityBName: 'Вахрушева Ольга Николаевна',
  cityBPhone: '+79500127733',
  cityBEmail: 'olga.vakhrusheva@example.invalid',
  cityBApartment: '38В',
  cityBEntrance: 'подъезд 2Э',
  cityBAccount: '7700452201',
};

/**
 * The access matrix's city: smallCity (municipality A with the management companies `mc` and
 * `otherMc`) plus municipality B with its own company, building, resident and staff; in each of
 * the three places a building with an apartment, a meter, a resident's confirmed link, a private
 * appeal routed to the company, an outage, a planned inspection and a public passport document.
 */
export async function accessCity(t: TestApp) {
  const c = await smallCity(t.db);
  const readings = readingMakers(t.db);
  const eservicesMake = eserviceMakers(t.db);
  const appointmentsMake = appointmentMakers(t.db);
  const discussionsMake = discussionMakers(t.db);
  const interopMake = interopMakers(t.db);
  const mcB = await c.make.organisation(c.other.id, {
    kind: 'management_company',
    nameRu: 'УК «Иннополис»',
    nameEn: 'Innopolis MC',
  });
  const buildingA2 = await c.make.building(c.city.id, c.district.id, {
    street: 'ул. Пушкина',
    house: '3',
    lon: 49.135,
    lat: 55.79,
    managementCompanyId: c.otherMc.id,
  });
  const buildingB = await c.make.building(c.other.id, c.otherDistrict.id, {
    street: 'ул. Университетская',
    house: '7',
    lon: 48.745,
    lat: 55.75,
    managementCompanyId: mcB.id,
  });
  const privateB = await c.make.category(c.other.id, {
    code: 'neighbours',
    nameRu: 'Шум от соседей',
    nameEn: 'Noisy neighbours',
    public: false,
  });
  const roofB = await c.make.category(c.other.id, { code: 'roof_leak' });
  const residentB = await c.make.user(c.other.id, {
    role: 'resident',
    fullName: personal.cityBName,
    phone: personal.cityBPhone,
    email: personal.cityBEmail,
  });
  const staffB = await c.make.user(c.other.id, {
    role: 'org_staff',
    organisationId: mcB.id,
    login: `bstaff-${c.other.id}`,
  });
  const otherSupervisor = await c.make.user(c.city.id, {
    role: 'org_supervisor',
    organisationId: c.otherMc.id,
    login: `osup-${c.city.id}`,
  });
  const setPersonal = (userId: number, fullName: string, phone: string, email: string) =>
    t.db.update(s.userPersonal).set({ fullName, phone, email }).where(eq(s.userPersonal.userId, userId));
  await setPersonal(c.users.resident.id, personal.residentName, personal.residentPhone, personal.residentEmail);
  await setPersonal(c.users.otherResident.id, personal.otherName, personal.otherPhone, personal.otherEmail);

  const place = {
    mine: {
      municipalityId: c.city.id,
      org: c.mc.id,
      building: c.building.id,
      owner: c.users.resident.id,
      staff: c.users.orgStaff.id,
      admin: c.users.admin.id,
      category: c.privateCategory.id,
      publicCategory: c.roof.id,
      apartment: personal.residentApartment,
      entrance: personal.residentEntrance,
      account: personal.residentAccount,
    },
    otherOrg: {
      municipalityId: c.city.id,
      org: c.otherMc.id,
      building: buildingA2.id,
      owner: c.users.otherResident.id,
      staff: c.users.otherOrgStaff.id,
      admin: c.users.admin.id,
      category: c.privateCategory.id,
      publicCategory: c.roof.id,
      apartment: personal.otherApartment,
      entrance: personal.otherEntrance,
      account: personal.otherAccount,
    },
    otherCity: {
      municipalityId: c.other.id,
      org: mcB.id,
      building: buildingB.id,
      owner: residentB.id,
      staff: staffB.id,
      admin: c.users.otherAdmin.id,
      category: privateB.id,
      publicCategory: roofB.id,
      apartment: personal.cityBApartment,
      entrance: personal.cityBEntrance,
      account: personal.cityBAccount,
    },
  };

  const ids = {} as Record<RecordKind, Record<Variant, Record<string, number | string>>>;
  const put = (kind: RecordKind, v: Variant, params: Record<string, number | string>) => {
    ids[kind] ??= {} as Record<Variant, Record<string, number | string>>;
    ids[kind][v] = params;
  };
  const as = (userId: number) => t.signIn(userId);
  const now = new Date();
  const publicAppeals = {} as Record<Variant, { id: number; number: string; attachmentId: number }>;

  // Inspections: each municipality's admin plans the season (one per managed building).
  for (const admin of [c.users.admin.id, c.users.otherAdmin.id]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspections/plan',
      headers: await as(admin),
      payload: { year: now.getUTCFullYear(), season: 'spring' },
    });
    if (res.statusCode !== 200) throw new Error(`plan: ${res.statusCode} ${res.body}`);
  }

  for (const v of variants) {
    const p = place[v];
    put('building', v, { id: p.building });
    put('organisation', v, { id: p.org });
    put('user', v, { id: p.owner });
    put('category', v, {
      id: v === 'otherOrg' ? c.roof.id : p.category,
      category: v === 'otherOrg' ? c.roof.id : p.category,
      priority: 'normal',
    });

    const apartment = await readings.apartment(p.building, {
      number: p.apartment,
      account: p.account,
      meters: [{ kind: 'cold_water', serial: `CW-${v}-${p.building}` }],
    });
    const linkId = await readings.link(apartment.id, p.owner, 'confirmed');
    await t.db
      .update(s.apartmentLinks)
      .set({ evidence: v === 'mine' ? personal.residentEvidence : `${p.account}-ЛС` })
      .where(eq(s.apartmentLinks.id, linkId));
    await readings.history(apartment.meterIds[0], p.owner, [
      { period: `${now.getUTCFullYear() - 1}-12`, values: [120] },
    ]);
    put('apartment', v, { id: apartment.id });
    put('meter', v, { id: apartment.meterIds[0] });
    put('link', v, { id: linkId });

    // A private appeal with a photo, routed to the company.
    const privateForm = await multipart(
      {
        categoryId: String(p.category),
        buildingId: String(p.building),
        description: 'Соседи сверху шумят по ночам, после 23:00',
        entrance: p.entrance,
        apartment: p.apartment,
      },
      [{ filename: 'IMG_0002.jpg', type: 'image/jpeg', bytes: await jpegWithGps(1) }],
    );
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...(await as(p.owner)), ...privateForm.headers },
      payload: privateForm.payload,
    });
    if (filed.statusCode !== 201) throw new Error(`appeal: ${filed.statusCode} ${filed.body}`);
    const appealId = filed.json().id as number;
    await routeAppeal(contextAt(t, now), appealId);
    put('appeal', v, { id: appealId, attachmentId: filed.json().photos[0].id });

    // A public appeal with a phone's photo (EXIF with GPS and camera): its public view and photo.
    const photoForm = await multipart(
      {
        categoryId: String(p.publicCategory),
        buildingId: String(p.building),
        description: 'Течёт крыша над последним этажом',
        entrance: p.entrance,
        apartment: p.apartment,
      },
      [{ filename: 'IMG_0001.jpg', type: 'image/jpeg', bytes: await jpegWithGps() }],
    );
    const withPhoto = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...(await as(p.owner)), ...photoForm.headers },
      payload: photoForm.payload,
    });
    if (withPhoto.statusCode !== 201) throw new Error(`public appeal: ${withPhoto.statusCode} ${withPhoto.body}`);
    await routeAppeal(contextAt(t, now), withPhoto.json().id);
    publicAppeals[v] = {
      id: withPhoto.json().id,
      number: withPhoto.json().number,
      attachmentId: withPhoto.json().photos[0].id,
    };

    const outage = await t.app.inject({
      method: 'POST',
      url: '/api/outages',
      headers: await as(p.staff),
      payload: {
        service: 'cold_water',
        kind: 'planned',
        reason: 'Замена задвижки',
        startsAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
        expectedEndAt: new Date(now.getTime() + 30 * 3600_000).toISOString(),
        buildingIds: [p.building],
      },
    });
    if (outage.statusCode !== 201) throw new Error(`outage: ${outage.statusCode} ${outage.body}`);
    put('outage', v, { id: outage.json().id });

    const [inspection] = await t.db.execute<{ id: number }>(
      sql`select id from inspections where building_id = ${p.building} order by id limit 1`,
    );
    if (!inspection) throw new Error(`no inspection planned for ${v}`);
    const inspectionId = Number(inspection.id);
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${inspectionId}/start`,
      headers: await as(p.staff),
    });
    if (started.statusCode !== 200) throw new Error(`start: ${started.statusCode} ${started.body}`);
    const defectForm = await multipart(
      { element: checklistElementCodes[0], severity: 'major', description: 'Трещина в отмостке у подъезда' },
      [{ filename: 'defect.jpg', type: 'image/jpeg', bytes: await jpegWithGps() }],
    );
    const defect = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${inspectionId}/defects`,
      headers: { ...(await as(p.staff)), ...defectForm.headers },
      payload: defectForm.payload,
    });
    if (defect.statusCode !== 201) throw new Error(`defect: ${defect.statusCode} ${defect.body}`);
    const d = defect.json().defects[0];
    put('inspection', v, { id: inspectionId, defectId: d.id, attachmentId: d.photos[0].id });

    const form = await multipart({ kind: 'act', title: `Акт осмотра ${v}`, public: 'true' }, [
      { name: 'file', filename: 'act.pdf', type: 'application/pdf', bytes: pdf() },
    ]);
    const doc = await t.app.inject({
      method: 'POST',
      url: `/api/buildings/${p.building}/documents`,
      headers: { ...(await as(p.admin)), ...form.headers },
      payload: form.payload,
    });
    if (doc.statusCode !== 201) throw new Error(`document: ${doc.statusCode} ${doc.body}`);
    put('document', v, { id: doc.json().id });
    const privateDocForm = await multipart({ kind: 'act', title: `Акт вскрытия квартиры ${v}`, public: 'false' }, [
      { name: 'file', filename: 'act.pdf', type: 'application/pdf', bytes: pdf('Акт') },
    ]);
    const privateDoc = await t.app.inject({
      method: 'POST',
      url: `/api/buildings/${p.building}/documents`,
      headers: { ...(await as(p.admin)), ...privateDocForm.headers },
      payload: privateDocForm.payload,
    });
    if (privateDoc.statusCode !== 201) throw new Error(`private document: ${privateDoc.statusCode} ${privateDoc.body}`);
    put('privateDocument', v, { id: privateDoc.json().id, building: p.building });

    // A municipal service its organisation provides (the department of the place).
    const service = await eservicesMake.service(p.municipalityId, p.org);
    put('eservice', v, { id: service.id });
    // The resident's application for it, submitted with its passport.
    const application = await eserviceCalls(t).submitted(p.owner, service.id);
    put('application', v, { id: application.id, fileId: application.files[0].id });
    // Another department's application of the same resident, about which it asks the place's organisation.
    const department = await c.make.organisation(p.municipalityId, { kind: 'city_department' });
    const asking = await eservicesMake.service(p.municipalityId, department.id);
    const [worked] = await t.db
      .insert(s.applications)
      .values({
        municipalityId: p.municipalityId,
        serviceId: asking.id,
        formVersion: 1,
        departmentId: department.id,
        applicantId: p.owner,
        applicantKind: 'person',
        status: 'in_progress',
        number: `${asking.code}-${now.getUTCFullYear()}-000001`,
      })
      .returning();
    const [asked] = await t.db
      .insert(s.interagencyRequests)
      .values({
        applicationId: worked.id,
        organisationId: p.org,
        question: 'Есть ли техническая возможность подключения к водопроводу?',
        termDays: 5,
        dueOn: now.toISOString().slice(0, 10),
        askedBy: p.admin,
      })
      .returning();
    put('interagency', v, { id: asked.id });

    // The electronic queue: an office of the place's organisation with a point its staff operate, a
    // service of the municipality, the resident's appointment there a week ahead at 10:00 and a
    // walk-in's ticket of today.
    const office = await appointmentsMake.office(p.municipalityId, p.org, { code: `office-${v}` });
    // Every office's kiosks present one key (tests/access/routes.ts).
    await t.db
      .update(s.offices)
      .set({ kioskKeyHash: createHash('sha256').update('access-kiosk-key').digest('hex') })
      .where(eq(s.offices.id, office.id));
    // A day the office is closed, a year ahead: what the admin's DELETE of an exception takes back.
    const [closedDay] = await t.db
      .insert(s.scheduleExceptions)
      .values({
        officeId: office.id,
        date: localDate(new Date(now.getTime() + 365 * 86_400_000), 'Europe/Moscow'),
        hours: null,
        reason: 'Санитарный день',
      })
      .returning();
    const visit = await appointmentsMake.service(p.municipalityId, { code: `visit-${v}` });
    // The service it gives, for the routes that read an office's days and free times of one.
    put('office', v, { id: office.id, serviceId: visit.id, exceptionId: closedDay.id });
    put('appointment_service', v, { id: visit.id });
    const point = await appointmentsMake.point(office.id, [{ serviceId: visit.id, slotMinutes: 15 }], {
      label: `окно ${v}`,
      operators: [p.staff],
    });
    put('point', v, { id: point.id });
    const weekAhead = new Date(now.getTime() + 7 * 86_400_000);
    const appointment = await appointmentsMake.appointment({
      municipalityId: p.municipalityId,
      officeId: office.id,
      pointId: point.id,
      serviceId: visit.id,
      userId: p.owner,
      startsAt: new Date(`${weekAhead.toISOString().slice(0, 10)}T07:00:00Z`),
    });
    put('appointment', v, { id: appointment.id });
    const ticket = await appointmentsMake.ticket({
      officeId: office.id,
      day: localDate(now, 'Europe/Moscow'),
      serviceId: visit.id,
      seq: 1,
    });
    put('ticket', v, { id: ticket.id });
    // The place's resident checked in today for another service and called to the point: the
    // console shows their name to the office's staff, and nothing of them reaches the hall display.
    const documents = await appointmentsMake.service(p.municipalityId, { code: `docs-${v}`, letter: 'Б' });
    await t.db.insert(s.servicePointServices).values({ pointId: point.id, serviceId: documents.id, slotMinutes: 15 });
    const today = localDate(now, 'Europe/Moscow');
    const visitToday = await appointmentsMake.appointment({
      municipalityId: p.municipalityId,
      officeId: office.id,
      pointId: point.id,
      serviceId: documents.id,
      userId: p.owner,
      startsAt: new Date(`${today}T06:00:00Z`),
      status: 'checked_in',
    });
    await appointmentsMake.ticket({
      officeId: office.id,
      day: today,
      serviceId: documents.id,
      letter: 'Б',
      seq: 1,
      appointmentId: visitToday.id,
      status: 'called',
      pointId: point.id,
    });
  }

  // Public discussions: an open discussion organised by the place's organisation around its
  // building, with a document and the place's resident's proposal (accepted, so that it is public
  // without its author); the resident's verified identity names them and their address.
  for (const v of variants) {
    const p = place[v];
    const [b] = await t.db
      .select({ x: sql<number>`(${s.buildings.location})[0]`, y: sql<number>`(${s.buildings.location})[1]` })
      .from(s.buildings)
      .where(eq(s.buildings.id, p.building));
    const discussion = await discussionsMake.discussion(p.municipalityId, p.org, p.admin, {
      status: 'open',
      territory: squareTerritory(b.x, b.y, 0.002),
      title: `Проект планировки квартала ${v}`,
    });
    const document = await discussionsMake.document(discussion.id, p.admin);
    // Its stored file, so that the document downloads.
    const documentFile = path.join(t.config.uploadsDir, document.storagePath);
    await mkdir(path.dirname(documentFile), { recursive: true });
    await writeFile(documentFile, pdf());
    const fullName = v === 'mine' ? personal.residentName : v === 'otherOrg' ? personal.otherName : personal.cityBName;
    const proposal = await discussionsMake.proposal(discussion.id, p.owner, {
      status: 'accepted',
      author: { fullName, address: `кв. ${p.apartment}`, birthDate: '1984-07-23' },
    });
    await discussionsMake.identity(p.owner, { fullName, buildingId: p.building, address: `кв. ${p.apartment}` });
    // The proposal's attachment: its author's and the organiser's only (it may hold personal data).
    const attachment = pdf(`Предложение ${v}`);
    const stored = await storeContent(t.config.uploadsDir, attachment, 'pdf', 'files[0]');
    const [file] = await t.db
      .insert(s.proposalFiles)
      .values({
        proposalId: proposal.id,
        name: 'схема.pdf',
        mediaType: 'application/pdf',
        size: attachment.length,
        ...stored,
      })
      .returning();
    put('discussion', v, { id: discussion.id, documentId: document.id });
    put('discussion_document', v, { id: document.id, discussionId: discussion.id });
    put('proposal', v, { id: proposal.id, discussionId: discussion.id, fileId: file.id });
  }

  // Interoperability: an Open311 client of the place's municipality and an import run by its admin.
  for (const v of variants) {
    const p = place[v];
    const { client } = await interopMake.apiClient(p.municipalityId, { createdBy: p.admin, name: `Приложение ${v}` });
    const run = await interopMake.importRun(p.municipalityId, { startedBy: p.admin });
    put('api_client', v, { id: client.id });
    put('import_run', v, { id: run.id });
  }

  // Routing rules come after the appeals, so that they route none of them.
  for (const v of variants) {
    const p = place[v];
    const [rule] = await t.db
      .insert(s.routingRules)
      .values({ municipalityId: p.municipalityId, categoryId: p.category, targetOrgId: p.org, priority: 1 })
      .returning();
    put('rule', v, { id: rule.id });
  }

  /** The record of a variant as the permission table sees it. */
  const resourceOf = (kind: RecordKind, v: Variant): Resource => {
    const p = place[v];
    if (
      kind === 'category' ||
      kind === 'rule' ||
      kind === 'eservice' ||
      kind === 'appointment_service' ||
      kind === 'api_client' ||
      kind === 'import_run'
    )
      return { municipalityId: p.municipalityId };
    if (kind === 'user') return { municipalityId: p.municipalityId, ownerId: p.owner };
    return { municipalityId: p.municipalityId, organisationIds: [p.org], ownerId: p.owner };
  };

  const users: Record<
    Exclude<Principal, 'anonymous'>,
    { id: number; municipalityId: number; organisationId: number | null }
  > = {
    resident: c.users.resident,
    dispatcher: c.users.dispatcher,
    org_staff: c.users.orgStaff,
    org_supervisor: c.users.orgSupervisor,
    city_hall: c.users.cityHall,
    admin: c.users.admin,
  };
  const actorOf = (who: Principal): Actor => {
    if (who === 'anonymous') return null;
    const u = users[who];
    return { userId: u.id, role: who, municipalityId: u.municipalityId, organisationId: u.organisationId };
  };

  return {
    c,
    publicAppeals,
    mcB,
    buildingA2,
    buildingB,
    residentB,
    staffB,
    otherSupervisor,
    ids,
    place,
    resourceOf,
    users,
    actorOf,
    square,
  };
}
