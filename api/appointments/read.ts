/** Reading appointments: one's own list, one appointment with its steps, its booking code as a QR. */
import qrcode from 'qrcode-generator';
import {
  type Appointment,
  appointmentEvents,
  appointmentsOf,
  applicationNumberOf,
  getAppointment,
  getAppointmentService,
  getOffice,
  personOf,
  pointLabel,
} from '../../db/queries/appointments.ts';
import { municipalityZone } from '../../db/queries/eservices.ts';
import type { Office } from '../../db/queries/offices.ts';
import { liveAppointmentStatuses, mayChange } from '../../dispatch/appointments.ts';
import { can, type Resource } from '../../dispatch/permissions.ts';
import { type Context, signedInActor } from '../context.ts';
import { NotFound } from '../errors.ts';

const MINUTE = 60_000;

/** An appointment as the permission table sees it: the office's organisation, and the person. */
export const appointmentResource = (a: Pick<Appointment, 'municipalityId' | 'userId'>, office: Office): Resource => ({
  municipalityId: a.municipalityId,
  organisationIds: [office.organisationId],
  ownerId: a.userId,
});

/** The appointment and its office, if the actor may read it (404 otherwise). */
export async function loadAppointment(ctx: Context, id: number) {
  const a = await getAppointment(ctx.db, id);
  const office = a ? await getOffice(ctx.db, a.officeId) : null;
  if (!a || !office || !can(ctx.actor, 'appointment.read', appointmentResource(a, office)))
    throw new NotFound('appointment');
  return { a, office };
}

/** 'K7M29QXD' as people read it: 'K7M2-9QXD'. */
export const shownCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** The appointment's summary: where, when, what, and until when the resident may change it. */
export async function appointmentSummary(ctx: Context, a: Appointment, office: Office) {
  const service = (await getAppointmentService(ctx.db, a.serviceId))!;
  const zone = await municipalityZone(ctx.db, a.municipalityId);
  const changeUntil = a.startsAt.getTime() - office.rules.changeCutoffMinutes * MINUTE;
  return {
    id: a.id,
    code: shownCode(a.code),
    status: a.status,
    version: a.version,
    office: {
      id: office.id,
      name: office.name,
      address: office.address,
      lon: office.lon,
      lat: office.lat,
      howToFind: office.howToFind ?? null,
    },
    point: { id: a.pointId, label: await pointLabel(ctx.db, a.pointId) },
    service: { id: service.id, name: service.name, description: service.description, purpose: service.purpose },
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    timeZone: zone.timeZone,
    applicationNumber: a.applicationId ? await applicationNumberOf(ctx.db, a.applicationId) : null,
    changeUntil: new Date(changeUntil).toISOString(),
    mayChange: a.status === 'booked' && mayChange(a.startsAt.getTime(), ctx.clock().getTime(), office.rules),
  };
}

/** One appointment with its steps; the office's staff see who comes (name and phone). */
export async function appointmentDetail(ctx: Context, id: number) {
  const { a, office } = await loadAppointment(ctx, id);
  const own = ctx.actor?.userId === a.userId;
  const personal = !own && can(ctx.actor, 'appointment.read_personal', appointmentResource(a, office));
  const events = await appointmentEvents(ctx.db, a.id);
  return {
    ...(await appointmentSummary(ctx, a, office)),
    person: personal ? await personOf(ctx.db, a.userId) : null,
    steps: events.map((e) => ({
      step: e.step,
      at: e.at.toISOString(),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      by: e.actorId === null ? ('system' as const) : e.actorId === a.userId ? ('person' as const) : ('office' as const),
      note: e.note,
    })),
  };
}

/** The signed-in person's appointments: upcoming (live, the soonest first) and past (the latest first). */
export async function myAppointments(ctx: Context) {
  const actor = signedInActor(ctx);
  const rows = await appointmentsOf(ctx.db, actor.userId);
  const now = ctx.clock().getTime();
  type Summary = Awaited<ReturnType<typeof appointmentSummary>>;
  const upcoming: Summary[] = [];
  const past: Summary[] = [];
  for (const a of rows) {
    const office = (await getOffice(ctx.db, a.officeId))!;
    const view = await appointmentSummary(ctx, a, office);
    const live = liveAppointmentStatuses.includes(a.status) && a.endsAt.getTime() > now;
    (live ? upcoming : past).push(view);
  }
  upcoming.reverse();
  return { upcoming, past };
}

/** The booking code as an SVG QR code (what the kiosk's scanner reads). */
export async function appointmentQr(ctx: Context, id: number): Promise<string> {
  const { a } = await loadAppointment(ctx, id);
  const qr = qrcode(0, 'M');
  qr.addData(a.code);
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 8, scalable: true });
}
