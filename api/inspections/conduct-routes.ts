import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { parseInput, problems } from '../schemas.ts';
import { readMultipart, type StoredPhoto } from '../uploads.ts';
import {
  addDefect,
  cancelInspection,
  completeInspection,
  mayConductInspection,
  scoreInspection,
  startInspection,
} from './conduct-inspection.ts';
import { makeDefectAppeal } from './make-defect-appeal.ts';
import { inspectionDetail } from './read-inspections.ts';
import {
  cancelInput,
  completeInput,
  defectAppealAnswer,
  defectAppealInput,
  defectAppealParams,
  defectForm,
  defectInput,
  detailSchema,
  inspectionKey,
  scoresInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const conducting = {
  access: { action: 'inspection.conduct', record: 'inspection', visibleTo: 'inspection.read', visibilityFirst: true },
} as const;

/** Conducting an inspection, step by step; each step answers the inspection as it now is. */
export function conductRoutes(app: App) {
  stepRoutes(app);
  defectRoutes(app);
  closingRoutes(app);
}

function stepRoutes(app: App) {
  app.post(
    '/inspections/:id/start',
    {
      config: conducting,
      schema: {
        operationId: 'startInspection',
        tags: ['inspections'],
        summary: 'Начать осмотр / Start the inspection',
        params: inspectionKey,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await startInspection(ctx, request.params.id);
      return inspectionDetail(ctx, request.params.id);
    },
  );

  app.put(
    '/inspections/:id/scores',
    {
      config: conducting,
      schema: {
        operationId: 'scoreInspection',
        tags: ['inspections'],
        summary: 'Оценки элементов / Score checklist elements',
        description:
          'Each element 1 (emergency) … 5 (good), or null for "not applicable" (gas, elevators only), with an optional note. A later score replaces the earlier one.',
        params: inspectionKey,
        body: scoresInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await scoreInspection(ctx, request.params.id, request.body.scores);
      return inspectionDetail(ctx, request.params.id);
    },
  );
}

function defectRoutes(app: App) {
  app.post(
    '/inspections/:id/defects',
    {
      config: conducting,
      schema: {
        operationId: 'addInspectionDefect',
        tags: ['inspections'],
        summary: 'Добавить дефект с фото / Add a defect with photos',
        description:
          'application/json or multipart/form-data with element, severity (minor, major, critical), description and up to 5 photos ' +
          '(field `photos`, JPEG/PNG/WebP ≤ 10 MB, EXIF and GPS removed).',
        params: inspectionKey,
        // Read by the handler once the actor may conduct the inspection: documented here, not validated by fastify.
        documentedBody: { 'application/json': defectInput, 'multipart/form-data': defectForm },
        response: { 201: detailSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      // Check access before reading (and storing) any upload.
      await mayConductInspection(ctx, request.params.id);
      let raw: unknown;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        raw = form.fields;
        photos = form.photos;
      } else raw = request.body ?? {};
      await addDefect(ctx, request.params.id, parseInput(defectInput, raw, 'body'), photos);
      return reply.code(201).send(await inspectionDetail(ctx, request.params.id));
    },
  );

  app.post(
    '/inspections/:id/defects/:defectId/appeal',
    {
      config: conducting,
      schema: {
        operationId: 'makeDefectAppeal',
        tags: ['inspections'],
        summary: 'Создать заявку на работы по дефекту / Make a work appeal of a defect',
        description:
          'A new appeal for the building, authored by the inspector, with the defect’s description and photos, in the ' +
          'element’s housing category (or categoryId), priority from the severity; routed like any other appeal. Once per defect.',
        params: defectAppealParams,
        body: defectAppealInput,
        response: { 201: defectAppealAnswer, ...problems },
      },
    },
    async (request, reply) => {
      const { id, defectId } = request.params;
      const created = await makeDefectAppeal(contextOf(request), id, defectId, request.body?.categoryId);
      return reply
        .code(201)
        .header('location', `/api/appeals/${created.number}`)
        .send({ appealId: created.id, number: created.number });
    },
  );
}

function closingRoutes(app: App) {
  app.post(
    '/inspections/:id/complete',
    {
      config: conducting,
      schema: {
        operationId: 'completeInspection',
        tags: ['inspections'],
        summary: 'Завершить осмотр / Complete the inspection',
        description:
          'Needs every checklist element scored (gas and elevators may be "not applicable"); computes the building’s condition rating.',
        params: inspectionKey,
        body: completeInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await completeInspection(ctx, request.params.id, request.body?.conclusion);
      return inspectionDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/inspections/:id/cancel',
    {
      config: { access: { ...conducting.access, action: 'inspection.plan' } },
      schema: {
        operationId: 'cancelInspection',
        tags: ['inspections'],
        summary: 'Отменить осмотр / Cancel the inspection',
        description: 'By whoever may plan it; the season may then be planned again for the building.',
        params: inspectionKey,
        body: cancelInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await cancelInspection(ctx, request.params.id, request.body.reason);
      return inspectionDetail(ctx, request.params.id);
    },
  );
}
