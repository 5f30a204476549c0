import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Citizen } from '../../api/identity/stand-in.ts';
import { personIdentity } from '../../db/queries/identities.ts';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.ts';

/**
 * "Войти через Госуслуги" against a real OpenID Connect provider started here (oidc-provider on a
 * random local port): the whole redirect dance with PKCE, state and nonce, and every way it fails.
 */

let t: TestApp;
let op: TestProvider;
let city: Awaited<ReturnType<typeof smallCity>>;
let codeTtl = 60;

const citizen = (sub: string, o: Partial<Citizen> = {}): Citizen => ({
  sub,
  family_name: 'Галиева',
  given_name: 'Алсу',
  middle_name: 'Ринатовна',
  birthdate: '1986-04-12',
  registration_address: '420111, Республика Татарстан, г. Казань, ул. Баумана, д. 12, кв. 14',
  phone_number: `+7999${sub.replace(/\D/g, '').padStart(7, '0').slice(-7)}`,
  phone_number_verified: true,
  ...o,
});

const citizens = {
  inRegister: citizen('esia-1'),
  again: citizen('esia-2', { family_name: 'Петров', given_name: 'Андрей', middle_name: 'Сергеевич' }),
  linker: citizen('esia-3', { family_name: 'Петров', given_name: 'Пётр', middle_name: undefined }),
  nowhere: citizen('esia-4', {
    registration_address: 'Республика Татарстан, г. Казань, ул. Несуществующая, д. 999, кв. 1',
  }),
  failures: citizen('esia-5'),
  byPhone: citizen('esia-6'),
};

beforeAll(async () => {
  op = await startTestProvider(Object.values(citizens), { codeTtlSeconds: () => codeTtl });
  t = await startTestApp({ env: op.env });
  city = await smallCity(t.db);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await op?.close();
});

const json = { accept: 'application/json' };
const page = { accept: 'text/html,application/xhtml+xml' };

/** Start a sign-in (as a visitor, or with a resident's session) and answer the provider's URL. */
async function start(headers: Record<string, string> = {}, returnTo = '/discussions') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/identity/start?returnTo=${encodeURIComponent(returnTo)}&municipality=${city.city.code}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(302);
  return res.headers.location as string;
}

const callback = (url: URL, headers: Record<string, string> = json) =>
  t.app.inject({ method: 'GET', url: `/api/identity/callback${url.search}`, headers });

const stateOf = (url: URL) => url.searchParams.get('state') as string;

async function signInAs(sub: string, headers: Record<string, string> = {}) {
  const back = await op.login(await start(headers), { sub });
  const res = await callback(back, { ...json, ...headers });
  return { back, res };
}

const sessionCookie = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((k) => k.name === t.app.sessionCookieName);
  return c ? `${c.name}=${c.value}` : '';
};

