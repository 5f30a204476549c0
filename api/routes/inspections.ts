import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { insertAppeal, insertAppealEvent, insertAttachments } from '../../db/queries/appeals.ts';
import {
  buildingsInScope,
  defectPhotoFiles,
  getDefectPhoto,
  getInspection,
  housingCategories,
  latestCondition,
  type Inspection,
  inspectionCounts,
  type InspectionScope,
  insertDefect,
  listDefects,
  listInspections,
  listScores,
  lockDefect,
  lockInspection,
  planSeason,
  seasonCounts,
  setDefectAppeal,
  updateInspection,
  upsertScores,
} from '../../db/queries/inspections.ts';
import { inspectionStatuses } from '../../db/schema/index.ts';
import {
  allowedSteps,
  checklist,
  checklistElement,
  checklistElementCodes,
  completionProblems,
  conditionRating,
  defectCategory,
  defectPriority,
  defectSeverities,
  inspectionSeasons,
  type InspectionStep,
  inspectionSteps,
  localDay,
  scoreProblem,
  scoreScale,
  seasonDueOn,
  stepAllowed,
  upcomingSeason,
} from '../../dispatch/inspections.ts';
import { decideIntake, localYear } from '../../dispatch/intake.ts';
import { type Actor, can, scopeOf } from '../../dispatch/permissions.ts';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../../jobs/queues.ts';
import { Conflict, Forbidden, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { bigIdParam, bigRecordIdParam, parseInput, problems, recordId, recordIdParam, userText } from '../schemas.ts';
import { photoParts, readMultipart, type StoredPhoto } from '../uploads.ts';

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const summarySchema = z
  .object({
    id: z.number().int(),
    buildingId: z.number().int(),
    address: z.string(),
    organisation: nameRef,
    year: z.number().int(),
    season: z.enum(inspectionSeasons),
    status: z.enum(inspectionStatuses),
    dueOn: z.iso.date(),
    plannedOn: z.iso.date().nullable(),
    overdue: z.boolean().describe('open after its due day (municipality time)'),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
    rating: z.number().nullable().describe('1.0 (emergency) … 5.0 (good), set on completion'),
    scored: z.number().int().describe('checklist elements scored so far'),
    defects: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'InspectionSummary' });

const photoSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  mediaType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

const detailSchema = summarySchema
  .omit({ defects: true })
  .extend({
    defectCount: z.number().int(),
    municipalityId: z.number().int(),
    inspectorId: z.number().int().nullable(),
    conclusion: z.string().nullable(),
    scores: z.array(
      z.object({
        element: z.enum(checklistElementCodes),
        score: z.number().int().nullable(),
        note: z.string().nullable(),
      }),
    ),
    defects: z.array(
      z.object({
        id: z.number().int(),
        element: z.enum(checklistElementCodes),
        severity: z.enum(defectSeverities),
        description: z.string(),
        appealId: z.number().int().nullable(),
        photos: z.array(photoSchema),
        createdAt: z.iso.datetime({ offset: true }),
      }),
    ),
    /** What this actor may do now. */
    allowed: z.array(z.enum(inspectionSteps)),
    /** Elements still to be scored before completion. */
    missing: z.array(z.enum(checklistElementCodes)),
    /** The rating the current scores give (before completion: a preview). */
    ratingPreview: z.number().nullable(),
  })
  .meta({ id: 'Inspection' });

type Row = NonNullable<Awaited<ReturnType<typeof getInspection>>>;

function summaryOf(r: Row) {
  const i = r.inspection;
  return {
    id: i.id,
    buildingId: i.buildingId,
    address: r.address,
    organisation: r.organisation,
    year: i.year,
    season: i.season,
    status: i.status,
    dueOn: i.dueOn,
    plannedOn: i.plannedOn,
    overdue: r.overdue,
    startedAt: iso(i.startedAt),
    completedAt: iso(i.completedAt),
    rating: i.rating,
    scored: r.scored,
    defects: r.defects,
    version: i.version,
  };
}

const resourceOf = (i: Pick<Inspection, 'municipalityId' | 'organisationId'>) => ({
  municipalityId: i.municipalityId,
  organisationIds: [i.organisationId],
});

/** The inspection scope of a list: the actor's company, or its municipality. */
function listScope(actor: Actor): InspectionScope {
  const scope = scopeOf(actor, 'inspection.read');
  if (!actor || !scope) throw actor ? new Forbidden() : new Unauthorized();
  if (scope === 'organisation') {
    if (actor.organisationId === null) throw new Forbidden();
    return { kind: 'organisation', municipalityId: actor.municipalityId, organisationId: actor.organisationId };
  }
  return { kind: 'municipality', municipalityId: actor.municipalityId };
}

function stepsFor(actor: Actor, i: Inspection): InspectionStep[] {
  const conduct = can(actor, 'inspection.conduct', resourceOf(i));
  const plan = can(actor, 'inspection.plan', resourceOf(i));
  return allowedSteps(i.status).filter((s) => (s === 'cancel' ? plan : conduct));
}

const notAllowed = (i: Inspection, step: InspectionStep) =>
  new Conflict(
    `Шаг «${step}» недоступен в статусе «${i.status}». Step "${step}" is not allowed in status "${i.status}".`,
    {
      code: 'invalid_transition',
      currentStatus: i.status,
      allowed: allowedSteps(i.status),
    },
  );

const scoreInput = z.object({
  element: z.string().max(40),
  score: z
    .number()
    .int('оценка — целое 1–5 / a whole score 1–5')
    .min(1, 'оценка 1–5 / score 1–5')
    .max(5, 'оценка 1–5 / score 1–5')
    .nullable(),
  note: userText(1000).optional(),
});

const defectInput = z.object({
  element: z.enum(checklistElementCodes, { error: 'нет такого элемента перечня / no such checklist element' }),
  severity: z.enum(defectSeverities, { error: 'minor, major или critical / minor, major or critical' }),
  description: userText(2000).pipe(
    z.string().min(5, 'опишите дефект (не короче 5 символов) / describe the defect (at least 5 characters)'),
  ),
});
/** The same fields as a multipart form, with the photos. */
const defectForm = defectInput.extend({ photos: photoParts });

const statsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  season: z.enum(inspectionSeasons).optional(),
});

