import { and, asc, eq, ilike, inArray, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  appeals,
  buildings,
  categories,
  organisations,
  routingRules,
  slaPolicies,
  userPersonal,
  users,
} from '../schema/index.ts';

/*
 * The directory an admin keeps for their municipality: organisations, buildings, categories and
 * users. Every function takes the municipality and never reads or writes another one's rows, so a
 * record of another municipality is simply not found.
 */

/** A page of a list: `limit + 1` rows are read to know whether there is a next page. */
export type Page = { limit: number; offset: number };

/** `%` and `_` typed into a search box match themselves. */
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The unique constraint a failed insert or update violated, if that is why it failed. */
export function violatedUniqueConstraint(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint_name?: string };
    if (pg.code === '23505') return pg.constraint_name ?? '';
  }
  return null;
}

// ---- Organisations ----

export type OrganisationRow = typeof organisations.$inferSelect;
export type OrganisationFields = Omit<typeof organisations.$inferInsert, 'id' | 'municipalityId' | 'createdAt'>;

export async function listAdminOrganisations(
  db: Db,
  municipalityId: number,
  f: { q?: string; kind?: OrganisationRow['kind']; districtId?: number } & Page,
): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.municipalityId, municipalityId),
        f.kind ? eq(organisations.kind, f.kind) : undefined,
        f.districtId ? eq(organisations.districtId, f.districtId) : undefined,
        f.q
          ? or(
              ilike(organisations.nameRu, like(f.q)),
              ilike(organisations.nameEn, like(f.q)),
              ilike(organisations.code, like(f.q)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(organisations.nameRu), asc(organisations.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function getAdminOrganisation(
  db: Db,
  municipalityId: number,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<OrganisationRow | null> {
  const q = db
    .select()
    .from(organisations)
    .where(and(eq(organisations.municipalityId, municipalityId), eq(organisations.id, id)))
    .limit(1);
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertOrganisation(
  db: Db,
  municipalityId: number,
  fields: OrganisationFields,
  now: Date,
): Promise<OrganisationRow> {
  const [row] = await db
    .insert(organisations)
    .values({ ...fields, municipalityId, createdAt: now })
    .returning();
  return row;
}

export async function updateOrganisationRow(
  db: Db,
  municipalityId: number,
  id: number,
  fields: OrganisationFields,
): Promise<OrganisationRow | null> {
  const rows = await db
    .update(organisations)
    .set(fields)
    .where(and(eq(organisations.municipalityId, municipalityId), eq(organisations.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** The kinds of these organisations of the municipality (ids of other municipalities are left out). */
export async function organisationKindsOf(
  db: Db,
  municipalityId: number,
  ids: readonly number[],
): Promise<Map<number, OrganisationRow['kind']>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(and(eq(organisations.municipalityId, municipalityId), inArray(organisations.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** How many buildings name the organisation as their management company or a supplier. */
export async function buildingsServedBy(db: Db, organisationId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(buildings)
    .where(
      or(
        eq(buildings.managementCompanyId, organisationId),
        eq(buildings.coldWaterSupplierId, organisationId),
        eq(buildings.hotWaterSupplierId, organisationId),
        eq(buildings.heatingSupplierId, organisationId),
        eq(buildings.electricitySupplierId, organisationId),
        eq(buildings.gasSupplierId, organisationId),
      ),
    );
  return rows[0]?.n ?? 0;
}

// ---- Buildings ----

export type BuildingRow = typeof buildings.$inferSelect;
export type BuildingFields = Omit<typeof buildings.$inferInsert, 'id' | 'municipalityId' | 'updatedAt'>;

export async function listAdminBuildings(
  db: Db,
  municipalityId: number,
  f: { districtId?: number; managementCompanyId?: number; withoutManagementCompany?: boolean } & Page,
): Promise<BuildingRow[]> {
  return db
    .select()
    .from(buildings)
    .where(
      and(
        eq(buildings.municipalityId, municipalityId),
        f.districtId ? eq(buildings.districtId, f.districtId) : undefined,
        f.managementCompanyId ? eq(buildings.managementCompanyId, f.managementCompanyId) : undefined,
        f.withoutManagementCompany ? isNull(buildings.managementCompanyId) : undefined,
      ),
    )
    .orderBy(asc(buildings.address), asc(buildings.id))
    .limit(f.limit)
    .offset(f.offset);
}

/** These buildings of the municipality, in the order of the ids given. */
export async function adminBuildingsByIds(
  db: Db,
  municipalityId: number,
  ids: readonly number[],
): Promise<BuildingRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(buildings)
    .where(and(eq(buildings.municipalityId, municipalityId), inArray(buildings.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getAdminBuilding(
  db: Db,
  municipalityId: number,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<BuildingRow | null> {
  const q = db
    .select()
    .from(buildings)
    .where(and(eq(buildings.municipalityId, municipalityId), eq(buildings.id, id)))
    .limit(1);
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/**
 * Another building of the municipality at the same address, if any. The normalised search text
 * narrows by the trigram index (pg_trgm answers equality), the display address decides.
 */
export async function buildingAtAddress(
  db: Db,
  municipalityId: number,
  a: { address: string; searchText: string },
  exceptId?: number,
): Promise<number | null> {
  const rows = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(
      and(
        eq(buildings.municipalityId, municipalityId),
        eq(buildings.searchText, a.searchText),
        eq(sql`lower(${buildings.address})`, a.address.toLowerCase()),
        exceptId === undefined ? undefined : ne(buildings.id, exceptId),
      ),
    )
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function insertBuilding(
  db: Db,
  municipalityId: number,
  fields: BuildingFields,
  now: Date,
): Promise<BuildingRow> {
  const [row] = await db
    .insert(buildings)
    .values({ ...fields, municipalityId, updatedAt: now })
    .returning();
  return row;
}

export async function updateBuildingRow(
  db: Db,
  municipalityId: number,
  id: number,
  fields: BuildingFields,
  now: Date,
): Promise<BuildingRow | null> {
  const rows = await db
    .update(buildings)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(buildings.municipalityId, municipalityId), eq(buildings.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** How many open appeals (not closed, rejected, duplicate or cancelled) concern the building. */
export async function openAppealsOfBuilding(db: Db, buildingId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(appeals)
    .where(
      and(
        eq(appeals.buildingId, buildingId),
        inArray(appeals.status, ['new', 'assigned', 'accepted', 'needs_info', 'resolved', 'reopened']),
      ),
    );
  return rows[0]?.n ?? 0;
}

// ---- Categories ----

export type CategoryRow = typeof categories.$inferSelect;
export type CategoryFields = Omit<typeof categories.$inferInsert, 'id' | 'municipalityId'>;

export async function listAdminCategories(
  db: Db,
  municipalityId: number,
  f: { q?: string; group?: CategoryRow['group']; active?: boolean } & Page,
): Promise<CategoryRow[]> {
  return db
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.municipalityId, municipalityId),
        f.group ? eq(categories.group, f.group) : undefined,
        f.active === undefined ? undefined : eq(categories.active, f.active),
        f.q
          ? or(
              ilike(categories.nameRu, like(f.q)),
              ilike(categories.nameEn, like(f.q)),
              ilike(categories.code, like(f.q)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(categories.group), asc(categories.sortOrder), asc(categories.nameRu), asc(categories.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function getAdminCategory(
  db: Db,
  municipalityId: number,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<CategoryRow | null> {
  const q = db
    .select()
    .from(categories)
    .where(and(eq(categories.municipalityId, municipalityId), eq(categories.id, id)))
    .limit(1);
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertCategory(db: Db, municipalityId: number, fields: CategoryFields): Promise<CategoryRow> {
  const [row] = await db
    .insert(categories)
    .values({ ...fields, municipalityId })
    .returning();
  return row;
}

export async function updateCategoryRow(
  db: Db,
  municipalityId: number,
  id: number,
  fields: Partial<CategoryFields>,
): Promise<CategoryRow | null> {
  if (Object.keys(fields).length === 0) return getAdminCategory(db, municipalityId, id);
  const rows = await db
    .update(categories)
    .set(fields)
    .where(and(eq(categories.municipalityId, municipalityId), eq(categories.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** What refers to a category and keeps it from being deleted. */
export async function categoryReferences(
  db: Db,
  id: number,
): Promise<{ appeals: boolean; routingRules: boolean; slaPolicies: boolean }> {
  const [row] = await db.execute<{ appeals: boolean; routing_rules: boolean; sla_policies: boolean }>(sql`
    select exists (select 1 from ${appeals} where ${appeals.categoryId} = ${id}) as appeals,
           exists (select 1 from ${routingRules} where ${routingRules.categoryId} = ${id}) as routing_rules,
           exists (select 1 from ${slaPolicies} where ${slaPolicies.categoryId} = ${id}) as sla_policies`);
  return { appeals: row.appeals, routingRules: row.routing_rules, slaPolicies: row.sla_policies };
}

export async function deleteCategoryRow(db: Db, municipalityId: number, id: number): Promise<CategoryRow | null> {
  const rows = await db
    .delete(categories)
    .where(and(eq(categories.municipalityId, municipalityId), eq(categories.id, id)))
    .returning();
  return rows[0] ?? null;
}

// ---- Users ----

/** An account as its admin sees it, personal data included. */
export type AdminUserRow = {
  id: number;
  role: (typeof users.$inferSelect)['role'];
  organisationId: number | null;
  organisation: { id: number; nameRu: string; nameEn: string } | null;
  login: string | null;
  hasPassword: boolean;
  fullName: string | null;
  phone: string | null;
  email: string | null;
  createdAt: Date;
  disabledAt: Date | null;
};

const adminUser = {
  id: users.id,
  role: users.role,
  organisationId: users.organisationId,
  organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
  login: users.login,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`.mapWith(Boolean),
  fullName: userPersonal.fullName,
  phone: userPersonal.phone,
  email: userPersonal.email,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

export type UserFilter = {
  q?: string;
  role?: AdminUserRow['role'];
  /** staff: every role but resident. */
  kind?: 'staff' | 'resident';
  organisationId?: number;
  disabled?: boolean;
} & Page;

export async function listAdminUsers(db: Db, municipalityId: number, f: UserFilter): Promise<AdminUserRow[]> {
  const search: SQL[] = [];
  if (f.q) {
    search.push(
      ilike(users.login, like(f.q)),
      ilike(userPersonal.fullName, like(f.q)),
      ilike(userPersonal.email, like(f.q)),
    );
    // Phones are stored as +7XXXXXXXXXX: "8 917 123" finds "+7917123…", "123-45" finds "…12345…".
    const digits = f.q.replace(/\D/g, '');
    if (digits.length >= 3) {
      const national =
        digits.length === 11 && /^[78]/.test(digits)
          ? digits.slice(1)
          : digits.startsWith('8') && digits.length > 3
            ? digits.slice(1)
            : digits;
      search.push(ilike(userPersonal.phone, like(national)));
    }
  }
  return db
    .select(adminUser)
    .from(users)
    .leftJoin(userPersonal, eq(userPersonal.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(users.municipalityId, municipalityId),
        f.role ? eq(users.role, f.role) : undefined,
        f.kind === 'staff'
          ? ne(users.role, 'resident')
          : f.kind === 'resident'
            ? eq(users.role, 'resident')
            : undefined,
        f.organisationId ? eq(users.organisationId, f.organisationId) : undefined,
        f.disabled === undefined ? undefined : f.disabled ? isNotNull(users.disabledAt) : isNull(users.disabledAt),
        search.length > 0 ? or(...search) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function getAdminUser(
  db: Db,
  municipalityId: number,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<AdminUserRow | null> {
  if (opts.lock) {
    await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.municipalityId, municipalityId), eq(users.id, id)))
      .for('update');
  }
  const rows = await db
    .select(adminUser)
    .from(users)
    .leftJoin(userPersonal, eq(userPersonal.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.municipalityId, municipalityId), eq(users.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export type StaffAccount = {
  role: AdminUserRow['role'];
  organisationId: number | null;
  login: string;
  passwordHash: string;
  fullName: string | null;
  phone: string | null;
  email: string | null;
};

/** A staff account with its personal data, in one transaction (pass one in). */
export async function insertStaffUser(db: Db, municipalityId: number, a: StaffAccount, now: Date): Promise<number> {
  const [user] = await db
    .insert(users)
    .values({
      municipalityId,
      role: a.role,
      organisationId: a.organisationId,
      login: a.login,
      passwordHash: a.passwordHash,
      createdAt: now,
    })
    .returning({ id: users.id });
  await db.insert(userPersonal).values({ userId: user.id, fullName: a.fullName, phone: a.phone, email: a.email });
  return user.id;
}

export async function updateUserAccount(
  db: Db,
  municipalityId: number,
  id: number,
  fields: Partial<{
    role: AdminUserRow['role'];
    organisationId: number | null;
    disabledAt: Date | null;
    passwordHash: string;
  }>,
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await db
    .update(users)
    .set(fields)
    .where(and(eq(users.municipalityId, municipalityId), eq(users.id, id)));
}

export async function updateUserPersonal(
  db: Db,
  userId: number,
  fields: Partial<{ fullName: string | null; phone: string | null; email: string | null }>,
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await db
    .insert(userPersonal)
    .values({ userId, ...fields })
    .onConflictDoUpdate({ target: userPersonal.userId, set: fields });
}
