import {
  adminBuildingsByIds,
  type BuildingRow,
  getAdminBuilding,
  insertBuilding,
  listAdminBuildings,
  openAppealsOfBuilding,
  updateBuildingRow,
} from '../../db/queries/admin-directory.ts';
import {
  buildingsInBox,
  buildingsOfOrganisation,
  getBuildingPassport,
  nearestBuildings,
  searchBuildings,
} from '../../db/queries/buildings.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { recordSummaryChanges } from '../../db/queries/passports.ts';
import { normaliseAddress } from '../../dispatch/address.ts';
import { type Context, inTransaction } from '../context.ts';
import type { Page } from '../directory/crud.ts';
import { municipalityOf, taken } from '../directory/unique.ts';
import { BadRequest, type FieldProblem, HttpProblem, NotFound, Unprocessable } from '../errors.ts';
import { buildingCondition } from '../inspections/read-inspections.ts';
import { type BuildingDraft, checkBuilding } from './check-building.ts';
import {
  type AdminBuilding,
  type BuildingFilter,
  type BuildingInput,
  type BuildingPatch,
  MAX_BOX_RESULTS,
  MAX_SEARCH_DEPTH,
  type Passport,
  type PublicBuildingsQuery,
  passportKeys,
  type Suppliers,
  supplierColumns,
  supplierKeys,
} from './schemas.ts';

/*
 * Buildings: the public search and passport residents read, and the admin's records of their own
 * municipality (another municipality's answer 404). A new management company or supplier answers the
 * appeals filed from now on; open appeals stay with the organisation that holds them.
 */

const BuildingNotFound = () => new NotFound('building');

/** Buildings found by address, in a box, or served by an organisation (one of the three is needed). */
export async function listPublicBuildings(ctx: Context, query: PublicBuildingsQuery) {
  const { q, bbox, organisationId } = query;
  if (!q && !bbox && organisationId === undefined) {
    throw new BadRequest({ id: 'building.search_filter_missing' }, [
      { field: 'querystring.q', reason: { id: 'building.search_filter_required' } },
    ]);
  }
  const municipality = await findMunicipality(ctx.db, query.municipality);
  if (!municipality) throw new NotFound('municipality');
  if (organisationId !== undefined && !q && !bbox) {
    const limit = query.limit ?? MAX_BOX_RESULTS;
    const items = await buildingsOfOrganisation(ctx.db, municipality.id, organisationId, limit + 1);
    return { items: items.slice(0, limit), truncated: items.length > limit };
  }
  if (q) {
    const limit = query.limit ?? 20;
    const normalised = normaliseAddress(q);
    if (!normalised) return { items: [], truncated: false };
    const items = await searchBuildings(ctx.db, municipality.id, normalised, Math.min(limit, 100));
    return { items, truncated: false };
  }
  const limit = query.limit ?? MAX_BOX_RESULTS;
  const items = await buildingsInBox(ctx.db, bbox as NonNullable<typeof bbox>, limit + 1, municipality.id);
  return { items: items.slice(0, limit), truncated: items.length > limit };
}

/** The buildings nearest to a point, within `within` metres; 404 when there is none. */
export async function buildingsNear(ctx: Context, p: { lat: number; lon: number; limit: number; within: number }) {
  const items = await nearestBuildings(ctx.db, p.lon, p.lat, p.limit, { withinMetres: p.within });
  if (items.length === 0)
    throw new HttpProblem(404, 'not-found', { id: 'building.none_within', params: { metres: p.within } });
  return items;
}

/** A building's public passport: address, who serves it, its technical passport and condition. */
export async function publicBuildingPassport(ctx: Context, id: number) {
  const row = await getBuildingPassport(ctx.db, id);
  if (!row) throw BuildingNotFound();
  const b = row.building;
  return {
    id: b.id,
    address: b.address,
    street: b.street,
    house: b.house,
    block: b.block,
    postcode: b.postcode,
    lon: b.location.x,
    lat: b.location.y,
    district: row.district,
    managementCompany: row.managementCompany,
    suppliers: {
      coldWater: row.coldWater,
      hotWater: row.hotWater,
      heating: row.heating,
      electricity: row.electricity,
      gas: row.gas,
    },
    passport: passportOf(b),
    condition: await buildingCondition(ctx.db, b.id),
  };
}

const suppliersOf = (b: BuildingRow): Suppliers =>
  Object.fromEntries(supplierKeys.map((k) => [k, b[supplierColumns[k]]])) as Suppliers;
const passportOf = (b: Pick<BuildingRow, keyof Passport>): Passport =>
  Object.fromEntries(passportKeys.map((k) => [k, b[k]])) as Passport;
const noSuppliers: Suppliers = { coldWater: null, hotWater: null, heating: null, electricity: null, gas: null };
const emptyPassport = Object.fromEntries(passportKeys.map((k) => [k, null])) as Passport;

