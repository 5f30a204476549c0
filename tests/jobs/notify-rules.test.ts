import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performDueSteps } from '../../api/sla/escalation.ts';
import { registerNotifications } from '../../jobs/notify-deliver.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);
// 12:00 in Moscow, outside quiet hours.
const DAY = new Date('2026-05-12T09:00:00Z');

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Row = {
  id: string;
  user_id: string | null;
  channel: string;
  destination: string;
  template: string;
  status: string;
  body: string | null;
  send_after: string | null;
};

describe('who hears what, quiet hours and preferences (no gateway: the dev outbox)', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await smallCity(t.db);
    await registerNotifications(t.boss, t.db, () => new Date(), { settings: t.app.config, log: () => {} });
    // Staff reach their e-mail; residents have a phone (from the factory) and an e-mail.
    const emails: [number, string][] = [
      [c.users.resident.id, 'author@example.org'],
      [c.users.otherResident.id, 'follower@example.org'],
      [c.users.orgStaff.id, 'staff@uk.example'],
      [c.users.orgSupervisor.id, 'boss@uk.example'],
      [c.users.dispatcher.id, 'dispatch@city.example'],
      [c.users.cityHall.id, 'mayor@city.example'],
    ];
    for (const [id, email] of emails)
      await t.db.execute(sql`update user_personal set email = ${email} where user_id = ${id}`);
    // Short SLAs on a 24/7 calendar: accept in 4 minutes, resolve in 60.
    await t.db.execute(sql`insert into sla_policies (municipality_id, category_id, priority, accept_duration, accept_calendar, resolve_duration, resolve_calendar)
      values (${c.city.id}, ${c.roof.id}, 'normal', '{"amount":4,"unit":"minutes"}', '{"kind":"24x7"}', '{"amount":60,"unit":"minutes"}', '{"kind":"24x7"}')`);
  });
  afterAll(() => t?.close());

  async function fileAndRoute(at: Date, categoryId = c.roof.id, authorId = c.users.resident.id) {
    t.setNow(at);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(authorId),
      payload: { categoryId, buildingId: c.building.id, description: 'Течёт крыша в подъезде' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const appeal = res.json() as { id: number; number: string };
    await routeAppeal(contextAt(t, at), appeal.id);
    return appeal;
  }
  async function act(userId: number, appealId: number, at: Date, payload: Record<string, unknown>) {
    t.setNow(at);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${appealId}/actions`,
      headers: await t.signIn(userId),
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const rowsOf = (appealId: number, template?: string) =>
    t.db.execute<Row>(
      sql`select id, user_id, channel, destination, template, status, body, send_after from notification_outbox
          where appeal_id = ${appealId} ${template ? sql`and template = ${template}` : sql``} order by id`,
    );
  /** "user:template:channel" for every row, the way a reader checks who heard what. */
  const heard = async (appealId: number, template?: string) => {
    const names = new Map<number, string>(Object.entries(c.users).map(([name, u]) => [u.id, name]));
    return (await rowsOf(appealId, template))
      .map((r) => `${names.get(Number(r.user_id)) ?? r.user_id}:${r.template}:${r.channel}`)
      .sort();
  };

  it('the author and a follower hear of a status change, the organisation of its new assignment, and the dev outbox shows them', async () => {
    t.setNow(DAY);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша' },
    });
    const appeal = filed.json() as { id: number; number: string };
    const follow = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${appeal.id}/follow`,
      headers: await t.signIn(c.users.otherResident.id),
    });
    expect(follow.statusCode).toBe(204);
    await routeAppeal(contextAt(t, DAY), appeal.id);
    expect(await heard(appeal.id)).toEqual([
      'orgStaff:appeal_assigned:email',
      'orgSupervisor:appeal_assigned:email',
      'otherResident:status_changed:email',
      'resident:status_changed:email',
    ]);
    // The organisation's staff accept: the residents hear, the member of staff who acted does not.
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'accept' });
    expect(await heard(appeal.id, 'appeal_accepted')).toEqual([
      'otherResident:appeal_accepted:email',
      'resident:appeal_accepted:email',
    ]);
    // An information request also goes by SMS (the default for it).
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'request_info', note: 'Какой подъезд?' });
    expect(await heard(appeal.id, 'info_requested')).toEqual([
      'resident:info_requested:email',
      'resident:info_requested:sms',
    ]);
    // The follower learns of the new status, not the question (it may name the author).
    const toFollower = (await rowsOf(appeal.id))
      .filter((r) => Number(r.user_id) === c.users.otherResident.id)
      .map((r) => r.template);
    expect(toFollower).toEqual(['status_changed', 'appeal_accepted', 'status_changed']);

    // With no gateway the worker keeps them as dev, rendered, and admins read them.
    await until('every message to be kept as dev', async () =>
      (await rowsOf(appeal.id)).every((r) => r.status === 'dev'),
    );
    const outbox = await t.app.inject({
      method: 'GET',
      url: '/api/admin/dev-outbox?limit=100',
      headers: await t.signIn(c.users.admin.id),
    });
    const items = (outbox.json().items as { template: string; body: string; destination: string }[]).filter((m) =>
      m.body.includes(appeal.number),
    );
    expect(items.length).toBe((await rowsOf(appeal.id)).length);
    expect(
      items.find((m) => m.template === 'info_requested' && m.destination === 'author@example.org')?.body,
    ).toContain('Какой подъезд?');
  });

  it('climbs the ladder: the organisation is reminded at 50 %, its supervisor warned at 75 % and 100 %, dispatchers see the overdue queue, city hall the 200 % step', async () => {
    const t0 = DAY;
    const appeal = await fileAndRoute(t0);
    await performDueSteps(contextAt(t, minutes(t0, 2.5)), appeal.id, 'timer');
    expect(await heard(appeal.id, 'sla_reminder')).toEqual([
      'orgStaff:sla_reminder:email',
      'orgSupervisor:sla_reminder:email',
    ]);
    await performDueSteps(contextAt(t, minutes(t0, 3.5)), appeal.id, 'timer');
    expect(await heard(appeal.id, 'sla_warning')).toEqual(['orgSupervisor:sla_warning:email']);
    await performDueSteps(contextAt(t, minutes(t0, 4.5)), appeal.id, 'timer');
    expect(await heard(appeal.id, 'sla_breach')).toEqual(['orgSupervisor:sla_breach:email']);
    expect(await heard(appeal.id, 'sla_overdue')).toEqual(['dispatcher:sla_overdue:email']);
    expect(await heard(appeal.id, 'sla_city_hall')).toEqual([]);
    await performDueSteps(contextAt(t, minutes(t0, 8.5)), appeal.id, 'timer');
    expect(await heard(appeal.id, 'sla_city_hall')).toEqual(['cityHall:sla_city_hall:email']);
    // A step done again writes nothing again.
    const before = (await rowsOf(appeal.id)).length;
    await performDueSteps(contextAt(t, minutes(t0, 8.5)), appeal.id, 'timer');
    expect((await rowsOf(appeal.id)).length).toBe(before);
  });

  it('rejected appeals back in triage reach the dispatchers', async () => {
    const appeal = await fileAndRoute(DAY);
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'reject', reason: 'Не наш дом' });
    expect(await heard(appeal.id, 'appeal_rejected')).toEqual(['dispatcher:appeal_rejected:email']);
  });

  it('an organisation whose staff cannot be reached hears at its public e-mail; the one it was taken from is told', async () => {
    // The other company's only member of staff has a phone (no SMS for staff by default) and no e-mail.
    await t.db.execute(sql`update organisations set email = 'office@other-uk.example' where id = ${c.otherMc.id}`);
    const appeal = await fileAndRoute(DAY);
    await act(c.users.dispatcher.id, appeal.id, DAY, {
      action: 'reassign',
      targetOrgId: c.otherMc.id,
      reason: 'Дом обслуживает другая УК',
    });
    const assigned = (await rowsOf(appeal.id, 'appeal_assigned')).filter(
      (r) => r.destination === 'office@other-uk.example',
    );
    expect(assigned.map((r) => [r.user_id, r.channel])).toEqual([[null, 'email']]);
    expect(await heard(appeal.id, 'appeal_taken_away')).toEqual([
      'orgStaff:appeal_taken_away:email',
      'orgSupervisor:appeal_taken_away:email',
    ]);
  });

  it('holds a change made at 23:00 Moscow time until 08:00; an emergency goes at once', async () => {
    const night = new Date('2026-05-12T23:00:00+03:00');
    const morning = new Date('2026-05-13T08:00:00+03:00');
    const jobStart = async (outboxId: string) => {
      const [job] = await t.db.execute<{ start_after: string }>(
        sql`select start_after from pgboss.job where name = 'notify.deliver' and (data->>'outboxId')::bigint = ${outboxId}`,
      );
      return new Date(job.start_after);
    };
    const normal = await fileAndRoute(night);
    const rows = await rowsOf(normal.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(new Date(row.send_after!)).toEqual(morning);
      expect(await jobStart(row.id)).toEqual(morning);
    }

    const burst = await c.make.category(c.city.id, {
      code: `burst-${normal.id}`,
      nameRu: 'Прорыв трубы',
      nameEn: 'Burst pipe',
      emergency: true,
    });
    const emergency = await fileAndRoute(night, burst.id);
    const urgent = await rowsOf(emergency.id);
    expect(urgent.map((r) => r.template)).toContain('appeal_assigned');
    for (const row of urgent) {
      expect(row.send_after).toBeNull();
      expect((await jobStart(row.id)).getTime()).toBeLessThan(Date.now() + 1000);
    }
  });

  it('a channel switched off in the preferences is not used; the language chosen is the one written in', async () => {
    const resident = await c.make.user(c.city.id, { email: 'quiet@example.org' });
    const headers = await t.signIn(resident.id);
    const initial = await t.app.inject({ method: 'GET', url: '/api/me/notification-preferences', headers });
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({
      language: 'ru',
      kinds: [
        { kind: 'status_changed', channels: { sms: false, email: true, push: true } },
        { kind: 'info_requested', channels: { sms: true, email: true, push: true } },
        { kind: 'resolved', channels: { sms: true, email: true, push: true } },
        { kind: 'outage_published', channels: { sms: false, email: true, push: true } },
        { kind: 'outage_changed', channels: { sms: false, email: true, push: true } },
        { kind: 'outage_restored', channels: { sms: false, email: true, push: true } },
        { kind: 'reading_reminder', channels: { sms: false, email: true, push: true } },
        { kind: 'apartment_link', channels: { sms: false, email: true, push: true } },
        { kind: 'appointment', channels: { sms: true, email: true, push: true } },
        { kind: 'discussion', channels: { sms: false, email: true, push: true } },
      ],
      contacts: { sms: true, email: true, push: 0 },
    });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: {
        language: 'en',
        kinds: [
          { kind: 'status_changed', channels: { email: false } },
          { kind: 'info_requested', channels: { sms: false } },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().kinds[0]).toEqual({ kind: 'status_changed', channels: { sms: false, email: false, push: true } });

    const appeal = await fileAndRoute(DAY, c.roof.id, resident.id);
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'accept' });
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'request_info', note: 'Which entrance?' });
    const own = (await rowsOf(appeal.id)).filter((r) => Number(r.user_id) === resident.id);
    expect(own.map((r) => `${r.template}:${r.channel}`)).toEqual(['info_requested:email']);
    const rendered = await until('the message to be rendered', async () => {
      const [row] = await rowsOf(appeal.id, 'info_requested');
      return row?.body ? row : null;
    });
    expect(rendered.body).toContain(
      `The organisation handling appeal ${appeal.number} asks for more information: "Which entrance?"`,
    );
  });

  it('speaks the language a resident switches to: Tatar problems and Tatar messages, English again after', async () => {
    const resident = await c.make.user(c.city.id, { email: 'tatar@example.org' });
    const headers = await t.signIn(resident.id);
    const refusal = () =>
      t.app.inject({ method: 'POST', url: '/api/appeals/1/actions', headers, payload: { action: 'fly' } });
    const inRussian = await refusal();
    expect(inRussian.statusCode).toBe(400);
    expect(inRussian.json()).toMatchObject({ code: 'request.invalid', detail: 'Ошибка в данных запроса.' });
    expect(inRussian.headers['content-language']).toBe('ru');

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: { language: 'tt' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().language).toBe('tt');
    const inTatar = await refusal();
    expect(inTatar.json()).toMatchObject({ code: 'request.invalid', detail: 'Сорау мәгълүматларында хата.' });
    expect(inTatar.headers['content-language']).toBe('tt');
    // The interface language chosen on this device (the web app's cookie) wins over the account's.
    const cookie = `${headers.cookie}; otklik_lang=en`;
    const inEnglish = await t.app.inject({ method: 'GET', url: '/api/no-such-route', headers: { ...headers, cookie } });
    expect(inEnglish.json()).toMatchObject({
      code: 'route.not_found',
      detail: 'No such route: GET /api/no-such-route.',
    });

    const appeal = await fileAndRoute(DAY, c.roof.id, resident.id);
    await act(c.users.orgStaff.id, appeal.id, DAY, { action: 'accept' });
    const rendered = await until('the message to be rendered', async () => {
      const [row] = await rowsOf(appeal.id, 'appeal_accepted');
      return row?.body ? row : null;
    });
    expect(rendered.body).toContain(`${appeal.number} мөрәҗәгате эшкә алынды.`);
    expect(rendered.body).toContain('Хәле: эшкә алынды.');
  });

  it('answers anonymous visitors in the language their browser asks for', async () => {
    const ask = (language: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/me/notification-preferences',
        headers: { 'accept-language': language },
      });
    expect((await ask('tt-RU, ru;q=0.8')).json()).toMatchObject({
      status: 401,
      code: 'auth.required',
      detail: 'Системага керергә кирәк.',
    });
    expect((await ask('en-GB,en;q=0.9,ru;q=0.8')).json().detail).toBe('Sign-in required.');
    expect((await ask('de-DE')).json().detail).toBe('Требуется вход.');
  });

  it('refuses kinds a role does not receive, unknown fields and anonymous callers, as problems', async () => {
    const headers = await t.signIn(c.users.resident.id);
    const wrongKind = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: { kinds: [{ kind: 'assignment', channels: { email: false } }] },
    });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.headers['content-type']).toContain('application/problem+json');
    expect(wrongKind.json()).toMatchObject({
      code: 'notification.kind_not_received',
      errors: [{ field: 'body.kinds.0.kind', code: 'notification.kinds_available' }],
    });
    const unknown = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: { kinds: [{ kind: 'resolved', channels: { fax: true } }] },
    });
    expect(unknown.statusCode).toBe(400);
    const badLanguage = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: { language: 'de' },
    });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().errors[0]).toMatchObject({
      field: 'body.language',
      code: 'notification.field.language',
      reason: 'язык: ru, en или tt',
    });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/me/notification-preferences' });
    expect(anonymous.statusCode).toBe(401);
    const httpEndpoint = await t.app.inject({
      method: 'POST',
      url: '/api/me/push-subscriptions',
      headers,
      payload: { endpoint: 'http://push.example.org/x', keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } },
    });
    expect(httpEndpoint.statusCode).toBe(400);
  });
});
