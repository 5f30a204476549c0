import * as client from 'openid-client';
import type { AccessContext } from '../../db/queries/audit.ts';
import { recordAccess } from '../../db/queries/audit.ts';
import {
  accountByPhone,
  accountState,
  buildingByNormalisedAddress,
  createIdentifiedResident,
  fillPersonalFromIdentity,
  findIdentityBySubject,
  type IdentityLoginRow,
  insertIdentityLogin,
  lockIdentityLogin,
  markIdentityLoginUsed,
  upsertVerifiedIdentity,
} from '../../db/queries/identities.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { normaliseAddress } from '../../dispatch/address.ts';
import {
  esiaProfile,
  IDENTITY_LOGIN_TTL_MINUTES,
  safeReturnTo,
  splitRegistrationAddress,
  type VerifiedClaims,
  verifiedClaims,
} from '../../dispatch/identity.ts';
import { type Context, inTransaction } from '../context.ts';
import { HttpProblem, Unprocessable } from '../errors.ts';
import { clientConfiguration, type IdentityProvider, notConfigured, unreachable } from './oidc.ts';

/*
 * "Войти через Госуслуги" over OpenID Connect: the start (state, nonce and PKCE kept for ten
 * minutes, the visitor sent to the provider) and the callback (the state used once, the code
 * exchanged, the ID token checked by openid-client, the claims mapped by the ESIA profile, the
 * account found, made or linked, the identity kept and the step recorded).
 */

/** Where a request comes from, for the trail of the identity's steps. */
export type IdentityOrigin = { route: string; ip: string };

/**
 * Start a sign-in with the identity provider: keep the state, nonce and PKCE verifier, and answer
 * the provider's authorization URL. A signed-in resident who starts it links the identity to their
 * account; anyone else signs in (or up) with it.
 */
export async function startIdentityLogin(
  ctx: Context,
  provider: IdentityProvider | null,
  input: { returnTo?: string; municipality?: string },
): Promise<URL> {
  if (!provider) throw notConfigured();
  const config = await clientConfiguration(provider);
  const linking = ctx.actor?.role === 'resident' ? ctx.actor : null;
  const municipality = linking ? { id: linking.municipalityId } : await findMunicipality(ctx.db, input.municipality);
  if (!municipality) {
    throw new Unprocessable({ id: 'auth.municipality_unknown' }, [
      { field: 'query.municipality', reason: { id: 'auth.municipality_unknown' } },
    ]);
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const now = ctx.clock();
  await insertIdentityLogin(ctx.db, {
    state,
    nonce,
    codeVerifier,
    returnTo: safeReturnTo(input.returnTo),
    municipalityId: municipality.id,
    linkUserId: linking?.userId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDENTITY_LOGIN_TTL_MINUTES * 60_000),
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: provider.redirectUri,
    scope: esiaProfile.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
}

/** A refused callback: its problem, and where the browser goes back to (the sign-in's returnTo). */
export class IdentityRefused extends HttpProblem {
  returnTo = '/';
}

const refused = (status: number, kind: string, id: Parameters<typeof refusedMessage>[0], error?: string) =>
  new IdentityRefused(status, kind, refusedMessage(id, error));

function refusedMessage(
  id:
    | 'identity.state_unknown'
    | 'identity.state_used'
    | 'identity.state_expired'
    | 'identity.denied'
    | 'identity.provider_error'
    | 'identity.code_rejected'
    | 'identity.token_invalid'
    | 'identity.no_name'
    | 'identity.account_disabled'
    | 'identity.linked_elsewhere'
    | 'identity.residents_only',
  error?: string,
) {
  return id === 'identity.provider_error'
    ? ({ id, params: { error: (error ?? 'error').slice(0, 60) } } as const)
    : ({ id } as const);
}

/** The sign-in a callback's state names, marked used in its own transaction: a state is good once. */
async function takeLogin(ctx: Context, state: string | null): Promise<IdentityLoginRow> {
  if (!state || state.length > 200) throw refused(400, 'identity-state-unknown', 'identity.state_unknown');
  const outcome = await inTransaction(ctx, async (tx) => {
    const login = await lockIdentityLogin(tx.db, state);
    if (!login) return { refusal: 'unknown' as const };
    if (login.usedAt) return { refusal: 'used' as const, login };
    await markIdentityLoginUsed(tx.db, state, tx.clock());
    if (login.expiresAt <= tx.clock()) return { refusal: 'expired' as const, login };
    return { login };
  });
  if (outcome.refusal === 'unknown') throw refused(400, 'identity-state-unknown', 'identity.state_unknown');
  const problem =
    outcome.refusal === 'used'
      ? refused(409, 'identity-state-used', 'identity.state_used')
      : outcome.refusal === 'expired'
        ? refused(410, 'identity-state-expired', 'identity.state_expired')
        : null;
  if (problem) {
    problem.returnTo = outcome.login.returnTo;
    throw problem;
  }
  return outcome.login;
}

/** The provider's answer to the code, checked; each failure named for the person. */
async function exchangeCode(provider: IdentityProvider, callbackUrl: URL, login: IdentityLoginRow) {
  const config = await clientConfiguration(provider);
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw refused(401, 'identity-token-invalid', 'identity.token_invalid');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { issuer: claims.iss, subject: claims.sub, claims: { ...claims, ...userinfo } as Record<string, unknown> };
  } catch (err) {
    throw providerRefusal(err);
  }
}

/** What went wrong at the provider, as the person reads it; never a 500. */
function providerRefusal(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof client.AuthorizationResponseError) {
    return err.error === 'access_denied'
      ? refused(403, 'identity-denied', 'identity.denied')
      : refused(403, 'identity-provider-error', 'identity.provider_error', err.error);
  }
  if (err instanceof client.ResponseBodyError) {
    return err.error === 'invalid_grant'
      ? refused(400, 'identity-code-rejected', 'identity.code_rejected')
      : refused(502, 'identity-provider-error', 'identity.provider_error', err.error);
  }
  // A failed check of the ID token (nonce, issuer, audience, expiry, signature) or of the answer.
  if (err instanceof client.ClientError) return refused(401, 'identity-token-invalid', 'identity.token_invalid');
  return unreachable();
}

