import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import type { App } from '../directory/crud.ts';
import { HttpProblem, problemSchema } from '../errors.ts';
import { userForNewSession } from '../accounts/sessions.ts';
import { problems } from '../schemas.ts';
import { identityProvider } from './oidc.ts';
import { ownIdentity, unlinkIdentity } from './own.ts';
import { callbackQuery, identitySchema, startQuery } from './schemas.ts';
import { finishIdentityLogin, IdentityRefused, startIdentityLogin } from './sign-in.ts';

const redirectHeaders = z.object({ location: z.string() });
const identityProblems = { ...problems, 410: problemSchema, 502: problemSchema, 503: problemSchema };

const originOf = (request: FastifyRequest) => ({
  route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
  ip: request.ip,
});

/** A browser's navigation (it asks for HTML) is sent back to a page; an API caller gets problem+json. */
const wantsPage = (request: FastifyRequest) => /\btext\/html\b/.test(request.headers.accept ?? '');

/** The sign-in page with the reason a sign-in with the provider failed (its message id). */
function toSignInPage(reply: FastifyReply, problem: HttpProblem) {
  const reason = typeof problem.detail === 'string' ? 'identity.provider_unreachable' : problem.detail.id;
  const next = problem instanceof IdentityRefused ? problem.returnTo : '/';
  const query = new URLSearchParams({ identity_error: reason, next });
  return reply.code(302).header('cache-control', 'no-store').redirect(`/signin?${query}`);
}

/**
 * "Войти через Госуслуги": the start and the provider's callback (redirects of a browser), and the
 * resident's own verified identity.
 */
const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  providerRoutes(app);
  ownIdentityRoutes(app);
};
export default identityRoutes;

/** The start and the provider's callback: a browser's redirects. */
function providerRoutes(app: App) {
  app.get(
    '/identity/start',
    {
      config: { access: { public: 'session.create: anyone starts a sign-in with the identity provider' } },
      schema: {
        operationId: 'startIdentityLogin',
        tags: ['auth'],
        summary: 'Войти через Госуслуги: переход к поставщику / Sign in with Gosuslugi: go to the provider',
        description:
          'Redirects (302) to the OpenID Connect provider with a new state, nonce and PKCE challenge, valid for 10 ' +
          'minutes. A signed-in resident who starts it links the verified identity to their account. `returnTo` is a ' +
          'path on this site (anything else returns to /). 503 when no provider is configured.',
        querystring: startQuery,
        response: { 302: z.null().describe('To the provider').meta({ headers: redirectHeaders }), ...identityProblems },
      },
    },
    async (request, reply) => {
      try {
        const url = await startIdentityLogin(contextOf(request), identityProvider(app.config), request.query);
        return reply.code(302).header('cache-control', 'no-store').redirect(url.href);
      } catch (err) {
        if (err instanceof HttpProblem && wantsPage(request) && err.status >= 500) return toSignInPage(reply, err);
        throw err;
      }
    },
  );

  app.get(
    '/identity/callback',
    {
      config: { access: { public: 'session.create: the provider sends the visitor back with a code' } },
      schema: {
        operationId: 'finishIdentityLogin',
        tags: ['auth'],
        summary: 'Возврат с Госуслуг / The provider’s callback',
        description:
          'Checks the state (once, within 10 minutes), exchanges the code with the PKCE verifier, checks the ID ' +
          'token (nonce, issuer, audience, expiry), reads userinfo, keeps the verified identity (ESIA profile: name, ' +
          'birth date, registration address and its building, verified phone), starts a session and redirects ' +
          '(302) to `returnTo`. A refusal is problem+json, or for a browser a redirect to /signin?identity_error=…',
        querystring: callbackQuery,
        response: { 302: z.null().describe('To returnTo').meta({ headers: redirectHeaders }), ...identityProblems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const query = new URLSearchParams(request.query as Record<string, string>);
      try {
        const done = await finishIdentityLogin(ctx, identityProvider(app.config), query, originOf(request));
        const user = await userForNewSession(ctx, done.userId, request.sessionTokenHash);
        await app.startSession(reply, request, user);
        return reply.code(302).header('cache-control', 'no-store').redirect(done.returnTo);
      } catch (err) {
        if (err instanceof HttpProblem && wantsPage(request)) return toSignInPage(reply, err);
        throw err;
      }
    },
  );
}

/** The resident's own verified identity: read it, unlink it. */
function ownIdentityRoutes(app: App) {
  app.get(
    '/identity',
    {
      config: { access: { action: 'identity.link' } },
      schema: {
        operationId: 'getOwnIdentity',
        tags: ['auth'],
        summary: 'Мои подтверждённые данные (Госуслуги) / My verified identity (Gosuslugi)',
        description:
          'What the identity provider verified: name, birth date, registration address and the building of the ' +
          'register it is (null when not found), verified phone, when. `identity` is null when none is linked.',
        response: { 200: z.object({ identity: identitySchema.nullable() }), ...problems },
      },
    },
    async (request) => ownIdentity(contextOf(request)),
  );

  app.delete(
    '/identity',
    {
      config: { access: { action: 'identity.link' } },
      schema: {
        operationId: 'unlinkOwnIdentity',
        tags: ['auth'],
        summary: 'Отвязать Госуслуги / Unlink the verified identity',
        description: 'Removes the verified identity from the account (recorded). 404 when none is linked.',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await unlinkIdentity(contextOf(request), originOf(request));
      return reply.code(204).send(null);
    },
  );
}