const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = async (municipalityId: number) => {
    const m = await app.reference.municipality(municipalityId);
    return localDay(app.clock(), m?.timeZone ?? 'Europe/Moscow');
  };

  /** The inspection if this actor may read it (else 404: it does not exist for them). */
  const readable = async (actor: Actor, inspectionId: number) => {
    if (!actor) throw new Unauthorized();
    const row = await getInspection(app.db, inspectionId, await today(actor.municipalityId));
    if (!row || !can(actor, 'inspection.read', resourceOf(row.inspection))) throw new NotFound('Осмотр / Inspection');
    return row;
  };

  const detail = async (actor: Actor, inspectionId: number) => {
    const row = await readable(actor, inspectionId);
    const i = row.inspection;
    const [scores, defects] = await Promise.all([listScores(app.db, i.id), listDefects(app.db, i.id)]);
    const scoreMap = Object.fromEntries(scores.map((s) => [s.element, s.score]));
    return {
      ...summaryOf(row),
      defectCount: row.defects,
      municipalityId: i.municipalityId,
      inspectorId: i.inspectorId,
      conclusion: i.conclusion,
      scores: scores
        .filter((s) => checklistElement(s.element))
        .map((s) => ({ element: s.element as (typeof checklistElementCodes)[number], score: s.score, note: s.note })),
      defects: defects.map((d) => ({
        id: d.id,
        element: d.element as (typeof checklistElementCodes)[number],
        severity: d.severity,
        description: d.description,
        appealId: d.appealId,
        photos: d.photos.map((p) => ({
          id: p.id,
          url: `/api/inspections/${i.id}/photos/${p.id}`,
          mediaType: p.mediaType,
          width: p.width,
          height: p.height,
        })),
        createdAt: d.createdAt.toISOString(),
      })),
      allowed: stepsFor(actor, i),
      missing: completionProblems(scoreMap)
        .map((p) => p.element)
        .filter((e): e is (typeof checklistElementCodes)[number] => checklistElement(e) !== null),
      ratingPreview: conditionRating(scoreMap),
    };
  };

  /** Take a step in one transaction under the inspection's row lock. */
  const step = async <T>(
    actor: Actor,
    inspectionId: number,
    name: InspectionStep,
    work: (tx: Parameters<Parameters<typeof app.db.transaction>[0]>[0], i: Inspection) => Promise<T>,
  ) => {
    await readable(actor, inspectionId);
    return app.db.transaction(async (tx) => {
      const i = (await lockInspection(tx, inspectionId))!;
      const permission = name === 'cancel' ? 'inspection.plan' : 'inspection.conduct';
      if (!can(actor, permission, resourceOf(i))) throw new Forbidden();
      if (!stepAllowed(i.status, name)) throw notAllowed(i, name);
      return work(tx, i);
    });
  };

  app.get(
    '/inspections/checklist',
    {
      config: { access: { action: 'inspection.read' } },
      schema: {
        operationId: 'getInspectionChecklist',
        tags: ['inspections'],
        summary: 'Единый перечень осмотра и шкала оценок / The city checklist and the score scale',
        response: {
          200: z.object({
            elements: z.array(
              z.object({
                code: z.enum(checklistElementCodes),
                group: z.string(),
                nameRu: z.string(),
                nameEn: z.string(),
                checkRu: z.string(),
                checkEn: z.string(),
                weight: z.number(),
                optional: z.boolean(),
              }),
            ),
            scale: z.array(
              z.object({
                score: z.number().int(),
                nameRu: z.string(),
                nameEn: z.string(),
                meaningRu: z.string(),
                meaningEn: z.string(),
              }),
            ),
            seasons: z.array(z.object({ season: z.enum(inspectionSeasons), dueMonthDay: z.string() })),
          }),
          ...problems,
        },
      },
    },
    async () => {
      return {
        elements: checklist.map(({ appealCategories: _categories, ...e }) => e),
        scale: [...scoreScale],
        seasons: inspectionSeasons.map((season) => ({ season, dueMonthDay: seasonDueOn(2000, season).slice(5) })),
      };
    },
  );

  app.post(
    '/inspections/plan',
    {
      config: { access: { action: 'inspection.plan' } },
      schema: {
        operationId: 'planInspections',
        tags: ['inspections'],
        summary: 'Запланировать сезонный осмотр / Plan a season’s inspections',
        description:
          'One inspection per building, by its management company, due by 31 May (spring) or 15 September (autumn) ' +
          'unless dueOn is given. Without buildingIds or organisationId: a company supervisor plans all of the ' +
          'company’s buildings, city hall and admins the whole municipality. Idempotent: buildings that already have ' +
          'that season’s inspection are counted as existing.',
        body: z.object({
          year: z.number().int().min(2000).max(2100),
          season: z.enum(inspectionSeasons),
          organisationId: recordId.optional(),
          buildingIds: z.array(recordId).min(1).max(10_000).optional(),
          dueOn: z.iso.date({ error: 'ожидается дата ГГГГ-ММ-ДД / expected a date YYYY-MM-DD' }).optional(),
        }),
        response: {
          200: z.object({
            year: z.number().int(),
            season: z.enum(inspectionSeasons),
            dueOn: z.iso.date(),
            created: z.number().int(),
            existing: z.number().int().describe('already planned for that season: left as they are'),
            unmanaged: z.number().int().describe('buildings without a management company: not planned'),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const scope = scopeOf(actor, 'inspection.plan');
      if (!actor || !scope) throw actor ? new Forbidden() : new Unauthorized();
      const b = request.body;
      const municipality = (await app.reference.municipality(actor.municipalityId))!;
      const thisYear = Number(localDay(app.clock(), municipality.timeZone).slice(0, 4));
      if (b.year < thisYear - 1 || b.year > thisYear + 1) {
        throw new Unprocessable('Планировать можно прошлый, текущий или следующий год. Plan last, this or next year.', [
          { field: 'body.year', reason: `${thisYear - 1}–${thisYear + 1}` },
        ]);
      }
      if (b.dueOn && Number(b.dueOn.slice(0, 4)) !== b.year) {
        throw new Unprocessable('Срок вне года осмотра. The due date is outside the inspection year.', [
          { field: 'body.dueOn', reason: `в ${b.year} году / within ${b.year}` },
        ]);
      }
      const own = scope === 'organisation' ? actor.organisationId : null;
      if (scope === 'organisation' && own === null) throw new Forbidden();
      if (own !== null && b.organisationId !== undefined && b.organisationId !== own)
        throw new Forbidden('Можно планировать только дома своей организации. Only your company’s buildings.');
      if (b.buildingIds) {
        const found = await buildingsInScope(app.db, b.buildingIds, actor.municipalityId, own);
        const bad = b.buildingIds.map((bid, i) => [bid, i] as const).filter(([bid]) => !found.has(bid));
        if (bad.length > 0) {
          throw new Unprocessable(
            'Некоторые дома нельзя включить в план. Some buildings cannot be planned.',
            bad.slice(0, 20).map(([, i]) => ({
              field: `body.buildingIds.${i}`,
              reason:
                own !== null
                  ? 'нет такого дома у вашей организации / not a building of your company'
                  : 'нет такого дома / no such building',
            })),
          );
        }
      }
      const target = b.buildingIds
        ? ({ kind: 'buildings', buildingIds: b.buildingIds } as const)
        : own !== null
          ? ({ kind: 'organisation', organisationId: own } as const)
          : b.organisationId !== undefined
            ? ({ kind: 'organisation', organisationId: b.organisationId } as const)
            : ({ kind: 'municipality' } as const);
      const dueOn = b.dueOn ?? seasonDueOn(b.year, b.season);
      const result = await planSeason(app.db, {
        municipalityId: actor.municipalityId,
        year: b.year,
        season: b.season,
        dueOn,
        target,
        createdBy: actor.userId,
        now: app.clock(),
      });
      request.log.info({ year: b.year, season: b.season, target: target.kind, ...result }, 'inspections planned');
      return { year: b.year, season: b.season, dueOn, ...result };
    },
  );

  app.get(
    '/inspections',
    {
      config: { access: { action: 'inspection.read' } },
      schema: {
        operationId: 'listInspections',
        tags: ['inspections'],
        summary: 'Осмотры / Inspections',
        description:
          'A company sees its own buildings’ inspections; dispatchers, city hall and admins their municipality’s. Earliest due first.',
        querystring: z.object({
          status: z
            .union([z.enum(inspectionStatuses), z.array(z.enum(inspectionStatuses))])
            .transform((v) => (Array.isArray(v) ? v : [v]))
            .optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          season: z.enum(inspectionSeasons).optional(),
          overdue: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          organisationId: recordIdParam.optional(),
          buildingId: recordIdParam.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(summarySchema),
            upcoming: z.object({ year: z.number().int(), season: z.enum(inspectionSeasons) }),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const scope = listScope(request.actor);
      const q = request.query;
      const m = (await app.reference.municipality(scope.municipalityId))!;
      const rows = await listInspections(
        app.db,
        scope,
        {
          statuses: q.status,
          year: q.year,
          season: q.season,
          overdue: q.overdue,
          organisationId: q.organisationId,
          buildingId: q.buildingId,
          today: localDay(app.clock(), m.timeZone),
        },
        q.limit,
        q.offset,
      );
      return { items: rows.map(summaryOf), upcoming: upcomingSeason(app.clock(), m.timeZone) };
    },
  );

  app.get(
    '/inspections/:id',
    {
      config: { access: { action: 'inspection.read', record: 'inspection', visibilityFirst: true } },
      schema: {
        operationId: 'getInspection',
        tags: ['inspections'],
        summary: 'Осмотр: оценки, дефекты, фото / An inspection with scores, defects and photos',
        params: bigIdParam,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => detail(request.actor, request.params.id),
  );

  app.post(
    '/inspections/:id/start',
    {
      config: {
        access: {
          action: 'inspection.conduct',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'startInspection',
        tags: ['inspections'],
        summary: 'Начать осмотр / Start the inspection',
        params: bigIdParam,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      await step(actor, request.params.id, 'start', (tx, i) =>
        updateInspection(tx, i.id, {
          status: 'in_progress',
          inspectorId: actor?.userId ?? null,
          startedAt: app.clock(),
        }),
      );
      return detail(actor, request.params.id);
    },
  );

  app.put(
    '/inspections/:id/scores',
    {
      config: {
        access: {
          action: 'inspection.conduct',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'scoreInspection',
        tags: ['inspections'],
        summary: 'Оценки элементов / Score checklist elements',
        description:
          'Each element 1 (emergency) … 5 (good), or null for "not applicable" (gas, elevators only), with an optional note. A later score replaces the earlier one.',
        params: bigIdParam,
        body: z.object({ scores: z.array(scoreInput).min(1).max(checklistElementCodes.length) }),
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      // Refuse those who may not score it before judging their scores (401/403/404, not 422).
      const row = await readable(request.actor, request.params.id);
      if (!can(request.actor, 'inspection.conduct', resourceOf(row.inspection))) throw new Forbidden();
      const scores = request.body.scores;
      const errors = scores.flatMap((s, n) => {
        const p = scoreProblem(s.element, s.score);
        return p
          ? [
              {
                field: `body.scores.${n}.${checklistElement(s.element) ? 'score' : 'element'}`,
                reason: `${p.ru} / ${p.en}`,
              },
            ]
          : [];
      });
      const seen = new Set<string>();
      scores.forEach((s, n) => {
        if (seen.has(s.element))
          errors.push({ field: `body.scores.${n}.element`, reason: 'элемент повторяется / the element appears twice' });
        seen.add(s.element);
      });
      if (errors.length > 0) throw new Unprocessable('Оценки не приняты. The scores were not accepted.', errors);
      await step(request.actor, request.params.id, 'score', async (tx, i) => {
        await upsertScores(
          tx,
          i.id,
          scores.map((s) => ({ element: s.element, score: s.score, note: s.note || null })),
        );
        await updateInspection(tx, i.id, {});
      });
      return detail(request.actor, request.params.id);
    },
  );

  app.post(
    '/inspections/:id/defects',
    {
      config: {
        access: {
          action: 'inspection.conduct',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'addInspectionDefect',
        tags: ['inspections'],
        summary: 'Добавить дефект с фото / Add a defect with photos',
        description:
          'application/json or multipart/form-data with element, severity (minor, major, critical), description and up to 5 photos ' +
          '(field `photos`, JPEG/PNG/WebP ≤ 10 MB, EXIF and GPS removed).',
        params: bigIdParam,
        // Read by the handler once the actor may conduct the inspection: documented here, not validated by fastify.
        documentedBody: { 'application/json': defectInput, 'multipart/form-data': defectForm },
        response: { 201: detailSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      // Check access before reading (and storing) any upload.
      const row = await readable(actor, request.params.id);
      if (!can(actor, 'inspection.conduct', resourceOf(row.inspection))) throw new Forbidden();
      let raw: unknown;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        raw = form.fields;
        photos = form.photos;
      } else raw = request.body ?? {};
      const input = parseInput(defectInput, raw, 'body');
      await step(actor, request.params.id, 'add_defect', (tx, i) =>
        insertDefect(tx, { inspectionId: i.id, ...input, createdBy: actor!.userId, createdAt: app.clock() }, photos),
      );
      return reply.code(201).send(await detail(actor, request.params.id));
    },
  );

  app.post(
    '/inspections/:id/defects/:defectId/appeal',
    {
      config: {
        access: {
          action: 'inspection.conduct',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'makeDefectAppeal',
        tags: ['inspections'],
        summary: 'Создать заявку на работы по дефекту / Make a work appeal of a defect',
        description:
          'A new appeal for the building, authored by the inspector, with the defect’s description and photos, in the ' +
          'element’s housing category (or categoryId), priority from the severity; routed like any other appeal. Once per defect.',
        params: z.object({ id: bigRecordIdParam, defectId: bigRecordIdParam }),
        body: z
          .object({
            categoryId: recordId.optional(),
          })
          .optional(),
        response: { 201: z.object({ appealId: z.number().int(), number: z.string() }), ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const now = app.clock();
      const created = await step(actor, request.params.id, 'make_appeal', async (tx, i) => {
        const defect = await lockDefect(tx, i.id, request.params.defectId);
        if (!defect) throw new NotFound('Дефект / Defect');
        if (defect.appealId !== null) {
          throw new Conflict('По этому дефекту заявка уже создана. A work appeal was already made of this defect.', {
            appealId: defect.appealId,
          });
        }
        const categories = await housingCategories(tx, i.municipalityId);
        const requested = request.body?.categoryId;
        const fitting = categories.filter((c) => c.needsBuilding && c.group !== 'roads' && c.group !== 'transport');
        const fallback =
          fitting.find((c) => c.group === 'housing' && c.responsibleKind === 'management_company') ?? null;
        const category =
          requested !== undefined
            ? (fitting.find((c) => c.id === requested) ?? null)
            : defectCategory(defect.element, fitting, fallback);
        if (!category) {
          throw new Unprocessable('Нет подходящей категории для заявки. No fitting category for the appeal.', [
            {
              field: 'body.categoryId',
              reason:
                requested !== undefined
                  ? 'нет такой категории для дома / no such building category'
                  : 'в муниципалитете нет категорий ЖКХ / the municipality has no housing categories',
            },
          ]);
        }
        const building = (await app.reference.building(i.buildingId))!;
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
            'Заявку нельзя создать. The appeal cannot be made.',
            decision.problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })),
          );
        }
        const place = decision.place;
        const municipality = (await app.reference.municipality(i.municipalityId))!;
        const element = checklistElement(defect.element);
        const seasonRu = i.season === 'spring' ? 'весенний' : 'осенний';
        const appeal = (await insertAppeal(
          tx,
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
        const files = await defectPhotoFiles(tx, defect.id);
        await insertAppealEvent(tx, {
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
          tx,
          files.map((f) => ({ ...f, appealId: appeal.id, ownerId: actor.userId, createdAt: now })),
        );
        await setDefectAppeal(tx, defect.id, appeal.id);
        await enqueue(app.boss, tx, 'appeal.route', { appealId: appeal.id }, { singletonKey: `route:${appeal.id}` });
        return appeal;
      });
      request.log.info(
        { appealId: created.id, inspectionId: request.params.id, defectId: request.params.defectId },
        'work appeal made of a defect',
      );
      return reply
        .code(201)
        .header('location', `/api/appeals/${created.number}`)
        .send({ appealId: created.id, number: created.number });
    },
  );

  app.post(
    '/inspections/:id/complete',
    {
      config: {
        access: {
          action: 'inspection.conduct',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'completeInspection',
        tags: ['inspections'],
        summary: 'Завершить осмотр / Complete the inspection',
        description:
          'Needs every checklist element scored (gas and elevators may be "not applicable"); computes the building’s condition rating.',
        params: bigIdParam,
        body: z.object({ conclusion: userText(4000).optional() }).optional(),
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      await step(request.actor, request.params.id, 'complete', async (tx, i) => {
        const scores = Object.fromEntries((await listScores(tx, i.id)).map((s) => [s.element, s.score]));
        const missing = completionProblems(scores);
        if (missing.length > 0) {
          throw new Unprocessable(
            'Осмотр нельзя завершить: оценены не все элементы. Not every element is scored.',
            missing.map((p) => ({ field: `scores.${p.element}`, reason: `${p.reason.ru} / ${p.reason.en}` })),
          );
        }
        await updateInspection(tx, i.id, {
          status: 'completed',
          completedAt: app.clock(),
          rating: conditionRating(scores),
          conclusion: request.body?.conclusion || null,
        });
      });
      return detail(request.actor, request.params.id);
    },
  );

  app.post(
    '/inspections/:id/cancel',
    {
      config: {
        access: {
          action: 'inspection.plan',
          record: 'inspection',
          visibleTo: 'inspection.read',
          visibilityFirst: true,
        },
      },
      schema: {
        operationId: 'cancelInspection',
        tags: ['inspections'],
        summary: 'Отменить осмотр / Cancel the inspection',
        description: 'By whoever may plan it; the season may then be planned again for the building.',
        params: bigIdParam,
        body: z.object({ reason: userText(1000).pipe(z.string().min(3, 'укажите причину / give a reason')) }),
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      await step(request.actor, request.params.id, 'cancel', (tx, i) =>
        updateInspection(tx, i.id, { status: 'cancelled', conclusion: `Отменён / Cancelled: ${request.body.reason}` }),
      );
      return detail(request.actor, request.params.id);
    },
  );

  app.get(
    '/inspections/:id/photos/:attachmentId',
    {
      config: { access: { action: 'inspection.read', record: 'inspection', visibilityFirst: true } },
      schema: {
        operationId: 'getInspectionPhoto',
        tags: ['inspections'],
        summary: 'Фото дефекта / A defect photo',
        params: z.object({ id: bigRecordIdParam, attachmentId: bigRecordIdParam }),
        response: { 200: z.string().meta({ format: 'binary', description: 'JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      await readable(request.actor, request.params.id);
      const photo = await getDefectPhoto(app.db, request.params.id, request.params.attachmentId);
      if (!photo) throw new NotFound('Файл / File');
      return reply
        .type(photo.mediaType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="photo-${request.params.attachmentId}.${photo.storagePath.split('.').at(-1)}"`,
        )
        .send(createReadStream(path.join(app.config.uploadsDir, photo.storagePath)) as unknown as string);
    },
  );

  app.get(
    '/stats/inspections',
    {
      config: { access: { action: 'inspection.read' } },
      schema: {
        operationId: 'inspectionStats',
        tags: ['stats', 'inspections'],
        summary: 'Осмотры: просроченные и выполнение плана / Inspections: overdue and plan progress',
        description:
          'Per organisation (of a season, or all): planned, in progress, completed, overdue; the overdue ones; planned vs completed per season.',
        querystring: statsQuery,
        response: {
          200: z.object({
            today: z.iso.date(),
            byOrganisation: z.array(
              z.object({
                organisation: nameRef,
                planned: z.number().int(),
                inProgress: z.number().int(),
                completed: z.number().int(),
                overdue: z.number().int(),
              }),
            ),
            overdue: z.array(summarySchema),
            seasons: z.array(
              z.object({
                year: z.number().int(),
                season: z.enum(inspectionSeasons),
                planned: z.number().int(),
                completed: z.number().int(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const scope = listScope(request.actor);
      const q = request.query;
      const m = (await app.reference.municipality(scope.municipalityId))!;
      const day = localDay(app.clock(), m.timeZone);
      const [byOrganisation, overdue, seasons] = await Promise.all([
        inspectionCounts(app.db, scope, { year: q.year, season: q.season, today: day }),
        listInspections(app.db, scope, { year: q.year, season: q.season, overdue: true, today: day }, 200, 0),
        seasonCounts(app.db, scope),
      ]);
      return { today: day, byOrganisation, overdue: overdue.map(summaryOf), seasons };
    },
  );
};
export default inspectionRoutes;

/** The building's condition rating in the public building view: no names, only the rating and when. */
export const buildingConditionSchema = z
  .object({
    rating: z.number().describe('1.0 (emergency) … 5.0 (good)'),
    year: z.number().int(),
    season: z.enum(inspectionSeasons),
    inspectedOn: z.iso.datetime({ offset: true }),
  })
  .nullable()
  .describe('from the latest completed seasonal inspection; null when none')
  .meta({ id: 'BuildingCondition' });

export async function buildingCondition(db: Db, buildingId: number): Promise<z.infer<typeof buildingConditionSchema>> {
  const c = await latestCondition(db, buildingId);
  return c ? { rating: c.rating, year: c.year, season: c.season, inspectedOn: c.completedAt.toISOString() } : null;
}
