import type { Db } from '../../db/client.ts';
import {
  buildingsServedBy,
  getAdminOrganisation,
  insertOrganisation,
  listAdminOrganisations,
  type OrganisationFields,
  type OrganisationRow,
  updateOrganisationRow,
} from '../../db/queries/admin-directory.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { listOrganisations } from '../../db/queries/organisations.ts';
import { foreignDistrictIds } from '../../db/queries/routing.ts';
import type { OrganisationKind } from '../../dispatch/taxonomy.ts';
import type { WorkingHours } from '../../db/schema/types.ts';
import { type Context, inTransaction } from '../context.ts';
import type { Page } from '../directory/crud.ts';
import { municipalityOf, type UniqueFields, uniquely } from '../directory/unique.ts';
import { type FieldProblem, NotFound, Unprocessable } from '../errors.ts';
import type { AdminOrganisation, OrganisationInput, OrganisationPatch } from './schemas.ts';

/*
 * The organisations of a municipality: the public directory residents and dispatchers read, and the
 * admin's records of their own municipality (another municipality's answer 404, as if they did not
 * exist). Changes take effect for the next appeal; each is logged with the actor and the record.
 */

const OrganisationNotFound = () => new NotFound('organisation');
const cannotSave = (errors: FieldProblem[]) => new Unprocessable({ id: 'organisation.cannot_save' }, errors);

const organisationUnique: UniqueFields = {
  organisations_municipality_code_uq: ['body.code', { id: 'directory.code_taken' }],
};

/** The public directory of a municipality's organisations (the first municipality when no code). */
export async function publicOrganisations(ctx: Context, municipalityCode: string | undefined) {
  const municipality = await findMunicipality(ctx.db, municipalityCode);
  if (!municipality) throw new NotFound('municipality');
  return listOrganisations(ctx.db, municipality.id);
}

/** The admin's view of an organisation. */
export const organisationView = (o: OrganisationRow): AdminOrganisation => ({
  id: o.id,
  kind: o.kind,
  code: o.code,
  nameRu: o.nameRu,
  nameEn: o.nameEn,
  districtId: o.districtId,
  phone: o.phone,
  email: o.email,
  address: o.address,
  website: o.website,
  workingHours: o.workingHours,
  createdAt: o.createdAt.toISOString(),
});

/** The admin's organisations, by name, filtered. */
export async function findOrganisations(
  ctx: Context,
  filter: { q?: string; kind?: OrganisationKind; districtId?: number } & Page,
): Promise<AdminOrganisation[]> {
  const rows = await listAdminOrganisations(ctx.db, municipalityOf(ctx.actor), filter);
  return rows.map(organisationView);
}

export async function getOrganisation(ctx: Context, id: number): Promise<AdminOrganisation> {
  const row = await getAdminOrganisation(ctx.db, municipalityOf(ctx.actor), id);
  if (!row) throw OrganisationNotFound();
  return organisationView(row);
}

async function organisationProblems(db: Db, municipalityId: number, o: OrganisationFields): Promise<FieldProblem[]> {
  const errors: FieldProblem[] = [];
  if (o.kind === 'district_administration' && o.districtId == null) {
    errors.push({ field: 'body.districtId', reason: { id: 'organisation.district_required' } });
  }
  if (o.districtId != null && (await foreignDistrictIds(db, municipalityId, [o.districtId])).length > 0) {
    errors.push({ field: 'body.districtId', reason: { id: 'directory.district_unknown' } });
  }
  return errors;
}

/** An admin adds an organisation; its code is unique in the municipality (409 naming `body.code`). */
export async function createOrganisation(ctx: Context, input: OrganisationInput): Promise<AdminOrganisation> {
  const municipalityId = municipalityOf(ctx.actor);
  const fields: OrganisationFields = { ...input, workingHours: input.workingHours as WorkingHours };
  const errors = await organisationProblems(ctx.db, municipalityId, fields);
  if (errors.length > 0) throw cannotSave(errors);
  const row = await uniquely(() => insertOrganisation(ctx.db, municipalityId, fields, ctx.clock()), organisationUnique);
  ctx.log.info(
    { actorId: ctx.actor?.userId, municipalityId, organisationId: row.id, organisation: fields },
    'organisation created',
  );
  return organisationView(row);
}

/**
 * An admin changes an organisation's fields. Its kind cannot change while buildings name it as their
 * management company or supplier: the router would keep sending it their appeals.
 */
export async function updateOrganisation(
  ctx: Context,
  id: number,
  patch: OrganisationPatch,
): Promise<AdminOrganisation> {
  const municipalityId = municipalityOf(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const before = await getAdminOrganisation(tx.db, municipalityId, id, { lock: true });
    if (!before) throw OrganisationNotFound();
    const { id: _id, municipalityId: _m, createdAt: _c, ...current } = before;
    const fields: OrganisationFields = {
      ...current,
      ...patch,
      workingHours: (patch.workingHours ?? before.workingHours) as WorkingHours,
    };
    const errors = await organisationProblems(tx.db, municipalityId, fields);
    if (fields.kind !== before.kind) {
      const served = await buildingsServedBy(tx.db, before.id);
      if (served > 0) {
        errors.push({ field: 'body.kind', reason: { id: 'organisation.kind_in_use', params: { buildings: served } } });
      }
    }
    if (errors.length > 0) throw cannotSave(errors);
    const row = (await uniquely(
      () => updateOrganisationRow(tx.db, municipalityId, before.id, fields),
      organisationUnique,
    )) as OrganisationRow;
    ctx.log.info(
      {
        actorId: ctx.actor?.userId,
        municipalityId,
        organisationId: row.id,
        before: organisationView(before),
        change: patch,
      },
      'organisation updated',
    );
    return organisationView(row);
  });
}
