import {
  type CategoryFields,
  type CategoryRow,
  categoryReferences,
  deleteCategoryRow,
  getAdminCategory,
  insertCategory,
  listAdminCategories,
  updateCategoryRow,
} from '../../db/queries/admin-directory.ts';
import { listCategories } from '../../db/queries/categories.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import type { CategoryGroup, OrganisationKind, Utility } from '../../dispatch/taxonomy.ts';
import { type Context, inTransaction } from '../context.ts';
import type { Page } from '../directory/crud.ts';
import { municipalityOf, type UniqueFields, uniquely } from '../directory/unique.ts';
import { type FieldProblem, NotFound, Unprocessable } from '../errors.ts';
import type { AdminCategory, CategoryInput, CategoryPatch, CategoryRemoval } from './schemas.ts';

/*
 * The categories of appeals: the public list residents choose from, and the admin's records of their
 * own municipality (another municipality's answer 404). A change routes the appeals filed from now on.
 */

const CategoryNotFound = () => new NotFound('category');
const cannotSave = (errors: FieldProblem[]) => new Unprocessable({ id: 'category.cannot_save' }, errors);

const categoryUnique: UniqueFields = {
  categories_municipality_code_uq: ['body.code', { id: 'directory.code_taken' }],
};

/** The categories residents of a municipality choose from (the first municipality when no code). */
export async function publicCategories(ctx: Context, municipalityCode: string | undefined) {
  const municipality = await findMunicipality(ctx.db, municipalityCode);
  if (!municipality) throw new NotFound('municipality');
  return listCategories(ctx.db, municipality.id);
}

/** The admin's view of a category. */
export const categoryView = (c: CategoryRow): AdminCategory => ({
  id: c.id,
  code: c.code,
  nameRu: c.nameRu,
  nameEn: c.nameEn,
  group: c.group,
  responsibleKind: c.responsibleKind,
  utility: c.utility,
  defaultPriority: c.defaultPriority,
  emergency: c.emergency,
  public: c.public,
  needsBuilding: c.needsBuilding,
  sortOrder: c.sortOrder,
  active: c.active,
});

/** The admin's categories, inactive ones too. */
export async function findCategories(
  ctx: Context,
  filter: { q?: string; group?: CategoryGroup; active?: 'true' | 'false' } & Page,
): Promise<AdminCategory[]> {
  const rows = await listAdminCategories(ctx.db, municipalityOf(ctx.actor), {
    ...filter,
    active: filter.active === undefined ? undefined : filter.active === 'true',
  });
  return rows.map(categoryView);
}

export async function getCategory(ctx: Context, id: number): Promise<AdminCategory> {
  const row = await getAdminCategory(ctx.db, municipalityOf(ctx.actor), id);
  if (!row) throw CategoryNotFound();
  return categoryView(row);
}

function categoryProblems(c: { responsibleKind: OrganisationKind; utility: Utility | null }): FieldProblem[] {
  // The router picks the building's supplier of the category's utility; other kinds never read it.
  if (c.responsibleKind === 'resource_supplier' && c.utility === null) {
    return [{ field: 'body.utility', reason: { id: 'category.utility_required' } }];
  }
  if (c.responsibleKind !== 'resource_supplier' && c.utility !== null) {
    return [{ field: 'body.utility', reason: { id: 'category.utility_only_for_supplier' } }];
  }
  return [];
}

/** An admin adds a category; its code is unique in the municipality (409 naming `body.code`). */
export async function createCategory(ctx: Context, input: CategoryInput): Promise<AdminCategory> {
  const municipalityId = municipalityOf(ctx.actor);
  const fields: CategoryFields = input;
  const errors = categoryProblems(input);
  if (errors.length > 0) throw cannotSave(errors);
  const row = await uniquely(() => insertCategory(ctx.db, municipalityId, fields), categoryUnique);
  ctx.log.info(
    { actorId: ctx.actor?.userId, municipalityId, categoryId: row.id, category: fields },
    'category created',
  );
  return categoryView(row);
}

/** An admin changes a category, or closes it to new appeals with `active: false`. */
export async function updateCategory(ctx: Context, id: number, patch: CategoryPatch): Promise<AdminCategory> {
  const municipalityId = municipalityOf(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const before = await getAdminCategory(tx.db, municipalityId, id, { lock: true });
    if (!before) throw CategoryNotFound();
    const errors = categoryProblems({
      responsibleKind: patch.responsibleKind ?? before.responsibleKind,
      utility: patch.utility === undefined ? before.utility : patch.utility,
    });
    if (errors.length > 0) throw cannotSave(errors);
    const row = (await uniquely(
      () => updateCategoryRow(tx.db, municipalityId, before.id, patch),
      categoryUnique,
    )) as CategoryRow;
    ctx.log.info(
      { actorId: ctx.actor?.userId, municipalityId, categoryId: row.id, before: categoryView(before), change: patch },
      'category updated',
    );
    return categoryView(row);
  });
}

/**
 * An admin removes a category: deleted when no appeal, routing rule or SLA policy refers to it,
 * else deactivated (its appeals keep it, residents can no longer choose it).
 */
export async function removeCategory(ctx: Context, id: number): Promise<CategoryRemoval> {
  const municipalityId = municipalityOf(ctx.actor);
  const actorId = ctx.actor?.userId;
  return inTransaction(ctx, async (tx) => {
    const before = await getAdminCategory(tx.db, municipalityId, id, { lock: true });
    if (!before) throw CategoryNotFound();
    const refs = await categoryReferences(tx.db, before.id);
    const usedBy = (Object.keys(refs) as (keyof typeof refs)[]).filter((k) => refs[k]);
    if (usedBy.length === 0) {
      await deleteCategoryRow(tx.db, municipalityId, before.id);
      ctx.log.info(
        { actorId, municipalityId, categoryId: before.id, before: categoryView(before) },
        'category deleted',
      );
      return { outcome: 'deleted' as const, category: categoryView(before), usedBy };
    }
    const row = (await updateCategoryRow(tx.db, municipalityId, before.id, { active: false })) as CategoryRow;
    ctx.log.info(
      { actorId, municipalityId, categoryId: row.id, usedBy },
      'category in use deactivated instead of deleted',
    );
    return { outcome: 'deactivated' as const, category: categoryView(row), usedBy };
  });
}
