import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { appealCategoryProfiles, listRoutingRules } from '../../db/queries/routing.ts';
import { organisationFits } from '../../dispatch/routing.ts';
import type { OrganisationKind } from '../../dispatch/taxonomy.ts';
import { type Context, signedInActor } from '../context.ts';

/** An appeal whose category another kind of organisation answers for. */
export type WrongKind = { id: number; number: string; responsibleKind: OrganisationKind };

/**
 * Which of these appeals the organisation is of the wrong kind for (dispatch/routing.ts
 * `organisationFits`): a bus-schedule complaint to a housing company. Appeals or an organisation
 * outside the actor's municipality are left to the hand-over itself to refuse.
 */
export async function appealsOfWrongKind(
  ctx: Context,
  appealIds: readonly number[],
  organisationId: number,
): Promise<WrongKind[]> {
  const { municipalityId } = signedInActor(ctx);
  const organisation = await getOrganisationRef(ctx.db, organisationId);
  if (!organisation || organisation.municipalityId !== municipalityId) return [];
  const [profiles, rules] = await Promise.all([
    appealCategoryProfiles(ctx.db, municipalityId, appealIds),
    listRoutingRules(ctx.db, municipalityId),
  ]);
  return profiles
    .filter((a) => !organisationFits(a.category, organisation, rules))
    .map((a) => ({ id: a.id, number: a.number, responsibleKind: a.category.responsibleKind }));
}
