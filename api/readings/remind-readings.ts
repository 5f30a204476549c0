import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import { claimReminder, residentsToRemind } from '../../db/queries/readings.ts';
import { readingReminderMessage } from '../../dispatch/notification-texts.ts';
import { heldUntil, reachOf } from '../../dispatch/notifications.ts';
import { writeNotices } from '../notifications/write-notices.ts';
import { type Context, inTransaction } from '../context.ts';

/*
 * Reminders to submit meter readings (issue 6): once a day, residents with a confirmed apartment
 * whose window closes within REMIND_DAYS_BEFORE days and that has a meter without this month's
 * reading get a `reading_reminder` on the channels their preferences allow. reading_reminders makes
 * it once per person and period, whatever the number of runs (the claim and the outbox rows are
 * written in one transaction, so a failed run leaves no claim behind).
 */

/** Three days before the window closes: time to read the meters at the weekend. */
export const REMIND_DAYS_BEFORE = 3;

/** The timer writes the reminders due now; returns how many people were reminded. */
export async function remindReadings(ctx: Context, publicUrl: string): Promise<number> {
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const due = await residentsToRemind(tx.db, now, REMIND_DAYS_BEFORE);
    if (due.length === 0) return 0;
    const people = new Map((await listPeople(tx.db, { userIds: due.map((d) => d.userId) })).map((p) => [p.userId, p]));
    const rows: NoticeRow[] = [];
    let reminded = 0;
    for (const d of due) {
      const person = people.get(d.userId);
      if (!person || !(await claimReminder(tx.db, d.userId, d.period, now))) continue;
      reminded++;
      const closesOn = `${d.period}-${String(d.toDay).padStart(2, '0')}`;
      const message = readingReminderMessage(person.language, {
        period: d.period,
        closesOn,
        address: d.address,
        link: `${publicUrl.replace(/\/$/, '')}/meters`,
      });
      const base = {
        municipalityId: d.municipalityId,
        userId: d.userId,
        appealId: null,
        kind: 'reading_reminder' as const,
        template: 'reading_reminder',
        subject: message.subject,
        body: message.text,
        payload: { language: person.language, period: d.period },
        sendAfter: heldUntil(now, d.timeZone, false),
        now,
      };
      for (const address of reachOf(person, 'reading_reminder')) rows.push({ ...base, ...address });
    }
    await writeNotices(tx, rows);
    return reminded;
  });
}
