import { recordAccess } from '../../db/queries/audit.ts';
import { deleteVerifiedIdentity, getVerifiedIdentity } from '../../db/queries/identities.ts';
import { esiaProfile } from '../../dispatch/identity.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { HttpProblem } from '../errors.ts';
import type { IdentityOrigin } from './sign-in.ts';

/*
 * A resident's own verified identity: what the provider vouched for, and unlinking it. Nobody else
 * reads it here; the participation rules read it through db/queries/identities.ts personIdentity.
 */

const noIdentity = () => new HttpProblem(404, 'not-found', { id: 'identity.none' });

/**
 * What is verified of the signed-in person: name, birth date, registration address and its
 * building, phone, when; null when nothing is (no error: the page offers to verify).
 */
export async function ownIdentity(ctx: Context) {
  const actor = signedInActor(ctx);
  const found = await getVerifiedIdentity(ctx.db, actor.userId);
  if (!found) return { identity: null };
  const { identity: i, building } = found;
  const identity = {
    provider: i.provider,
    fullName: i.fullName,
    birthDate: i.birthDate,
    registrationAddress: i.registrationAddress,
    registrationApartment: i.registrationApartment,
    building: building
      ? { id: building.id, address: building.address, lon: building.location.x, lat: building.location.y }
      : null,
    phone: i.phone,
    verifiedAt: i.verifiedAt.toISOString(),
  };
  return { identity };
}

/** Unlink the signed-in person's verified identity (recorded); 404 when there is none. */
export async function unlinkIdentity(ctx: Context, origin: IdentityOrigin): Promise<void> {
  const actor = signedInActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const removed = await deleteVerifiedIdentity(tx.db, actor.userId);
    if (!removed) throw noIdentity();
    await recordAccess(
      tx.db,
      { at: tx.clock(), municipalityId: actor.municipalityId, actorUserId: actor.userId, ...origin },
      [{ kind: 'identity.unlinked', subjectUserId: actor.userId, record: `identity:${esiaProfile.provider}:unlink` }],
    );
  });
  ctx.log.info({ userId: actor.userId }, 'verified identity unlinked');
}
