import {
  getApartment,
  getBuildingFacts,
  getMeter,
  insertApartments,
  insertMeter,
  listCompanyBuildings,
  type MeterFacts,
  recordReplacement,
  selectBuildingApartments,
  setMeterRetired,
  updateMeterFields,
} from '../../db/queries/readings.ts';
import { selectApartmentChanges } from '../../db/queries/apartments.ts';
import type { Message } from '../../dispatch/messages/index.ts';
import { valueProblems } from '../../dispatch/readings.ts';
import { type Context, inTransaction } from '../context.ts';
import { type FieldProblem, Unprocessable } from '../errors.ts';
import { authorizeBuilding, companyScope, windowOut } from './access.ts';
import type { ApartmentInput, MeterInput } from './schemas.ts';

/*
 * The management company keeps the apartments and meters of its buildings (issue 6). Records of
 * buildings the actor does not work for answer 404, as if absent.
 */

/** Meters with a kind's tariffs: only electricity has more than one. */
function meterProblems(meters: readonly MeterInput[], prefix: string) {
  return meters.flatMap((m, i) =>
    m.kind !== 'electricity' && m.tariffs !== 1
      ? [{ field: `${prefix}.${i}.tariffs`, reason: { id: 'meter.one_tariff' } as Message }]
      : [],
  );
}

const withLastReading = <M extends { last: { submittedAt: string | Date } | null }>(m: M) => ({
  ...m,
  last: m.last ? { ...m.last, submittedAt: new Date(m.last.submittedAt).toISOString() } : null,
});

/** The company's buildings with their counts and reading windows. */
export async function listHousingBuildings(ctx: Context) {
  const scope = companyScope(ctx, 'apartment.manage');
  const now = ctx.clock();
  const rows = await listCompanyBuildings(ctx.db, scope);
  return rows.map((b) => ({
    id: b.id,
    address: b.address,
    apartments: b.apartments,
    meters: b.meters,
    window: windowOut(b, now),
    ownWindow: b.ownWindow !== null,
    ownDays: b.ownWindow,
  }));
}

/** A building of the company with its apartments and their meters. */
export async function listBuildingApartments(ctx: Context, buildingId: number) {
  const b = authorizeBuilding(ctx, 'apartment.manage', await getBuildingFacts(ctx.db, buildingId));
  const items = await selectBuildingApartments(ctx.db, buildingId);
  return {
    building: { id: b.id, address: b.address, window: windowOut(b, ctx.clock()), ownDays: b.ownWindow },
    items: items.map((a) => ({ ...a, meters: a.meters.map(withLastReading) })),
  };
}

/** Add apartments with their meters; numbers already in the building are reported, not changed. */
export async function createApartments(ctx: Context, buildingId: number, input: readonly ApartmentInput[]) {
  authorizeBuilding(ctx, 'apartment.manage', await getBuildingFacts(ctx.db, buildingId));
  const errors = input.flatMap((a, i) => meterProblems(a.meters, `body.apartments.${i}.meters`));
  const seen = new Set<string>();
  input.forEach((a, i) => {
    const key = a.number.toLowerCase();
    if (seen.has(key))
      errors.push({ field: `body.apartments.${i}.number`, reason: { id: 'apartment.number_repeated' } });
    seen.add(key);
  });
  if (errors.length > 0) throw new Unprocessable({ id: 'apartments.invalid' }, errors);
  const result = await inTransaction(ctx, (tx) => insertApartments(tx.db, buildingId, [...input]));
  ctx.log.info({ buildingId, created: result.created.length }, 'apartments created');
  return result;
}

/** Add a meter to an apartment of the company's. */
export async function addMeter(ctx: Context, apartmentId: number, meter: MeterInput): Promise<number> {
  const apartment = await getApartment(ctx.db, apartmentId);
  authorizeBuilding(ctx, 'apartment.manage', apartment?.building ?? null, 'apartment');
  const errors = meterProblems([meter], 'body');
  if (errors.length > 0)
    throw new Unprocessable(
      { id: 'meter.invalid' },
      errors.map((e) => ({ ...e, field: 'body.tariffs' })),
    );
  return insertMeter(ctx.db, apartmentId, meter);
}

/** A page of a building's apartment changes, newest first. */
export async function listApartmentChanges(ctx: Context, buildingId: number, page: { limit: number; before?: number }) {
  authorizeBuilding(ctx, 'apartment.manage', await getBuildingFacts(ctx.db, buildingId));
  const rows = await selectApartmentChanges(ctx.db, buildingId, { limit: page.limit + 1, before: page.before });
  const shown = rows.slice(0, page.limit);
  return {
    items: shown.map((r) => ({
      id: r.id,
      apartmentId: r.apartmentId,
      number: r.number,
      removed: r.removed,
      kind: r.kind,
      field: r.field,
      oldValue: r.oldValue,
      newValue: r.newValue,
      at: r.at.toISOString(),
      actor: { name: r.actorName, role: r.actorRole, organisation: r.organisation },
    })),
    nextCursor: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null,
  };
}

/** A meter of the company's (404 as if absent otherwise). */
async function companyMeter(ctx: Context, meterId: number): Promise<MeterFacts> {
  const meter = await getMeter(ctx.db, meterId);
  authorizeBuilding(ctx, 'apartment.manage', meter?.building ?? null, 'meter');
  return meter!;
}

/** Change a meter's serial number or verification date. */
export async function updateMeter(
  ctx: Context,
  meterId: number,
  change: { serialNumber?: string; verificationDue?: string | null },
): Promise<void> {
  await companyMeter(ctx, meterId);
  await updateMeterFields(ctx.db, meterId, change);
}

/** Take a meter out of service. */
export async function retireMeter(ctx: Context, meterId: number): Promise<void> {
  await companyMeter(ctx, meterId);
  await setMeterRetired(ctx.db, meterId, ctx.clock());
}

export type ReplacementInput = {
  at?: string;
  newSerialNumber: string;
  initialValues: number[];
  verificationDue: string | null;
  note: string | null;
};

/** Record that a meter was replaced: later readings compare with the new meter's initial values. */
export async function recordMeterReplacement(ctx: Context, meterId: number, input: ReplacementInput) {
  const meter = await companyMeter(ctx, meterId);
  const now = ctx.clock();
  const at = input.at ? new Date(input.at) : now;
  const errors: FieldProblem[] = valueProblems(input.initialValues).map((p) => ({
    field: `body.initialValues.${p.field.split('.')[1]}`,
    reason: p.reason,
  }));
  if (input.initialValues.length !== meter.tariffs)
    errors.push({
      field: 'body.initialValues',
      reason: { id: 'meter.values_expected', params: { tariffs: meter.tariffs } },
    });
  if (at.getTime() > now.getTime()) errors.push({ field: 'body.at', reason: { id: 'field.not_in_future' } });
  if (meter.retiredAt) errors.push({ field: 'id', reason: { id: 'meter.retired.reason' } });
  if (errors.length > 0) throw new Unprocessable({ id: 'meter.replacement_invalid' }, errors);
  return inTransaction(ctx, (tx) =>
    recordReplacement(tx.db, {
      meterId: meter.id,
      at,
      oldSerialNumber: meter.serialNumber,
      newSerialNumber: input.newSerialNumber,
      initialValues: input.initialValues,
      verificationDue: input.verificationDue,
      recordedBy: ctx.actor!.userId,
      note: input.note,
    }),
  );
}
