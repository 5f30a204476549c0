import type { Db } from '../../db/client.ts';
import { type BuildingFields, buildingAtAddress, organisationKindsOf } from '../../db/queries/admin-directory.ts';
import { districtAt, municipalityContains } from '../../db/queries/municipalities.ts';
import { foreignDistrictIds } from '../../db/queries/routing.ts';
import { formatAddress, normaliseAddress } from '../../dispatch/address.ts';
import type { OrganisationKind } from '../../dispatch/taxonomy.ts';
import type { FieldProblem } from '../errors.ts';
import { type Passport, type Suppliers, supplierKeys } from './schemas.ts';

/** A building's fields as checked: the stored ones overlaid with an update's. */
export type BuildingDraft = {
  street: string;
  house: string;
  block: string | null;
  postcode: string | null;
  location: { lat: number; lon: number };
  districtId: number | null;
  managementCompanyId: number | null;
  suppliers: Suppliers;
  passport: Passport;
};

type Checked = { ok: true; fields: BuildingFields } | { ok: false; errors: FieldProblem[]; duplicateOf?: number };
type Report = (e: FieldProblem) => void;
const noSuchOrganisation = { id: 'building.organisation_unknown' } as const;

/**
 * Check a building's fields in the municipality; the row to store, or the field errors. An update
 * names `given`, the fields it sends: what it leaves as stored is not held against it.
 */
export async function checkBuilding(
  db: Db,
  municipalityId: number,
  b: BuildingDraft,
  now: Date,
  update?: { id: number; given: ReadonlySet<string> },
): Promise<Checked> {
  const errors: FieldProblem[] = [];
  const problem: Report = (e) => {
    if (!update || update.given.has(e.field.split('.')[1])) errors.push(e);
  };
  const districtId = await checkPlace(db, municipalityId, b, problem);
  await checkOrganisations(db, municipalityId, b, problem);
  checkPassport(b.passport, now, problem);
  if (errors.length > 0) return { ok: false, errors };

  const address = formatAddress({ street: b.street, house: b.house, block: b.block });
  const searchText = normaliseAddress(address);
  const addressGiven = !update || ['street', 'house', 'block'].some((k) => update.given.has(k));
  const duplicateOf = addressGiven
    ? await buildingAtAddress(db, municipalityId, { address, searchText }, update?.id)
    : null;
  if (duplicateOf !== null) {
    const reason = { id: 'building.address_taken', params: { id: duplicateOf } } as const;
    return { ok: false, duplicateOf, errors: [{ field: 'body.house', reason }] };
  }
  return { ok: true, fields: rowOf(b, { address, searchText, districtId: districtId as number }) };
}

/** The location lies in the municipality and the district is its own (or found from the location). */
async function checkPlace(db: Db, municipalityId: number, b: BuildingDraft, problem: Report): Promise<number | null> {
  const { lon, lat } = b.location;
  const inside = await municipalityContains(db, municipalityId, lon, lat);
  if (!inside) problem({ field: 'body.location', reason: { id: 'place.outside_municipality' } });
  let districtId = b.districtId;
  if (districtId !== null) {
    if ((await foreignDistrictIds(db, municipalityId, [districtId])).length > 0) {
      problem({ field: 'body.districtId', reason: { id: 'directory.district_unknown' } });
    }
  } else if (inside) {
    districtId = await districtAt(db, municipalityId, lon, lat);
    if (districtId === null) problem({ field: 'body.districtId', reason: { id: 'building.outside_districts' } });
  }
  return districtId;
}

/** The management company and the suppliers are the municipality's organisations of a fitting kind. */
async function checkOrganisations(db: Db, municipalityId: number, b: BuildingDraft, problem: Report): Promise<void> {
  const orgIds = [b.managementCompanyId, ...supplierKeys.map((k) => b.suppliers[k])].filter(
    (x): x is number => x !== null,
  );
  const kinds = await organisationKindsOf(db, municipalityId, orgIds);
  if (b.managementCompanyId !== null) {
    const kind = kinds.get(b.managementCompanyId);
    if (kind === undefined) problem({ field: 'body.managementCompanyId', reason: noSuchOrganisation });
    else if (kind !== 'management_company')
      problem({ field: 'body.managementCompanyId', reason: { id: 'building.not_management_company' } });
  }
  // A management company may run a small town's networks itself (Innopolis does).
  const supplierKinds: readonly OrganisationKind[] = ['resource_supplier', 'management_company'];
  for (const k of supplierKeys) {
    const supplier = b.suppliers[k];
    if (supplier === null) continue;
    const kind = kinds.get(supplier);
    if (kind === undefined) problem({ field: `body.suppliers.${k}`, reason: noSuchOrganisation });
    else if (!supplierKinds.includes(kind))
      problem({ field: `body.suppliers.${k}`, reason: { id: 'building.not_supplier' } });
  }
}

/** The passport's years are possible ones. */
function checkPassport(p: Passport, now: Date, problem: Report): void {
  const thisYear = now.getUTCFullYear();
  if (p.yearBuilt !== null && p.yearBuilt > thisYear + 5)
    problem({
      field: 'body.passport.yearBuilt',
      reason: { id: 'field.not_after_year', params: { year: thisYear + 5 } },
    });
  if (p.lastOverhaulYear !== null && p.lastOverhaulYear > thisYear)
    problem({
      field: 'body.passport.lastOverhaulYear',
      reason: { id: 'field.not_after_year', params: { year: thisYear } },
    });
  if (p.lastOverhaulYear !== null && p.yearBuilt !== null && p.lastOverhaulYear < p.yearBuilt) {
    problem({ field: 'body.passport.lastOverhaulYear', reason: { id: 'building.overhaul_before_built' } });
  }
}

function rowOf(b: BuildingDraft, derived: { address: string; searchText: string; districtId: number }): BuildingFields {
  return {
    street: b.street,
    house: b.house,
    block: b.block,
    postcode: b.postcode,
    address: derived.address,
    searchText: derived.searchText,
    location: { x: b.location.lon, y: b.location.lat },
    districtId: derived.districtId,
    managementCompanyId: b.managementCompanyId,
    coldWaterSupplierId: b.suppliers.coldWater,
    hotWaterSupplierId: b.suppliers.hotWater,
    heatingSupplierId: b.suppliers.heating,
    electricitySupplierId: b.suppliers.electricity,
    gasSupplierId: b.suppliers.gas,
    ...b.passport,
  };
}
