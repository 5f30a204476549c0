/**
 * Residents told that their pending link request was answered because the company removed the
 * apartment (`apartment_link`): outbox rows and their delivery jobs written in the caller's
 * transaction, on the channels each resident's preferences allow.
 */
import type { Db } from '../db/client.ts';
import { listPeople, type NoticeRow } from '../db/queries/notifications.ts';
import { apartmentRemovedMessage } from '../dispatch/notification-texts.ts';
import { heldUntil, reachOf } from '../dispatch/notifications.ts';
import type { Boss } from './boss.ts';
import { writeNotices } from './notifications.ts';

export async function notifyApartmentRemoved(
  tx: Db,
  boss: Boss,
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
  const people = await listPeople(tx, { userIds: [...new Set(o.userIds)] });
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
      sendAfter: heldUntil(o.now, o.timeZone, false),
      now: o.now,
    };
    for (const address of reachOf(person, 'apartment_link')) rows.push({ ...base, ...address });
  }
  return writeNotices(boss, tx, rows);
}
