import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../db/passwords.ts';
import { consumeLoginCode, createLoginCode } from '../../db/queries/login-codes.ts';
import { findMunicipality, type MunicipalityRef } from '../../db/queries/municipalities.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { hit, type RateLimitRule } from '../../db/queries/rate-limits.ts';
import { type AccountRow, createResident, findUserByContact, findUserByLogin } from '../../db/queries/users.ts';
import { type Contact, maskContact } from '../../dispatch/contacts.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { type Actor, can } from '../../dispatch/permissions.ts';
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';
import { HttpProblem, TooManyRequests, Unprocessable } from '../errors.ts';
import { loginCodeMessage, type NotificationChannel } from '../notifications/notify.ts';
import { devCodeLine, type Terminal } from '../terminal.ts';

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

/** Where a sign-in attempt comes from, and the installation's secret its keys and hashes are made with. */
export type SignInOrigin = { ip: string; secret: string };

// Verified against when the login is unknown, so that both failures take the same time.
const dummyHash = hashPassword(randomBytes(32).toString('base64url'));

/** Count the attempt against each limit; 429 when one is reached. */
async function enforce(ctx: Context, origin: SignInOrigin, checks: [RateLimitRule & { name: string }, string][]) {
  const now = ctx.clock();
  for (const [rule, subject] of checks) {
    // The key carries an HMAC of the address or IP, not the personal data itself.
    const digest = createHmac('sha256', origin.secret).update(`rate-limit:${subject}`).digest('hex').slice(0, 32);
    const result = await hit(ctx.db, `${rule.name}:${digest}`, { ...rule, now });
    if (!result.allowed) {
      ctx.log.info({ limit: rule.name, retryAfter: result.retryAfterSeconds }, 'rate limit reached');
      throw new TooManyRequests(result.retryAfterSeconds);
    }
  }
}

// The code is bound to its destination, so a hash from one address never matches another.
const hashCode = (secret: string, destination: string, code: string) =>
  createHmac('sha256', secret).update(`login-code:${destination}:${code}`).digest('hex');

const accountActor = (a: AccountRow): Actor => ({
  userId: a.id,
  role: a.role,
  municipalityId: a.municipalityId,
  organisationId: a.organisationId,
});

async function requestedMunicipality(ctx: Context, code: string | undefined): Promise<MunicipalityRef> {
  const municipality = await findMunicipality(ctx.db, code);
  if (!municipality) {
    throw new Unprocessable({ id: 'auth.municipality_unknown' }, [
      { field: 'body.municipality', reason: { id: 'auth.municipality_unknown' } },
    ]);
  }
  return municipality;
}

const accountDisabled = () => new HttpProblem(403, 'account-disabled', { id: 'auth.account_disabled' });

/**
 * Send a one-time code to a phone or an e-mail. The answer is the same whether or not an account
 * exists; staff and disabled accounts get no code. Without a gateway (`devMode`) the code is kept in
 * the dev outbox and the log. The code's message is written in the language the request asked in.
 */
