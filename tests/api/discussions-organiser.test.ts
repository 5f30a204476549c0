import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { notifyTerritory } from '../../api/discussions/notify-territory.ts';
import { sweepDiscussionSteps, takeDueDiscussionStep } from '../../api/discussions/timers.ts';
import * as s from '../../db/schema/index.ts';
import { defaultSchedule } from '../../dispatch/discussions.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { discussionMakers, squareTerritory } from '../helpers/discussions-make.ts';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';

// Today at 12:00 in Kazan (UTC+3): sessions are made on the real clock, so the app's stays near it.
const TODAY = localDate(new Date(), 'Europe/Moscow');
const NOW = new Date(`${TODAY}T12:00:00+03:00`);
const NOTICE = addDays(TODAY, 7);
const YEAR = TODAY.slice(0, 4);
const pdf = () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('discussions: the organiser prepares, announces and the timer opens and closes', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let outside: typeof s.buildings.$inferSelect;
  let listed: typeof s.buildings.$inferSelect;
  const ctx = () => systemContext({ db: t.db, boss: t.boss, clock: t.app.clock });

  beforeAll(async () => {
    t = await startTestApp();
    t.setNow(NOW);
    c = await smallCity(t.db);
    outside = await c.make.building(c.city.id, c.district.id, { lon: 49.15, lat: 55.8, house: '90' });
    listed = await c.make.building(c.city.id, c.district.id, { lon: 49.16, lat: 55.81, house: '91' });
  });
  afterAll(() => t?.close());

  const call = async (method: string, url: string, userId: number | null, body?: unknown, headers = {}) => {
    const auth = userId ? await t.signIn(userId) : {};
    return t.app.inject({
      method: method as 'GET',
      url: `/api${url}`,
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
  };
  const draft = (o: Record<string, unknown> = {}) => ({
    kind: 'planning_project',
    title: { ru: 'Проект планировки квартала у Баумана', en: 'Planning of the Bauman block', tt: '' },
    summary: { ru: 'Сквер и жильё', en: '', tt: '' },
    expositionPlace: 'ул. Баумана, 2',
    territory: squareTerritory(49.12, 55.79, 0.005),
    buildingIds: [listed.id],
    ...o,
  });
  const create = (o: Record<string, unknown> = {}) => call('POST', '/discussions', c.users.orgSupervisor.id, draft(o));

  it('creates a draft with the default dates, a yearly number and the buildings inside and listed', async () => {
    const res = await create();
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ status: 'draft', number: `ПС-${YEAR}-1`, organiser: { id: c.mc.id } });
    expect(d.schedule).toEqual(defaultSchedule(NOTICE));
    const ids = d.buildings.map((b: { id: number; via: string }) => [b.id, b.via]);
    expect(ids).toContainEqual([c.building.id, 'territory']);
    expect(ids).toContainEqual([listed.id, 'listed']);
    expect(ids.map((x: number[]) => x[0])).not.toContain(outside.id);
    expect((await create()).json().number).toBe(`ПС-${YEAR}-2`);
  });

  it('refuses a territory that crosses itself or leaves the municipality, naming the field (422)', async () => {
    const bowtie = {
      areas: [
        {
          outer: [
            [49.11, 55.78],
            [49.13, 55.8],
            [49.13, 55.78],
            [49.11, 55.8],
          ],
          holes: [],
        },
      ],
      plots: [],
    };
    const crossing = await create({ territory: bowtie });
    expect(crossing.statusCode).toBe(422);
    expect(crossing.json().errors).toContainEqual(expect.objectContaining({ field: 'body.territory.areas.0.outer' }));
    const away = await create({ territory: squareTerritory(50.5, 55.79, 0.01) });
    expect(away.statusCode).toBe(422);
    expect(away.json().errors[0].field).toBe('body.territory.areas.0.outer');
    const empty = await create({ territory: { areas: [], plots: [] } });
    expect(empty.statusCode).toBe(422);
  });

  it('refuses dates the law does not allow, per field (422)', async () => {
    const schedule = {
      ...defaultSchedule(NOTICE),
      expositionFrom: addDays(NOTICE, 2),
      proposalsFrom: addDays(NOTICE, 2),
    };
    const res = await create({ schedule });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('body.schedule.expositionFrom');
    const past = await create({ schedule: defaultSchedule(addDays(TODAY, -10)) });
    expect(past.json().errors.map((e: { field: string }) => e.field)).toContain('body.schedule.noticeOn');
  });

  it('keeps a draft to its organiser: 404 to the public and other organisations, absent from the public list', async () => {
    const d = (await create()).json();
    expect((await call('GET', `/discussions/${d.id}`, null)).statusCode).toBe(404);
    expect((await call('GET', `/discussions/${d.id}`, c.users.resident.id)).statusCode).toBe(404);
    expect((await call('GET', `/discussions/${d.id}`, c.users.otherAdmin.id)).statusCode).toBe(404);
    expect((await call('GET', `/discussions/${d.id}`, c.users.orgSupervisor.id)).statusCode).toBe(200);
    expect((await call('GET', `/discussions/${d.id}`, c.users.admin.id)).statusCode).toBe(200);
    const list = await call('GET', `/discussions?municipality=${c.city.code}`, null);
    expect(list.json().items.map((x: { id: number }) => x.id)).not.toContain(d.id);
    const managed = await call('GET', '/discussions/managed', c.users.orgSupervisor.id);
    expect(managed.json().items.map((x: { id: number }) => x.id)).toContain(d.id);
    expect((await call('GET', '/discussions/managed', c.users.resident.id)).statusCode).toBe(403);
  });

  it('changes a draft with its version and recomputes the buildings', async () => {
    const d = (await create()).json();
    const res = await call('PATCH', `/discussions/${d.id}`, c.users.orgSupervisor.id, {
      version: d.version,
      territory: squareTerritory(49.15, 55.8, 0.002),
      buildingIds: [],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().buildings.map((b: { id: number }) => b.id)).toEqual([outside.id]);
    const stale = await call('PATCH', `/discussions/${d.id}`, c.users.orgSupervisor.id, { version: d.version });
    expect(stale.statusCode).toBe(409);
  });

  describe('documents', () => {
    let id: number;
    const upload = async (bytes: Buffer, type = 'application/pdf', who = c.users.orgSupervisor.id) => {
      const form = await multipart({ title: 'Основная часть' }, [
        { name: 'file', filename: 'Проект.pdf', type, bytes },
      ]);
      return call('POST', `/discussions/${id}/documents`, who, form.payload, form.headers);
    };
    beforeAll(async () => {
      id = (await create()).json().id;
    });

    it('takes a PDF by content and gives it back under its name', async () => {
      const res = await upload(pdf());
      expect(res.statusCode, res.body).toBe(201);
      const doc = res.json();
      expect(doc).toMatchObject({ mediaType: 'application/pdf', name: 'Проект.pdf' });
      const got = await call('GET', doc.url.replace('/api', ''), c.users.orgSupervisor.id);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-disposition']).toContain(encodeURIComponent('Проект.pdf'));
      expect(got.rawPayload.equals(pdf())).toBe(true);
      // A draft's document is the organiser's only.
      expect((await call('GET', doc.url.replace('/api', ''), null)).statusCode).toBe(404);
    });

    it('refuses what is not a PDF, PNG or JPEG by content (415), and more than 50 MB (413)', async () => {
      const text = await upload(Buffer.from('just text, named a PDF'), 'application/pdf');
      expect(text.statusCode).toBe(415);
      expect(text.json().code).toBe('discussion.document_type');
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
      pdf().copy(big);
      expect((await upload(big)).statusCode).toBe(413);
    });

    it('removes a document from a draft; a resident may not upload', async () => {
      expect((await upload(pdf(), 'application/pdf', c.users.resident.id)).statusCode).toBe(403);
      const doc = (await upload(pdf())).json();
      expect(
        (await call('DELETE', `/discussions/${id}/documents/${doc.id}`, c.users.orgSupervisor.id)).statusCode,
      ).toBe(204);
    });
  });

  describe('announce, the timers and the territory’s notice', () => {
    let d: { id: number; version: number; schedule: ReturnType<typeof defaultSchedule> };
    beforeAll(async () => {
      d = (await create()).json();
    });

    it('refuses to announce without a document (422), then announces and arms the timers at local midnights', async () => {
      const bare = await call('POST', `/discussions/${d.id}/announce`, c.users.orgSupervisor.id, {
        version: d.version,
      });
      expect(bare.statusCode).toBe(422);
      const form = await multipart({ title: 'Основная часть' }, [
        { name: 'file', filename: 'p.pdf', type: 'application/pdf', bytes: pdf() },
      ]);
      await call('POST', `/discussions/${d.id}/documents`, c.users.orgSupervisor.id, form.payload, form.headers);
      const res = await call('POST', `/discussions/${d.id}/announce`, c.users.orgSupervisor.id, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'announced', stage: 'notice' });
      const jobs = await t.db.execute<{ step: string; start_after: Date }>(
        sql`select data->>'step' as step, start_after from pgboss.job where name = 'discussion.step' and (data->>'discussionId')::bigint = ${d.id} order by start_after`,
      );
      // Midnight in Kazan is 21:00 UTC the day before.
      const open = new Date(`${d.schedule.expositionFrom}T00:00:00+03:00`);
      const closeDay = new Date(`${d.schedule.proposalsTo}T00:00:00+03:00`).getTime() + 24 * 3600 * 1000;
      expect(jobs.map((j) => [j.step, new Date(j.start_after).toISOString()])).toEqual([
        ['open', open.toISOString()],
        ['close', new Date(closeDay).toISOString()],
      ]);
      // Now public, and no longer editable.
      expect((await call('GET', `/discussions/${d.id}`, null)).statusCode).toBe(200);
      const late = await call('PATCH', `/discussions/${d.id}`, c.users.orgSupervisor.id, {
        version: res.json().version,
      });
      expect(late.statusCode).toBe(409);
    });

    it('opens only when due, queueing the notice; closes after the proposals’ last day; the sweep catches a missed one', async () => {
      const open = new Date(`${d.schedule.expositionFrom}T00:00:00+03:00`);
      t.setNow(new Date(open.getTime() - 60_000));
      expect(await takeDueDiscussionStep(ctx(), d.id, 'open')).toBe(false);
      t.setNow(new Date(open.getTime() + 1000));
      expect(await takeDueDiscussionStep(ctx(), d.id, 'close')).toBe(false);
      expect(await takeDueDiscussionStep(ctx(), d.id, 'open')).toBe(true);
      expect(await takeDueDiscussionStep(ctx(), d.id, 'open')).toBe(false);
      const [row] = await t.db.select().from(s.discussions).where(eq(s.discussions.id, d.id));
      expect(row.status).toBe('open');
      const notify = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name = 'discussion.notify' and (data->>'discussionId')::bigint = ${d.id} and data->>'moment' = 'opened'`,
      );
      expect(notify[0].n).toBe(1);
      t.setNow(new Date(`${d.schedule.proposalsTo}T23:59:00+03:00`));
      expect(await sweepDiscussionSteps(ctx())).toBe(0);
      t.setNow(new Date(new Date(`${d.schedule.proposalsTo}T00:00:00+03:00`).getTime() + 24 * 3600 * 1000 + 1000));
      expect(await sweepDiscussionSteps(ctx())).toBe(1);
      const [closed] = await t.db.select().from(s.discussions).where(eq(s.discussions.id, d.id));
      expect(closed.status).toBe('closed');
      const steps = await t.db
        .select({ step: s.discussionEvents.step, actorId: s.discussionEvents.actorId })
        .from(s.discussionEvents)
        .where(eq(s.discussionEvents.discussionId, d.id));
      expect(steps.map((e) => e.step)).toEqual(['created', 'document', 'announce', 'open', 'close']);
      t.setNow(NOW);
    });

    it('cancels only with a reason, which is recorded', async () => {
      const other = (await create()).json();
      const none = await call('POST', `/discussions/${other.id}/cancel`, c.users.orgSupervisor.id, {});
      expect(none.statusCode).toBe(400);
      const res = await call('POST', `/discussions/${other.id}/cancel`, c.users.orgSupervisor.id, {
        reason: 'Проект отозван',
      });
      expect(res.statusCode, res.body).toBe(200);
      // Cancelled before its notice: still nobody else's business.
      expect((await call('GET', `/discussions/${other.id}`, null)).statusCode).toBe(404);
      const events = await call('GET', `/discussions/${other.id}/events`, c.users.orgSupervisor.id);
      expect(events.json().items.at(-1)).toMatchObject({ step: 'cancel', reason: 'Проект отозван' });
    });

    it('tells each participant of an open discussion that it is cancelled, and why, once per channel', async () => {
      const make = discussionMakers(t.db);
      const open = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'open' });
      await make.proposal(open.id, c.users.resident.id);
      await make.proposal(open.id, c.users.resident.id, { body: 'Второе предложение того же жителя' });
      // The kind's defaults are e-mail and push: the resident gives an e-mail (their phone alone hears nothing).
      await t.db.execute(
        sql`update user_personal set email = 'participant@example.invalid' where user_id = ${c.users.resident.id}`,
      );
      const res = await call('POST', `/discussions/${open.id}/cancel`, c.users.admin.id, {
        version: open.version,
        reason: 'Проект возвращён на доработку',
      });
      expect(res.statusCode, res.body).toBe(200);
      const told = await t.db.execute<{ user_id: string; channel: string; body: string }>(
        sql`select user_id, channel, body from notification_outbox where template = 'discussion.cancelled'
            and payload->>'discussionId' = ${String(open.id)}`,
      );
      expect(told.map((r) => r.channel)).toEqual(['email']);
      expect(new Set(told.map((r) => Number(r.user_id)))).toEqual(new Set([c.users.resident.id]));
      expect(told[0].body).toContain('Проект возвращён на доработку');
    });
  });

  describe('the territory’s notice reaches exactly its residents, once', () => {
    it('by identity and by confirmed link, not pending links nor outsiders, each once, on their channels', async () => {
      const make = c.make;
      const inside = c.building;
      const [apt] = await t.db.insert(s.apartments).values({ buildingId: inside.id, number: '7' }).returning();
      const [farApt] = await t.db.insert(s.apartments).values({ buildingId: outside.id, number: '8' }).returning();
      const person = (email: string, language: 'ru' | 'en' | 'tt' = 'ru') =>
        make.user(c.city.id, { role: 'resident', email, language });
      const byIdentity = await person('id@example.test', 'tt');
      const byLink = await person('link@example.test', 'en');
      const both = await person('both@example.test');
      const pending = await person('pending@example.test');
      const away = await person('away@example.test');
      const smsOnly = await person('smsonly@example.test');
      const identity = (userId: number, buildingId: number) =>
        t.db.insert(s.verifiedIdentities).values({
          userId,
          provider: 'esia',
          issuer: 'https://esia.test',
          subject: `sub-${userId}`,
          fullName: 'Житель',
          registrationBuildingId: buildingId,
        });
      await identity(byIdentity.id, inside.id);
      await identity(both.id, inside.id);
      await identity(away.id, outside.id);
      await identity(smsOnly.id, inside.id);
      const link = (userId: number, apartmentId: number, status: 'confirmed' | 'pending') =>
        t.db.insert(s.apartmentLinks).values({ userId, apartmentId, status });
      await link(byLink.id, apt.id, 'confirmed');
      await link(both.id, apt.id, 'confirmed');
      await link(pending.id, apt.id, 'pending');
      await link(away.id, farApt.id, 'confirmed');
      await t.db.insert(s.notificationPreferences).values([
        { userId: smsOnly.id, kind: 'discussion', channel: 'email', enabled: false },
        { userId: smsOnly.id, kind: 'discussion', channel: 'sms', enabled: true },
      ]);
      await t.db
        .insert(s.pushSubscriptions)
        .values({ userId: byIdentity.id, endpoint: 'https://push.test/1', p256dh: 'k', auth: 'a' });

      const d = (await create()).json();
      await t.db.update(s.discussions).set({ status: 'open', openedAt: NOW }).where(eq(s.discussions.id, d.id));
      const written = await notifyTerritory(ctx(), d.id, 'opened', 'https://otklik.test');
      const rows = await t.db
        .select()
        .from(s.notificationOutbox)
        .where(sql`${s.notificationOutbox.payload}->>'discussionId' = ${String(d.id)}`);
      expect(written).toBe(rows.length);
      const got = rows.map((r) => [r.userId, r.channel]).sort();
      const phone = (await t.db.select().from(s.userPersonal).where(eq(s.userPersonal.userId, smsOnly.id)))[0].phone;
      expect(got).toEqual(
        [
          [byIdentity.id, 'email'],
          [byIdentity.id, 'push'],
          [byLink.id, 'email'],
          [both.id, 'email'],
          [smsOnly.id, 'sms'],
        ].sort(),
      );
      expect(rows.find((r) => r.channel === 'sms')!.destination).toBe(phone);
      const tt = rows.find((r) => r.userId === byIdentity.id && r.channel === 'email')!;
      expect(tt.subject).toContain('Иҗтимагый тикшерү ачылды');
      expect(tt.body).toContain(`https://otklik.test/discussions/${d.id}`);
      expect(rows.find((r) => r.userId === byLink.id)!.subject).toContain('A public discussion is open');
      expect(rows.every((r) => r.kind === 'discussion')).toBe(true);
      const jobs = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver' and (data->>'outboxId')::bigint = any(${`{${rows.map((r) => r.id).join(',')}}`}::bigint[])`,
      );
      expect(jobs[0].n).toBe(rows.length);
      // Once per moment.
      expect(await notifyTerritory(ctx(), d.id, 'opened', 'https://otklik.test')).toBe(0);
      // The conclusion is told only once it is published.
      expect(await notifyTerritory(ctx(), d.id, 'concluded', 'https://otklik.test')).toBe(0);
      await t.db.update(s.discussions).set({ status: 'concluded' }).where(eq(s.discussions.id, d.id));
      expect(await notifyTerritory(ctx(), d.id, 'concluded', 'https://otklik.test')).toBe(rows.length);
      expect(await notifyTerritory(ctx(), d.id, 'concluded', 'https://otklik.test')).toBe(0);
    });
  });
});
