import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { pdf, proposalScene } from '../helpers/proposals.ts';

/*
 * The organiser's moderation (issue 17): accept into the protocol, reject with a reason the
 * participant reads, reconsider, and no more once the protocol is signed; every step an event with
 * who and why and a notice. The public list shows accepted proposals without any name, birth date,
 * address or file; the participant sees what became of their own.
 */
describe('moderating proposals and what everyone reads of them', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof proposalScene>>;
  let author: { id: number };
  let first: { id: number; version: number; files: { url: string }[] };
  let second: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    scene = await proposalScene(t);
    author = await scene.residentIn(
      scene.c.building.id,
      'Гарипова Лейсан Ильдаровна',
      'г. Казань, ул. Баумана, д. 12, кв. 9',
    );
    const a = await scene.submit(
      author.id,
      { text: 'Сохранить сквер', lon: '49.12', lat: '55.79' },
      {
        files: [{ filename: 'план.pdf', type: 'application/pdf', bytes: pdf('plan') }],
      },
    );
    first = { ...a.json(), version: 1 };
    second = (await scene.submit(author.id, { text: 'Реклама магазина' })).json();
  });
  afterAll(() => t?.close());

  const moderation = (userId: number | null, q = '') =>
    scene.call(userId, 'GET', `/api/discussions/${scene.discussion.id}/moderation${q}`);

  it('shows the organiser’s staff every proposal with its author; the admin without; others not at all', async () => {
    const { c } = scene;
    const staff = await moderation(c.users.orgStaff.id);
    expect(staff.statusCode, staff.body).toBe(200);
    const view = staff.json();
    expect(view.personal).toBe(true);
    expect(view.counts).toEqual({ submitted: 2, accepted: 0, rejected: 0, total: 2 });
    expect(view.items[0]).toMatchObject({
      number: 1,
      status: 'submitted',
      point: { lon: 49.12, lat: 55.79 },
      author: {
        fullName: 'Гарипова Лейсан Ильдаровна',
        birthDate: '1979-03-02',
        address: 'г. Казань, ул. Баумана, д. 12, кв. 9',
      },
    });
    expect(view.items[0].files).toHaveLength(1);
    const audit = await t.db.execute(
      sql`select kind, subject_user_id from personal_data_access where actor_user_id = ${c.users.orgStaff.id}`,
    );
    expect(audit).toContainEqual({ kind: 'discussion.read_personal', subject_user_id: String(author.id) });
    const admin = (await moderation(c.users.admin.id)).json();
    expect(admin.personal).toBe(false);
    expect(admin.items.every((p: { author: unknown }) => p.author === null)).toBe(true);
    expect(JSON.stringify(admin)).not.toContain('Гарипова');
    expect((await moderation(c.users.otherOrgStaff.id)).statusCode).toBe(404);
    expect((await moderation(c.users.resident.id)).statusCode).toBe(403);
    expect((await moderation(null)).statusCode).toBe(401);
    expect((await moderation(c.users.orgStaff.id, '?status=accepted')).json().items).toEqual([]);
  });

  it('accepts into the protocol and rejects with a reason, each an event with who and why and a notice', async () => {
    const { c, call } = scene;
    const accept = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${first.id}/accept`, { version: 1 });
    expect(accept.statusCode, accept.body).toBe(200);
    expect(accept.json()).toMatchObject({ status: 'accepted', version: 2, rejectReason: null });
    const stale = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${first.id}/accept`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale', currentVersion: 2 });
    const again = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${first.id}/accept`, { version: 2 });
    expect(again.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'accepted' });
    const noReason = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${second.id}/reject`, {
      version: 1,
      reason: ' о ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'body.reason', code: 'proposal.reject_reason_required' });
    const reject = await call(c.users.admin.id, 'POST', `/api/proposals/${second.id}/reject`, {
      version: 1,
      reason: 'Не относится к предмету обсуждения: реклама',
    });
    expect(reject.statusCode, reject.body).toBe(200);
    expect(reject.json()).toMatchObject({
      status: 'rejected',
      rejectReason: 'Не относится к предмету обсуждения: реклама',
    });
    const events = await t.db.execute(
      sql`select step, actor_id, from_status, to_status, reason from discussion_events where proposal_id = ${second.id} order by id`,
    );
    expect(events).toEqual([
      expect.objectContaining({ step: 'submitted', to_status: 'submitted' }),
      {
        step: 'reject',
        actor_id: String(c.users.admin.id),
        from_status: 'submitted',
        to_status: 'rejected',
        reason: 'Не относится к предмету обсуждения: реклама',
      },
    ]);
    const notices = await t.db.execute<{ template: string; body: string }>(
      sql`select template, body from notification_outbox where user_id = ${author.id} and kind = 'discussion' order by id`,
    );
    expect(notices.map((n) => n.template)).toEqual(
      expect.arrayContaining(['proposal.received', 'proposal.accepted', 'proposal.rejected']),
    );
    expect(notices.find((n) => n.template === 'proposal.rejected')!.body).toContain('реклама');
    expect(
      (
        await call(c.users.otherOrgStaff.id, 'POST', `/api/proposals/${first.id}/reject`, {
          version: 2,
          reason: 'Чужое',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await call(c.users.resident.id, 'POST', `/api/proposals/${first.id}/accept`, { version: 2 })).statusCode,
    ).toBe(403);
  });

  it('reconsiders a rejection and an acceptance until the protocol is signed, and refuses after', async () => {
    const { c, call, make } = scene;
    const back = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${second.id}/accept`, { version: 2 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'accepted', rejectReason: null });
    const undo = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${second.id}/reject`, {
      version: 3,
      reason: 'Повторно рассмотрено: реклама',
    });
    expect(undo.json().status).toBe('rejected');
    const signed = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'protocol' });
    const p = await make.proposal(signed.id, author.id, { status: 'accepted' });
    const late = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${p.id}/reject`, {
      version: 1,
      reason: 'Поздно',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'proposal.moderation_closed', discussionStatus: 'protocol' });
    const view = (await scene.call(c.users.orgStaff.id, 'GET', `/api/discussions/${signed.id}/moderation`)).json();
    expect(view.discussion.mayModerate).toBe(false);
  });

  it('shows everyone the accepted proposals without a name, birth date, address or file, with the counts', async () => {
    const res = await scene.call(null, 'GET', `/api/discussions/${scene.discussion.id}/proposals`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(list.counts).toEqual({ submitted: 0, accepted: 1, rejected: 1, total: 2 });
    expect(list.items).toEqual([
      { number: 1, body: 'Сохранить сквер', point: { lon: 49.12, lat: 55.79 }, submittedAt: expect.any(String) },
    ]);
    const text = res.body;
    for (const personal of ['Гарипова', '1979-03-02', 'кв. 9', 'files', String(author.id)])
      expect(text).not.toContain(personal);
    // The accepted proposal's file stays with its author and the organiser.
    expect((await scene.call(null, 'GET', first.files[0].url)).statusCode).toBe(401);
    expect((await scene.call(scene.c.users.otherResident.id, 'GET', first.files[0].url)).statusCode).toBe(404);
    expect((await scene.call(scene.c.users.otherOrgStaff.id, 'GET', first.files[0].url)).statusCode).toBe(404);
    expect((await scene.call(author.id, 'GET', first.files[0].url)).statusCode).toBe(200);
  });

  it('shows the participant their own proposals with the discussion, the status and the reason', async () => {
    const res = await scene.call(author.id, 'GET', '/api/proposals/mine');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((p: { number: number }) => p.number).sort()).toEqual([1, 1, 2]);
    const rejected = items.find((p: { id: number }) => p.id === second.id);
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectReason: 'Повторно рассмотрено: реклама',
      discussion: { id: scene.discussion.id, status: 'open', number: scene.discussion.number },
    });
    expect(rejected.moderatedAt).toEqual(expect.any(String));
    expect((await scene.call(scene.c.users.otherResident.id, 'GET', '/api/proposals/mine')).json().items).toEqual([]);
    expect((await scene.call(null, 'GET', '/api/proposals/mine')).statusCode).toBe(401);
  });

  it('announces the discussion’s counts on otklik_discussions when a proposal is submitted or moderated', async () => {
    const heard: string[] = [];
    const listener = await (await import('postgres')).default(t.url, { max: 1 });
    await listener.listen('otklik_discussions', (payload) => heard.push(payload));
    await scene.submit(author.id, { text: 'Ещё одно' });
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await listener.end();
    // The payload is the discussion's newest event id (the live feed reads the discussion and its counts by it).
    const ids = heard.flatMap((h) => h.split(',').map(Number));
    const rows = await t.db.execute<{ discussion_id: string }>(
      sql`select discussion_id from discussion_events where id = any(${`{${ids.join(',')}}`}::bigint[])`,
    );
    expect(rows.map((r) => Number(r.discussion_id))).toContain(scene.discussion.id);
  });
});
