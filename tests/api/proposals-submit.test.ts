import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { scheduleFor } from '../helpers/discussions-make.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { png } from '../helpers/http.ts';
import { pdf, proposalScene } from '../helpers/proposals.ts';

/*
 * Submitting a proposal (issue 17): the refusals in their order — 404, 403 with the reason (which
 * wins over the period), 409 naming the dates before and after the period, then 413/415/422 —,
 * the 5,000 characters, the files, the author kept apart, idempotency, and numbers without
 * duplicates however many submit at once.
 */
describe('submitting a proposal to a discussion', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof proposalScene>>;
  let inside: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    scene = await proposalScene(t);
    inside = await scene.residentIn(
      scene.c.building.id,
      'Хабибуллин Марат Ренатович',
      'г. Казань, ул. Баумана, д. 12, кв. 5',
    );
  });
  afterAll(() => t?.close());

  it('takes an eligible resident’s proposal with a point and files: numbered, the author apart, an event and a notice', async () => {
    const res = await scene.submit(
      inside.id,
      { text: '  Прошу сохранить сквер и добавить детскую площадку.  ', lon: '49.121', lat: '55.791' },
      {
        files: [
          { filename: 'схема.pdf', type: 'application/pdf', bytes: pdf() },
          { filename: 'фото.png', type: 'image/png', bytes: await png() },
        ],
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      discussionId: scene.discussion.id,
      number: 1,
      status: 'submitted',
      body: 'Прошу сохранить сквер и добавить детскую площадку.',
      point: { lon: 49.121, lat: 55.791 },
    });
    expect(p.files.map((f: { mediaType: string }) => f.mediaType)).toEqual(['application/pdf', 'image/png']);
    const [author] = await t.db.execute(sql`select * from proposal_authors where proposal_id = ${p.id}`);
    expect(author).toMatchObject({
      full_name: 'Хабибуллин Марат Ренатович',
      birth_date: '1979-03-02',
      address: 'г. Казань, ул. Баумана, д. 12, кв. 5',
    });
    const events = await t.db.execute(sql`select step, actor_id from discussion_events where proposal_id = ${p.id}`);
    expect(events).toEqual([{ step: 'submitted', actor_id: String(inside.id) }]);
    const outbox = await t.db.execute<{ body: string; kind: string }>(
      sql`select body, kind from notification_outbox where user_id = ${inside.id} and template = 'proposal.received'`,
    );
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox[0]).toMatchObject({ kind: 'discussion' });
    expect(outbox[0].body).toContain('№ 1');
    // The author reads their file; another resident does not, nor a visitor.
    const file = await scene.call(inside.id, 'GET', p.files[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((await scene.call(scene.c.users.otherResident.id, 'GET', p.files[0].url)).statusCode).toBe(404);
    expect((await scene.call(null, 'GET', p.files[0].url)).statusCode).toBe(401);
    expect((await scene.call(scene.c.users.orgStaff.id, 'GET', p.files[0].url)).statusCode).toBe(200);
  });

  it('takes a holder of a confirmed apartment with the account’s name and the apartment’s address', async () => {
    const { c, housing } = scene;
    const holder = await c.make.user(c.city.id, { role: 'resident', fullName: 'Сафина Алсу' });
    const flat = await housing.apartment(c.building.id, { number: '44' });
    await housing.link(flat.id, holder.id, 'confirmed');
    const res = await scene.submit(holder.id, { text: 'Против вырубки деревьев во дворе.' });
    expect(res.statusCode, res.body).toBe(201);
    const [author] = await t.db.execute(sql`select * from proposal_authors where proposal_id = ${res.json().id}`);
    expect(author).toMatchObject({
      full_name: 'Сафина Алсу',
      birth_date: null,
      address: `${c.building.address}, кв. 44`,
    });
    expect(author.bases).toEqual([{ kind: 'apartment', address: c.building.address, apartment: '44' }]);
  });

  it('refuses one who may not take part with 403 and the reason naming the address; a visitor 401', async () => {
    const outsider = await scene.residentIn(scene.outside.id);
    const res = await scene.submit(outsider.id, { text: 'Предложение' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'discussion.ineligible.outside',
      reason: 'outside',
      addresses: [scene.outside.address],
    });
    expect(res.json().detail).toContain(scene.outside.address);
    expect((await scene.submit(scene.c.users.otherResident.id, { text: 'x' })).json().code).toBe(
      'discussion.ineligible.unidentified',
    );
    expect((await scene.submit(null, { text: 'x' })).statusCode).toBe(401);
    expect((await scene.submit(scene.c.users.orgStaff.id, { text: 'x' })).statusCode).toBe(403);
    expect((await scene.submit(inside.id, { text: 'x' }, { discussionId: 999999999 })).statusCode).toBe(404);
  });

  it('refuses before and after the period with 409 naming the dates; 403 wins over 409', async () => {
    const { c, make } = scene;
    const today = localDate(new Date(), 'Europe/Moscow');
    const base = scheduleFor('open', today);
    const ahead = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
      schedule: { ...base, proposalsFrom: addDays(today, 2), proposalsTo: addDays(today, 6) },
    });
    const before = await scene.submit(inside.id, { text: 'Рано' }, { discussionId: ahead.id });
    expect(before.statusCode, before.body).toBe(409);
    expect(before.json()).toMatchObject({
      code: 'proposal.period_before',
      taking: 'before',
      proposalsFrom: addDays(today, 2),
      proposalsTo: addDays(today, 6),
    });
    expect(before.json().detail).toContain(addDays(today, 2).split('-').reverse().join('.'));
    const past = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
      schedule: { ...base, proposalsFrom: addDays(today, -5), proposalsTo: addDays(today, -1) },
    });
    const after = await scene.submit(inside.id, { text: 'Поздно' }, { discussionId: past.id });
    expect(after.statusCode).toBe(409);
    expect(after.json()).toMatchObject({ code: 'proposal.period_after', proposalsTo: addDays(today, -1) });
    const closed = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'closed' });
    expect((await scene.submit(inside.id, { text: 'Закрыто' }, { discussionId: closed.id })).json().code).toBe(
      'proposal.period_after',
    );
    const outsider = await scene.residentIn(scene.outside.id);
    const both = await scene.submit(outsider.id, { text: 'Поздно и не здесь' }, { discussionId: past.id });
    expect(both.statusCode).toBe(403);
    const lastDay = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
      schedule: { ...base, proposalsFrom: addDays(today, -5), proposalsTo: today },
    });
    expect((await scene.submit(inside.id, { text: 'В последний день' }, { discussionId: lastDay.id })).statusCode).toBe(
      201,
    );
  });

  it('takes 5,000 characters and refuses 5,001, an empty text and a point outside the city with 422', async () => {
    const ok = await scene.submit(inside.id, { text: 'я'.repeat(5000) });
    expect(ok.statusCode, ok.body).toBe(201);
    const long = await scene.submit(inside.id, { text: 'я'.repeat(5001) });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual([expect.objectContaining({ field: 'body.text', code: 'field.too_long_max' })]);
    const empty = await scene.submit(inside.id, { text: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0]).toMatchObject({ field: 'body.text', code: 'proposal.field.text_required' });
    const far = await scene.submit(inside.id, { text: 'Точка далеко', lon: '37.6', lat: '55.75' });
    expect(far.statusCode).toBe(422);
    expect(far.json().errors[0]).toMatchObject({ field: 'body.lon', code: 'proposal.field.point_outside_city' });
    const half = await scene.submit(inside.id, { text: 'Без широты', lon: '49.12' });
    expect(half.statusCode).toBe(422);
  });

  it('refuses a file over 10 MB with 413, a sixth file with 413, and a mislabelled or other file with 415', async () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const tooBig = await scene.submit(
      inside.id,
      { text: 'Большой файл' },
      {
        files: [{ filename: 'big.pdf', type: 'application/pdf', bytes: big }],
      },
    );
    expect(tooBig.statusCode).toBe(413);
    const six = Array.from({ length: 6 }, (_, i) => ({
      filename: `${i}.pdf`,
      type: 'application/pdf',
      bytes: pdf(`${i}`),
    }));
    expect((await scene.submit(inside.id, { text: 'Шесть файлов' }, { files: six })).statusCode).toBe(413);
    const fake = await scene.submit(
      inside.id,
      { text: 'Не PDF' },
      {
        files: [{ filename: 'virus.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') }],
      },
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json().errors[0]).toMatchObject({ field: 'files[0]', code: 'proposal.file_type.reason' });
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    expect(
      (
        await scene.submit(
          inside.id,
          { text: 'WebP' },
          { files: [{ filename: 'a.webp', type: 'image/webp', bytes: webp }] },
        )
      ).statusCode,
    ).toBe(415);
  });

  it('answers the same proposal to the same Idempotency-Key', async () => {
    const first = await scene.submit(inside.id, { text: 'Повтор при обрыве связи' }, { key: 'retry-1' });
    expect(first.statusCode).toBe(201);
    const again = await scene.submit(inside.id, { text: 'Повтор при обрыве связи' }, { key: 'retry-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().number).toBe(first.json().number);
    const raced = await Promise.all(
      [1, 2, 3].map(() => scene.submit(inside.id, { text: 'Три повтора сразу' }, { key: 'retry-race' })),
    );
    expect(new Set(raced.map((r) => r.json().id)).size).toBe(1);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const { c, make } = scene;
    const elsewhere = await make.discussion(c.city.id, c.mc.id, c.users.admin.id);
    const reused = await scene.submit(
      inside.id,
      { text: 'Другое обсуждение' },
      { key: 'retry-1', discussionId: elsewhere.id },
    );
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('proposal.idempotency_key_reused');
  });

  it('numbers proposals submitted at once without gaps or duplicates', async () => {
    const { c, make } = scene;
    const fresh = await make.discussion(c.city.id, c.mc.id, c.users.admin.id);
    const people = await Promise.all(Array.from({ length: 16 }, () => scene.residentIn(c.building.id)));
    const answers = await Promise.all(
      people.map((u, i) => scene.submit(u.id, { text: `Одновременно ${i}` }, { discussionId: fresh.id })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(people.map(() => 201));
    const numbers = answers.map((a) => a.json().number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});
