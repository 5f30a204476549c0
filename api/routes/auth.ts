import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../db/passwords.ts';
import { consumeLoginCode, createLoginCode } from '../../db/queries/login-codes.ts';
import { findMunicipality, type MunicipalityRef } from '../../db/queries/municipalities.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { hit, type RateLimitRule } from '../../db/queries/rate-limits.ts';
import { findLiveSession, listUserSessions, revokeSession, revokeUserSessions } from '../../db/queries/sessions.ts';
import {
  type AccountRow,
  createResident,
  findUserByContact,
  findUserByLogin,
  getSessionUser,
} from '../../db/queries/users.ts';
import { organisationKinds, roles } from '../../db/schema/index.ts';
import { type Contact, maskContact, parseSignInDestination } from '../../dispatch/contacts.ts';
import { refOf } from '../../dispatch/messages/index.ts';
import { type Actor, can, type Resource } from '../../dispatch/permissions.ts';
import { enqueue } from '../../jobs/queues.ts';
import { HttpProblem, NotFound, TooManyRequests, Unauthorized, Unprocessable } from '../errors.ts';
import { deliveryConfigured, loginCodeMessage } from '../notifications/notify.ts';
import { authorize } from '../plugins/auth.ts';
import { municipalityQuery, problems } from '../schemas.ts';
import { describeUserAgent } from '../user-agent.ts';

// 10 minutes: long enough for a slow SMS, short enough that a leaked code soon goes stale.
export const CODE_TTL_MINUTES = 10;
// 5 wrong tries per code: a 6-digit code then falls to guessing with odds of 1 in 200,000.
export const MAX_CODE_ATTEMPTS = 5;

/**
 * Rate limits, each a fixed window shared by all processes (the rate_limits table). Per-address limits
 * stop someone flooding a person's phone or guessing their code; per-IP limits are generous because
 * mobile operators put many people behind one address.
 */
export const authRateLimits = {
  codeRequestPerDestination: { name: 'code-request:dest:10m', limit: 3, windowSeconds: 10 * 60 },
  codeRequestPerDestinationDaily: { name: 'code-request:dest:1d', limit: 10, windowSeconds: 24 * 3600 },
  codeRequestPerIp: { name: 'code-request:ip:1h', limit: 30, windowSeconds: 3600 },
  codeVerifyPerDestination: { name: 'code-verify:dest:10m', limit: 10, windowSeconds: 10 * 60 },
  codeVerifyPerIp: { name: 'code-verify:ip:1h', limit: 60, windowSeconds: 3600 },
  passwordPerLogin: { name: 'password:login:15m', limit: 10, windowSeconds: 15 * 60 },
  passwordPerIp: { name: 'password:ip:15m', limit: 100, windowSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule & { name: string }>;

const destinationInput = z
  .string({ error: 'ожидается телефон или e-mail / expected a phone number or an e-mail address' })
  .max(320, 'слишком длинно / too long')
  .transform((input, ctx) => {
    const parsed = parseSignInDestination(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: refOf(parsed.reason) });
      return z.NEVER;
    }
    return parsed.value;
  })
  .describe('Мобильный телефон (+7 9xx…) или e-mail / Mobile phone (+7 9xx…) or e-mail address');

const codeInput = z
  .string({ error: 'ожидается код из 6 цифр / expected a 6-digit code' })
  .max(20, 'код — 6 цифр / the code is 6 digits')
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'код — 6 цифр / the code is 6 digits'))
  .describe('6-digit code');

export const sessionUserSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(roles),
    municipality: z.object({ id: z.number().int(), code: z.string(), nameRu: z.string(), nameEn: z.string() }),
    organisation: z
      .object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string(), kind: z.enum(organisationKinds) })
      .nullable(),
    personal: z.object({
      fullName: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
  })
  .meta({ id: 'SessionUser' });

const signedInSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string().describe('Send it as X-CSRF-Token with every write made with the session cookie'),
  })
  .meta({ id: 'SignedIn' });

const codeSentSchema = z
  .object({
    message: z.string(),
    channel: z.enum(['sms', 'email']),
    expiresInSeconds: z.number().int(),
    devMode: z
      .boolean()
      .describe('No SMS/e-mail gateway is configured: codes are in the server log and the admin dev outbox'),
  })
  .meta({ id: 'SignInCodeSent' });

const accountActor = (a: AccountRow): Actor => ({
  userId: a.id,
  role: a.role,
  municipalityId: a.municipalityId,
  organisationId: a.organisationId,
});

/** The signed-in user's own session, as a record for the permission table. */
/**
 * A session's id in the API: derived from the token's hash (itself an HMAC of the token), so the list
 * never shows what the database keys sessions by, and the id is no use for signing in.
 */
