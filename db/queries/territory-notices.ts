/**
 * The notice of a public discussion to its territory (issue 17, api/discussions/notify-territory.ts):
 * the outbox rows of everyone registered or holding premises in its buildings, written in one
 * statement, and the stamp that a moment's notice went out.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { discussions } from '../schema/index.ts';

export type TerritoryNoticeText = { language: string; subject: string; body: string };

/**
 * The territory's notice in one statement: the people of the discussion's buildings — a verified
 * identity registered in one, or a confirmed apartment link in one — each once, on every channel
 * their choices for the kind give (the role's defaults, `defaults`, under their own overrides) and
 * their contacts allow, in their language, straight into the outbox. Returns the ids written.
 */
export async function insertTerritoryNotices(
  db: Db,
  n: {
    discussionId: number;
    municipalityId: number;
    kind: string;
    template: string;
    defaults: { sms: boolean; email: boolean; push: boolean };
    texts: readonly TerritoryNoticeText[];
    sendAfter: Date | null;
    now: Date;
  },
): Promise<{ id: number; sendAfter: Date | null }[]> {
  const rows = await db.execute<{ id: string }>(sql`
    with audience as (
      select vi.user_id from verified_identities vi
        join discussion_buildings db on db.building_id = vi.registration_building_id and db.discussion_id = ${n.discussionId}
      union
      select l.user_id from apartment_links l
        join apartments a on a.id = l.apartment_id
        join discussion_buildings db on db.building_id = a.building_id and db.discussion_id = ${n.discussionId}
      where l.status = 'confirmed'
    ), prefs as (
      select np.user_id,
        bool_or(np.enabled) filter (where np.channel = 'sms') as sms,
        bool_or(np.enabled) filter (where np.channel = 'email') as email,
        bool_or(np.enabled) filter (where np.channel = 'push') as push
      from notification_preferences np
      where np.kind = ${n.kind}::text and np.user_id in (select user_id from audience)
      group by np.user_id
    ), people as (
      select u.id, u.language, p.phone, p.email,
        coalesce(pr.sms, ${n.defaults.sms}::boolean) as to_sms,
        coalesce(pr.email, ${n.defaults.email}::boolean) as to_email,
        coalesce(pr.push, ${n.defaults.push}::boolean) as to_push
      from audience x join users u on u.id = x.user_id left join user_personal p on p.user_id = u.id
        left join prefs pr on pr.user_id = u.id
      where u.disabled_at is null and u.role = 'resident'
    ), reach as (
      select id, language, 'sms' as channel, phone as destination from people where to_sms and phone is not null
      union all
      select id, language, 'email', email from people where to_email and email is not null
      union all
      select pe.id, pe.language, 'push', s.endpoint from people pe join push_subscriptions s on s.user_id = pe.id where pe.to_push
    ), texts as (
      select * from jsonb_to_recordset(${JSON.stringify(n.texts)}::jsonb) as t(language text, subject text, body text)
    )
    insert into notification_outbox (municipality_id, user_id, appeal_id, channel, destination, kind, template, subject, body, payload, status, send_after, created_at)
    select ${n.municipalityId}, r.id, null, r.channel::notification_channel, r.destination, ${n.kind}, ${n.template}, t.subject, t.body,
      jsonb_build_object('discussionId', ${n.discussionId}::bigint), 'pending', ${n.sendAfter?.toISOString() ?? null}::timestamptz, ${n.now.toISOString()}::timestamptz
    from reach r join texts t on t.language = r.language::text
    returning id`);
  return rows.map((r) => ({ id: Number(r.id), sendAfter: n.sendAfter }));
}

/** Stamp that a moment's notice went out (no version change: nobody edits a notice). */
export async function markDiscussionNotice(
  db: Db,
  id: number,
  moment: 'opened' | 'concluded',
  at: Date,
): Promise<void> {
  await db
    .update(discussions)
    .set(moment === 'opened' ? { openNoticeAt: at } : { conclusionNoticeAt: at })
    .where(eq(discussions.id, id));
}
