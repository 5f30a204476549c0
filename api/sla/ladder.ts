import { getLadder, setLadder } from '../../db/queries/escalation.ts';
import type { Ladder } from '../../dispatch/escalation.ts';
import { type Context, signedInActor } from '../context.ts';
import { ladderView } from './schemas.ts';

/*
 * The escalation ladder an admin sets for their own municipality: what happens at 50, 75, 100
 * (breach) and 200 % of a clock. Timers read it at each step, so a change applies from the next
 * step on. Each change is logged with the actor and the ladder it replaced.
 */

/** The ladder in force in the actor's municipality: its own, or the default. */
export async function getEscalationLadder(ctx: Context) {
  return ladderView(await getLadder(ctx.db, signedInActor(ctx).municipalityId));
}

/** Give the municipality a ladder of its own. */
export async function setEscalationLadder(ctx: Context, ladder: Ladder) {
  const actor = signedInActor(ctx);
  const before = await getLadder(ctx.db, actor.municipalityId);
  await setLadder(ctx.db, actor.municipalityId, ladder);
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, before, ladder },
    'escalation ladder set',
  );
  return ladderView(ladder);
}

/** Drop the municipality's own ladder: the default applies again. */
export async function resetEscalationLadder(ctx: Context) {
  const actor = signedInActor(ctx);
  const before = await getLadder(ctx.db, actor.municipalityId);
  await setLadder(ctx.db, actor.municipalityId, null);
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, before },
    'escalation ladder reset to the default',
  );
  return ladderView(null);
}