const publicSessionId = (tokenHash: string) =>
  createHash('sha256').update(`session-id:${tokenHash}`).digest('base64url').slice(0, 16);

const sessionSchema = z.object({
  id: z.string().describe('Use it to end the session'),
  current: z.boolean().describe('This is the session of the request'),
  device: z.string().nullable().describe('Browser and system, from the User-Agent at sign-in'),
  createdAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }).describe('Updated at most every 5 minutes'),
  expiresAt: z.iso.datetime({ offset: true }),
});

function ownSession(request: FastifyRequest): Resource | undefined {
  const actor = request.actor;
  return actor ? { municipalityId: actor.municipalityId, ownerId: actor.userId } : undefined;
}

const invalidCredentials = () =>
  new HttpProblem(401, 'invalid-credentials', 'Неверный логин или пароль. Wrong login or password.', {
    errors: [{ field: 'body.password', reason: 'неверный логин или пароль / wrong login or password' }],
  });

const accountDisabled = () =>
  new HttpProblem(403, 'account-disabled', 'Учётная запись отключена. The account is disabled.');

/**
 * Sign-in and sessions: one-time codes for residents, passwords for staff, sign-out, and the current
 * session for a reloaded page.
 */
const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Verified against when the login is unknown, so that both failures take the same time.
  const dummyHash = hashPassword(randomBytes(32).toString('base64url'));

  // Rate-limit keys carry an HMAC of the address or IP, not the personal data itself.
  const limitKey = (name: string, subject: string) =>
    `${name}:${createHmac('sha256', app.config.SESSION_SECRET).update(`rate-limit:${subject}`).digest('hex').slice(0, 32)}`;

  async function enforce(request: FastifyRequest, checks: [RateLimitRule & { name: string }, string][]) {
    const now = app.clock();
    for (const [rule, subject] of checks) {
      const result = await hit(app.db, limitKey(rule.name, subject), { ...rule, now });
      if (!result.allowed) {
        request.log.info({ limit: rule.name, retryAfter: result.retryAfterSeconds }, 'rate limit reached');
        throw new TooManyRequests(result.retryAfterSeconds);
      }
    }
  }

  // The code is bound to its destination, so a hash from one address never matches another.
  const hashCode = (destination: string, code: string) =>
    createHmac('sha256', app.config.SESSION_SECRET).update(`login-code:${destination}:${code}`).digest('hex');

  async function requestedMunicipality(code: string | undefined): Promise<MunicipalityRef> {
    const municipality = await findMunicipality(app.db, code);
    if (!municipality) {
      throw new Unprocessable('Нет такого муниципалитета. No such municipality.', [
        { field: 'body.municipality', reason: 'нет такого муниципалитета / no such municipality' },
      ]);
    }
    return municipality;
  }

  /** Start a session (replacing the one the request carries, if any) and answer with the user. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, userId: number) {
    if (request.sessionTokenHash) await revokeSession(app.db, request.sessionTokenHash, app.clock());
    const user = await getSessionUser(app.db, userId);
    if (!user) throw new Unauthorized();
    const { csrfToken } = await app.startSession(reply, request, user);
    return { user, csrfToken };
  }

  app.post(
    '/auth/code',
    {
      config: { access: { public: 'session.create: anyone asks for a code' } },
      schema: {
        operationId: 'requestSignInCode',
        tags: ['auth'],
        summary: 'Получить код входа на телефон или e-mail / Send a sign-in code to a phone or e-mail',
        description:
          'Answers the same whether or not an account exists. The code is valid for 10 minutes; a new request replaces the previous code.',
        body: z.object({ destination: destinationInput, municipality: municipalityQuery }),
        response: { 202: codeSentSchema, ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.create');
      const contact: Contact = request.body.destination;
      const requested = await requestedMunicipality(request.body.municipality);
      await enforce(request, [
        [authRateLimits.codeRequestPerIp, request.ip],
        [authRateLimits.codeRequestPerDestination, contact.value],
        [authRateLimits.codeRequestPerDestinationDaily, contact.value],
      ]);
      const channel = contact.kind === 'phone' ? 'sms' : 'email';
      const devMode = !deliveryConfigured(app.config, channel);
      const answer = {
        message:
          'Если адрес верен, мы отправили на него код входа. If the address is valid, a sign-in code is on its way.',
        channel,
        expiresInSeconds: CODE_TTL_MINUTES * 60,
        devMode,
      } as const;

      const account = await findUserByContact(app.db, contact);
      if (account && (account.disabledAt !== null || !can(accountActor(account), 'session.create_with_code'))) {
        // Staff sign in with a password and disabled accounts not at all: send nothing, answer the same.
        request.log.info(
          { destination: maskContact(contact), userId: account.id },
          'sign-in code not sent: the account does not sign in by code',
        );
        return reply.code(202).send(answer);
      }

      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = app.clock();
      const message = loginCodeMessage(code, CODE_TTL_MINUTES);
      const outboxId = await app.db.transaction(async (tx) => {
        await createLoginCode(tx, {
          destination: contact.value,
          codeHash: hashCode(contact.value, code),
          now,
          expiresAt: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000),
        });
        const id = await insertOutbox(tx, {
          municipalityId: account?.municipalityId ?? requested.id,
          userId: account?.id ?? null,
          channel,
          destination: contact.value,
          template: 'login_code',
          subject: contact.kind === 'email' ? message.subject : null,
          body: message.body,
          status: devMode ? 'dev' : 'pending',
          now,
        });
        // Through the real channel when there is one; a sign-in code is never held by quiet hours.
        if (!devMode) await enqueue(app.boss, tx, 'notify.deliver', { outboxId: id }, { singletonKey: `notify:${id}` });
        return id;
      });
      if (devMode) {
        // The documented dev mode: with no gateway the code is readable here and on the admin dev outbox.
        request.log.info(
          { outboxId, channel, destination: maskContact(contact), code },
          'sign-in code kept in the dev outbox (no SMS/e-mail gateway configured)',
        );
      }
      return reply.code(202).send(answer);
    },
  );

  app.post(
    '/auth/code/verify',
    {
      config: { access: { public: 'session.create: anyone verifies a code' } },
      schema: {
        operationId: 'verifySignInCode',
        tags: ['auth'],
        summary: 'Войти по коду (и зарегистрироваться) / Sign in (or sign up) with a code',
        description:
          'A new phone or e-mail creates a resident account in the given municipality (or the first one). ' +
          'Sets the session cookie; the answer carries the CSRF token for writes.',
        body: z.object({ destination: destinationInput, code: codeInput, municipality: municipalityQuery }),
        response: { 200: signedInSchema, ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.create');
      const { destination: contact, code } = request.body;
      const municipality = await requestedMunicipality(request.body.municipality);
      await enforce(request, [
        [authRateLimits.codeVerifyPerIp, request.ip],
        [authRateLimits.codeVerifyPerDestination, contact.value],
      ]);
      const now = app.clock();
      // Wrong tries must be counted, so the transaction commits them and refusals are thrown after it.
      const outcome = await app.db.transaction(async (tx) => {
        const result = await consumeLoginCode(tx, {
          destination: contact.value,
          codeHash: hashCode(contact.value, code),
          now,
          maxAttempts: MAX_CODE_ATTEMPTS,
        });
        if (result.status !== 'ok') return result;
        const account =
          (await findUserByContact(tx, contact)) ??
          (await createResident(tx, { municipalityId: municipality.id, contact, now }));
        return { status: 'ok' as const, account };
      });

      if (outcome.status === 'wrong' && outcome.attemptsLeft > 0) {
        throw new HttpProblem(401, 'invalid-code', 'Неверный код. Wrong code.', {
          errors: [{ field: 'body.code', reason: 'неверный код / wrong code' }],
          extra: { attemptsLeft: outcome.attemptsLeft },
        });
      }
      if (outcome.status !== 'ok') {
        throw new HttpProblem(
          401,
          'invalid-code',
          'Код недействителен, запросите новый. The code is no longer valid, request a new one.',
          {
            errors: [
              {
                field: 'body.code',
                reason: 'код устарел или использован, запросите новый / expired or used up, request a new one',
              },
            ],
            extra: { attemptsLeft: 0 },
          },
        );
      }
      const { account } = outcome;
      if (account.disabledAt !== null) throw accountDisabled();
      if (!can(accountActor(account), 'session.create_with_code')) {
        throw new HttpProblem(
          403,
          'password-sign-in',
          'Сотрудники входят по логину и паролю. Staff sign in with a login and password.',
        );
      }
      request.log.info({ userId: account.id }, 'signed in with a code');
      return signIn(request, reply, account.id);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: { public: 'session.create: anyone tries a password' } },
      schema: {
        operationId: 'signInWithPassword',
        tags: ['auth'],
        summary: 'Вход сотрудника по логину и паролю / Staff sign-in with a login and password',
        description: 'Residents sign in with a code. An unknown login and a wrong password get the same answer.',
        body: z.object({
          login: z.string().trim().min(1, 'укажите логин / login is required').max(100, 'слишком длинный / too long'),
          password: z.string().min(1, 'укажите пароль / password is required').max(1000, 'слишком длинный / too long'),
        }),
        response: { 200: signedInSchema, ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.create');
      const { login, password } = request.body;
      await enforce(request, [
        [authRateLimits.passwordPerIp, request.ip],
        [authRateLimits.passwordPerLogin, login.toLowerCase()],
      ]);
      const account = await findUserByLogin(app.db, login);
      // Always run one argon2 verification, against a dummy hash when there is nothing to check.
      const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyHash), password);
      if (!account?.passwordHash || !passwordOk || !can(accountActor(account), 'session.create_with_password')) {
        request.log.info({ userId: account?.id ?? null }, 'password sign-in refused');
        throw invalidCredentials();
      }
      if (account.disabledAt !== null) throw accountDisabled();
      request.log.info({ userId: account.id }, 'signed in with a password');
      return signIn(request, reply, account.id);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: { action: 'session.read' } },
      schema: {
        operationId: 'getSession',
        tags: ['auth'],
        summary: 'Текущий пользователь и CSRF-токен / The signed-in user and the CSRF token',
        description: 'Lets a reloaded page recover its CSRF token. 401 when nobody is signed in.',
        response: { 200: signedInSchema, ...problems },
      },
    },
    async (request) => {
      authorize(request, 'session.read', ownSession(request));
      const session = request.sessionTokenHash
        ? await findLiveSession(app.db, request.sessionTokenHash, app.clock())
        : null;
      const user = request.actor ? await getSessionUser(app.db, request.actor.userId) : null;
      if (!session || !user) throw new Unauthorized();
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: { action: 'session.revoke' } },
      schema: {
        operationId: 'signOut',
        tags: ['auth'],
        summary: 'Выйти / Sign out',
        description: 'Revokes this session and clears the cookie.',
        response: { 204: z.null().describe('Signed out'), ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.revoke', ownSession(request));
      if (request.sessionTokenHash) await revokeSession(app.db, request.sessionTokenHash, app.clock());
      reply.clearCookie(app.sessionCookieName, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.sessionCookieName.startsWith('__Host-'),
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { access: { action: 'session.read' } },
      schema: {
        operationId: 'listSessions',
        tags: ['auth'],
        summary: 'Где выполнен вход / Where the user is signed in',
        description:
          "The signed-in user's live sessions, the most recently used first: the device, when it signed in and was last seen, and which one is this one.",
        response: { 200: z.object({ items: z.array(sessionSchema) }), ...problems },
      },
    },
    async (request) => {
      authorize(request, 'session.read', ownSession(request));
      const rows = await listUserSessions(app.db, request.actor!.userId, app.clock());
      return {
        items: rows.map((r) => ({
          id: publicSessionId(r.tokenHash),
          current: r.tokenHash === request.sessionTokenHash,
          device: describeUserAgent(r.userAgent),
          createdAt: r.createdAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { access: { action: 'session.revoke' } },
      schema: {
        operationId: 'endSession',
        tags: ['auth'],
        summary: 'Завершить сеанс / End one session',
        description:
          "Signs one of the user's own sessions out (a lost phone, a shared computer). Ending this one also clears the cookie. 404 for an unknown or ended session.",
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(64)
            .describe('A session id from the list, or `current` for the session of the request'),
        }),
        response: { 204: z.null().describe('Ended'), ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.revoke', ownSession(request));
      const rows = await listUserSessions(app.db, request.actor!.userId, app.clock());
      const id = request.params.id;
      const session = rows.find((r) =>
        id === 'current' ? r.tokenHash === request.sessionTokenHash : publicSessionId(r.tokenHash) === id,
      );
      if (!session) throw new NotFound('Сеанс / Session');
      await revokeSession(app.db, session.tokenHash, app.clock());
      request.log.info({ userId: request.actor!.userId }, 'ended a session');
      if (session.tokenHash === request.sessionTokenHash) {
        reply.clearCookie(app.sessionCookieName, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: app.sessionCookieName.startsWith('__Host-'),
        });
      }
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { access: { action: 'session.revoke' } },
      schema: {
        operationId: 'signOutEverywhere',
        tags: ['auth'],
        summary: 'Выйти на всех устройствах / Sign out on every device',
        description: 'Revokes every session of the signed-in user, this one included.',
        response: { 200: z.object({ revokedSessions: z.number().int() }), ...problems },
      },
    },
    async (request, reply) => {
      authorize(request, 'session.revoke', ownSession(request));
      const revokedSessions = await revokeUserSessions(app.db, request.actor!.userId, app.clock());
      request.log.info({ userId: request.actor!.userId, revokedSessions }, 'signed out everywhere');
      reply.clearCookie(app.sessionCookieName, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.sessionCookieName.startsWith('__Host-'),
      });
      return { revokedSessions };
    },
  );
};
export default authRoutes;
