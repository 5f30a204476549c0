/** The catalogue of municipal e-services: the public list and card, and the admin's changes. */
import { findMunicipality } from '../../db/queries/municipalities.ts';
import {
  getForm,
  getService,
  insertForm,
  listServices,
  lockService,
  type Service,
  updateService,
} from '../../db/queries/eservices.ts';
import type { FormField } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, type FieldProblem, NotFound, Unprocessable } from '../errors.ts';
import type { FormInput, ServicePatch } from './schemas.ts';

export const serviceSummaryView = (s: Service) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  description: s.description,
  resultKind: s.resultKind,
  termDays: s.termDays,
  termUnit: s.termUnit,
});

export const serviceDetailView = (s: Service, fields: FormField[]) => ({
  ...serviceSummaryView(s),
  departmentId: s.departmentId,
  applicantKinds: s.applicantKinds,
  documents: s.documents,
  pausable: s.pausable,
  stages: s.stages,
  refusalGrounds: s.refusalGrounds,
  collection: s.collection,
  active: s.active,
  version: s.version,
  form: { version: s.formVersion, fields },
});

/** A municipality's services anyone may apply for, found by words of their names. */
export async function listCatalogue(ctx: Context, municipalityCode: string | undefined, q: string | undefined) {
  const municipality = await findMunicipality(ctx.db, municipalityCode);
  if (!municipality) throw new NotFound('municipality');
  const rows = await listServices(ctx.db, municipality.id, q || undefined);
  return { items: rows.map(serviceSummaryView) };
}

/** The admin's list of their municipality's services, inactive ones too, with their department and form version. */
export async function listManagedServices(ctx: Context, q: string | undefined) {
  const actor = signedInActor(ctx);
  const rows = await listServices(ctx.db, actor.municipalityId, q || undefined, true);
  return {
    items: rows.map((s) => ({
      ...serviceSummaryView(s),
      departmentId: s.departmentId,
      active: s.active,
      formVersion: s.formVersion,
    })),
  };
}

/**
 * A service as offered: 404 when inactive (to all but its municipality's admin) or, when a
 * municipality is named, of another municipality.
 */
export async function offeredService(ctx: Context, id: number, municipalityCode?: string): Promise<Service> {
  const service = await getService(ctx.db, id);
  const manages = service && can(ctx.actor, 'eservice.manage', { municipalityId: service.municipalityId });
  if (!service || (!service.active && !manages)) throw new NotFound('eservice');
  if (municipalityCode) {
    const municipality = await findMunicipality(ctx.db, municipalityCode);
    if (!municipality || municipality.id !== service.municipalityId) throw new NotFound('eservice');
  }
  return service;
}

/** The card of a service with its current form. */
export async function showService(ctx: Context, id: number, municipalityCode?: string) {
  const service = await offeredService(ctx, id, municipalityCode);
  return serviceDetailView(service, (await getForm(ctx.db, service.id, service.formVersion)) ?? []);
}

/** A service of the admin's municipality (another's does not exist for them). */
async function managedService(ctx: Context, id: number): Promise<Service> {
  const service = await getService(ctx.db, id);
  if (!service || !can(ctx.actor, 'eservice.manage', { municipalityId: service.municipalityId }))
    throw new NotFound('eservice');
  return service;
}

function duplicates<T>(
  items: readonly T[] | undefined,
  key: (t: T) => string,
  field: string,
  reason: FieldProblem['reason'],
) {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  (items ?? []).forEach((item, n) => {
    if (seen.has(key(item)))
      problems.push({ field: `body.${field}.${n}.${field === 'fields' ? 'key' : 'code'}`, reason });
    seen.add(key(item));
  });
  return problems;
}

/** Change a service's texts, term, stages, grounds or documents; a stale version is a 409. */
export async function patchService(ctx: Context, id: number, patch: ServicePatch) {
  await managedService(ctx, id);
  const problems = [
    ...duplicates(patch.stages, (s) => s.code, 'stages', { id: 'eservice.field.stage_code_twice' }),
    ...duplicates(patch.refusalGrounds, (g) => g.code, 'refusalGrounds', { id: 'eservice.field.ground_code_twice' }),
  ];
  if (problems.length > 0) throw new Unprocessable({ id: 'eservice.invalid' }, problems);
  const { version, ...set } = patch;
  const updated = await updateService(ctx.db, id, version, { ...set, updatedAt: ctx.clock() });
  if (!updated) throw new Conflict({ id: 'eservice.changed_meanwhile' }, { code: 'stale' });
  return serviceDetailView(updated, (await getForm(ctx.db, updated.id, updated.formVersion)) ?? []);
}

function formFieldProblems(fields: FormInput['fields']): FieldProblem[] {
  const problems = duplicates(fields, (f) => f.key, 'fields', { id: 'eservice.field.field_key_twice' });
  fields.forEach((f, n) => {
    if (f.type === 'choice' && !f.choices?.length)
      problems.push({ field: `body.fields.${n}.choices`, reason: { id: 'eservice.field.choices_needed' } });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern);
      } catch {
        problems.push({ field: `body.fields.${n}.pattern`, reason: { id: 'eservice.field.bad_pattern' } });
      }
    }
  });
  return problems;
}

/** A new version of the service's form; applications filed before keep theirs. */
export async function publishForm(ctx: Context, id: number, input: FormInput) {
  await managedService(ctx, id);
  const problems = formFieldProblems(input.fields);
  if (problems.length > 0) throw new Unprocessable({ id: 'eservice.invalid' }, problems);
  return inTransaction(ctx, async (tx) => {
    const service = (await lockService(tx.db, id))!;
    const formVersion = service.formVersion + 1;
    await insertForm(tx.db, {
      serviceId: id,
      version: formVersion,
      fields: input.fields as FormField[],
      createdBy: ctx.actor!.userId,
      createdAt: ctx.clock(),
    });
    const updated = (await updateService(tx.db, id, service.version, { formVersion, updatedAt: ctx.clock() }))!;
    return serviceDetailView(updated, input.fields as FormField[]);
  });
}
