import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { insertDiscussionEvent } from '../../db/queries/discussions.ts';
import { announceDiscussionCounts } from '../../db/queries/proposals.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { discussionMakers } from '../helpers/discussions-make.ts';
import { LiveTestClient, undeclaredLiveMessages } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';

describe('the discussion live: a project page follows its status and its counts', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    // The feed's periodic catch-up is slowed down: what arrives must have been announced.
    t = await startTestApp({ listen: true, live: { feedPollMs: 60_000 } });
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('tells everyone on discussion:{id} the counts after a proposal and the new status, and keeps a draft to its organiser', async () => {
    const make = discussionMakers(t.db);
    const open = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'open' });
    const draft = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'draft' });
    const visitor = await LiveTestClient.open(t.baseUrl!);
    const organiser = await LiveTestClient.open(t.baseUrl!, await t.signIn(c.users.orgSupervisor.id));
    try {
      expect(await visitor.subscribe(`discussion:${open.id}`)).toMatchObject({ type: 'subscribed' });
      expect(await visitor.subscribe(`discussion:${draft.id}`)).toMatchObject({ type: 'error', status: 404 });
      expect(await visitor.subscribe('discussion:999999')).toMatchObject({ type: 'error', status: 404 });
      expect(await organiser.subscribe(`discussion:${draft.id}`)).toMatchObject({ type: 'subscribed' });

      // A proposal as the participation's service records it: the row, then its event.
      const p = await make.proposal(open.id, c.users.resident.id, { status: 'submitted' });
      await insertDiscussionEvent(t.db, { discussionId: open.id, proposalId: p.id, step: 'submitted', data: {} });
      const counted = await visitor.next((m) => m.type === 'event' && m.topic === `discussion:${open.id}`);
      expect(counted).toMatchObject({
        kind: 'discussion.changed',
        event: { step: 'submitted' },
        discussion: { id: open.id, status: 'open', counts: { submitted: 1, total: 1 } },
      });
      // Nothing of who made it.
      expect(JSON.stringify(counted)).not.toContain('Участник');

      // The participation's way: an event written in its own statement, then the counts announced after the commit.
      const q = await make.proposal(open.id, c.users.resident.id, { status: 'accepted' });
      await t.db.execute(
        sql`insert into discussion_events (discussion_id, proposal_id, step, data) values (${open.id}, ${q.id}, 'submitted', '{}')`,
      );
      await announceDiscussionCounts(t.db, open.id);
      const again = await visitor.next(
        (m) => m.type === 'event' && (m.discussion as { counts: { total: number } } | undefined)?.counts.total === 2,
      );
      expect(again).toMatchObject({ discussion: { counts: { submitted: 1, accepted: 1, total: 2 } } });

      const res = await t.app.inject({
        method: 'POST',
        url: `/api/discussions/${open.id}/cancel`,
        headers: await t.signIn(c.users.orgSupervisor.id),
        payload: { reason: 'Проект отозван разработчиком' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const cancelled = await visitor.next(
        (m) => m.type === 'event' && (m.event as { step: string }).step === 'cancel',
      );
      expect(cancelled).toMatchObject({ discussion: { status: 'cancelled' }, event: { toStatus: 'cancelled' } });
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(undeclaredLiveMessages(doc, visitor.events())).toEqual([]);
    } finally {
      visitor.close();
      organiser.close();
    }
  });
});
