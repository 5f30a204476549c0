import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { t } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import type { App } from '../directory/crud.ts';
import { languageOf } from '../language.ts';
import { deliveryConfigured } from '../notifications/notify.ts';
import { problems } from '../schemas.ts';
import {
  codeRequest,
  codeSentSchema,
  codeVerification,
  passwordSignIn,
  sessionIdParam,
  sessionSchema,
  signedInSchema,
} from './schemas.ts';
import { currentSession, endSession, listSessions, signOut, signOutEverywhere, userForNewSession } from './sessions.ts';
import { requestSignInCode, signInWithCode, signInWithPassword } from './sign-in.ts';

/** Start a session for the account signed in to (replacing the request's) and answer with the user. */
async function startSignedIn(request: FastifyRequest, reply: FastifyReply, userId: number) {
  const user = await userForNewSession(contextOf(request), userId, request.sessionTokenHash);
  const { csrfToken } = await request.server.startSession(reply, request, user);
  return { user, csrfToken };
}

function clearSessionCookie(reply: FastifyReply) {
  const name = reply.server.sessionCookieName;
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Host-') });
}

/**
 * Sign-in and sessions: one-time codes for residents, passwords for staff, sign-out, and the current
 * session for a reloaded page.
 */
const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  signInRoutes(app);
  currentSessionRoutes(app);
  signOutRoutes(app);
};
export default sessionRoutes;

/** Asking for a code, and signing in with a code or a password. */
function signInRoutes(app: App) {
  const origin = (request: FastifyRequest) => ({ ip: request.ip, secret: app.config.SESSION_SECRET });

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
        body: codeRequest,
        response: { 202: codeSentSchema, ...problems },
      },
    },
    async (request, reply) => {
      const lang = languageOf(request);
      const sent = await requestSignInCode(
        contextOf(request),
        { ...request.body, language: lang },
        {
          ...origin(request),
          deliveryConfigured: (channel) => deliveryConfigured(app.config, channel),
          devTerminal: app.terminal,
        },
      );
      return reply.code(202).send({ message: t('auth.code_sent', lang), ...sent });
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
        body: codeVerification,
        response: { 200: signedInSchema, ...problems },
      },
    },
    async (request, reply) => {
      const account = await signInWithCode(contextOf(request), request.body, origin(request));
      return startSignedIn(request, reply, account.id);
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
        body: passwordSignIn,
        response: { 200: signedInSchema, ...problems },
      },
    },
    async (request, reply) => {
      const account = await signInWithPassword(contextOf(request), request.body, origin(request));
      return startSignedIn(request, reply, account.id);
    },
  );
}

/** The session of the request, and every session of the signed-in person. */
function currentSessionRoutes(app: App) {
  app.get(
    '/auth/session',
    {
      config: { access: { action: 'session.read' } },
      schema: {
        operationId: 'getSession',
        tags: ['auth'],
        summary: 'Текущий пользователь и CSRF-токен / The signed-in user and the CSRF token',
        description:
          'Lets a reloaded page recover its CSRF token. 401 when nobody is signed in; a session cookie that ' +
          'names no live session (ended, expired) is cleared, so the web app stops asking.',
        response: { 200: signedInSchema, ...problems },
      },
      // Before the access check answers 401: the web app asks only when the browser holds a cookie.
      onRequest: async (request, reply) => {
        if (!request.sessionTokenHash && request.cookies[reply.server.sessionCookieName] !== undefined)
          clearSessionCookie(reply);
      },
    },
    async (request) => currentSession(contextOf(request), request.sessionTokenHash),
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
      await signOut(contextOf(request), request.sessionTokenHash);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );
}

/** Ending the session of the request, one session, or all of them. */
function signOutRoutes(app: App) {
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
    async (request) => ({ items: await listSessions(contextOf(request), request.sessionTokenHash) }),
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
        params: sessionIdParam,
        response: { 204: z.null().describe('Ended'), ...problems },
      },
    },
    async (request, reply) => {
      const ended = await endSession(contextOf(request), request.params.id, request.sessionTokenHash);
      if (ended.current) clearSessionCookie(reply);
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
      const revokedSessions = await signOutEverywhere(contextOf(request));
      clearSessionCookie(reply);
      return { revokedSessions };
    },
  );
}
