import { eq, sql } from 'drizzle-orm';
import type { Contact } from '../../dispatch/contacts.ts';
import type { Db } from '../client.ts';
import { municipalities, organisations, userPersonal, users } from '../schema/index.ts';

/** What sign-in needs to know about an account. */
export type AccountRow = {
  id: number;
  role: (typeof users.$inferSelect)['role'];
  municipalityId: number;
  organisationId: number | null;
  disabledAt: Date | null;
};

const account = {
  id: users.id,
  role: users.role,
  municipalityId: users.municipalityId,
  organisationId: users.organisationId,
  disabledAt: users.disabledAt,
};

/** The account with this sign-in name (case-insensitive), with its password hash. */
export async function findUserByLogin(
  db: Db,
  login: string,
): Promise<(AccountRow & { passwordHash: string | null }) | null> {
  const rows = await db
    .select({ ...account, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.login})`, login.toLowerCase()))
    .limit(1);
  return rows[0] ?? null;
}

/** The account whose phone (E.164) or e-mail (lower case) this is. */
export async function findUserByContact(db: Db, contact: Contact): Promise<AccountRow | null> {
  const column = contact.kind === 'phone' ? userPersonal.phone : userPersonal.email;
  const rows = await db
    .select(account)
    .from(userPersonal)
    .innerJoin(users, eq(users.id, userPersonal.userId))
    .where(eq(column, contact.value))
    .limit(1);
  return rows[0] ?? null;
}

/** Sign up: a resident account with the phone or e-mail it proved. */
export async function createResident(
  db: Db,
  r: { municipalityId: number; contact: Contact; now: Date },
): Promise<AccountRow> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ municipalityId: r.municipalityId, role: 'resident', createdAt: r.now })
      .returning(account);
    await tx.insert(userPersonal).values({
      userId: user.id,
      phone: r.contact.kind === 'phone' ? r.contact.value : null,
      email: r.contact.kind === 'email' ? r.contact.value : null,
    });
    return user;
  });
}

export type SessionUser = {
  id: number;
  role: AccountRow['role'];
  municipality: { id: number; code: string; nameRu: string; nameEn: string };
  organisation: {
    id: number;
    nameRu: string;
    nameEn: string;
    kind: (typeof organisations.$inferSelect)['kind'];
  } | null;
  personal: { fullName: string | null; phone: string | null; email: string | null };
};

/** A signed-in user as they see themselves, with their own personal data. */
export async function getSessionUser(db: Db, userId: number): Promise<SessionUser | null> {
  const rows = await db
    .select({
      id: users.id,
      role: users.role,
      municipality: {
        id: municipalities.id,
        code: municipalities.code,
        nameRu: municipalities.nameRu,
        nameEn: municipalities.nameEn,
      },
      organisation: {
        id: organisations.id,
        nameRu: organisations.nameRu,
        nameEn: organisations.nameEn,
        kind: organisations.kind,
      },
      fullName: userPersonal.fullName,
      phone: userPersonal.phone,
      email: userPersonal.email,
    })
    .from(users)
    .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(userPersonal, eq(userPersonal.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    role: row.role,
    municipality: row.municipality,
    organisation: row.organisation,
    personal: { fullName: row.fullName, phone: row.phone, email: row.email },
  };
}
