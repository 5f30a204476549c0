import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { discussionMakers } from '../helpers/discussions-make.ts';
import { smallCity } from '../helpers/make.ts';
import { readPdf, squeeze } from '../helpers/pdf-text.ts';

/*
 * The protocol and the conclusion as documents (issue 17): the PDF embeds its font and reads back as
 * Cyrillic, lists every accepted proposal by number and text (long ones across pages) and none of the
 * rejected texts; the public copies (PDF and CSV) hold no participant's name, birth date or address,
 * the organiser's copy holds them all; the conclusion carries every recommendation.
 */
describe('the protocol and the conclusion as PDF and CSV', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let discussionId: number;
  const accepted: { number: number; body: string }[] = [];
  const rejectedBodies: string[] = [];
  const people: { fullName: string; birthDate: string; address: string }[] = [];
  const reasons = new Map<number, string>();

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const make = discussionMakers(t.db);
    const d = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
      status: 'closed',
      title: 'Проект планировки территории в границах улиц Баумана и Профсоюзной',
    });
    discussionId = d.id;
    const names = ['Галиуллин Рустем Ильдарович', 'Сафина Гульнара Рафаэлевна', 'Кузнецов Андрей Петрович'];
    for (let i = 0; i < 3; i++) {
      const user = await c.make.user(c.city.id, { role: 'resident', fullName: names[i] });
      people.push({
        fullName: names[i],
        birthDate: `197${i}-0${i + 3}-1${i}`,
        address: `г. Казань, ул. Баумана, д. 1${i}, кв. ${40 + i}`,
      });
      for (let j = 0; j < 10; j++) {
        const n = i * 10 + j;
        const rejected = n % 6 === 5;
        // Every fourth a long one (about 3,000 characters): the protocol runs across pages.
        const body =
          n % 4 === 0
            ? `Предложение ${n}: ${'сохранить липовую аллею вдоль улицы и устроить велодорожку; '.repeat(50)}конец ${n}.`
            : rejected
              ? `Не по теме ${n}: продам гараж в Дербышках, звоните`
              : `Предложение ${n}: добавить пешеходный переход и освещение у школы № ${n}.`;
        const p = await make.proposal(d.id, user.id, {
          status: rejected ? 'rejected' : 'accepted',
          body,
          rejectReason: rejected ? `Не относится к предмету обсуждения (${n})` : undefined,
          author: { ...people[i], bases: [{ kind: 'registration', address: people[i].address }] },
        });
        if (rejected) {
          rejectedBodies.push(body);
          reasons.set(p.number, `Не относится к предмету обсуждения (${n})`);
        } else accepted.push({ number: p.number, body });
      }
    }
  }, 60_000);
  afterAll(() => t?.close());

  const get = async (userId: number | null, url: string) =>
    t.app.inject({ method: 'GET', url, headers: userId === null ? {} : await t.signIn(userId) });
  const version = async () =>
    Number(
      (await t.db.execute<{ v: number }>(sql`select version as v from discussions where id = ${discussionId}`))[0].v,
    );
  const personalMarkers = () =>
    people.flatMap((p) => [
      p.fullName,
      p.fullName.split(' ')[0],
      p.birthDate.split('-').reverse().join('.'),
      p.address,
    ]);

  it('lists every accepted proposal by number and text in a multi-page PDF with its font embedded, and no rejected text', async () => {
    const sup = c.users.orgSupervisor.id;
    const signed = await t.app.inject({
      method: 'POST',
      url: `/api/discussions/${discussionId}/protocol`,
      headers: await t.signIn(sup),
      payload: { version: await version() },
    });
    expect(signed.statusCode).toBe(200);
    const res = await get(null, `/api/discussions/${discussionId}/protocol.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    // Made from the same rows, the same bytes: a visitor's copy is kept and revalidated (304).
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/discussions/${discussionId}/protocol.pdf`,
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const pdf = await readPdf(res.rawPayload);
    expect(accepted.length).toBe(25);
    expect(pdf.pages).toBeGreaterThan(3);
    expect(pdf.fontFiles).toBeGreaterThan(0);
    expect(pdf.standard14).toBe(false);
    expect(pdf.text).toContain('ПРОТОКОЛ');
    expect(pdf.text).not.toContain('ПРОЕКТ ПРОТОКОЛА');
    const text = squeeze(pdf.text);
    for (const p of accepted) {
      expect(text, `proposal ${p.number}`).toContain(squeeze(`№ ${p.number} от`));
      expect(text, `proposal ${p.number}`).toContain(squeeze(p.body));
    }
    for (const body of rejectedBodies) expect(text).not.toContain(squeeze(body));
    for (const [number, reason] of reasons) expect(text, `rejected ${number}`).toContain(squeeze(reason));
    for (const m of personalMarkers()) expect(text).not.toContain(squeeze(m));
  }, 60_000);

  it('keeps the participants out of the public CSV and puts every one into the organiser’s copies', async () => {
    const csv = await get(null, `/api/discussions/${discussionId}/protocol.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFF№ / No.;')).toBe(true);
    expect(csv.body.split('\r\n').length).toBe(30 + 2);
    for (const m of personalMarkers()) expect(csv.body).not.toContain(m);
    for (const body of rejectedBodies) expect(csv.body).not.toContain(body);

    const staff = c.users.orgStaff.id;
    const fullCsv = await get(staff, `/api/discussions/${discussionId}/protocol/full.csv`);
    expect(fullCsv.statusCode).toBe(200);
    const fullPdf = await get(staff, `/api/discussions/${discussionId}/protocol/full.pdf`);
    expect(fullPdf.statusCode).toBe(200);
    const fullText = squeeze((await readPdf(fullPdf.rawPayload)).text);
    for (const m of personalMarkers()) {
      expect(fullCsv.body).toContain(m);
      expect(fullText).toContain(squeeze(m));
    }
    // Each reading of the organiser's copy is in the trail, once per participant.
    const trail = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from personal_data_access where kind = 'discussion.read_personal' and record = ${`discussion:${discussionId}`}`,
    );
    expect(trail[0].n).toBe(6);
    // Nobody else gets the organiser's copy: another organisation, a resident, the admin, a visitor.
    for (const who of [c.users.otherOrgStaff.id, c.users.resident.id, c.users.admin.id, c.users.cityHall.id])
      expect((await get(who, `/api/discussions/${discussionId}/protocol/full.pdf`)).statusCode).toBe(403);
    expect((await get(null, `/api/discussions/${discussionId}/protocol/full.csv`)).statusCode).toBe(401);
  }, 60_000);

  it('gives every recommendation with its reasons in the conclusion, public once published', async () => {
    const staff = c.users.orgStaff.id;
    const rows = await t.db.execute<{ id: number; number: number }>(
      sql`select id, number from proposals where discussion_id = ${discussionId} and status = 'accepted' order by number`,
    );
    for (const r of rows) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/proposals/${r.id}/recommendation`,
        headers: await t.signIn(staff),
        payload: {
          recommendation: r.number % 2 ? 'take_into_account' : 'decline',
          reason: `Обоснование по предложению ${r.number}: соответствует генплану`,
          version: 1,
        },
      });
      expect(res.statusCode).toBe(200);
    }
    // Before publication: the public is refused, the organiser previews a draft.
    expect((await get(null, `/api/discussions/${discussionId}/conclusion.pdf`)).statusCode).toBe(409);
    const preview = await readPdf((await get(staff, `/api/discussions/${discussionId}/conclusion.pdf`)).rawPayload);
    expect(preview.text).toContain('ПРОЕКТ ЗАКЛЮЧЕНИЯ');
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/discussions/${discussionId}/conclusion`,
      headers: await t.signIn(c.users.orgSupervisor.id),
      payload: {
        version: await version(),
        text: { ru: 'Общественные обсуждения признать состоявшимися; проект рекомендовать к утверждению.' },
      },
    });
    expect(published.statusCode).toBe(200);
    const pdf = await readPdf((await get(null, `/api/discussions/${discussionId}/conclusion.pdf`)).rawPayload);
    expect(pdf.fontFiles).toBeGreaterThan(0);
    const text = squeeze(pdf.text);
    expect(text).toContain(squeeze('признать состоявшимися'));
    expect(text).not.toContain('ПРОЕКТ');
    for (const r of rows)
      expect(text, `recommendation ${r.number}`).toContain(squeeze(`предложению ${r.number}: соответствует`));
    expect(text).toContain('Учесть');
    expect(text).toContain(squeeze('Не учитывать'));
    for (const m of personalMarkers()) expect(text).not.toContain(squeeze(m));
    const csv = (await get(null, `/api/discussions/${discussionId}/conclusion.csv`)).body;
    expect(csv.split('\r\n').length).toBe(25 + 2);
    for (const r of rows) expect(csv).toContain(`Обоснование по предложению ${r.number}:`);
    for (const m of personalMarkers()) expect(csv).not.toContain(m);
    const results = (await get(null, `/api/discussions/${discussionId}/results`)).json();
    expect(results.proposals.every((p: { recommendation: string | null }) => p.recommendation !== null)).toBe(true);
    expect(results.conclusionText.ru).toContain('состоявшимися');
  }, 60_000);
});