/**
 * Finish a sign-in at the provider's callback: the state used once, the provider's error or its
 * code, the ID token checked, the identity kept. Answers the account to start a session for and
 * where to go next.
 */
export async function finishIdentityLogin(
  ctx: Context,
  provider: IdentityProvider | null,
  query: URLSearchParams,
  origin: IdentityOrigin,
): Promise<{ userId: number; returnTo: string; linked: boolean }> {
  if (!provider) throw notConfigured();
  const login = await takeLogin(ctx, query.get('state'));
  try {
    const error = query.get('error');
    if (error) {
      throw error === 'access_denied'
        ? refused(403, 'identity-denied', 'identity.denied')
        : refused(403, 'identity-provider-error', 'identity.provider_error', error);
    }
    // The redirect URI as registered at the provider, with the callback's parameters.
    const callbackUrl = new URL(provider.redirectUri);
    callbackUrl.search = query.toString();
    const answer = await exchangeCode(provider, callbackUrl, login);
    const verified = verifiedClaims(answer.claims);
    if (!verified) throw refused(422, 'identity-no-name', 'identity.no_name');
    const userId = await keepIdentity(ctx, login, { issuer: answer.issuer, subject: answer.subject, verified }, origin);
    ctx.log.info({ userId, linked: login.linkUserId !== null }, 'verified identity signed in');
    return { userId, returnTo: login.returnTo, linked: login.linkUserId !== null };
  } catch (err) {
    if (err instanceof IdentityRefused) err.returnTo = login.returnTo;
    throw err;
  }
}

type Verified = { issuer: string; subject: string; verified: VerifiedClaims };

/** The account the identity belongs to: the one linking it, the one it was linked to, the phone's, or a new one. */
async function accountFor(tx: Context, login: IdentityLoginRow, v: Verified): Promise<number> {
  const linked = await findIdentityBySubject(tx.db, v.issuer, v.subject);
  if (login.linkUserId !== null) {
    if (linked && linked.userId !== login.linkUserId)
      throw refused(409, 'identity-linked-elsewhere', 'identity.linked_elsewhere');
    return login.linkUserId;
  }
  if (linked) return linked.userId;
  const byPhone = v.verified.phone ? await accountByPhone(tx.db, v.verified.phone) : null;
  if (byPhone?.role === 'resident') return byPhone.id;
  return createIdentifiedResident(tx.db, { municipalityId: login.municipalityId, now: tx.clock() });
}

/** Keep the verified identity with its building, fill the person's empty name and phone, record it. */
async function keepIdentity(ctx: Context, login: IdentityLoginRow, v: Verified, origin: IdentityOrigin) {
  return inTransaction(ctx, async (tx) => {
    const userId = await accountFor(tx, login, v);
    const account = await accountState(tx.db, userId);
    if (!account || account.disabledAt) throw refused(403, 'account-disabled', 'identity.account_disabled');
    if (account.role !== 'resident') throw refused(403, 'identity-residents-only', 'identity.residents_only');
    const registration = v.verified.registrationAddress
      ? splitRegistrationAddress(v.verified.registrationAddress)
      : null;
    const building = registration
      ? await buildingByNormalisedAddress(tx.db, account.municipalityId, normaliseAddress(registration.building))
      : null;
    const now = tx.clock();
    await upsertVerifiedIdentity(tx.db, {
      userId,
      provider: esiaProfile.provider,
      issuer: v.issuer,
      subject: v.subject,
      fullName: v.verified.fullName,
      birthDate: v.verified.birthDate,
      registrationAddress: v.verified.registrationAddress,
      registrationBuildingId: building?.id ?? null,
      registrationApartment: registration?.apartment ?? null,
      phone: v.verified.phone,
      verifiedAt: now,
    });
    await fillPersonalFromIdentity(tx.db, userId, v.verified);
    const trail: AccessContext = { at: now, municipalityId: account.municipalityId, actorUserId: userId, ...origin };
    const step = login.linkUserId !== null ? 'link' : 'sign_in';
    await recordAccess(tx.db, trail, [
      { kind: 'identity.verified', subjectUserId: userId, record: `identity:${esiaProfile.provider}:${step}` },
    ]);
    return userId;
  });
}