describe('signing in with the identity provider (ESIA profile over OpenID Connect)', () => {
  it('sends the visitor to the provider with state, nonce, PKCE (S256) and the ESIA scopes', async () => {
    const url = new URL(await start());
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('scope')).toBe('openid profile address phone');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge', 'redirect_uri']) expect(url.searchParams.get(p)).toBeTruthy();
    const [login] = await t.db
      .select()
      .from(s.identityLogins)
      .where(eq(s.identityLogins.state, stateOf(url)));
    expect(login.returnTo).toBe('/discussions');
    expect(login.expiresAt.getTime() - login.createdAt.getTime()).toBe(10 * 60_000);
  });

  it('creates a resident with a verified identity whose registration address is a building of the register', async () => {
    const { res } = await signInAs(citizens.inRegister.sub);
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/discussions');
    expect(res.headers['cache-control']).toBe('no-store');
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: sessionCookie(res) },
    });
    expect(session.statusCode).toBe(200);
    const { user, csrfToken } = session.json();
    expect(user.role).toBe('resident');
    expect(csrfToken).toBeTruthy();
    const [identity] = await t.db.select().from(s.verifiedIdentities).where(eq(s.verifiedIdentities.userId, user.id));
    expect(identity).toMatchObject({
      provider: 'esia',
      issuer: op.issuer,
      subject: 'esia-1',
      fullName: 'Галиева Алсу Ринатовна',
      birthDate: '1986-04-12',
      registrationBuildingId: city.building.id,
      registrationApartment: '14',
      phone: citizens.inRegister.phone_number,
    });
    const [personal] = await t.db.select().from(s.userPersonal).where(eq(s.userPersonal.userId, user.id));
    expect(personal).toMatchObject({ fullName: 'Галиева Алсу Ринатовна', phone: citizens.inRegister.phone_number });
    expect(await personIdentity(t.db, user.id)).toEqual({
      registration: { buildingId: city.building.id, address: 'ул. Баумана, д. 12', point: [49.12, 55.79] },
      registrationAddress: citizens.inRegister.registration_address,
    });
    const trail = await t.db
      .select()
      .from(s.personalDataAccess)
      .where(and(eq(s.personalDataAccess.subjectUserId, user.id), eq(s.personalDataAccess.kind, 'identity.verified')));
    expect(trail).toMatchObject([
      { actorUserId: user.id, record: 'identity:esia:sign_in', route: 'GET /api/identity/callback' },
    ]);
  });

  it('finds the same account on a second sign-in', async () => {
    const first = await signInAs(citizens.again.sub);
    const second = await signInAs(citizens.again.sub);
    const who = async (res: typeof first.res) =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: sessionCookie(res) } })).json()
        .user.id;
    expect(await who(second.res)).toBe(await who(first.res));
    const rows = await t.db.select().from(s.verifiedIdentities).where(eq(s.verifiedIdentities.subject, 'esia-2'));
    expect(rows).toHaveLength(1);
  });

  it('finds the resident by the verified phone when the identity is new', async () => {
    const resident = await city.make.user(city.city.id, { role: 'resident', phone: citizens.byPhone.phone_number });
    const { res } = await signInAs(citizens.byPhone.sub);
    expect(res.statusCode).toBe(302);
    const [identity] = await t.db.select().from(s.verifiedIdentities).where(eq(s.verifiedIdentities.subject, 'esia-6'));
    expect(identity.userId).toBe(resident.id);
  });

  it('links the identity to the signed-in resident who started it, and records the link', async () => {
    const resident = city.users.resident.id;
    const session = await t.signIn(resident);
    const { res } = await signInAs(citizens.linker.sub, { cookie: session.cookie });
    expect(res.statusCode, res.body).toBe(302);
    const [identity] = await t.db.select().from(s.verifiedIdentities).where(eq(s.verifiedIdentities.userId, resident));
    expect(identity.subject).toBe('esia-3');
    // The name the resident gave stays; the identity keeps the verified one.
    const [personal] = await t.db.select().from(s.userPersonal).where(eq(s.userPersonal.userId, resident));
    expect(personal.fullName).toBe('Петров Пётр');
    const own = await t.app.inject({ method: 'GET', url: '/api/identity', headers: { cookie: sessionCookie(res) } });
    expect(own.json().identity).toMatchObject({ fullName: 'Петров Пётр', building: { id: city.building.id } });
    const trail = await t.db
      .select()
      .from(s.personalDataAccess)
      .where(and(eq(s.personalDataAccess.subjectUserId, resident), eq(s.personalDataAccess.kind, 'identity.verified')));
    expect(trail.map((r) => r.record)).toEqual(['identity:esia:link']);
  });

  it('keeps an identity whose address is not in the register, without a building; the resident reads and unlinks it', async () => {
    const { res } = await signInAs(citizens.nowhere.sub);
    expect(res.statusCode).toBe(302);
    const cookie = sessionCookie(res);
    const session = (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).json();
    const own = await t.app.inject({ method: 'GET', url: '/api/identity', headers: { cookie } });
    expect(own.statusCode).toBe(200);
    expect(own.json().identity).toMatchObject({
      fullName: 'Галиева Алсу Ринатовна',
      birthDate: '1986-04-12',
      registrationAddress: citizens.nowhere.registration_address,
      registrationApartment: '1',
      building: null,
    });
    expect(await personIdentity(t.db, session.user.id)).toEqual({
      registration: null,
      registrationAddress: citizens.nowhere.registration_address,
    });
    const unlink = await t.app.inject({
      method: 'DELETE',
      url: '/api/identity',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(unlink.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/identity', headers: { cookie } })).json()).toEqual({
      identity: null,
    });
    const again = await t.app.inject({
      method: 'DELETE',
      url: '/api/identity',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(again.json().code).toBe('identity.none');
    expect(await personIdentity(t.db, session.user.id)).toBeNull();
    const trail = await t.db
      .select()
      .from(s.personalDataAccess)
      .where(
        and(
          eq(s.personalDataAccess.subjectUserId, session.user.id),
          eq(s.personalDataAccess.kind, 'identity.unlinked'),
        ),
      );
    expect(trail).toHaveLength(1);
  });
});

describe('a sign-in with the identity provider that fails', () => {
  it('refuses an unknown state: problem+json for an API caller, the sign-in page with the reason for a browser', async () => {
    const back = await op.login(await start(), { sub: citizens.failures.sub });
    back.searchParams.set('state', 'not-a-state-we-made');
    const api = await callback(back);
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(api.json().code).toBe('identity.state_unknown');
    const browser = await callback(back, page);
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/signin?identity_error=identity.state_unknown&next=%2F');
    const none = await t.app.inject({ method: 'GET', url: '/api/identity/callback?code=abc', headers: json });
    expect(none.json().code).toBe('identity.state_unknown');
  });

  it('takes a state once: the second callback with it is refused before the provider is asked', async () => {
    const back = await op.login(await start(), { sub: citizens.failures.sub });
    expect((await callback(back)).statusCode).toBe(302);
    const again = await callback(back);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('identity.state_used');
    const browser = await callback(back, page);
    expect(browser.headers.location).toBe('/signin?identity_error=identity.state_used&next=%2Fdiscussions');
  });

  it('refuses a state older than 10 minutes', async () => {
    const back = await op.login(await start(), { sub: citizens.failures.sub });
    t.setNow(new Date(Date.now() + 11 * 60_000));
    try {
      const res = await callback(back);
      expect(res.statusCode).toBe(410);
      expect(res.json().code).toBe('identity.state_expired');
    } finally {
      t.setNow(null);
    }
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const back = await op.login(await start(), { sub: citizens.failures.sub });
    await t.db
      .update(s.identityLogins)
      .set({ nonce: 'tampered-nonce' })
      .where(eq(s.identityLogins.state, stateOf(back)));
    const res = await callback(back);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('identity.token_invalid');
  });

  it('refuses an expired code (the provider refuses the exchange)', async () => {
    codeTtl = 1;
    try {
      const back = await op.login(await start(), { sub: citizens.failures.sub });
      await new Promise((r) => setTimeout(r, 2100));
      const res = await callback(back);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('identity.code_rejected');
    } finally {
      codeTtl = 60;
    }
  });

  it('refuses a replayed code: the provider does not exchange a code twice', async () => {
    const back = await op.login(await start(), { sub: citizens.failures.sub });
    expect((await callback(back)).statusCode).toBe(302);
    // Past our own one-use state (reopened by hand), the provider's refusal is what stops it.
    await t.db
      .update(s.identityLogins)
      .set({ usedAt: null })
      .where(eq(s.identityLogins.state, stateOf(back)));
    const res = await callback(back);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('identity.code_rejected');
  });

  it('tells the person when they refused at the provider (error=access_denied)', async () => {
    const back = await op.login(await start(), 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await callback(back);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('identity.denied');
    const back2 = await op.login(await start(), 'deny');
    const browser = await callback(back2, page);
    expect(browser.headers.location).toBe('/signin?identity_error=identity.denied&next=%2Fdiscussions');
  });

  it('never sends a sign-in elsewhere than a path of this site', async () => {
    for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const url = new URL(await start({}, target));
      const [login] = await t.db
        .select()
        .from(s.identityLogins)
        .where(eq(s.identityLogins.state, stateOf(url)));
      expect(login.returnTo).toBe('/');
    }
  });
});
