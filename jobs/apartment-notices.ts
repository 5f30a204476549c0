/**
 * Residents told that their pending link request was answered because the company removed the
 * apartment (`apartment_link`): outbox rows and their delivery jobs written in the caller's
 * transaction, on the channels each resident's preferences allow.
 */
import type { Db } from '../db/client.ts';
import { insertNotices, listPeople, type NoticeRow } from '../db/queries/notifications.ts';
import { apartmentRemovedMessage } from '../dispatch/notification-texts.ts';
import { effectivePreferences, heldUntil } from '../dispatch/notifications.ts';
import { type Boss, enqueueMany } from './boss.ts';

export async function notifyApartmentRemoved(
  tx: Db,
  boss: Boss,
  o: { userIds: readonly number[]; municipalityId: number; timeZone: string; address: string; reason: string | null; publicUrl: string; now: Date },
): Promise<number[]> {
  if (o.userIds.length === 0) return [];
  const people = await listPeople(tx, { userIds: [...new Set(o.userIds)] });
  const rows: NoticeRow[] = [];
  for (const person of people) {
    const choice = effectivePreferences(person.role, person.preferences).apartment_link;
    const message = apartmentRemovedMessage(person.language, { address: o.address, reason: o.reason, link: `${o.publicUrl.replace(/\/$/, '')}/meters` });
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
    if (choice.sms && person.phone) rows.push({ ...base, channel: 'sms', destination: person.phone });
    if (choice.email && person.email) rows.push({ ...base, channel: 'email', destination: person.email });
    if (choice.push) for (const endpoint of person.pushEndpoints) rows.push({ ...base, channel: 'push', destination: endpoint });
  }
  const ids = await insertNotices(tx, rows);
  await enqueueMany(
    boss,
    tx,
    'notify.deliver',
    ids.map((outboxId, i) => ({ data: { outboxId }, singletonKey: `notify:${outboxId}`, ...(rows[i].sendAfter ? { startAfter: rows[i].sendAfter } : {}) })),
  );
  return ids;
}
