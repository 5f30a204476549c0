/**
 * The discussion's timed steps (issue 17): `open` at the exposition's first local midnight and
 * `close` at the midnight after the proposals' last day, taken by the discussion.step jobs armed
 * at the notice and by the 10-minute sweep that catches the missed ones. A step is taken only if
 * it is still due: the status is the one it leaves and its instant has come; otherwise nothing.
 * Opening queues the territory's notice in the same transaction.
 */
import { getMunicipality } from '../../db/queries/municipalities.ts';
import { listDueDiscussionSteps, lockDiscussion } from '../../db/queries/discussions.ts';
import type { Schedule } from '../../dispatch/discussions.ts';
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';
import { stepInstants } from './announce.ts';
import { takeDiscussionStep } from './steps.ts';

/** Take `open` or `close` of a discussion if it is still due; true when taken. */
export async function takeDueDiscussionStep(ctx: Context, discussionId: number, step: 'open' | 'close') {
  const taken = await inTransaction(ctx, async (tx) => {
    const d = await lockDiscussion(tx.db, discussionId);
    if (!d || d.status !== (step === 'open' ? 'announced' : 'open')) return false;
    const timeZone = (await getMunicipality(tx.db, d.municipalityId))?.timeZone ?? 'Europe/Moscow';
    const due = stepInstants(d as unknown as Schedule, timeZone)[step];
    if (tx.clock() < due) return false;
    await takeDiscussionStep(tx, discussionId, step);
    if (step === 'open') {
      await enqueue(
        tx.boss,
        tx.db,
        'discussion.notify',
        { discussionId, moment: 'opened' },
        {
          singletonKey: `discussion:${discussionId}:opened`,
        },
      );
    }
    return true;
  });
  if (taken) ctx.log.info({ discussionId, step }, 'discussion step taken by the timer');
  return taken;
}

/** Every step that fell due and did not happen (workers were down, a job was lost). */
export async function sweepDiscussionSteps(ctx: Context): Promise<number> {
  let taken = 0;
  for (const due of await listDueDiscussionSteps(ctx.db, ctx.clock(), 200)) {
    if (await takeDueDiscussionStep(ctx, due.id, due.step)) taken++;
  }
  return taken;
}
