/**
 * Reminders to submit meter readings (issue 6): once a day, residents with a confirmed apartment
 * whose window closes within REMIND_DAYS_BEFORE days and that has a meter without this month's
 * reading get a `reading_reminder` on the channels their preferences allow. reading_reminders makes
 * it once per person and period, whatever the number of runs (the claim and the outbox rows are
 * written in one transaction, so a failed run leaves no claim behind).
 */
import type { Database, Db } from '../db/client.ts';
import { listPeople, type NoticeRow } from '../db/queries/notifications.ts';
import { claimReminder, residentsToRemind } from '../db/queries/readings.ts';
import { readingReminderMessage } from '../dispatch/notification-texts.ts';
import { heldUntil, reachOf } from '../dispatch/notifications.ts';
import type { Boss } from './boss.ts';
import { writeNotices } from './notifications.ts';

/** Three days before the window closes: time to read the meters at the weekend. */
export const REMIND_DAYS_BEFORE = 3;

/** Write the reminders due at `now`; returns how many people were reminded. */
export async function remindReadings(db: Database, boss: Boss, now: Date, publicUrl: string): Promise<number> {
  return db.transaction(async (tx: Db) => {
    const due = await residentsToRemind(tx, now, REMIND_DAYS_BEFORE);
    if (due.length === 0) return 0;
    const people = new Map((await listPeople(tx, { userIds: due.map((d) => d.userId) })).map((p) => [p.userId, p]));
    const rows: NoticeRow[] = [];
    let reminded = 0;
    for (const d of due) {
      const person = people.get(d.userId);
      if (!person || !(await claimReminder(tx, d.userId, d.period, now))) continue;
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
    await writeNotices(boss, tx, rows);
    return reminded;
  });
}

/** The daily reminder run, at 10:00 Moscow time (out of the quiet hours). */
export async function registerReadingReminders(boss: Boss, db: Database, clock: () => Date, publicUrl = '') {
  await boss.work('readings.remind', async () => {
    await remindReadings(db, boss, clock(), publicUrl);
  });
  await boss.schedule('readings.remind', '0 10 * * *', {}, { tz: 'Europe/Moscow' });
}
