import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { proposalScene } from '../helpers/proposals.ts';

/*
 * "Can I take part, and why" (issue 17): from the verified identity's registration building or a
 * confirmed apartment link, against the discussion's territory; a pending link is not enough; one
 * outside is told the addresses; one with neither is told how to be identified; a visitor to sign in.
 */
describe('who may take part in a discussion', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof proposalScene>>;
  beforeAll(async () => {
    t = await startTestApp();
    scene = await proposalScene(t);
  });
  afterAll(() => t?.close());

  const ask = (userId: number | null, lang = 'ru') =>
    scene.call(userId, 'GET', `/api/discussions/${scene.discussion.id}/eligibility`, undefined, {
      cookie: `otklik_lang=${lang}`,
    });

  it('a resident registered (by Gosuslugi) in a building on the territory may take part, and is told why', async () => {
    const u = await scene.residentIn(scene.c.building.id);
    const res = await ask(u.id);
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    expect(e).toMatchObject({
      eligible: true,
      reason: null,
      identified: true,
      canPropose: true,
      proposals: { taking: 'open', from: scene.discussion.proposalsFrom, to: scene.discussion.proposalsTo },
    });
    expect(e.bases).toEqual([
      expect.objectContaining({ kind: 'registration', address: scene.c.building.address, apartment: null }),
    ]);
    expect(e.bases[0].text).toContain('на территории проекта');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await ask(null)).headers['cache-control']).toBe('public, no-cache');
  });

  it('a holder of a confirmed apartment on the territory may take part; a pending link is not enough', async () => {
    const { c, housing } = scene;
    const confirmed = await c.make.user(c.city.id, { role: 'resident' });
    const flat = await housing.apartment(c.building.id, { number: '17' });
    await housing.link(flat.id, confirmed.id, 'confirmed');
    const ok = (await ask(confirmed.id, 'en')).json();
    expect(ok.eligible).toBe(true);
    expect(ok.identified).toBe(false);
    expect(ok.bases).toEqual([expect.objectContaining({ kind: 'apartment', apartment: '17' })]);
    expect(ok.bases[0].text).toMatch(/confirmed by the management company/);

    const pending = await c.make.user(c.city.id, { role: 'resident' });
    const other = await housing.apartment(c.building.id, { number: '18' });
    await housing.link(other.id, pending.id, 'pending');
    const no = (await ask(pending.id)).json();
    expect(no).toMatchObject({ eligible: false, reason: 'unidentified', canPropose: false, bases: [] });
    expect(no.reasonText).toMatch(/Госуслуги/);
  });

  it('one registered outside the territory is refused, naming the address', async () => {
    const u = await scene.residentIn(scene.outside.id);
    const e = (await ask(u.id)).json();
    expect(e).toMatchObject({
      eligible: false,
      reason: 'outside',
      reasonCode: 'discussion.ineligible.outside',
      addresses: [scene.outside.address],
      canPropose: false,
    });
    expect(e.reasonText).toContain(scene.outside.address);
    expect((await ask(u.id, 'tt')).json().reasonText).toContain('территориясеннән читтә');
  });

  it('an identity whose address is not in the register, an unidentified resident and a visitor each get their reason', async () => {
    const unknown = await scene.residentIn(null, 'Иванова Мария', 'Самарская обл., с. Нигде, д. 1');
    expect((await ask(unknown.id)).json()).toMatchObject({
      eligible: false,
      reason: 'address_unknown',
      addresses: ['Самарская обл., с. Нигде, д. 1'],
    });
    expect((await ask(scene.c.users.otherResident.id)).json()).toMatchObject({
      eligible: false,
      reason: 'unidentified',
    });
    const anonymous = await ask(null);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toMatchObject({
      eligible: false,
      reason: 'anonymous',
      reasonText: 'Войдите, чтобы узнать, можете ли вы участвовать.',
      canPropose: false,
    });
  });

  it('a building listed by the organiser counts though it lies off the territory', async () => {
    const { c, make } = scene;
    const listed = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { listed: [scene.outside.id] });
    const u = await scene.residentIn(scene.outside.id);
    const e = (await scene.call(u.id, 'GET', `/api/discussions/${listed.id}/eligibility`)).json();
    expect(e.eligible).toBe(true);
  });

  it('a draft discussion is not found by a resident; an unknown one is 404', async () => {
    const { c, make } = scene;
    const draft = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'draft' });
    expect((await scene.call(c.users.resident.id, 'GET', `/api/discussions/${draft.id}/eligibility`)).statusCode).toBe(
      404,
    );
    expect((await scene.call(null, 'GET', '/api/discussions/999999999/eligibility')).statusCode).toBe(404);
  });
});
