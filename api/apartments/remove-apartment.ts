import { apartmentUsage, removeApartment } from '../../db/queries/apartments.ts';
import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import { deletionRefusal, removedApartmentNote } from '../../dispatch/apartments.ts';
import { apartmentRemovedMessage } from '../../dispatch/notification-texts.ts';
import { heldUntil, reachOf } from '../../dispatch/notifications.ts';
import { writeNotices } from '../notifications/write-notices.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict } from '../errors.ts';
import { lockedCompanyApartment } from './locked-apartment.ts';

/**
 * Residents told that their pending link request was answered because the company removed the
 * apartment (`apartment_link`): outbox rows and their delivery jobs written in the caller's
 * transaction, on the channels each resident's preferences allow.
 */
export async function notifyApartmentRemoved(
  tx: Context,
  o: {
    userIds: readonly number[];
    municipalityId: number;
    timeZone: string;
    address: string;
    reason: string | null;
    publicUrl: string;
    now: Date;
  },
): Promise<number[]> {
  if (o.userIds.length === 0) return [];
  const now = o.now;
  const people = await listPeople(tx.db, { userIds: [...new Set(o.userIds)] });
  const rows: NoticeRow[] = [];
  for (const person of people) {
    const message = apartmentRemovedMessage(person.language, {
      address: o.address,
      reason: o.reason,
      link: `${o.publicUrl.replace(/\/$/, '')}/meters`,
    });
    const base = {
      municipalityId: o.municipalityId,
      userId: person.userId,
      appealId: null,
      kind: 'apartment_link' as const,
      template: 'apartment_removed',
      subject: message.subject,
      body: message.text,
      payload: { language: person.language },
      sendAfter: heldUntil(now, o.timeZone, false),
      now,
    };
    for (const address of reachOf(person, 'apartment_link')) rows.push({ ...base, ...address });
  }
  return writeNotices(tx, rows);
}

/**
 * The company removes an apartment with no readings and no confirmed residents (409 naming the
 * blockers otherwise): its pending link requests are rejected and the residents told, its meters
 * retired, the removal recorded — all in one transaction.
 */
export async function deleteApartment(
  ctx: Context,
  input: { apartmentId: number; reason: string | null; publicUrl: string },
): Promise<{ id: number; rejectedLinks: number; retiredMeters: number }> {
  const { apartmentId, reason } = input;
  const now = ctx.clock();
  const done = await inTransaction(ctx, async (tx) => {
    const { apartment, building } = await lockedCompanyApartment(tx, apartmentId);
    const refusal = deletionRefusal(await apartmentUsage(tx.db, apartment.id));
    if (refusal) throw new Conflict(refusal.message, { blockers: refusal.blockers, suggestion: 'retire_meters' });
    const removed = await removeApartment(tx.db, {
      apartment,
      note: removedApartmentNote(reason),
      reason,
      actorId: ctx.actor!.userId,
      now,
    });
    await notifyApartmentRemoved(tx, {
      userIds: removed.rejected.map((l) => l.userId),
      municipalityId: building.municipalityId,
      timeZone: building.window.timeZone,
      address: building.address,
      reason,
      publicUrl: input.publicUrl,
      now,
    });
    return removed;
  });
  const answer = { id: apartmentId, rejectedLinks: done.rejected.length, retiredMeters: done.retiredMeters };
  ctx.log.info(
    { apartmentId, rejectedLinks: answer.rejectedLinks, retiredMeters: answer.retiredMeters },
    'apartment removed',
  );
  return answer;
}
