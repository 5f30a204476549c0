/**
 * What publishing and changing an outage check alike: who publishes for which organisation, which
 * buildings a choice names, and the outage a publication or change collides with.
 */
import type { Db } from '../../db/client.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import {
  type BuildingChoice,
  chooseBuildings,
  findOverlap,
  getBoundary,
  type Outage,
  type Overlap,
  type OverlapQuery,
} from '../../db/queries/outages.ts';
import type { utilities } from '../../db/schema/index.ts';
import { areaProblems, type Problem } from '../../dispatch/outages.ts';
import { type Actor, scopeOf } from '../../dispatch/permissions.ts';
import { Conflict, Unprocessable } from '../errors.ts';

/** The outage as a record of the permission rules: its municipality and its publisher. */
export const resourceOf = (o: Pick<Outage, 'municipalityId' | 'organisationId'>) => ({
  municipalityId: o.municipalityId,
  organisationIds: [o.organisationId],
});

export const problemsAt = (ps: Problem[]) => ps.map((p) => ({ field: `body.${p.field}`, reason: p.reason }));

/**
 * The organisation an outage is published for and whether the actor is held to the buildings it
 * serves: staff publish for their own organisation and its buildings; dispatchers and admins for
 * any organisation of the municipality (their own by default), over any of its buildings.
 */
export async function publisherOf(db: Db, actor: NonNullable<Actor>, organisationId: number | undefined) {
  const scope = scopeOf(actor, 'outage.publish');
  if (scope === 'organisation') {
    if (organisationId !== undefined && organisationId !== actor.organisationId) {
      throw new Unprocessable({ id: 'outage.own_organisation_only' }, [
        { field: 'body.organisationId', reason: { id: 'outage.not_your_organisation' } },
      ]);
    }
    return { organisationId: actor.organisationId!, heldToServed: true };
  }
  const id = organisationId ?? actor.organisationId;
  const org = id ? await getOrganisationRef(db, id) : null;
  if (!org || org.municipalityId !== actor.municipalityId) {
    throw new Unprocessable({ id: 'outage.name_organisation' }, [
      { field: 'body.organisationId', reason: { id: 'outage.no_such_organisation' } },
    ]);
  }
  return { organisationId: org.id, heldToServed: false };
}

export type BuildingsQuery = {
  municipalityId: number;
  service: (typeof utilities)[number];
  organisationId: number | null;
  choice: BuildingChoice;
};

/** A drawn area must lie inside the municipality and be a proper polygon. */
export async function checkArea(db: Db, municipalityId: number, choice: BuildingChoice): Promise<void> {
  if (!('area' in choice)) return;
  const boundary = await getBoundary(db, municipalityId);
  const found = areaProblems(choice.area, boundary ?? []);
  if (found.length > 0) throw new Unprocessable({ id: 'outage.invalid_area' }, problemsAt(found));
}

/** The buildings a choice names, refused when they are not the publisher's to announce. */
export async function resolveBuildings(db: Db, q: BuildingsQuery) {
  await checkArea(db, q.municipalityId, q.choice);
  const chosen = await chooseBuildings(db, q);
  if ('buildingIds' in q.choice) {
    const known = new Set(chosen.map((b) => b.id));
    const unknown = q.choice.buildingIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new Unprocessable({ id: 'outage.unknown_buildings' }, [
        {
          field: 'body.buildingIds',
          reason: { id: 'outage.unknown_buildings.reason', params: { ids: unknown.slice(0, 20).join(', ') } },
        },
      ]);
    }
    const foreign = chosen.filter((b) => !b.served);
    if (foreign.length > 0) {
      const buildings = foreign
        .slice(0, 20)
        .map((b) => `${b.id} (${b.address})`)
        .join(', ');
      throw new Unprocessable({ id: 'outage.not_served' }, [
        { field: 'body.buildingIds', reason: { id: 'outage.not_served.reason', params: { buildings } } },
      ]);
    }
  }
  return chosen;
}

/** 409 naming the outage a publication or change collides with: its id, building, reason and times. */
export function overlapConflict(o: Overlap) {
  return new Conflict(
    { id: 'outage.overlaps', params: { outageId: o.outageId, address: o.address } },
    {
      outageId: o.outageId,
      conflictingOutage: {
        id: o.outageId,
        kind: o.kind,
        reason: o.reason,
        startsAt: o.startsAt.toISOString(),
        expectedEndAt: o.expectedEndAt.toISOString(),
        buildingId: o.buildingId,
        address: o.address,
      },
      errors: [
        {
          field: 'body.buildingIds',
          reason: { id: 'outage.overlaps.reason', params: { outageId: o.outageId } },
        },
      ],
    },
  );
}

/** Refuse a write that would overlap another outage of the same service. */
export async function refuseOverlap(db: Db, q: OverlapQuery): Promise<void> {
  const overlap = await findOverlap(db, q);
  if (overlap) throw overlapConflict(overlap);
}

/**
 * The exclusion constraint refused a write that passed the check (another transaction committed an
 * overlapping outage in between): the winner has committed by now, so name it as the check would.
 */
export async function overlapAfterRace(db: Db, attempted: OverlapQuery | null) {
  const winner = attempted ? await findOverlap(db, attempted) : null;
  if (winner) return overlapConflict(winner);
  // The winner was changed again meanwhile: nothing left to name.
  return new Conflict(
    { id: 'outage.overlaps_another' },
    {
      errors: [{ field: 'body.buildingIds', reason: { id: 'outage.overlap' } }],
    },
  );
}
