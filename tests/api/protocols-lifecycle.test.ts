import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { discussionMakers } from '../helpers/discussions-make.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * The results of a public discussion over HTTP (issue 17): recommendations on accepted proposals,
 * signing the protocol only once the discussion is closed and every proposal decided, publishing the
 * conclusion only with every recommendation given, the notice enqueued with it, and who may do what.
 */
describe('the protocol and the conclusion: the lifecycle', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let make: ReturnType<typeof discussionMakers>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    make = discussionMakers(t.db);
  });
  afterAll(() => t?.close());

  const call = async (userId: number | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: userId === null ? {} : await t.signIn(userId),
      ...(payload ? { payload } : {}),
    });
  const version = async (id: number) =>
    Number((await t.db.execute<{ v: number }>(sql`select version as v from discussions where id = ${id}`))[0].v);

  const closedWith = async (statuses: ('submitted' | 'accepted' | 'rejected')[]) => {
    const d = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'closed' });
    const ps = [];
    for (const status of statuses) ps.push(await make.proposal(d.id, c.users.resident.id, { status }));
    return { d, ps };
  };

  it('refuses to sign while proposals wait, naming how many, and while the discussion is not closed', async () => {
    const { d, ps } = await closedWith(['accepted', 'submitted', 'submitted', 'rejected']);
    const sup = c.users.orgSupervisor.id;
    const res = await call(sup, 'POST', `/api/discussions/${d.id}/protocol`, { version: await version(d.id) });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unmoderated', submitted: 2 });
    expect(res.json().detail).toContain('2');
    await t.db.execute(sql`update proposals set status = 'accepted' where id in (${ps[1].id}, ${ps[2].id})`);
    const open = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'open' });
    const early = await call(sup, 'POST', `/api/discussions/${open.id}/protocol`, { version: await version(open.id) });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'open' });
    expect(early.json().detail).toMatch(/закрыто|closed/);
    const stale = await call(sup, 'POST', `/api/discussions/${d.id}/protocol`, { version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale');
    const signed = await call(sup, 'POST', `/api/discussions/${d.id}/protocol`, { version: await version(d.id) });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().status).toBe('protocol');
    const again = await call(sup, 'POST', `/api/discussions/${d.id}/protocol`, { version: await version(d.id) });
    expect(again.statusCode).toBe(409);
    const [event] = await t.db.execute<{ actor_id: number; to_status: string }>(
      sql`select actor_id, to_status from discussion_events where discussion_id = ${d.id} and step = 'sign_protocol'`,
    );
    expect(Number(event.actor_id)).toBe(sup);
  });

  it('records each recommendation with who and why, on accepted proposals only, and refuses stale versions and short reasons', async () => {
    const { ps } = await closedWith(['accepted', 'rejected']);
    const staff = c.users.orgStaff.id;
    const body = { recommendation: 'take_into_account', reason: 'Сквер сохраняется, площадка в проекте', version: 1 };
    const ok = await call(staff, 'POST', `/api/proposals/${ps[0].id}/recommendation`, body);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ recommendation: 'take_into_account', version: 2 });
    const stale = await call(staff, 'POST', `/api/proposals/${ps[0].id}/recommendation`, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale', currentVersion: 2 });
    const short = await call(staff, 'POST', `/api/proposals/${ps[0].id}/recommendation`, {
      ...body,
      reason: 'нет',
      version: 2,
    });
    expect(short.statusCode).toBe(400);
    const rejected = await call(staff, 'POST', `/api/proposals/${ps[1].id}/recommendation`, body);
    expect(rejected.statusCode).toBe(409);
    expect(rejected.json().code).toBe('not_accepted');
    // Another organisation's staff see the accepted proposal (it is public) and may not touch it; a resident neither.
    expect(
      (
        await call(c.users.otherOrgStaff.id, 'POST', `/api/proposals/${ps[0].id}/recommendation`, {
          ...body,
          version: 2,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await call(c.users.resident.id, 'POST', `/api/proposals/${ps[0].id}/recommendation`, { ...body, version: 2 }))
        .statusCode,
    ).toBe(403);
    const [event] = await t.db.execute<{ actor_id: number; reason: string; data: { recommendation: string } }>(
      sql`select actor_id, reason, data from discussion_events where proposal_id = ${ps[0].id} and step = 'recommended'`,
    );
    expect(Number(event.actor_id)).toBe(staff);
    expect(event.reason).toBe(body.reason);
    expect(event.data.recommendation).toBe('take_into_account');
  });

  it('publishes the conclusion only after the protocol, with every recommendation given, and tells the territory', async () => {
    const { d, ps } = await closedWith(['accepted', 'accepted', 'accepted', 'rejected']);
    const sup = c.users.orgSupervisor.id;
    const text = { ru: 'Рекомендовать утвердить проект с учётом предложений № 1 и 3.' };
    const early = await call(sup, 'POST', `/api/discussions/${d.id}/conclusion`, {
      version: await version(d.id),
      text,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'closed' });
    await call(sup, 'POST', `/api/discussions/${d.id}/protocol`, { version: await version(d.id) });
    await call(c.users.orgStaff.id, 'POST', `/api/proposals/${ps[1].id}/recommendation`, {
      recommendation: 'decline',
      reason: 'Противоречит генеральному плану города',
      version: 1,
    });
    const missing = await call(sup, 'POST', `/api/discussions/${d.id}/conclusion`, {
      version: await version(d.id),
      text,
    });
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ code: 'recommendations_missing', numbers: [1, 3] });
    expect(missing.json().detail).toContain('1, 3');
    for (const p of [ps[0], ps[2]])
      await call(c.users.orgStaff.id, 'POST', `/api/proposals/${p.id}/recommendation`, {
        recommendation: 'take_into_account',
        reason: 'Учесть при доработке проекта',
        version: 1,
      });
    // Staff moderate but do not publish: the supervisor does.
    expect(
      (
        await call(c.users.orgStaff.id, 'POST', `/api/discussions/${d.id}/conclusion`, {
          version: await version(d.id),
          text,
        })
      ).statusCode,
    ).toBe(403);
    const done = await call(sup, 'POST', `/api/discussions/${d.id}/conclusion`, { version: await version(d.id), text });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('concluded');
    const [row] = await t.db.execute<{ conclusion_text: { ru: string; en: string; tt: string } }>(
      sql`select conclusion_text from discussions where id = ${d.id}`,
    );
    expect(row.conclusion_text).toEqual({ ru: text.ru, en: text.ru, tt: text.ru });
    const jobs = await t.db.execute<{ data: { discussionId: number; moment: string } }>(
      sql`select data from pgboss.job where name = 'discussion.notify'`,
    );
    expect(jobs.map((j) => j.data)).toContainEqual({ discussionId: d.id, moment: 'concluded' });
    // After the conclusion, recommendations are final.
    const late = await call(c.users.orgStaff.id, 'POST', `/api/proposals/${ps[0].id}/recommendation`, {
      recommendation: 'decline',
      reason: 'Передумали после публикации',
      version: 2,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'concluded' });
  });

  it('shows the public the numbers, and the recommendations only once concluded; the organiser all along', async () => {
    const { d, ps } = await closedWith(['accepted', 'rejected', 'submitted']);
    await call(c.users.orgStaff.id, 'POST', `/api/proposals/${ps[0].id}/recommendation`, {
      recommendation: 'decline',
      reason: 'Вне границ территории проекта',
      version: 1,
    });
    const pub = (await call(null, 'GET', `/api/discussions/${d.id}/results`)).json();
    expect(pub.counts).toEqual({ participants: 1, submitted: 1, accepted: 1, rejected: 1 });
    expect(pub.proposals[0].recommendation).toBeNull();
    expect(pub.preview).toBe(false);
    expect(pub.rejected[0]).toMatchObject({ number: 2, reason: 'Не относится к предмету обсуждения' });
    const org = (await call(c.users.orgStaff.id, 'GET', `/api/discussions/${d.id}/results`)).json();
    expect(org.proposals[0].recommendation).toBe('decline');
    expect(org.preview).toBe(true);
    expect(JSON.stringify(pub)).not.toContain('authorId');
    expect((await call(null, 'GET', `/api/discussions/${d.id}/protocol.pdf`)).statusCode).toBe(409);
    expect((await call(null, 'GET', `/api/discussions/${d.id}/conclusion.csv`)).statusCode).toBe(409);
    expect((await call(c.users.orgStaff.id, 'GET', `/api/discussions/${d.id}/protocol.pdf`)).statusCode).toBe(200);
    expect((await call(c.users.otherOrgStaff.id, 'GET', `/api/discussions/${d.id}/protocol/full.csv`)).statusCode).toBe(
      403,
    );
    expect((await call(c.users.admin.id, 'GET', `/api/discussions/${d.id}/protocol/full.csv`)).statusCode).toBe(403);
    const draft = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'draft' });
    expect((await call(null, 'GET', `/api/discussions/${draft.id}/results`)).statusCode).toBe(404);
    expect((await call(c.users.orgStaff.id, 'GET', `/api/discussions/${draft.id}/results`)).statusCode).toBe(200);
  });
});
