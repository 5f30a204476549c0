import {
  getMeter,
  hasConfirmedLink,
  lockMeter,
  type MeterFacts,
  meterReplacementsOf,
  type ReadingWrite,
  selectMeterReadings,
  upsertReadings,
} from '../../db/queries/readings.ts';
import { can } from '../../dispatch/permissions.ts';
import { checkReading, periodOf, windowPosition } from '../../dispatch/readings.ts';
import { buildingResource, windowOut } from '../apartments/access.ts';
import { authorizeActor, type Context, inTransaction } from '../context.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';

/*
 * Meter readings (issue 6): one per meter and month, checked by dispatch/readings.ts. A resident
 * with a confirmed link submits for their apartment's meters; the building's company submits one
 * by one or imports a file (import-readings.ts); both read the history. A resubmission in the same
 * period while the window is open replaces the values.
 */

export const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The meter as the reading rules see it. */
export const meterRules = (m: Pick<MeterFacts, 'id' | 'kind' | 'tariffs' | 'verificationDue'>) => ({
  id: m.id,
  kind: m.kind,
  tariffs: m.tariffs,
  verificationDue: m.verificationDue ? new Date(`${m.verificationDue}T23:59:59Z`) : null,
});

const retired = () =>
  new Unprocessable({ id: 'meter.retired' }, [{ field: 'id', reason: { id: 'meter.retired.reason' } }]);

/**
 * The meter, if the actor may act on it: a resident needs a confirmed link to its apartment, the
 * company must manage its building. Anyone else: 404, as if it did not exist.
 */
async function meterFor(ctx: Context, action: 'reading.read' | 'reading.submit', meterId: number): Promise<MeterFacts> {
  authorizeActor(ctx, action);
  const actor = ctx.actor!;
  const meter = await getMeter(ctx.db, meterId);
  if (!meter) throw new NotFound('meter');
  if (actor.role === 'resident') {
    const linked = await hasConfirmedLink(ctx.db, actor.userId, meter.apartmentId);
    if (!can(actor, action, { municipalityId: meter.building.municipalityId, ownerId: linked ? actor.userId : null }))
      throw new NotFound('meter');
  } else if (!can(actor, action, buildingResource(meter.building))) {
    throw new NotFound('meter');
  }
  return meter;
}

/** The rules' decision on a submission, or 422 / 409 saying why it is refused. */
async function decide(tx: Context, meter: MeterFacts, values: number[], now: Date) {
  const current = periodOf(now, meter.building.window.timeZone);
  const stored = await selectMeterReadings(tx.db, meter.id);
  const existing = stored.find((r) => r.period === current);
  const history = stored.filter((r) => r.period !== current).map((r) => ({ at: r.submittedAt, values: r.values }));
  const replacements = await meterReplacementsOf(tx.db, meter.id);
  const decision = checkReading(meterRules(meter), values, history, replacements, meter.building.window, now);
  if (!decision.ok) {
    const before = decision.problems.some((p) => p.field === 'at');
    throw new Unprocessable(
      { id: before ? 'reading.window_not_open' : 'reading.refused' },
      decision.problems.map((p) => ({ field: p.field === 'at' ? 'at' : `body.${p.field}`, reason: p.reason })),
    );
  }
  if (existing && windowPosition(now, meter.building.window) !== 'open') {
    throw new Conflict({ id: 'reading.window_closed' });
  }
  return { decision, replaced: existing !== undefined };
}

/** A resident or the company submits a meter's reading for the current period. */
export async function submitReading(ctx: Context, meterId: number, values: number[]) {
  const meter = await meterFor(ctx, 'reading.submit', meterId);
  if (meter.retiredAt) throw retired();
  const now = ctx.clock();
  const actor = ctx.actor!;
  const result = await inTransaction(ctx, async (tx) => {
    // One submission per meter at a time: the second waits and then sees the first.
    if ((await lockMeter(tx.db, meter.id)).retired) throw retired();
    const { decision, replaced } = await decide(tx, meter, values, now);
    const write: ReadingWrite = {
      meterId: meter.id,
      period: decision.period,
      values,
      consumption: decision.consumption?.map(round3) ?? null,
      flags: decision.flags,
      source: actor.role === 'resident' ? 'resident' : 'company',
      submittedBy: actor.userId,
      submittedAt: now,
    };
    await upsertReadings(tx.db, [write]);
    const { meterId, period, consumption } = write;
    return { meterId, period, values: write.values, consumption, flags: decision.flags, replaced };
  });
  ctx.log.info({ meterId: meter.id, period: result.period, flags: result.flags }, 'reading submitted');
  return result;
}

/** A meter's readings, with its reading window now. */
export async function meterHistory(ctx: Context, meterId: number) {
  const meter = await meterFor(ctx, 'reading.read', meterId);
  const items = await selectMeterReadings(ctx.db, meter.id);
  return {
    meter: {
      id: meter.id,
      kind: meter.kind,
      tariffs: meter.tariffs,
      serialNumber: meter.serialNumber,
      verificationDue: meter.verificationDue,
    },
    window: windowOut(meter.building, ctx.clock()),
    items: items.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
  };
}
