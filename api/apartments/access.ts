import type { BuildingFacts, CompanyScope } from '../../db/queries/readings.ts';
import type { RecordName } from '../../dispatch/messages/errors.ts';
import { windowState } from '../../dispatch/readings.ts';
import { type Action, can, scopeOf } from '../../dispatch/permissions.ts';
import { authorizeActor, type Context } from '../context.ts';
import { Forbidden, NotFound, Unauthorized } from '../errors.ts';
import type { windowStateSchema } from './schemas.ts';
import type { z } from 'zod';

/*
 * The record's part of the housing permissions, shared by the apartments and readings services:
 * records of buildings the actor does not work for answer 404, as if absent.
 */

/** The building's company and municipality, as permissions see a building's records. */
export const buildingResource = (b: BuildingFacts) => ({
  municipalityId: b.municipalityId,
  organisationIds: [b.managementCompanyId],
});

/** Whose buildings the actor works with for an action: its company's, or (admin) its municipality's. */
export function companyScope(ctx: Context, action: Action): CompanyScope {
  authorizeActor(ctx, action);
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const scope = scopeOf(actor, action);
  if (scope === 'organisation' && actor.organisationId !== null) return { organisationId: actor.organisationId };
  if (scope === 'municipality' || scope === 'all') return { municipalityId: actor.municipalityId };
  throw new Forbidden();
}

/** 401/403 when the actor may never do the action; 404 when the building is not one of theirs. */
export function authorizeBuilding(
  ctx: Context,
  action: Action,
  building: BuildingFacts | null,
  what: RecordName = 'building',
): BuildingFacts {
  authorizeActor(ctx, action);
  if (!building || !can(ctx.actor, action, buildingResource(building))) throw new NotFound(what);
  return building;
}

/** A building's reading window as the clients see it at `now`. */
export function windowOut(b: BuildingFacts, now: Date): z.infer<typeof windowStateSchema> {
  const s = windowState(now, b.window);
  return {
    state: s.state,
    fromDay: b.window.fromDay,
    toDay: b.window.toDay,
    closesOn: s.state === 'open' ? s.closesOn : null,
    opensOn: s.state === 'closed' ? s.opensOn : null,
    late: s.state === 'closed' && s.late,
  };
}
