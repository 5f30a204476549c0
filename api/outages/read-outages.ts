/** The public views of outages: the municipality's list and one outage with its history. */
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { getOutage, isFollowing, listBuildingsOf, listOutages, listOutageUpdates } from '../../db/queries/outages.ts';
import { publicOutage } from '../../dispatch/outages.ts';
import { can } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';
import { resourceOf } from './checks.ts';
import type { ListQuery, OutageView } from './schemas.ts';

/** The public view of an outage with its first 100 buildings by address, as of `now`. */
export async function outageView(ctx: Context, id: number, now = ctx.clock()): Promise<OutageView> {
  const outage = (await getOutage(ctx.db, id))!;
  const buildings = (await listBuildingsOf(ctx.db, [id], 100)).get(id) ?? [];
  return publicOutage(outage, buildings, now);
}

/** A municipality's outages (active ones by default), each with its first buildings. */
export async function listOutageViews(ctx: Context, q: ListQuery) {
  const municipality = await findMunicipality(ctx.db, q.municipality);
  if (!municipality) throw new NotFound('municipality');
  const rows = await listOutages(ctx.db, { ...q, municipalityId: municipality.id });
  const buildings = await listBuildingsOf(
    ctx.db,
    rows.map((r) => r.id),
    q.buildings,
  );
  const now = ctx.clock();
  return {
    items: rows.map((r) => publicOutage(r, buildings.get(r.id) ?? [], now)),
    municipalityId: municipality.id,
  };
}

/** One outage with all its buildings, its history, and what the actor may do with it. */
export async function showOutage(ctx: Context, id: number) {
  const outage = await getOutage(ctx.db, id);
  if (!outage) throw new NotFound('outage');
  const buildings = (await listBuildingsOf(ctx.db, [outage.id], 5000)).get(outage.id) ?? [];
  const updates = await listOutageUpdates(ctx.db, outage.id);
  return {
    ...publicOutage(outage, buildings, ctx.clock()),
    updates: updates.map((u) => ({ ...u, at: u.at.toISOString() })),
    canPublish: can(ctx.actor, 'outage.publish', resourceOf(outage)),
    following: ctx.actor ? await isFollowing(ctx.db, outage.id, ctx.actor.userId) : false,
  };
}
