import type { Db } from '../../db/client.ts';
import { hashPassword } from '../../db/passwords.ts';
import {
  type AdminUserRow,
  getAdminUser,
  insertStaffUser,
  listAdminUsers,
  organisationKindsOf,
  updateUserAccount,
  updateUserPersonal,
} from '../../db/queries/admin-directory.ts';
import { type AccessContext, type AccessEntry, recordAccess } from '../../db/queries/audit.ts';
import { revokeUserSessions } from '../../db/queries/sessions.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { type Context, inTransaction } from '../context.ts';
import { paged } from '../directory/crud.ts';
import { municipalityOf, type UniqueFields, uniquely } from '../directory/unique.ts';
import { type FieldProblem, NotFound, Unprocessable } from '../errors.ts';
import type { AdminUser, StaffInput, UserFilter, UserPatch } from './schemas.ts';

/*
 * The accounts of the admin's own municipality (another municipality's answer 404, as if they did not
 * exist). Each change is logged with the actor and the account, never with personal data; each read
 * of a resident's personal data is recorded in the access trail.
 */

// Organisation roles act through their organisation's scope: without one they could do nothing.
const rolesWithOrganisation: readonly string[] = ['org_staff', 'org_supervisor'];

const userUnique: UniqueFields = {
  users_login_uq: ['body.login', messageRef('user.login_taken')],
  user_personal_phone_uq: ['body.phone', messageRef('user.phone_taken')],
  user_personal_email_uq: ['body.email', messageRef('user.email_taken')],
};

const UserNotFound = () => new NotFound('user');

/** Which fields a patch names (for the log: never their values when they are personal). */
const changed = (patch: object) => Object.keys(patch).sort();

