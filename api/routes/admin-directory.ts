import { recordAccess, type AccessEntry } from '../../db/queries/audit.ts';
import { accessContext } from '../audit.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { hashPassword } from '../../db/passwords.ts';
import {
  type AdminUserRow,
  insertStaffUser,
  getAdminUser,
  listAdminUsers,
  organisationKindsOf,
  updateUserAccount,
  updateUserPersonal,
} from '../../db/queries/admin-directory.ts';
import { revokeUserSessions } from '../../db/queries/sessions.ts';
import { roles } from '../../db/schema/index.ts';
import { type FieldError, NotFound, Unprocessable } from '../errors.ts';
import { authorize } from '../plugins/auth.ts';
import { bigIdParam, problems } from '../schemas.ts';

/*
 * Input schemas carry no component id (see admin-dispatch.ts): responses do.
 *
 * The directory an admin keeps for their own municipality: organisations, buildings, categories and
 * user accounts. Records of another municipality answer 404, as if they did not exist. Changes take
 * effect for the next appeal (routing reads organisations, buildings and categories per appeal; the
 * reference cache of this process is cleared, other processes see the change within 10 s). There is
 * no audit table yet: each change is logged with the actor and the record, never with personal data.
 */

import {
  email,
  id,
  optionalText,
  personalPhone,
  queryId,
  required,
  searchQuery,
  boolQuery,
  timestamp,
} from '../directory/fields.ts';
import { pageQuery, paged, pageOut } from '../directory/crud.ts';
import { uniquely } from '../directory/unique.ts';

const invalid = (detail: string, errors: FieldError[]) => new Unprocessable(detail, errors);

/** Which fields a patch names (for the log: never their values when they are personal). */
const changed = (patch: object) => Object.keys(patch).sort();

// ---- Users ----

const staffRoles = roles.filter((r) => r !== 'resident') as [
  Exclude<(typeof roles)[number], 'resident'>,
  ...Exclude<(typeof roles)[number], 'resident'>[],
];
// Organisation roles act through their organisation's scope: without one they could do nothing.
const rolesWithOrganisation: readonly string[] = ['org_staff', 'org_supervisor'];

const login = z
  .string({ error: 'ожидается текст / expected text' })
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
    'от 3 до 64 знаков: латинские буквы, цифры, «.», «_», «-» / 3 to 64 Latin letters, digits, ".", "_", "-"',
  )
  .transform((s) => s.toLowerCase())
  .describe('Sign-in name, unique in the installation (case-insensitive)');
// 10 characters: argon2id makes guessing slow, length makes it hopeless; 200 keeps hashing cheap.
const password = z
  .string({ error: 'ожидается текст / expected text' })
  .min(10, 'не короче 10 символов / at least 10 characters')
  .max(200, 'не длиннее 200 символов / at most 200 characters')
  .describe('Given to the person to sign in with; stored only as an argon2id hash');

const personalFields = {
  fullName: optionalText(200).nullable(),
  phone: personalPhone.nullable().describe('Russian number; stored as +7XXXXXXXXXX'),
  email: email.nullable(),
};

const staffInput = z
  .strictObject({
    role: z.enum(staffRoles).describe('Residents sign up themselves with a one-time code'),
    organisationId: id.nullable().default(null).describe('Required for org_staff and org_supervisor'),
    login,
    password,
    fullName: required(200),
    phone: personalFields.phone.default(null),
    email: personalFields.email.default(null),
  })
  .describe('A new staff account');

const userPatch = z
  .strictObject({
    role: z.enum(staffRoles),
    organisationId: id.nullable(),
    ...personalFields,
  })
  .partial()
  .describe('The fields of an account to change');

const userSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(roles),
    organisation: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }).nullable(),
    login: z.string().nullable(),
    hasPassword: z.boolean(),
    personal: z.object({ fullName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
    disabled: z.boolean(),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'AdminUser' });

