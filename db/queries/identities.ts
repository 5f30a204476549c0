import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PlaceRef } from '../../dispatch/discussions.ts';
import type { Db } from '../client.ts';
import { buildings, identityLogins, userPersonal, users, verifiedIdentities } from '../schema/index.ts';

/*
 * "Войти через Госуслуги": the sign-ins under way (identity_logins) and the verified identities
 * (verified_identities, personal data: read only for the person themself or for the participation
 * rules).
 */

export type IdentityLoginRow = typeof identityLogins.$inferSelect;

/** Keep a sign-in started with the provider: its state, nonce and PKCE verifier. */
export async function insertIdentityLogin(db: Db, row: typeof identityLogins.$inferInsert): Promise<void> {
  await db.insert(identityLogins).values(row);
}

/** A sign-in under way by its state, locked until the transaction ends (a second callback waits). */
export async function lockIdentityLogin(db: Db, state: string): Promise<IdentityLoginRow | null> {
  const rows = await db.select().from(identityLogins).where(eq(identityLogins.state, state)).for('update').limit(1);
  return rows[0] ?? null;
}

/** Mark a sign-in used: its state is good once. */
export async function markIdentityLoginUsed(db: Db, state: string, now: Date): Promise<void> {
  await db
    .update(identityLogins)
    .set({ usedAt: now })
    .where(and(eq(identityLogins.state, state), isNull(identityLogins.usedAt)));
}

/** Forget sign-ins that expired before `before` (used or not): db/queries/housekeeping.ts purgeExpired. */
export async function deleteStaleIdentityLogins(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(identityLogins)
    .where(sql`${identityLogins.expiresAt} < ${before}`)
    .returning({ state: identityLogins.state });
  return rows.length;
}

export type VerifiedIdentityRow = typeof verifiedIdentities.$inferSelect;

/** The account an identity of the provider (issuer + subject) is linked to. */
export async function findIdentityBySubject(
  db: Db,
  issuer: string,
  subject: string,
): Promise<VerifiedIdentityRow | null> {
  const rows = await db
    .select()
    .from(verifiedIdentities)
    .where(and(eq(verifiedIdentities.issuer, issuer), eq(verifiedIdentities.subject, subject)))
    .limit(1);
  return rows[0] ?? null;
}

/** A person's verified identity with the building of the register its address is, if found. */
export async function getVerifiedIdentity(db: Db, userId: number) {
  const rows = await db
    .select({
      identity: verifiedIdentities,
      building: { id: buildings.id, address: buildings.address, location: buildings.location },
    })
    .from(verifiedIdentities)
    .leftJoin(buildings, eq(buildings.id, verifiedIdentities.registrationBuildingId))
    .where(eq(verifiedIdentities.userId, userId))
    .limit(1);
  return rows[0] ?? null;
}

/** Link (or refresh) a person's verified identity; one per person, one person per provider identity. */
export async function upsertVerifiedIdentity(db: Db, row: typeof verifiedIdentities.$inferInsert): Promise<void> {
  const { userId: _, ...fields } = row;
  await db
    .insert(verifiedIdentities)
    .values(row)
    .onConflictDoUpdate({ target: verifiedIdentities.userId, set: fields });
}

/** Unlink a person's verified identity; false when there was none. */
export async function deleteVerifiedIdentity(db: Db, userId: number): Promise<VerifiedIdentityRow | null> {
  const rows = await db.delete(verifiedIdentities).where(eq(verifiedIdentities.userId, userId)).returning();
  return rows[0] ?? null;
}

/**
 * The building of a municipality's register an address is: its normalised text (dispatch/address.ts
 * normaliseAddress: street, house, block) equal to the building's search text. Exact, not fuzzy:
 * who may take part in a discussion depends on it.
 */
export async function buildingByNormalisedAddress(db: Db, municipalityId: number, normalised: string) {
  if (normalised === '') return null;
  const rows = await db
    .select({ id: buildings.id, address: buildings.address })
    .from(buildings)
    .where(and(eq(buildings.municipalityId, municipalityId), eq(buildings.searchText, normalised)))
    .orderBy(buildings.id)
    .limit(1);
  return rows[0] ?? null;
}

/** The account of a (verified) phone, with what a sign-in needs to know of it. */
export async function accountByPhone(db: Db, phone: string) {
  const rows = await db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(userPersonal)
    .innerJoin(users, eq(users.id, userPersonal.userId))
    .where(eq(userPersonal.phone, phone))
    .limit(1);
  return rows[0] ?? null;
}

/** An account's role and whether it is disabled. */
export async function accountState(db: Db, userId: number) {
  const rows = await db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt, municipalityId: users.municipalityId })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0] ?? null;
}

/** A new resident account made by a verified identity (no phone or e-mail proved by code). */
export async function createIdentifiedResident(db: Db, r: { municipalityId: number; now: Date }): Promise<number> {
  const [user] = await db
    .insert(users)
    .values({ municipalityId: r.municipalityId, role: 'resident', createdAt: r.now })
    .returning({ id: users.id });
  await db.insert(userPersonal).values({ userId: user.id });
  return user.id;
}

/**
 * Fill the person's name and phone from the verified identity where they are empty (never
 * overwriting what the person gave); a phone another account holds is left out.
 */
export async function fillPersonalFromIdentity(
  db: Db,
  userId: number,
  v: { fullName: string; phone: string | null },
): Promise<void> {
  await db.insert(userPersonal).values({ userId }).onConflictDoNothing({ target: userPersonal.userId });
  await db
    .update(userPersonal)
    .set({ fullName: sql`coalesce(${userPersonal.fullName}, ${v.fullName})` })
    .where(eq(userPersonal.userId, userId));
  if (!v.phone) return;
  await db
    .update(userPersonal)
    .set({ phone: v.phone })
    .where(
      and(
        eq(userPersonal.userId, userId),
        isNull(userPersonal.phone),
        sql`not exists (select 1 from ${userPersonal} other where other.phone = ${v.phone})`,
      ),
    );
}

/**
 * What the participation rules (dispatch/discussions.ts `Participant['identity']`) know of a
 * person's verified identity: the building of the register their registration address is (id,
 * address, point), or null when it was not found, and the address as the provider gave it. Null
 * when the person has no verified identity.
 */
export async function personIdentity(
  db: Db,
  userId: number,
): Promise<{ registration: PlaceRef | null; registrationAddress: string } | null> {
  const found = await getVerifiedIdentity(db, userId);
  if (!found) return null;
  const { identity, building } = found;
  return {
    registration: building
      ? { buildingId: building.id, address: building.address, point: [building.location.x, building.location.y] }
      : null,
    registrationAddress: identity.registrationAddress ?? '',
  };
}
