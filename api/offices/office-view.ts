/** An office as its keeper reads it, and the check that the actor keeps it. */
import {
  exceptionsOfOffice,
  getOffice,
  listAppointmentServices,
  type OfficeRow,
  organisationOf,
  organisationStaff,
  pointsOfOffice,
} from '../../db/queries/office-admin.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { can, type Resource } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { HttpProblem } from '../errors.ts';

/** How far ahead the office's page lists its exceptions. */
const EXCEPTIONS_AHEAD_DAYS = 90;

export const officeResource = (o: Pick<OfficeRow, 'municipalityId' | 'organisationId'>): Resource => ({
  municipalityId: o.municipalityId,
  organisationIds: [o.organisationId],
});

export const officeNotFound = () => new HttpProblem(404, 'not-found', { id: 'office.not_found' });

/** An office the actor keeps (another one does not exist for them). */
export async function keptOffice(ctx: Context, id: number, lock?: (id: number) => Promise<OfficeRow | undefined>) {
  const office = lock ? await lock(id) : await getOffice(ctx.db, id);
  if (!office || !can(ctx.actor, 'office.manage', officeResource(office))) throw officeNotFound();
  return office;
}

export const exceptionView = (e: {
  id: number;
  date: string;
  pointId: number | null;
  hours: { start: string; end: string }[] | null;
  reason: string;
}) => ({ id: e.id, date: e.date, pointId: e.pointId, hours: e.hours ?? null, reason: e.reason });

/** Everything of an office its keeper reads: points with services and operators, exceptions ahead, the choices. */
export async function officeDetailView(ctx: Context, office: OfficeRow, lang: Language, cancelledAppointments = 0) {
  const today = localDate(ctx.clock(), 'Europe/Moscow');
  const [points, exceptions, staff, catalogue, organisation] = await Promise.all([
    pointsOfOffice(ctx.db, office.id),
    exceptionsOfOffice(ctx.db, office.id, today, addDays(today, EXCEPTIONS_AHEAD_DAYS)),
    organisationStaff(ctx.db, office.organisationId),
    listAppointmentServices(ctx.db, office.municipalityId),
    organisationOf(ctx.db, office.organisationId),
  ]);
  return {
    ...officeSummaryView(
      office,
      organisation ? (lang === 'en' ? organisation.nameEn : organisation.nameRu) : '',
      points.filter((p) => p.point.active).length,
    ),
    lon: office.lon,
    lat: office.lat,
    howToFind: office.howToFind ?? null,
    week: office.week,
    rules: office.rules,
    points: points.map(({ point, services, operatorIds }) => ({
      id: point.id,
      label: point.label,
      kind: point.kind,
      week: point.week ?? null,
      active: point.active,
      version: point.version,
      services: services.map((s) => ({
        serviceId: s.serviceId,
        name: s.name,
        letter: s.letter,
        slotMinutes: s.slotMinutes,
      })),
      operators: operatorIds,
    })),
    exceptions: exceptions.map(exceptionView),
    staff: staff.map((u) => ({
      id: u.id,
      name: u.fullName ?? u.login ?? `#${u.id}`,
      role: u.role as 'org_staff' | 'org_supervisor',
    })),
    catalogue: catalogue.map((s) => ({ id: s.id, name: s.name, letter: s.letter, active: s.active })),
    cancelledAppointments,
  };
}

export function officeSummaryView(office: OfficeRow, organisationName: string, points: number) {
  return {
    id: office.id,
    code: office.code,
    name: office.name,
    address: office.address,
    organisationId: office.organisationId,
    organisationName,
    active: office.active,
    points,
    version: office.version,
  };
}
