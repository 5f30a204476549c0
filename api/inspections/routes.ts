import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { conductRoutes } from './conduct-routes.ts';
import { planInspections } from './plan-inspections.ts';
import {
  inspectionChecklist,
  inspectionDetail,
  inspectionPhoto,
  inspectionStats,
  listInspectionSummaries,
} from './read-inspections.ts';
import {
  checklistAnswer,
  detailSchema,
  inspectionKey,
  listAnswer,
  listQuery,
  photoParams,
  planAnswer,
  planInput,
  statsAnswer,
  statsQuery,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Seasonal inspections: the checklist, planning, lists and statistics, and conducting one. */
const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  planningRoutes(app);
  readRoutes(app);
  conductRoutes(app);
  photoAndStatsRoutes(app);
};
export default inspectionRoutes;

function planningRoutes(app: App) {
  app.get(
    '/inspections/checklist',
    {
      config: { access: { action: 'inspection.read' } },
      schema: {
        operationId: 'getInspectionChecklist',
        tags: ['inspections'],
        summary: 'Единый перечень осмотра и шкала оценок / The city checklist and the score scale',
        response: { 200: checklistAnswer, ...problems },
      },
    },
    async () => inspectionChecklist(),
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
        body: planInput,
        response: { 200: planAnswer, ...problems },
      },
    },
    async (request) => planInspections(contextOf(request), request.body),
  );
}

function readRoutes(app: App) {
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
        querystring: listQuery,
        response: { 200: listAnswer, ...problems },
      },
    },
    async (request) => listInspectionSummaries(contextOf(request), request.query),
  );

  app.get(
    '/inspections/:id',
    {
      config: { access: { action: 'inspection.read', record: 'inspection', visibilityFirst: true } },
      schema: {
        operationId: 'getInspection',
        tags: ['inspections'],
        summary: 'Осмотр: оценки, дефекты, фото / An inspection with scores, defects and photos',
        params: inspectionKey,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => inspectionDetail(contextOf(request), request.params.id),
  );
}

function photoAndStatsRoutes(app: App) {
  app.get(
    '/inspections/:id/photos/:attachmentId',
    {
      config: { access: { action: 'inspection.read', record: 'inspection', visibilityFirst: true } },
      schema: {
        operationId: 'getInspectionPhoto',
        tags: ['inspections'],
        summary: 'Фото дефекта / A defect photo',
        params: photoParams,
        response: { 200: z.string().meta({ format: 'binary', description: 'JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const photo = await inspectionPhoto(contextOf(request), id, attachmentId);
      return reply
        .type(photo.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="photo-${attachmentId}.${photo.storagePath.split('.').at(-1)}"`,
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
        response: { 200: statsAnswer, ...problems },
      },
    },
    async (request) => inspectionStats(contextOf(request), request.query),
  );
}
