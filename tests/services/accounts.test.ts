import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../api/accounts/users.ts';
import { HttpProblem } from '../../api/errors.ts';
import { createSession, listUserSessions } from '../../db/queries/sessions.ts';
import { users, userPersonal } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { actingAs } from './helpers.ts';

describe('accounts service', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const staffWithSession = async () => {
    const user = await c.make.user(c.city.id, {
      role: 'org_staff',
      organisationId: c.mc.id,
      login: `s-${randomUUID()}`,
    });
    const now = new Date();
    await createSession(t.db, {
      tokenHash: randomUUID(),
      userId: user.id,
      csrfToken: 'x',
      now,
      expiresAt: new Date(now.getTime() + 3600_000),
    });
    return user;
  };
  const liveSessions = (userId: number) => listUserSessions(t.db, userId, new Date());
  const roleOf = async (userId: number) => (await t.db.select().from(users).where(eq(users.id, userId)))[0].role;

  it('gives a staff member a new role and ends their sessions with it', async () => {
    const user = await staffWithSession();
    expect(await liveSessions(user.id)).toHaveLength(1);
    const changed = await updateUser(actingAs(t, c.users.admin), user.id, { role: 'org_supervisor' });
    expect(changed.role).toBe('org_supervisor');
    expect(await roleOf(user.id)).toBe('org_supervisor');
    expect(await liveSessions(user.id)).toHaveLength(0);
  });

  it('leaves the role, the personal data and the sessions as they were when a change is refused midway', async () => {
    const user = await staffWithSession();
    const taken = `taken-${randomUUID().slice(0, 8)}@uk.example`;
    await c.make.user(c.city.id, { role: 'resident', email: taken });
    // The new role is written before the taken e-mail fails the transaction.
    const refused = await updateUser(actingAs(t, c.users.admin), user.id, {
      role: 'org_supervisor',
      fullName: 'Новое Имя',
      email: taken,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).status).toBe(409);
    expect(await roleOf(user.id)).toBe('org_staff');
    const [personal] = await t.db.select().from(userPersonal).where(eq(userPersonal.userId, user.id));
    expect(personal.fullName).not.toBe('Новое Имя');
    expect(await liveSessions(user.id)).toHaveLength(1);
  });
});