export async function requestSignInCode(
  ctx: Context,
  input: { destination: Contact; municipality?: string; language: Language },
  origin: SignInOrigin & {
    deliveryConfigured: (channel: NotificationChannel) => boolean;
    /** Where a dev-mode code is shown to the person running the platform. */
    devTerminal?: Terminal;
  },
) {
  const contact = input.destination;
  const requested = await requestedMunicipality(ctx, input.municipality);
  await enforce(ctx, origin, [
    [authRateLimits.codeRequestPerIp, origin.ip],
    [authRateLimits.codeRequestPerDestination, contact.value],
    [authRateLimits.codeRequestPerDestinationDaily, contact.value],
  ]);
  const channel = contact.kind === 'phone' ? ('sms' as const) : ('email' as const);
  const devMode = !origin.deliveryConfigured(channel);
  const answer = { channel, expiresInSeconds: CODE_TTL_MINUTES * 60, devMode };

  const account = await findUserByContact(ctx.db, contact);
  if (account && (account.disabledAt !== null || !can(accountActor(account), 'session.create_with_code'))) {
    // Staff sign in with a password and disabled accounts not at all: send nothing, answer the same.
    ctx.log.info(
      { destination: maskContact(contact), userId: account.id },
      'sign-in code not sent: the account does not sign in by code',
    );
    return answer;
  }

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const message = loginCodeMessage(code, CODE_TTL_MINUTES, input.language);
  const outboxId = await inTransaction(ctx, async (tx) => {
    const now = tx.clock();
    await createLoginCode(tx.db, {
      destination: contact.value,
      codeHash: hashCode(origin.secret, contact.value, code),
      now,
      expiresAt: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000),
    });
    const id = await insertOutbox(tx.db, {
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
    if (!devMode) await enqueue(tx.boss, tx.db, 'notify.deliver', { outboxId: id }, { singletonKey: `notify:${id}` });
    return id;
  });
  if (devMode) {
    // The documented dev mode: with no gateway the code is readable on the terminal (one clear line),
    // in the log and on the admin dev outbox.
    origin.devTerminal?.(devCodeLine(contact, code, CODE_TTL_MINUTES));
    ctx.log.info(
      { outboxId, channel, destination: maskContact(contact), code },
      'sign-in code kept in the dev outbox (no SMS/e-mail gateway configured)',
    );
  }
  return answer;
}

/**
 * The account a right code signs in to; a new phone or e-mail makes a resident in the requested
 * municipality. Wrong tries are counted even though the attempt is refused.
 */
export async function signInWithCode(
  ctx: Context,
  input: { destination: Contact; code: string; municipality?: string },
  origin: SignInOrigin,
): Promise<AccountRow> {
  const contact = input.destination;
  const municipality = await requestedMunicipality(ctx, input.municipality);
  await enforce(ctx, origin, [
    [authRateLimits.codeVerifyPerIp, origin.ip],
    [authRateLimits.codeVerifyPerDestination, contact.value],
  ]);
  // Wrong tries must be counted, so the transaction commits them and refusals are thrown after it.
  const outcome = await inTransaction(ctx, async (tx) => {
    const result = await consumeLoginCode(tx.db, {
      destination: contact.value,
      codeHash: hashCode(origin.secret, contact.value, input.code),
      now: tx.clock(),
      maxAttempts: MAX_CODE_ATTEMPTS,
    });
    if (result.status !== 'ok') return result;
    const account =
      (await findUserByContact(tx.db, contact)) ??
      (await createResident(tx.db, { municipalityId: municipality.id, contact, now: tx.clock() }));
    return { status: 'ok' as const, account };
  });
  if (outcome.status !== 'ok') {
    const id = outcome.status === 'wrong' && outcome.attemptsLeft > 0 ? 'auth.code_wrong' : 'auth.code_expired';
    throw new HttpProblem(
      401,
      'invalid-code',
      { id },
      {
        errors: [{ field: 'body.code', reason: { id } }],
        extra: { attemptsLeft: outcome.status === 'wrong' ? outcome.attemptsLeft : 0 },
      },
    );
  }
  const { account } = outcome;
  if (account.disabledAt !== null) throw accountDisabled();
  if (!can(accountActor(account), 'session.create_with_code')) {
    throw new HttpProblem(403, 'password-sign-in', { id: 'auth.staff_use_password' });
  }
  ctx.log.info({ userId: account.id }, 'signed in with a code');
  return account;
}

/** The staff account a login and password sign in to; an unknown login and a wrong password are refused alike. */
export async function signInWithPassword(
  ctx: Context,
  input: { login: string; password: string },
  origin: SignInOrigin,
): Promise<AccountRow> {
  await enforce(ctx, origin, [
    [authRateLimits.passwordPerIp, origin.ip],
    [authRateLimits.passwordPerLogin, input.login.toLowerCase()],
  ]);
  const account = await findUserByLogin(ctx.db, input.login);
  // Always run one argon2 verification, against a dummy hash when there is nothing to check.
  const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyHash), input.password);
  if (!account?.passwordHash || !passwordOk || !can(accountActor(account), 'session.create_with_password')) {
    ctx.log.info({ userId: account?.id ?? null }, 'password sign-in refused');
    throw new HttpProblem(
      401,
      'invalid-credentials',
      { id: 'auth.credentials_wrong' },
      {
        errors: [{ field: 'body.password', reason: { id: 'auth.credentials_wrong' } }],
      },
    );
  }
  if (account.disabledAt !== null) throw accountDisabled();
  ctx.log.info({ userId: account.id }, 'signed in with a password');
  return account;
}
