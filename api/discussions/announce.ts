/**
 * The organiser's steps (issue 17): announce a prepared draft — the notice — with its timers, and
 * cancel a discussion with a reason. Both through `takeDiscussionStep` (the lock, the version, the
 * transition table, the event).
 */
import { notifyCancelled, participantsOf } from '../proposals/notices.ts';
import { getDiscussion, listDiscussionDocuments } from '../../db/queries/discussions.ts';
import type { Schedule } from '../../dispatch/discussions.ts';
import { addDays } from '../../dispatch/eservices.ts';
import { localInstant } from '../../dispatch/calendar.ts';
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';
import { Unprocessable } from '../errors.ts';
import { checkSchedule, managedDiscussion, municipalityToday } from './edit-discussion.ts';
import { showDiscussion } from './read-discussions.ts';
import { takeDiscussionStep } from './steps.ts';

/**
 * When the timer opens and closes a discussion: the first local midnight of the exposition, and the
 * midnight after the proposals' last day, in the municipality's zone.
 */
export function stepInstants(s: Pick<Schedule, 'expositionFrom' | 'proposalsTo'>, timeZone: string) {
  return {
    open: new Date(localInstant(timeZone, s.expositionFrom, '00:00')),
    close: new Date(localInstant(timeZone, addDays(s.proposalsTo, 1), '00:00')),
  };
}

/** Publish the notice: at least one document and dates the law accepts; the open and close timers armed. */
export async function announceDiscussion(ctx: Context, id: number, version: number | undefined) {
  const d = await managedDiscussion(ctx, await getDiscussion(ctx.db, id));
  const { today, timeZone } = await municipalityToday(ctx, d.municipalityId);
  if ((await listDiscussionDocuments(ctx.db, d.id)).length === 0) {
    throw new Unprocessable({ id: 'discussion.needs_document' }, [
      { field: 'documents', reason: { id: 'discussion.needs_document' } },
    ]);
  }
  const schedule = d as unknown as Schedule;
  checkSchedule(d.kind, schedule, today);
  const at = stepInstants(schedule, timeZone);
  await inTransaction(ctx, async (tx) => {
    await takeDiscussionStep(tx, id, 'announce', { version, data: { open: at.open, close: at.close } });
    await enqueue(
      tx.boss,
      tx.db,
      'discussion.step',
      { discussionId: id, step: 'open' },
      {
        startAfter: at.open,
        singletonKey: `discussion:${id}:open`,
      },
    );
    await enqueue(
      tx.boss,
      tx.db,
      'discussion.step',
      { discussionId: id, step: 'close' },
      {
        startAfter: at.close,
        singletonKey: `discussion:${id}:close`,
      },
    );
  });
  ctx.log.info({ discussionId: id, open: at.open, close: at.close }, 'discussion announced');
  return showDiscussion(ctx, id);
}

/** Stop a discussion with the reason everyone reads on its page (a draft just disappears from the lists). */
export async function cancelDiscussion(ctx: Context, id: number, input: { version?: number; reason: string }) {
  const d = await getDiscussion(ctx.db, id);
  await managedDiscussion(ctx, d);
  // Those who made proposals hear why their proposals will not be considered.
  const participants = await participantsOf(ctx, d!);
  await inTransaction(ctx, async (tx) => {
    const { after } = await takeDiscussionStep(tx, id, 'cancel', { version: input.version, reason: input.reason });
    await notifyCancelled(tx, after, input.reason, participants);
  });
  ctx.log.info({ discussionId: id }, 'discussion cancelled');
  return showDiscussion(ctx, id);
}