/** The admin's view of a building. */
export const buildingView = (b: BuildingRow): AdminBuilding => ({
  id: b.id,
  address: b.address,
  street: b.street,
  house: b.house,
  block: b.block,
  postcode: b.postcode,
  location: { lat: b.location.y, lon: b.location.x },
  districtId: b.districtId,
  managementCompanyId: b.managementCompanyId,
  suppliers: suppliersOf(b),
  passport: passportOf(b),
  updatedAt: b.updatedAt.toISOString(),
});

/**
 * The admin's buildings: with `q` the address search residents use, best matches first, at most
 * MAX_SEARCH_DEPTH deep; else by address.
 */
export async function findBuildings(ctx: Context, f: BuildingFilter & Page): Promise<AdminBuilding[]> {
  const municipalityId = municipalityOf(ctx.actor);
  const without = f.withoutManagementCompany === 'true';
  if (f.q === undefined) {
    const rows = await listAdminBuildings(ctx.db, municipalityId, { ...f, withoutManagementCompany: without });
    return rows.map(buildingView);
  }
  const normalised = normaliseAddress(f.q);
  if (!normalised || f.offset >= MAX_SEARCH_DEPTH) return [];
  // The filters apply to the ranked matches, so each page reads them all (a few hundred rows at most).
  const found = await searchBuildings(ctx.db, municipalityId, normalised, MAX_SEARCH_DEPTH);
  const rows = (
    await adminBuildingsByIds(
      ctx.db,
      municipalityId,
      found.map((b) => b.id),
    )
  ).filter(
    (b) =>
      (f.districtId === undefined || b.districtId === f.districtId) &&
      (f.managementCompanyId === undefined || b.managementCompanyId === f.managementCompanyId) &&
      (!without || b.managementCompanyId === null),
  );
  return rows.slice(f.offset, f.offset + f.limit).map(buildingView);
}

export async function getBuilding(ctx: Context, id: number): Promise<AdminBuilding> {
  const row = await getAdminBuilding(ctx.db, municipalityOf(ctx.actor), id);
  if (!row) throw BuildingNotFound();
  return buildingView(row);
}

const refused = (checked: { errors: FieldProblem[]; duplicateOf?: number }) =>
  checked.duplicateOf !== undefined
    ? taken(checked.errors[0].field, checked.errors[0].reason)
    : new Unprocessable({ id: 'building.cannot_save' }, checked.errors);

/** An admin adds a building: one per address (409 naming `body.house`), inside the municipality. */
export async function createBuilding(ctx: Context, input: BuildingInput): Promise<AdminBuilding> {
  const municipalityId = municipalityOf(ctx.actor);
  const now = ctx.clock();
  const draft: BuildingDraft = {
    ...input,
    suppliers: { ...noSuppliers, ...input.suppliers },
    passport: { ...emptyPassport, ...input.passport },
  };
  const checked = await checkBuilding(ctx.db, municipalityId, draft, now);
  if (!checked.ok) throw refused(checked);
  const row = await insertBuilding(ctx.db, municipalityId, checked.fields, now);
  ctx.log.info(
    { actorId: ctx.actor?.userId, municipalityId, buildingId: row.id, building: buildingView(row) },
    'building created',
  );
  return buildingView(row);
}

function draftOf(before: BuildingRow, p: BuildingPatch): BuildingDraft {
  return {
    street: p.street ?? before.street,
    house: p.house ?? before.house,
    block: p.block === undefined ? before.block : p.block,
    postcode: p.postcode === undefined ? before.postcode : p.postcode,
    location: p.location ?? { lat: before.location.y, lon: before.location.x },
    districtId: p.districtId === undefined ? before.districtId : p.districtId,
    managementCompanyId: p.managementCompanyId === undefined ? before.managementCompanyId : p.managementCompanyId,
    suppliers: { ...suppliersOf(before), ...p.suppliers },
    passport: { ...passportOf(before), ...p.passport },
  };
}

/**
 * An admin changes a building's fields; the passport's changes go to its history. A new management
 * company answers new appeals only: the open ones stay with their organisations (logged with their count).
 */
export async function updateBuilding(ctx: Context, id: number, patch: BuildingPatch): Promise<AdminBuilding> {
  const municipalityId = municipalityOf(ctx.actor);
  const actorId = ctx.actor?.userId as number;
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const before = await getAdminBuilding(tx.db, municipalityId, id, { lock: true });
    if (!before) throw BuildingNotFound();
    const given = new Set(Object.keys(patch));
    const checked = await checkBuilding(tx.db, municipalityId, draftOf(before, patch), now, { id: before.id, given });
    if (!checked.ok) throw refused(checked);
    const row = (await updateBuildingRow(tx.db, municipalityId, before.id, checked.fields, now)) as BuildingRow;
    await recordSummaryChanges(tx.db, row.id, passportOf(before), passportOf(row), actorId, now);
    const companyChanged = row.managementCompanyId !== before.managementCompanyId;
    ctx.log.info(
      {
        actorId,
        municipalityId,
        buildingId: row.id,
        before: buildingView(before),
        change: patch,
        ...(companyChanged ? { openAppealsKept: await openAppealsOfBuilding(tx.db, row.id) } : {}),
      },
      companyChanged ? 'building updated; its open appeals stay with their organisations' : 'building updated',
    );
    return buildingView(row);
  });
}
