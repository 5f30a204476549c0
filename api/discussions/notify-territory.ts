/**
 * The territory's notice (issue 17, the discussion.notify worker): when a discussion opens and when
 * its conclusion is published, the residents with a verified identity registered in one of its
 * buildings and the holders of a confirmed apartment in one hear it — each person once, in their
 * language, on the channels they chose for the kind `discussion`. One INSERT … SELECT writes the
 * outbox rows (db/queries/discussions.ts `insertTerritoryNotices`) and one statement their
 * notify.deliver jobs; a moment runs once (open_notice_at / conclusion_notice_at under the row lock).
 */
import { getMunicipality } from '../../db/queries/municipalities.ts';
import { lockDiscussion } from '../../db/queries/discussions.ts';
import { insertTerritoryNotices, markDiscussionNotice } from '../../db/queries/territory-notices.ts';
import { languages, t } from '../../dispatch/messages/index.ts';
import { defaultChannels, heldUntil } from '../../dispatch/notifications.ts';
import { enqueueMany } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';

export type NoticeMoment = 'opened' | 'concluded';

/** The text of a moment in each language. */
function noticeTexts(
  moment: NoticeMoment,
  d: { id: number; title: { ru: string; en: string; tt: string }; proposalsFrom: string; proposalsTo: string },
  publicUrl: string,
) {
  const base = `${publicUrl.replace(/\/$/, '')}/discussions/${d.id}`;
  return languages.map((language) => {
    const title = d.title[language] || d.title.ru;
    if (moment === 'opened') {
      return {
        language,
        subject: t('discussion.notice.opened.subject', language, { title }),
        body: t('discussion.notice.opened.body', language, {
          title,
          from: d.proposalsFrom,
          to: d.proposalsTo,
          link: base,
        }),
      };
    }
    return {
      language,
      subject: t('discussion.notice.concluded.subject', language, { title }),
      body: t('discussion.notice.concluded.body', language, { title, link: `${base}#conclusion` }),
    };
  });
}

/**
 * Tell the territory of discussion `discussionId` about a moment, once: nothing when it was told
 * already, when the discussion has not reached the moment, or when it was cancelled. Returns the
 * outbox rows written.
 */
export async function notifyTerritory(
  ctx: Context,
  discussionId: number,
  moment: NoticeMoment,
  publicUrl: string,
): Promise<number> {
  const written = await inTransaction(ctx, async (tx) => {
    const d = await lockDiscussion(tx.db, discussionId);
    if (!d) return 0;
    const reached = moment === 'opened' ? d.openedAt !== null && d.status !== 'cancelled' : d.status === 'concluded';
    const told = moment === 'opened' ? d.openNoticeAt : d.conclusionNoticeAt;
    if (!reached || told) return 0;
    const now = tx.clock();
    const timeZone = (await getMunicipality(tx.db, d.municipalityId))?.timeZone ?? 'Europe/Moscow';
    await markDiscussionNotice(tx.db, d.id, moment, now);
    // Not an emergency: a midnight opening is read in the morning.
    const sendAfter = heldUntil(now, timeZone, false);
    const rows = await insertTerritoryNotices(tx.db, {
      discussionId: d.id,
      municipalityId: d.municipalityId,
      kind: 'discussion',
      template: `discussion_${moment}`,
      defaults: defaultChannels('resident', 'discussion'),
      texts: noticeTexts(moment, d, publicUrl),
      sendAfter,
      now,
    });
    await enqueueMany(
      tx.boss,
      tx.db,
      'notify.deliver',
      rows.map((r) => ({
        data: { outboxId: r.id },
        singletonKey: `notify:${r.id}`,
        ...(r.sendAfter ? { startAfter: r.sendAfter } : {}),
      })),
    );
    return rows.length;
  });
  ctx.log.info({ discussionId, moment, written }, 'discussion territory notified');
  return written;
}
