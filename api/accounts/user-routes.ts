import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { type App, pageOut } from '../directory/crud.ts';
import { bigIdParam, problems } from '../schemas.ts';
import { accessContext } from './access-context.ts';
import { listDevOutboxMessages } from './dev-outbox.ts';
import { listPersonalDataAccess } from './personal-data-access.ts';
import {
  accessQuery,
  accessSchema,
  devOutboxItemSchema,
  devOutboxQuery,
  password,
  staffInput,
  userPatch,
  userQuery,
  userSchema,
} from './schemas.ts';
import { createStaffUser, disableUser, enableUser, findUsers, getUser, resetPassword, updateUser } from './users.ts';

/*
 * The admin's side of accounts: the municipality's users, the dev outbox and the personal-data
 * access trail. The users' routes are written out rather than built with directoryResource(): their
 * ids are bigint keys, and their reads are recorded in the access trail.
 */
const one = { access: { action: 'user.manage', record: 'user' } } as const;

/** The municipality's staff and residents, for its admins. */
const userRoutes: FastifyPluginAsyncZod = async (app) => {
  userReadRoutes(app);
  userChangeRoutes(app);
  userStateRoutes(app);
};
export default userRoutes;

/** The list of accounts and one account (each read of a resident recorded). */
function userReadRoutes(app: App) {
  app.get(
    '/admin/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        operationId: 'listAdminUsers',
        tags: ['admin'],
        summary: 'Сотрудники и жители муниципалитета / The municipality’s staff and residents',
        description: 'With personal data (name, phone, e-mail): for the municipality’s admins only.',
        querystring: userQuery,
        response: { 200: pageOut(userSchema), ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return findUsers(ctx, request.query, accessContext(request, ctx.clock()));
    },
  );

  app.get(
    '/admin/users/:id',
    {
      config: one,
      schema: {
        operationId: 'getAdminUser',
        tags: ['admin'],
        summary: 'Учётная запись / An account',
        params: bigIdParam,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return getUser(ctx, request.params.id, accessContext(request, ctx.clock()));
    },
  );
}

/** A new staff account, and changes to one. */
function userChangeRoutes(app: App) {
  app.post(
    '/admin/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        operationId: 'createStaffUser',
        tags: ['admin'],
        summary: 'Создать учётную запись сотрудника / Create a staff account',
        description:
          'The person signs in with the login and the initial password given here. Logins are unique in the installation, phones ' +
          'and e-mails across accounts (409 naming the field). Residents sign up themselves with a one-time code.',
        body: staffInput,
        response: { 201: userSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await createStaffUser(contextOf(request), request.body)),
  );

  app.patch(
    '/admin/users/:id',
    {
      config: one,
      schema: {
        operationId: 'updateAdminUser',
        tags: ['admin'],
        summary: 'Изменить учётную запись / Update an account',
        description:
          'Only the fields given change. A new role or organisation ends the person’s sessions, so that every open page and live ' +
          'connection works with the new rights after signing in again. An admin cannot change their own role; residents stay residents.',
        params: bigIdParam,
        body: userPatch,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => updateUser(contextOf(request), request.params.id, request.body),
  );
}

/** Disabling and enabling an account, and a new password. */
function userStateRoutes(app: App) {
  app.post(
    '/admin/users/:id/disable',
    {
      config: one,
      schema: {
        operationId: 'disableUser',
        tags: ['admin'],
        summary: 'Отключить учётную запись / Disable an account',
        description:
          'The person can no longer sign in and every session of theirs ends at once (live connections within a minute). An admin cannot disable themselves.',
        params: bigIdParam,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => disableUser(contextOf(request), request.params.id),
  );

  app.post(
    '/admin/users/:id/enable',
    {
      config: one,
      schema: {
        operationId: 'enableUser',
        tags: ['admin'],
        summary: 'Включить учётную запись / Enable an account',
        description: 'The person may sign in again; ended sessions stay ended.',
        params: bigIdParam,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => enableUser(contextOf(request), request.params.id),
  );

  app.post(
    '/admin/users/:id/password',
    {
      config: one,
      schema: {
        operationId: 'resetUserPassword',
        tags: ['admin'],
        summary: 'Задать новый пароль сотрудника / Reset a staff member’s password',
        description:
          'Replaces the password with the one given (hand it to the person) and ends their sessions. Residents sign in with codes and have none.',
        params: bigIdParam,
        body: z.strictObject({ password }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await resetPassword(contextOf(request), request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );
}

/** The messages kept without a gateway (sign-in codes on a demo installation). */
export const devOutboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/dev-outbox',
    {
      config: { access: { action: 'outbox.read_dev' } },
      schema: {
        operationId: 'listDevOutbox',
        tags: ['admin'],
        summary:
          'Неотправленные сообщения (нет SMS/e-mail шлюза), в т. ч. коды входа / Messages kept without a gateway, sign-in codes included',
        description: 'Newest first. Page on with `before` = the `nextBefore` of the previous page.',
        querystring: devOutboxQuery,
        response: {
          200: z.object({ items: z.array(devOutboxItemSchema), nextBefore: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => listDevOutboxMessages(contextOf(request), request.query),
  );
};

/** The trail of reads of residents' personal data (db/schema/audit.ts), for the municipality's admins. */
export const personalDataAccessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/personal-data-access',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        operationId: 'listPersonalDataAccess',
        tags: ['admin'],
        summary: 'Журнал доступа к персональным данным / Who read residents’ personal data',
        description: 'Newest first. Filter by the resident, the reader, the kind of read and a time range [from, to).',
        querystring: accessQuery,
        response: {
          200: z.object({ items: z.array(accessSchema), nextOffset: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => listPersonalDataAccess(contextOf(request), request.query),
  );
};
