/** An inspector turns a defect into a work appeal for the building, routed like any other. */
import type { Category } from '../../db/queries/categories.ts';
import { getBuildingRef } from '../../db/queries/buildings.ts';
import { insertAppeal, insertAppealEvent } from '../../db/queries/appeals.ts';
import { insertAttachments } from '../../db/queries/attachments.ts';
import { getMunicipality } from '../../db/queries/municipalities.ts';
import {
  defectPhotoFiles,
  housingCategories,
  type Inspection,
  lockDefect,
  setDefectAppeal,
} from '../../db/queries/inspections.ts';
import { checklistElement, defectCategory, defectPriority } from '../../dispatch/inspections.ts';
import { decideIntake, localYear } from '../../dispatch/intake.ts';
import { enqueue } from '../../jobs/queues.ts';
import type { Context } from '../context.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';
import { takeInspectionStep } from './conduct-inspection.ts';

type Defect = NonNullable<Awaited<ReturnType<typeof lockDefect>>>;

/**
 * A new appeal for the building, authored by the inspector, with the defect's description and
 * photos, in the element's housing category (or `categoryId`), its priority from the severity;
 * the appeal, its photos, the defect's link to it and its routing job commit together. Once per defect.
 */
export async function makeDefectAppeal(
  ctx: Context,
  inspectionId: number,
  defectId: number,
  categoryId: number | undefined,
): Promise<{ id: number; number: string }> {
  const created = await takeInspectionStep(ctx, inspectionId, 'make_appeal', async (tx, i) => {
    const defect = await lockDefect(tx.db, i.id, defectId);
    if (!defect) throw new NotFound('defect');
    if (defect.appealId !== null) {
      throw new Conflict(
        { id: 'inspection.appeal_already_made' },
        {
          appealId: defect.appealId,
        },
      );
    }
    const category = await appealCategory(tx, i, defect, categoryId);
    const appeal = await insertDefectAppeal(tx, i, defect, category);
    await setDefectAppeal(tx.db, defect.id, appeal.id);
    await enqueue(tx.boss, tx.db, 'appeal.route', { appealId: appeal.id }, { singletonKey: `route:${appeal.id}` });
    return appeal;
  });
  ctx.log.info({ appealId: created.id, inspectionId, defectId }, 'work appeal made of a defect');
  return created;
}

/** The category asked for, or the one fitting the defect's element, among the building categories. */
async function appealCategory(
  tx: Context,
  i: Inspection,
  defect: Defect,
  requested: number | undefined,
): Promise<Category> {
  const categories = await housingCategories(tx.db, i.municipalityId);
  const fitting = categories.filter((c) => c.needsBuilding && c.group !== 'roads' && c.group !== 'transport');
  const fallback = fitting.find((c) => c.group === 'housing' && c.responsibleKind === 'management_company') ?? null;
  const category =
    requested !== undefined
      ? (fitting.find((c) => c.id === requested) ?? null)
      : defectCategory(defect.element, fitting, fallback);
  if (!category) {
    throw new Unprocessable({ id: 'inspection.no_fitting_category' }, [
      {
        field: 'body.categoryId',
        reason: { id: requested !== undefined ? 'inspection.no_such_category' : 'inspection.no_housing_categories' },
      },
    ]);
  }
  return category;
}

/** The appeal with its 'created' event and its own rows for the defect's stored photos. */
async function insertDefectAppeal(tx: Context, i: Inspection, defect: Defect, category: Category) {
  const actor = tx.actor!;
  const now = tx.clock();
  const building = (await getBuildingRef(tx.db, i.buildingId))!;
  const decision = decideIntake({
    category,
    chosenBuilding: building,
    point: null,
    insideMunicipality: true,
    nearestBuilding: null,
    districtAtPoint: null,
  });
  if (!decision.ok) {
    throw new Unprocessable(
      { id: 'inspection.appeal_refused' },
      decision.problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })),
    );
  }
  const place = decision.place;
  const municipality = (await getMunicipality(tx.db, i.municipalityId))!;
  const element = checklistElement(defect.element);
  const seasonRu = i.season === 'spring' ? 'весенний' : 'осенний';
  const appeal = (await insertAppeal(
    tx.db,
    {
      municipalityId: i.municipalityId,
      authorId: actor.userId,
      categoryId: category.id,
      buildingId: place.buildingId,
      districtId: place.districtId,
      location: { x: place.lon, y: place.lat },
      addressText: place.addressText,
      description: `${element?.nameRu ?? defect.element}: ${defect.description}\n(Дефект из осмотра: ${seasonRu} осмотр ${i.year} г. / Defect found in the ${i.season} ${i.year} inspection)`,
      entrance: null,
      apartment: null,
      priority: defectPriority(defect.severity),
      status: 'new',
      channel: 'inspection',
      public: category.public,
      idempotencyKey: `inspection-defect-${defect.id}`,
      createdAt: now,
    },
    { code: municipality.code, year: localYear(now, municipality.timeZone) },
  ))!;
  const files = await defectPhotoFiles(tx.db, defect.id);
  await insertAppealEvent(tx.db, {
    appealId: appeal.id,
    type: 'created',
    toStatus: 'new',
    actorId: actor.userId,
    actorRole: actor.role,
    organisationId: actor.organisationId,
    payload: {
      channel: 'inspection',
      photos: files.length,
      source: 'inspection',
      inspectionId: i.id,
      defectId: defect.id,
    },
    at: now,
  });
  // The appeal gets its own rows for the same stored files: its photos follow the appeal's access rules.
  await insertAttachments(
    tx.db,
    files.map((f) => ({ ...f, appealId: appeal.id, ownerId: actor.userId, createdAt: now })),
  );
  return appeal;
}