const userOut = (u: AdminUserRow) => ({
  id: u.id,
  role: u.role,
  organisation: u.organisation && u.organisation.id !== null ? u.organisation : null,
  login: u.login,
  hasPassword: u.hasPassword,
  personal: { fullName: u.fullName, phone: u.phone, email: u.email },
  disabled: u.disabledAt !== null,
  disabledAt: u.disabledAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

async function accountProblems(
  db: Db,
  municipalityId: number,
  a: { role: AdminUserRow['role']; organisationId: number | null },
): Promise<FieldError[]> {
  if (a.organisationId === null) {
    return rolesWithOrganisation.includes(a.role)
      ? [
          {
            field: 'body.organisationId',
            reason:
              'сотрудник организации работает в организации: укажите её / organisation staff need their organisation',
          },
        ]
      : [];
  }
  if (a.role === 'resident')
    return [{ field: 'body.organisationId', reason: 'у жителя нет организации / a resident has no organisation' }];
  const kinds = await organisationKindsOf(db, municipalityId, [a.organisationId]);
  return kinds.has(a.organisationId)
    ? []
    : [
        {
          field: 'body.organisationId',
          reason: 'нет такой организации в этом муниципалитете / no such organisation here',
        },
      ];
}

const userUnique = {
  users_login_uq: ['body.login', 'логин уже занят / the login is taken'],
  user_personal_phone_uq: [
    'body.phone',
    'этот телефон уже у другой учётной записи / the phone belongs to another account',
  ],
  user_personal_email_uq: [
    'body.email',
    'этот e-mail уже у другой учётной записи / the e-mail belongs to another account',
  ],
} as Record<string, [string, string]>;

const UserNotFound = () => new NotFound('Пользователь / User');

/** Admin API for the organisations, buildings, categories and users of the actor's municipality. */
const adminDirectoryRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- Users ----

  app.get(
    '/admin/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        operationId: 'listAdminUsers',
        tags: ['admin'],
        summary: 'Сотрудники и жители муниципалитета / The municipality’s staff and residents',
        description: 'With personal data (name, phone, e-mail): for the municipality’s admins only.',
        querystring: z.object({
          q: searchQuery.describe('Part of the login, name or e-mail, or digits of the phone'),
          kind: z.enum(['staff', 'resident']).optional(),
          role: z.enum(roles).optional(),
          organisationId: queryId.optional(),
          disabled: boolQuery.optional(),
          ...pageQuery,
        }),
        response: { 200: pageOut(userSchema), ...problems },
      },
    },
    async (request) => {
      const { q, kind, role, organisationId, disabled, limit, offset } = request.query;
      const rows = await listAdminUsers(app.db, request.actor!.municipalityId, {
        q,
        kind,
        role,
        organisationId,
        disabled: disabled === undefined ? undefined : disabled === 'true',
        limit: limit + 1,
        offset,
      });
      await recordAccess(app.db, accessContext(request, app.clock()), residentsShown(rows.slice(0, limit)));
      return paged(rows.map(userOut), { limit, offset });
    },
  );

  app.get(
    '/admin/users/:id',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'getAdminUser',
        tags: ['admin'],
        summary: 'Учётная запись / An account',
        params: bigIdParam,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => {
      const row = await getAdminUser(app.db, request.actor!.municipalityId, request.params.id);
      if (!row) throw UserNotFound();
      await recordAccess(app.db, accessContext(request, app.clock()), residentsShown([row]));
      return userOut(row);
    },
  );

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
    async (request, reply) => {
      const actor = request.actor!;
      const b = request.body;
      const errors = await accountProblems(app.db, actor.municipalityId, b);
      if (errors.length > 0) throw invalid('Учётную запись нельзя создать. The account cannot be created.', errors);
      const passwordHash = await hashPassword(b.password);
      const row = await uniquely(
        () =>
          app.db.transaction(async (tx) => {
            const userId = await insertStaffUser(tx, actor.municipalityId, { ...b, passwordHash }, app.clock());
            return (await getAdminUser(tx, actor.municipalityId, userId))!;
          }),
        userUnique,
      );
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          role: row.role,
          organisationId: row.organisationId,
        },
        'staff account created',
      );
      return reply.code(201).send(userOut(row));
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
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
    async (request) => {
      const actor = request.actor!;
      const now = app.clock();
      const { row, rightsChanged, endedSessions } = await uniquely(
        () =>
          app.db.transaction(async (tx) => {
            const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
            if (!before) throw UserNotFound();
            const { role, organisationId, ...personal } = request.body;
            const errors: FieldError[] = [];
            if (role !== undefined && role !== before.role) {
              if (before.id === actor.userId)
                errors.push({
                  field: 'body.role',
                  reason: 'свою роль изменить нельзя / you cannot change your own role',
                });
              if (before.role === 'resident')
                errors.push({
                  field: 'body.role',
                  reason:
                    'житель остаётся жителем: сотруднику нужна своя учётная запись / a resident stays a resident: staff get an account of their own',
                });
            }
            const account = {
              role: role ?? before.role,
              organisationId: organisationId === undefined ? before.organisationId : organisationId,
            };
            if (errors.length === 0 && (role !== undefined || organisationId !== undefined))
              errors.push(...(await accountProblems(tx, actor.municipalityId, account)));
            if (errors.length > 0)
              throw invalid('Учётную запись нельзя изменить. The account cannot be changed.', errors);
            const rightsChanged = account.role !== before.role || account.organisationId !== before.organisationId;
            await updateUserAccount(tx, actor.municipalityId, before.id, rightsChanged ? account : {});
            await updateUserPersonal(tx, before.id, personal);
            const endedSessions = rightsChanged ? await revokeUserSessions(tx, before.id, now) : 0;
            return { row: (await getAdminUser(tx, actor.municipalityId, before.id))!, rightsChanged, endedSessions };
          }),
        userUnique,
      );
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          changed: changed(request.body),
          ...(rightsChanged ? { role: row.role, organisationId: row.organisationId, endedSessions } : {}),
        },
        'account updated',
      );
      return userOut(row);
    },
  );

  const setDisabled =
    (disable: boolean) => async (request: { params: { id: number } } & Parameters<typeof authorize>[0]) => {
      authorize(request, 'user.manage');
      const actor = request.actor!;
      const now = app.clock();
      const { row, endedSessions } = await app.db.transaction(async (tx) => {
        const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
        if (!before) throw UserNotFound();
        if (disable && before.id === actor.userId) {
          throw invalid('Нельзя отключить себя. You cannot disable yourself.', [
            {
              field: 'params.id',
              reason: 'свою учётную запись отключить нельзя / you cannot disable your own account',
            },
          ]);
        }
        if (disable && before.disabledAt === null)
          await updateUserAccount(tx, actor.municipalityId, before.id, { disabledAt: now });
        if (!disable && before.disabledAt !== null)
          await updateUserAccount(tx, actor.municipalityId, before.id, { disabledAt: null });
        const endedSessions = disable ? await revokeUserSessions(tx, before.id, now) : 0;
        return { row: (await getAdminUser(tx, actor.municipalityId, before.id))!, endedSessions };
      });
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          ...(disable ? { endedSessions } : {}),
        },
        disable ? 'account disabled' : 'account enabled',
      );
      return userOut(row);
    };

  app.post(
    '/admin/users/:id/disable',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
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
    setDisabled(true),
  );

  app.post(
    '/admin/users/:id/enable',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'enableUser',
        tags: ['admin'],
        summary: 'Включить учётную запись / Enable an account',
        description: 'The person may sign in again; ended sessions stay ended.',
        params: bigIdParam,
        response: { 200: userSchema, ...problems },
      },
    },
    setDisabled(false),
  );

  app.post(
    '/admin/users/:id/password',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
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
      const actor = request.actor!;
      const passwordHash = await hashPassword(request.body.password);
      const endedSessions = await app.db.transaction(async (tx) => {
        const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
        if (!before) throw UserNotFound();
        if (before.role === 'resident') {
          throw invalid('У жителей нет пароля. Residents have no password.', [
            { field: 'params.id', reason: 'жители входят по коду / residents sign in with a code' },
          ]);
        }
        await updateUserAccount(tx, actor.municipalityId, before.id, { passwordHash });
        return revokeUserSessions(tx, before.id, app.clock());
      });
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, userId: request.params.id, endedSessions },
        'password reset',
      );
      return reply.code(204).send(null);
    },
  );
};
/** The residents among the accounts an admin was shown: each read of their personal data is recorded. */
function residentsShown(rows: readonly { id: number; role: string }[]): AccessEntry[] {
  return rows
    .filter((r) => r.role === 'resident')
    .map((r) => ({ kind: 'user.manage', subjectUserId: r.id, record: `user:${r.id}` }));
}

export default adminDirectoryRoutes;
