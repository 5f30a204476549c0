/**
 * The municipality's catalogue of services one books (issue 16): its admin keeps it; an
 * organisation's supervisor reads it to choose what their points give. Deactivating a service stops
 * new bookings of it; appointments already booked stay (the points still give it until changed).
 */
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import {
  type AppointmentServiceRow,
  eserviceMunicipality,
  getAppointmentService,
  insertAppointmentService,
  listAppointmentServices,
  recordOfficeChange,
  updateAppointmentService,
} from '../../db/queries/office-admin.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, HttpProblem, Unprocessable } from '../errors.ts';
import { changedFields } from './offices.ts';
import type { AppointmentServiceCreate, AppointmentServicePatch } from './schemas.ts';

export const appointmentServiceView = (s: AppointmentServiceRow) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  description: s.description,
  purpose: s.purpose,
  eserviceId: s.eserviceId,
  letter: s.letter,
  active: s.active,
  version: s.version,
});

/** Every service of the actor's municipality, inactive ones too. */
export async function listCatalogueServices(ctx: Context) {
  const actor = signedInActor(ctx);
  return { items: (await listAppointmentServices(ctx.db, actor.municipalityId)).map(appointmentServiceView) };
}

function adminOnly(ctx: Context) {
  const actor = signedInActor(ctx);
  if (scopeOf(actor, 'office.manage') !== 'municipality')
    throw new HttpProblem(403, 'forbidden', { id: 'office.catalogue_admin_only' });
  return actor;
}

async function eserviceProblem(ctx: Context, municipalityId: number, eserviceId: number | null | undefined) {
  if (eserviceId == null) return;
  if ((await eserviceMunicipality(ctx.db, eserviceId)) !== municipalityId)
    throw new Unprocessable({ id: 'office.invalid' }, [
      { field: 'body.eserviceId', reason: { id: 'office.field.no_such_eservice' } },
    ]);
}

const codeTaken = (err: unknown) =>
  violatedUniqueConstraint(err) === 'appointment_services_code_uq'
    ? new Conflict({ id: 'office.code_taken' }, { field: 'code' })
    : err;

/** A new service one may book. */
export async function createCatalogueService(ctx: Context, input: AppointmentServiceCreate) {
  const actor = adminOnly(ctx);
  await eserviceProblem(ctx, actor.municipalityId, input.eserviceId);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await insertAppointmentService(tx.db, { municipalityId: actor.municipalityId, ...input });
      await recordOfficeChange(tx.db, {
        municipalityId: actor.municipalityId,
        officeId: null,
        subject: 'appointment_service',
        subjectId: row.id,
        action: 'created',
        changes: { record: { ...input } },
        actorId: actor.userId,
        at: tx.clock(),
      });
      return appointmentServiceView(row);
    });
  } catch (err) {
    throw codeTaken(err);
  }
}

/** Change a service's texts, purpose, linked e-service, letter or whether one may book it. */
export async function patchCatalogueService(ctx: Context, id: number, patch: AppointmentServicePatch) {
  const actor = signedInActor(ctx);
  const current = await getAppointmentService(ctx.db, id);
  if (!current || !can(actor, 'office.manage', { municipalityId: current.municipalityId }))
    throw new HttpProblem(404, 'not-found', { id: 'office.service_not_found' });
  await eserviceProblem(ctx, current.municipalityId, patch.eserviceId);
  const { version, ...set } = patch;
  return inTransaction(ctx, async (tx) => {
    const updated = await updateAppointmentService(tx.db, id, version, set);
    if (!updated) throw new Conflict({ id: 'office.changed_meanwhile' }, { code: 'stale' });
    await recordOfficeChange(tx.db, {
      municipalityId: current.municipalityId,
      officeId: null,
      subject: 'appointment_service',
      subjectId: id,
      action: 'updated',
      changes: changedFields(current, set),
      actorId: actor.userId,
      at: tx.clock(),
    });
    return appointmentServiceView(updated);
  });
}
