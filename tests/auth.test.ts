import { randomInt } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { loadConfig } from '../api/config.ts';
import { SESSION_COOKIE } from '../api/plugins/auth.ts';
import { authRateLimits, MAX_CODE_ATTEMPTS } from '../api/accounts/sign-in.ts';
import { hashPassword } from '../db/passwords.ts';
import { revokeSession } from '../db/queries/sessions.ts';
import { loginCodes, municipalities, notificationOutbox, userPersonal, users } from '../db/schema/index.ts';
import { maskPhone } from '../dispatch/contacts.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { smallCity } from './helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Headers = Record<string, string>;

describe('accounts: sign-in, sessions and the dev outbox', () => {
  let t: TestApp;
  let city: City;
  beforeAll(async () => {
    t = await startTestApp();
    city = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  // Every test comes from its own address, so the per-IP limits of one test do not leak into another.
  let lastIp = 0;
  const freshIp = () => {
    lastIp += 1;
    return `10.${Math.floor(lastIp / 250) % 250}.${lastIp % 250}.7`;
  };
  const freshMobile = () => `+79${String(randomInt(0, 1e9)).padStart(9, '0')}`;
  const freshEmail = () => `user${randomInt(0, 1e9)}@mail.ru`;

  function post(url: string, payload: unknown, opts: { headers?: Headers; ip?: string } = {}) {
    return t.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: opts.headers,
      remoteAddress: opts.ip ?? freshIp(),
    });
  }
  function get(url: string, headers: Headers = {}) {
    return t.app.inject({ method: 'GET', url, headers });
  }

  /** The newest outbox message to a destination. */
  async function lastMessageTo(destination: string) {
    const [row] = await t.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.destination, destination))
      .orderBy(desc(notificationOutbox.id))
      .limit(1);
    return row;
  }
  async function codeSentTo(destination: string): Promise<string> {
    const message = await lastMessageTo(destination);
    const code = message?.body?.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code was sent to ${destination}`);
    return code;
  }

  function sessionCookie(res: LightMyRequestResponse) {
    return res.cookies.find((c) => c.name === SESSION_COOKIE);
  }
  /** Request a code, read it from the outbox and verify it: the cookie and CSRF headers of the new session. */
  async function signInWithCode(
    destination: string,
    opts: { headers?: Headers; municipality?: string; stored?: string } = {},
  ) {
    const ip = freshIp();
    const requested = await post(
      '/api/auth/code',
      { destination, municipality: opts.municipality },
      { ip, headers: opts.headers },
    );
    expect(requested.statusCode).toBe(202);
    const code = await codeSentTo(opts.stored ?? destination);
    const res = await post(
      '/api/auth/code/verify',
      { destination, code, municipality: opts.municipality },
      { ip, headers: opts.headers },
    );
    expect(res.statusCode, res.body).toBe(200);
    const cookie = sessionCookie(res)!;
    return {
      res,
      body: res.json(),
      headers: { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string },
    };
  }

  describe('sign-in with a one-time code', () => {
    it('writes the code’s e-mail in the language the request asks in', async () => {
      for (const [lang, subject, body] of [
        ['en', 'Your Otklik sign-in code', /^Your Otklik sign-in code: \d{6}\. Valid for 10 minutes\./],
        ['tt', 'Отклик системасына керү коды', /^Отклик системасына керү коды: \d{6}\. 10 минут гамәлдә\./],
      ] as const) {
        const email = freshEmail();
        const requested = await post(
          '/api/auth/code',
          { destination: email, municipality: city.city.code },
          { ip: freshIp(), headers: { 'accept-language': lang } },
        );
        expect(requested.statusCode, requested.body).toBe(202);
        const message = await lastMessageTo(email);
        expect(message.subject).toBe(subject);
        expect(message.body).toMatch(body);
      }
    });

    it('signs up a new resident by phone: code in the outbox, session cookie, session, CSRF, sign-out', async () => {
      const phone = freshMobile();
      const typed = `8 ${phone.slice(2, 5)} ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
      const ip = freshIp();

      const requested = await post('/api/auth/code', { destination: typed, municipality: city.city.code }, { ip });
      expect(requested.statusCode).toBe(202);
      expect(requested.json()).toMatchObject({ channel: 'sms', expiresInSeconds: 600, devMode: true });

      // The outbox holds the message, kept as 'dev' because no gateway is configured.
      const message = await lastMessageTo(phone);
      expect(message).toMatchObject({
        municipalityId: city.city.id,
        userId: null,
        channel: 'sms',
        template: 'login_code',
        status: 'dev',
      });
      expect(message.body).toMatch(/^Код входа в Отклик: \d{6}\. Действует 10 минут\./);
      expect(message.body).not.toContain('Your Otklik sign-in code');
      const code = await codeSentTo(phone);
      // Only a hash of the code is stored with it.
      const [stored] = await t.db.select().from(loginCodes).where(eq(loginCodes.destination, phone));
      expect(stored.codeHash).not.toContain(code);

      // An admin of the municipality reads the same code on the dev outbox page.
      const admin = await t.signIn(city.users.admin.id);
      const outbox = await get('/api/admin/dev-outbox', admin);
      expect(outbox.statusCode).toBe(200);
      const shown = outbox.json().items.find((m: { destination: string }) => m.destination === phone);
      expect(shown.body).toContain(code);

      const verified = await post(
        '/api/auth/code/verify',
        { destination: typed, code: `${code.slice(0, 3)} ${code.slice(3)}` },
        { ip },
      );
      expect(verified.statusCode, verified.body).toBe(200);
      const cookie = sessionCookie(verified)!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.value.length).toBeGreaterThan(30);
      const { user, csrfToken } = verified.json();
      expect(user).toMatchObject({
        role: 'resident',
        municipality: { id: city.city.id, code: city.city.code },
        organisation: null,
        personal: { phone, email: null, fullName: null },
      });
      expect(csrfToken).toEqual(expect.any(String));
      const [personal] = await t.db.select().from(userPersonal).where(eq(userPersonal.phone, phone));
      expect(personal.userId).toBe(user.id);

      const headers = { cookie: `${SESSION_COOKIE}=${cookie.value}` };
      const session = await get('/api/auth/session', headers);
      expect(session.statusCode).toBe(200);
      expect(session.json()).toEqual({ user, csrfToken });

      // A write with the cookie but without the CSRF token is refused...
      const forged = await post('/api/auth/sign-out', {}, { headers });
      expect(forged.statusCode).toBe(403);
      expect(forged.headers['content-type']).toContain('application/problem+json');
      expect(forged.json().type).toContain('csrf');
      expect((await get('/api/auth/session', headers)).statusCode).toBe(200);

      // ...and passes with it.
      const signedOut = await post('/api/auth/sign-out', {}, { headers: { ...headers, 'x-csrf-token': csrfToken } });
      expect(signedOut.statusCode).toBe(204);
      expect(sessionCookie(signedOut)?.value).toBe('');
      expect((await get('/api/auth/session', headers)).statusCode).toBe(401);
    });

    it('signs up by e-mail, lower-cased, in the first municipality when none is named', async () => {
      const email = freshEmail();
      const { body } = await signInWithCode(`  ${email.toUpperCase()} `, { stored: email });
      const message = await lastMessageTo(email);
      expect(message.channel).toBe('email');
      expect(message.subject).toContain('Отклик');
      expect(body.user.personal).toMatchObject({ email, phone: null });
      const [first] = await t.db
        .select({ id: municipalities.id })
        .from(municipalities)
        .orderBy(municipalities.id)
        .limit(1);
      expect(body.user.municipality.id).toBe(first.id);
    });

    it('signs an existing resident into their own account', async () => {
      const resident = city.users.resident;
      const [personal] = await t.db.select().from(userPersonal).where(eq(userPersonal.userId, resident.id));
      const before = await t.db.$count(users);
      const { body } = await signInWithCode(personal.phone!);
      expect(body.user).toMatchObject({
        id: resident.id,
        personal: { fullName: 'Петров Пётр', phone: personal.phone },
      });
      expect((await lastMessageTo(personal.phone!)).userId).toBe(resident.id);
      expect(await t.db.$count(users)).toBe(before);
    });

    it('answers a code request the same whether or not an account exists, and sends none to staff', async () => {
      const [residentPersonal] = await t.db
        .select()
        .from(userPersonal)
        .where(eq(userPersonal.userId, city.users.otherResident.id));
      const [staffPersonal] = await t.db
        .select()
        .from(userPersonal)
        .where(eq(userPersonal.userId, city.users.dispatcher.id));
      const answers = [];
      for (const destination of [residentPersonal.phone!, freshMobile(), staffPersonal.phone!]) {
        const res = await post('/api/auth/code', { destination });
        expect(res.statusCode).toBe(202);
        answers.push(res.json());
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      // Staff sign in with a password: no code is made for them.
      expect(await lastMessageTo(staffPersonal.phone!)).toBeUndefined();
    });

    it('kills a code after 5 wrong tries, even for the right code afterwards', async () => {
      const phone = freshMobile();
      const ip = freshIp();
      await post('/api/auth/code', { destination: phone }, { ip });
      const code = await codeSentTo(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let left = MAX_CODE_ATTEMPTS - 1; left >= 0; left--) {
        const res = await post('/api/auth/code/verify', { destination: phone, code: wrong }, { ip });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({
          code: left > 0 ? 'auth.code_wrong' : 'auth.code_expired',
          attemptsLeft: left,
          errors: [{ field: 'body.code' }],
        });
      }
      const late = await post('/api/auth/code/verify', { destination: phone, code }, { ip });
      expect(late.statusCode).toBe(401);
      expect(sessionCookie(late)).toBeUndefined();
    });

    it('refuses an expired code', async () => {
      const phone = freshMobile();
      const now = new Date();
      t.setNow(now);
      try {
        await post('/api/auth/code', { destination: phone });
        const code = await codeSentTo(phone);
        t.setNow(new Date(now.getTime() + 10 * 60_000 + 1000));
        const res = await post('/api/auth/code/verify', { destination: phone, code });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'auth.code_expired', errors: [{ field: 'body.code' }] });
      } finally {
        t.setNow(null);
      }
    });

    it('replaces an earlier code with a new one', async () => {
      const phone = freshMobile();
      await post('/api/auth/code', { destination: phone });
      const first = await codeSentTo(phone);
      await post('/api/auth/code', { destination: phone });
      const second = await codeSentTo(phone);
      if (first !== second) {
        expect((await post('/api/auth/code/verify', { destination: phone, code: first })).statusCode).toBe(401);
      }
      expect((await post('/api/auth/code/verify', { destination: phone, code: second })).statusCode).toBe(200);
    });

    it('uses a code only once', async () => {
      const phone = freshMobile();
      await post('/api/auth/code', { destination: phone });
      const code = await codeSentTo(phone);
      const [a, b] = await Promise.all([
        post('/api/auth/code/verify', { destination: phone, code }),
        post('/api/auth/code/verify', { destination: phone, code }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
      expect(await t.db.$count(userPersonal, eq(userPersonal.phone, phone))).toBe(1);
    });

    it('limits code requests per phone, answering 429 with Retry-After', async () => {
      const phone = freshMobile();
      const { limit, windowSeconds } = authRateLimits.codeRequestPerDestination;
      for (let i = 0; i < limit; i++) {
        expect((await post('/api/auth/code', { destination: phone })).statusCode).toBe(202);
      }
      // From yet another address: the limit follows the phone, not the client.
      const res = await post('/api/auth/code', { destination: phone });
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
      expect(res.json()).toMatchObject({ status: 429, retryAfter });
    });

    it('limits code requests per client address', async () => {
      const ip = freshIp();
      const { limit } = authRateLimits.codeRequestPerIp;
      for (let i = 0; i < limit; i++) {
        expect((await post('/api/auth/code', { destination: freshMobile() }, { ip })).statusCode).toBe(202);
      }
      const res = await post('/api/auth/code', { destination: freshMobile() }, { ip });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('limits code checks per phone', async () => {
      const phone = freshMobile();
      const { limit } = authRateLimits.codeVerifyPerDestination;
      for (let i = 0; i < limit; i++) {
        expect((await post('/api/auth/code/verify', { destination: phone, code: '123456' })).statusCode).toBe(401);
      }
      expect((await post('/api/auth/code/verify', { destination: phone, code: '123456' })).statusCode).toBe(429);
    });

    it.each([
      ['a phone with letters', { destination: '8 917 ABC-45-67' }, 'body.destination', 'цифры'],
      ['a foreign phone', { destination: '+1 202 555 0143' }, 'body.destination', '+7'],
      ['a landline', { destination: '8 843 221-00-00' }, 'body.destination', 'мобильный'],
      ['a short phone', { destination: '917 123' }, 'body.destination', '10 цифр'],
      ['an e-mail without a domain', { destination: 'ivan@mail' }, 'body.destination', 'домен'],
      ['no destination', {}, 'body.destination', ''],
      ['a number instead of text', { destination: 79171234567 }, 'body.destination', ''],
      [
        'a malformed municipality code',
        { destination: '+79171234567', municipality: 'казань' },
        'body.municipality',
        '',
      ],
    ])('refuses %s with the field and the reason', async (_name, payload, field, reason) => {
      const res = await post('/api/auth/code', payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const error = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(error?.reason).toContain(reason);
    });

    it('refuses an unknown municipality with 422', async () => {
      const res = await post('/api/auth/code', { destination: freshMobile(), municipality: 'NOPE' });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'auth.municipality_unknown' });
      expect(res.json().errors).toEqual([
        { field: 'body.municipality', reason: expect.any(String), code: 'auth.municipality_unknown' },
      ]);
    });

    it.each([['12345'], ['1234567'], ['12a456'], ['']])('refuses the code %j as malformed', async (code) => {
      const res = await post('/api/auth/code/verify', { destination: freshMobile(), code });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'body.code' });
    });

    it('logs a dev-mode code with the destination masked, never the full phone', async () => {
      const lines: string[] = [];
      const logged = await buildApp({
        config: loadConfig({ DATA_DIR: t.dataDir, DATABASE_URL: t.url, PORT: '0' }),
        db: t.db,
        boss: t.boss,
        logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
      });
      const phone = freshMobile();
      try {
        const res = await logged.inject({
          method: 'POST',
          url: '/api/auth/code',
          payload: { destination: phone },
          remoteAddress: freshIp(),
        });
        expect(res.statusCode).toBe(202);
      } finally {
        await logged.close();
      }
      const code = await codeSentTo(phone);
      const log = lines.join('');
      const entry = lines.map((l) => JSON.parse(l)).find((l) => l.code === code);
      expect(entry).toMatchObject({ level: 30, destination: maskPhone(phone), channel: 'sms' });
      expect(log).not.toContain(phone.slice(2));
    });

    it('refuses a body that is not JSON without a 500', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/code',
        headers: { 'content-type': 'application/json' },
        payload: '{"destination":',
      });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('sessions', () => {
    it('replaces the session a request carries when it signs in again', async () => {
      const first = await signInWithCode(freshMobile());
      const phone = freshMobile();
      const second = await signInWithCode(phone, { headers: first.headers });
      expect(second.headers.cookie).not.toBe(first.headers.cookie);
      expect((await get('/api/auth/session', { cookie: first.headers.cookie })).statusCode).toBe(401);
      expect((await get('/api/auth/session', { cookie: second.headers.cookie })).statusCode).toBe(200);
    });

    it('signs out everywhere: every session of the user ends', async () => {
      const resident = city.users.otherResident;
      const phoneSession = await t.signIn(resident.id);
      const laptopSession = await t.signIn(resident.id);
      const someoneElse = await t.signIn(city.users.resident.id);
      const res = await post('/api/auth/sign-out-everywhere', {}, { headers: phoneSession });
      expect(res.statusCode).toBe(200);
      expect(res.json().revokedSessions).toBeGreaterThanOrEqual(2);
      expect((await get('/api/auth/session', phoneSession)).statusCode).toBe(401);
      expect((await get('/api/auth/session', laptopSession)).statusCode).toBe(401);
      expect((await get('/api/auth/session', someoneElse)).statusCode).toBe(200);
    });

    it("lists where the user is signed in, and ends one session (a lost phone) but not the others or anyone else's", async () => {
      const phone = freshMobile();
      const android =
        'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
      const lost = await signInWithCode(phone, { headers: { 'user-agent': android } });
      const laptop = await signInWithCode(phone, {
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' },
      });
      const someoneElse = await t.signIn(city.users.resident.id);

      const list = await get('/api/auth/sessions', laptop.headers);
      expect(list.statusCode, list.body).toBe(200);
      const items = list.json().items as { id: string; current: boolean; device: string | null }[];
      expect(items.map((i) => [i.device, i.current]).sort()).toEqual([
        ['Chrome · Android', false],
        ['Firefox · Linux', true],
      ]);
      // Nothing in the list signs anyone in: no tokens, no hashes.
      const token = (cookie: string) => cookie.split('=')[1];
      for (const secret of [
        token(lost.headers.cookie),
        token(laptop.headers.cookie),
        t.app.hashSessionToken(token(lost.headers.cookie)),
      ]) {
        expect(list.body).not.toContain(secret);
      }

      const androidId = items.find((i) => i.device === 'Chrome · Android')!.id;
      // Another user cannot end it (404, as for a session that does not exist), nor can a made-up id.
      const del = (id: string, headers: Headers) =>
        t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${id}`, headers });
      expect((await del(androidId, someoneElse)).statusCode).toBe(404);
      expect((await del('AAAAAAAAAAAAAAAA', laptop.headers)).statusCode).toBe(404);
      expect((await get('/api/auth/session', lost.headers)).statusCode).toBe(200);

      const ended = await del(androidId, laptop.headers);
      expect(ended.statusCode).toBe(204);
      expect(ended.headers['set-cookie']).toBeUndefined();
      expect((await get('/api/auth/session', lost.headers)).statusCode).toBe(401);
      expect((await get('/api/auth/session', laptop.headers)).statusCode).toBe(200);
      expect((await get('/api/auth/session', someoneElse)).statusCode).toBe(200);
      expect((await get('/api/auth/sessions', laptop.headers)).json().items).toHaveLength(1);
      expect((await del(androidId, laptop.headers)).statusCode).toBe(404);

      // `current` ends the request's own session and clears its cookie.
      const self = await del('current', laptop.headers);
      expect(self.statusCode).toBe(204);
      expect(String(self.headers['set-cookie'])).toMatch(/otklik_session=;/);
      expect((await get('/api/auth/session', laptop.headers)).statusCode).toBe(401);
    });

    it('ignores the cookie of a revoked session: the request is anonymous, not a CSRF failure', async () => {
      const session = await t.signIn(city.users.resident.id);
      const token = session.cookie.split('=')[1];
      await revokeSession(t.db, t.app.hashSessionToken(token), new Date());
      expect((await get('/api/auth/session', { cookie: session.cookie })).statusCode).toBe(401);
      const write = await post('/api/auth/sign-out', {}, { headers: { cookie: session.cookie } });
      expect(write.statusCode).toBe(401);
    });

    it('clears the cookie of an ended session when a page asks who is signed in, and only then', async () => {
      const session = await t.signIn(city.users.resident.id);
      const [name, token] = session.cookie.split('=');
      const live = await get('/api/auth/session', { cookie: session.cookie });
      expect(live.cookies).toEqual([]);
      await revokeSession(t.db, t.app.hashSessionToken(token), new Date());
      // Another read leaves the cookie alone (a request racing a new sign-in must not end the new session)…
      expect((await get('/api/auth/sessions', { cookie: session.cookie })).cookies).toEqual([]);
      // …the session read clears it, so the web app does not ask again on the next page.
      const ended = await get('/api/auth/session', { cookie: session.cookie });
      expect(ended.statusCode).toBe(401);
      expect(ended.cookies).toEqual([
        expect.objectContaining({ name, value: '', maxAge: 0, path: '/', httpOnly: true }),
      ]);
      // A visitor without a cookie gets no cookie either.
      expect((await get('/api/auth/session')).cookies).toEqual([]);
    });

    it('ends the sessions of a disabled user', async () => {
      const { make } = city;
      const resident = await make.user(city.city.id, { role: 'resident' });
      const session = await t.signIn(resident.id);
      expect((await get('/api/auth/session', session)).statusCode).toBe(200);
      await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, resident.id));
      expect((await get('/api/auth/session', session)).statusCode).toBe(401);
    });

    it('shows a signed-in user only their own personal data', async () => {
      const session = await t.signIn(city.users.orgStaff.id);
      const res = await get('/api/auth/session', session);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        csrfToken: session['x-csrf-token'],
        user: {
          id: city.users.orgStaff.id,
          role: 'org_staff',
          organisation: { id: city.mc.id, kind: 'management_company', nameRu: city.mc.nameRu },
          personal: { fullName: 'Иванов Иван Иванович' },
        },
      });
    });

    it('answers 401 to an anonymous session read and sign-out', async () => {
      expect((await get('/api/auth/session')).statusCode).toBe(401);
      expect((await post('/api/auth/sign-out', {})).statusCode).toBe(401);
      expect((await post('/api/auth/sign-out-everywhere', {})).statusCode).toBe(401);
      expect((await get('/api/auth/sessions')).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/auth/sessions/current' })).statusCode).toBe(401);
    });
  });

  describe('staff sign-in with a password', () => {
    const password = 'correct horse battery staple';
    let staffLogin: string;
    let staffId: number;
    beforeAll(async () => {
      staffLogin = `Dispatcher.${randomInt(0, 1e6)}`;
      const staff = await city.make.user(city.city.id, {
        role: 'dispatcher',
        organisationId: city.dispatchCentre.id,
        login: staffLogin,
        passwordHash: await hashPassword(password),
      });
      staffId = staff.id;
    });

    it('signs staff in, with the login in any case', async () => {
      const res = await post('/api/auth/password', { login: staffLogin.toUpperCase(), password });
      expect(res.statusCode, res.body).toBe(200);
      expect(sessionCookie(res)).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(res.json().user).toMatchObject({
        id: staffId,
        role: 'dispatcher',
        organisation: { id: city.dispatchCentre.id, kind: 'dispatch_centre' },
      });
    });

    it('answers a wrong password and an unknown login identically', async () => {
      const wrong = await post('/api/auth/password', { login: staffLogin, password: 'wrong password' });
      const unknown = await post('/api/auth/password', { login: `nobody-${randomInt(0, 1e6)}`, password });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      const comparable = (res: LightMyRequestResponse) => {
        const { requestId: _r, instance: _i, ...rest } = res.json();
        return rest;
      };
      expect(comparable(unknown)).toEqual(comparable(wrong));
      expect(wrong.json().code).toBe('auth.credentials_wrong');
      expect(wrong.json().errors).toEqual([
        { field: 'body.password', reason: expect.any(String), code: 'auth.credentials_wrong' },
      ]);
      expect(sessionCookie(wrong)).toBeUndefined();
    });

    it('does not let a resident sign in with a password', async () => {
      const login = `resident-${randomInt(0, 1e6)}`;
      await city.make.user(city.city.id, { role: 'resident', login, passwordHash: await hashPassword(password) });
      const res = await post('/api/auth/password', { login, password });
      expect(res.statusCode).toBe(401);
      expect(res.json().type).toContain('invalid-credentials');
    });

    it('refuses a disabled staff account', async () => {
      const login = `retired-${randomInt(0, 1e6)}`;
      await city.make.user(city.city.id, {
        role: 'org_staff',
        organisationId: city.mc.id,
        login,
        passwordHash: await hashPassword(password),
        disabledAt: new Date(),
      });
      const res = await post('/api/auth/password', { login, password });
      expect(res.statusCode).toBe(403);
      expect(sessionCookie(res)).toBeUndefined();
    });

    it('refuses a code to a staff account even when one exists', async () => {
      const [personal] = await t.db.select().from(userPersonal).where(eq(userPersonal.userId, staffId));
      await post('/api/auth/code', { destination: personal.phone });
      expect(await lastMessageTo(personal.phone!)).toBeUndefined();
    });

    it('limits password tries per login', async () => {
      const login = `target-${randomInt(0, 1e6)}`;
      const { limit } = authRateLimits.passwordPerLogin;
      for (let i = 0; i < limit; i++) {
        expect((await post('/api/auth/password', { login, password: `guess ${i}` })).statusCode).toBe(401);
      }
      const res = await post('/api/auth/password', { login: login.toUpperCase(), password: 'guess' });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it.each([
      [{ login: '', password }, 'body.login'],
      [{ login: 'x', password: '' }, 'body.password'],
      [{ login: 'x' }, 'body.password'],
    ])('refuses %j naming the field', async (payload, field) => {
      const res = await post('/api/auth/password', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('dev outbox', () => {
    it('shows an admin the messages of their own municipality only', async () => {
      const phone = freshMobile();
      await post('/api/auth/code', { destination: phone, municipality: city.city.code });
      const own = await get('/api/admin/dev-outbox?limit=100', await t.signIn(city.users.admin.id));
      expect(own.statusCode).toBe(200);
      expect(own.json().items.some((m: { destination: string }) => m.destination === phone)).toBe(true);
      expect(own.json().items.every((m: { municipalityId: number }) => m.municipalityId === city.city.id)).toBe(true);

      const other = await get('/api/admin/dev-outbox?limit=100', await t.signIn(city.users.otherAdmin.id));
      expect(other.statusCode).toBe(200);
      expect(other.json().items.some((m: { destination: string }) => m.destination === phone)).toBe(false);
    });

    it('pages newest first', async () => {
      const admin = await t.signIn(city.users.admin.id);
      for (let i = 0; i < 3; i++)
        await post('/api/auth/code', { destination: freshMobile(), municipality: city.city.code });
      const first = await get('/api/admin/dev-outbox?limit=2', admin);
      const page1 = first.json();
      expect(page1.items).toHaveLength(2);
      expect(page1.items[0].id).toBeGreaterThan(page1.items[1].id);
      expect(page1.nextBefore).toBe(page1.items[1].id);
      const page2 = (await get(`/api/admin/dev-outbox?limit=2&before=${page1.nextBefore}`, admin)).json();
      expect(page2.items[0].id).toBeLessThan(page1.items[1].id);
    });

    it.each([['resident'], ['dispatcher'], ['orgStaff'], ['orgSupervisor'], ['cityHall']] as const)(
      'refuses a %s with 403',
      async (who) => {
        const res = await get('/api/admin/dev-outbox', await t.signIn(city.users[who].id));
        expect(res.statusCode).toBe(403);
      },
    );

    it('refuses an anonymous visitor with 401', async () => {
      const res = await get('/api/admin/dev-outbox');
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('refuses a bad page size naming the field', async () => {
      const res = await get('/api/admin/dev-outbox?limit=1000', await t.signIn(city.users.admin.id));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('querystring.limit');
    });
  });

  it('keeps the code out of the outbox of the other municipality and the code table in plain text', async () => {
    const phone = freshMobile();
    await post('/api/auth/code', { destination: phone, municipality: city.other.code });
    const message = await lastMessageTo(phone);
    expect(message.municipalityId).toBe(city.other.id);
    const rows = await t.db
      .select({ codeHash: loginCodes.codeHash })
      .from(loginCodes)
      .where(eq(loginCodes.destination, phone));
    expect(rows[0].codeHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