/** An account as the admin sees it. */
export const userView = (u: AdminUserRow): AdminUser => ({
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

/** The residents among the accounts an admin was shown: each read of their personal data is recorded. */
function residentsShown(rows: readonly { id: number; role: string }[]): AccessEntry[] {
  return rows
    .filter((r) => r.role === 'resident')
    .map((r) => ({ kind: 'user.manage', subjectUserId: r.id, record: `user:${r.id}` }));
}

/** A page of the municipality's staff and residents; the residents on it are recorded as read. */
export async function findUsers(ctx: Context, filter: UserFilter, access: AccessContext) {
  const rows = await listAdminUsers(ctx.db, municipalityOf(ctx.actor), {
    ...filter,
    disabled: filter.disabled === undefined ? undefined : filter.disabled === 'true',
    limit: filter.limit + 1,
  });
  const page = paged(rows, filter);
  await recordAccess(ctx.db, access, residentsShown(page.items));
  return { ...page, items: page.items.map(userView) };
}

/** One account; reading a resident's is recorded. */
export async function getUser(ctx: Context, userId: number, access: AccessContext): Promise<AdminUser> {
  const row = await getAdminUser(ctx.db, municipalityOf(ctx.actor), userId);
  if (!row) throw UserNotFound();
  await recordAccess(ctx.db, access, residentsShown([row]));
  return userView(row);
}

/** Why an account's role and organisation do not go together (empty when they do). */
async function accountProblems(
  db: Db,
  municipalityId: number,
  a: { role: AdminUserRow['role']; organisationId: number | null },
): Promise<FieldProblem[]> {
  const field = 'body.organisationId';
  if (a.organisationId === null) {
    return rolesWithOrganisation.includes(a.role) ? [{ field, reason: { id: 'user.organisation_required' } }] : [];
  }
  if (a.role === 'resident') return [{ field, reason: { id: 'user.resident_no_organisation' } }];
  const kinds = await organisationKindsOf(db, municipalityId, [a.organisationId]);
  return kinds.has(a.organisationId) ? [] : [{ field, reason: { id: 'user.organisation_unknown' } }];
}

/** A new staff account with its initial password (residents sign up themselves with a code). */
export async function createStaffUser(ctx: Context, input: StaffInput): Promise<AdminUser> {
  const municipalityId = municipalityOf(ctx.actor);
  const errors = await accountProblems(ctx.db, municipalityId, input);
  if (errors.length > 0) throw new Unprocessable({ id: 'user.cannot_create' }, errors);
  const passwordHash = await hashPassword(input.password);
  const row = await uniquely(
    () =>
      inTransaction(ctx, async (tx) => {
        const userId = await insertStaffUser(tx.db, municipalityId, { ...input, passwordHash }, tx.clock());
        return (await getAdminUser(tx.db, municipalityId, userId))!;
      }),
    userUnique,
  );
  ctx.log.info(
    { actorId: ctx.actor?.userId, municipalityId, userId: row.id, role: row.role, organisationId: row.organisationId },
    'staff account created',
  );
  return userView(row);
}

/** Why a role change is refused: one's own role, and a resident's, stay. */
function roleChangeProblems(actorId: number | undefined, before: AdminUserRow, role: UserPatch['role']) {
  const errors: FieldProblem[] = [];
  if (role === undefined || role === before.role) return errors;
  if (before.id === actorId) errors.push({ field: 'body.role', reason: { id: 'user.own_role' } });
  if (before.role === 'resident') errors.push({ field: 'body.role', reason: { id: 'user.resident_stays' } });
  return errors;
}

/**
 * Change an account: its personal data, and a staff member's role or organisation. New rights end
 * the person's sessions in the same transaction, so every open page and live connection works
 * with the new rights after signing in again.
 */
export async function updateUser(ctx: Context, userId: number, patch: UserPatch): Promise<AdminUser> {
  const municipalityId = municipalityOf(ctx.actor);
  const { row, rightsChanged, endedSessions } = await uniquely(
    () =>
      inTransaction(ctx, async (tx) => {
        const before = await getAdminUser(tx.db, municipalityId, userId, { lock: true });
        if (!before) throw UserNotFound();
        const { role, organisationId, ...personal } = patch;
        const errors = roleChangeProblems(ctx.actor?.userId, before, role);
        const account = {
          role: role ?? before.role,
          organisationId: organisationId === undefined ? before.organisationId : organisationId,
        };
        if (errors.length === 0 && (role !== undefined || organisationId !== undefined))
          errors.push(...(await accountProblems(tx.db, municipalityId, account)));
        if (errors.length > 0) throw new Unprocessable({ id: 'user.cannot_change' }, errors);
        const rightsChanged = account.role !== before.role || account.organisationId !== before.organisationId;
        await updateUserAccount(tx.db, municipalityId, before.id, rightsChanged ? account : {});
        await updateUserPersonal(tx.db, before.id, personal);
        const endedSessions = rightsChanged ? await revokeUserSessions(tx.db, before.id, tx.clock()) : 0;
        return { row: (await getAdminUser(tx.db, municipalityId, before.id))!, rightsChanged, endedSessions };
      }),
    userUnique,
  );
  ctx.log.info(
    {
      actorId: ctx.actor?.userId,
      municipalityId,
      userId: row.id,
      changed: changed(patch),
      ...(rightsChanged ? { role: row.role, organisationId: row.organisationId, endedSessions } : {}),
    },
    'account updated',
  );
  return userView(row);
}

/** The person can no longer sign in and every session of theirs ends; an admin cannot disable themselves. */
export async function disableUser(ctx: Context, userId: number): Promise<AdminUser> {
  const municipalityId = municipalityOf(ctx.actor);
  const { row, endedSessions } = await inTransaction(ctx, async (tx) => {
    const before = await getAdminUser(tx.db, municipalityId, userId, { lock: true });
    if (!before) throw UserNotFound();
    if (before.id === ctx.actor?.userId) {
      throw new Unprocessable({ id: 'user.cannot_disable_self' }, [
        { field: 'params.id', reason: { id: 'user.cannot_disable_self' } },
      ]);
    }
    if (before.disabledAt === null)
      await updateUserAccount(tx.db, municipalityId, before.id, { disabledAt: tx.clock() });
    const endedSessions = await revokeUserSessions(tx.db, before.id, tx.clock());
    return { row: (await getAdminUser(tx.db, municipalityId, before.id))!, endedSessions };
  });
  ctx.log.info({ actorId: ctx.actor?.userId, municipalityId, userId: row.id, endedSessions }, 'account disabled');
  return userView(row);
}

/** The person may sign in again; ended sessions stay ended. */
export async function enableUser(ctx: Context, userId: number): Promise<AdminUser> {
  const municipalityId = municipalityOf(ctx.actor);
  const row = await inTransaction(ctx, async (tx) => {
    const before = await getAdminUser(tx.db, municipalityId, userId, { lock: true });
    if (!before) throw UserNotFound();
    if (before.disabledAt !== null) await updateUserAccount(tx.db, municipalityId, before.id, { disabledAt: null });
    return (await getAdminUser(tx.db, municipalityId, before.id))!;
  });
  ctx.log.info({ actorId: ctx.actor?.userId, municipalityId, userId: row.id }, 'account enabled');
  return userView(row);
}

/** Replace a staff member's password and end their sessions; residents sign in with codes and have none. */
export async function resetPassword(ctx: Context, userId: number, password: string): Promise<void> {
  const municipalityId = municipalityOf(ctx.actor);
  const passwordHash = await hashPassword(password);
  const endedSessions = await inTransaction(ctx, async (tx) => {
    const before = await getAdminUser(tx.db, municipalityId, userId, { lock: true });
    if (!before) throw UserNotFound();
    if (before.role === 'resident') {
      throw new Unprocessable({ id: 'user.resident_no_password' }, [
        { field: 'params.id', reason: { id: 'user.resident_no_password' } },
      ]);
    }
    await updateUserAccount(tx.db, municipalityId, before.id, { passwordHash });
    return revokeUserSessions(tx.db, before.id, tx.clock());
  });
  ctx.log.info({ actorId: ctx.actor?.userId, municipalityId, userId, endedSessions }, 'password reset');
}
