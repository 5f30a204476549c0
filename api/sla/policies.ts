import { getCategory } from '../../db/queries/categories.ts';
import { getMunicipality } from '../../db/queries/municipalities.ts';
import {
  deleteSlaPolicyRow,
  type SlaPolicyFields,
  type SlaPolicyKey,
  selectSlaPolicies,
  upsertSlaPolicy,
} from '../../db/queries/sla-policies.ts';
import { priorities } from '../../db/schema/index.ts';
import type { WorkingCalendar } from '../../dispatch/calendar.ts';
import { defaultSlaPolicy, type SlaTarget } from '../../dispatch/sla.ts';
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { NotFound, Unprocessable } from '../errors.ts';
import { type CalendarInput, policyView, type SlaPolicyInput } from './schemas.ts';

/*
 * The SLA policies an admin sets for their own municipality; dispatchers and city hall may read
 * them. A change queues `sla.refresh` in its transaction, which puts the municipality's open
 * appeals on the new clocks within seconds. There is no audit table yet: each change is logged
 * with the actor, and rows keep updated_at.
 */

/** The municipality's own policies (not the defaults), optionally of one category. */
export async function listSlaPolicies(ctx: Context, filter: { categoryId?: number }) {
  const rows = await selectSlaPolicies(ctx.db, signedInActor(ctx).municipalityId, filter);
  return { items: rows.map(policyView) };
}

/**
 * The targets in force per priority: the category's own policy (with `categoryId`), else the
 * municipality-wide one, else the built-in default — the order in which appeals get their clocks.
 */
export async function effectiveSlaPolicies(ctx: Context, categoryId: number | null) {
  const municipalityId = signedInActor(ctx).municipalityId;
  if (categoryId !== null) {
    const category = await getCategory(ctx.db, categoryId);
    if (!category || category.municipalityId !== municipalityId) throw new NotFound('category');
  }
  const rows = await selectSlaPolicies(ctx.db, municipalityId);
  const target = (t: SlaTarget) => ({ duration: t.duration, calendar: t.calendar });
  return {
    categoryId,
    items: priorities.map((priority) => {
      const own = rows.find((r) => r.priority === priority && categoryId !== null && r.categoryId === categoryId);
      const wide = rows.find((r) => r.priority === priority && r.categoryId === null);
      const chosen = own ?? wide;
      const fallback = defaultSlaPolicy(priority);
      return {
        priority,
        source: own ? ('category' as const) : wide ? ('municipality' as const) : ('default' as const),
        policyId: chosen?.id ?? null,
        accept: chosen ? { duration: chosen.acceptDuration, calendar: chosen.acceptCalendar } : target(fallback.accept),
        resolve: chosen
          ? { duration: chosen.resolveDuration, calendar: chosen.resolveCalendar }
          : target(fallback.resolve),
        categoryOverrides: rows
          .filter((r) => r.priority === priority && r.categoryId !== null)
          .map((r) => r.categoryId as number),
      };
    }),
  };
}

/**
 * Set (create or replace) the policy for a category (or all) and a priority, and queue the
 * refresh of the municipality's open appeals in the same transaction. `created` says which.
 */
export async function setSlaPolicy(ctx: Context, key: SlaPolicyKey, input: SlaPolicyInput) {
  const actor = signedInActor(ctx);
  await checkPolicyCategory(ctx, actor.municipalityId, key.categoryId);
  const fields = await policyFields(ctx, actor.municipalityId, input);
  const { row, created } = await inTransaction(ctx, async (tx) => {
    const result = await upsertSlaPolicy(tx.db, actor.municipalityId, key, fields, ctx.clock());
    await queueRefresh(tx, actor.municipalityId);
    return result;
  });
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, policyId: row.id, key, created, policy: fields },
    'sla policy set',
  );
  return { policy: policyView(row), created };
}

/** Delete the policy for a key (the next one in order applies) and queue the refresh. */
export async function deleteSlaPolicy(ctx: Context, key: SlaPolicyKey): Promise<void> {
  const actor = signedInActor(ctx);
  const row = await inTransaction(ctx, async (tx) => {
    const deleted = await deleteSlaPolicyRow(tx.db, actor.municipalityId, key);
    if (deleted) await queueRefresh(tx, actor.municipalityId);
    return deleted;
  });
  if (!row) throw new NotFound('sla_policy');
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, policyId: row.id, key, before: policyView(row) },
    'sla policy deleted',
  );
}

/** A policy names a category of the admin's own municipality, or none (all). */
async function checkPolicyCategory(ctx: Context, municipalityId: number, categoryId: number | null): Promise<void> {
  if (categoryId === null) return;
  const category = await getCategory(ctx.db, categoryId);
  if (!category || category.municipalityId !== municipalityId) {
    throw new Unprocessable({ id: 'sla.category_unknown' }, [
      { field: 'params.category', reason: { id: 'field.no_such_category_here' } },
    ]);
  }
}

/** The row's fields: a working-hours calendar without a zone gets the municipality's. */
async function policyFields(ctx: Context, municipalityId: number, input: SlaPolicyInput): Promise<SlaPolicyFields> {
  const municipality = await getMunicipality(ctx.db, municipalityId);
  const timeZone = municipality?.timeZone ?? 'Europe/Moscow';
  const calendar = (c: CalendarInput): WorkingCalendar =>
    c.kind === '24x7'
      ? { kind: '24x7' }
      : { kind: 'working_hours', timeZone: c.timeZone ?? timeZone, week: c.week, holidays: c.holidays };
  return {
    acceptDuration: input.accept.duration,
    acceptCalendar: calendar(input.accept.calendar),
    resolveDuration: input.resolve.duration,
    resolveCalendar: calendar(input.resolve.calendar),
    note: input.note === '' ? null : input.note,
  };
}

/** One refresh at a time per municipality (singletonKey); each change queues its own. */
async function queueRefresh(tx: Context, municipalityId: number): Promise<void> {
  await enqueue(tx.boss, tx.db, 'sla.refresh', { municipalityId }, { singletonKey: String(municipalityId) });
}
