import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOverdue, listTriage } from '../../db/queries/sla.ts';
import { appealStatuses, priorities } from '../../db/schema/index.ts';
import { authorize } from '../plugins/auth.ts';
import { problems } from '../schemas.ts';

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const overdueItem = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    priority: z.enum(priorities),
    assignedOrgId: z.number().int().nullable(),
    address: z.string().nullable(),
    category: nameRef,
    responseDueAt: z.iso.datetime({ offset: true }).nullable(),
    resolutionDueAt: z.iso.datetime({ offset: true }).nullable(),
    /** How long past the earliest missed deadline. */
    lateMillis: z.number(),
  })
  .meta({ id: 'OverdueAppeal' });

const triageItem = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    priority: z.enum(priorities),
    triageReason: z.string().nullable(),
    address: z.string().nullable(),
    category: nameRef,
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TriageAppeal' });

/** The dispatch board's queues for the actor's municipality. */
const dispatchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/dispatch/overdue',
    {
      schema: {
        operationId: 'listOverdue',
        tags: ['dispatch'],
        summary: 'Просроченные обращения / Overdue appeals, the latest first',
        querystring: limit,
        response: { 200: z.object({ items: z.array(overdueItem) }), ...problems },
      },
    },
    async (request) => {
      authorize(request, 'dispatch.queue');
      const now = app.clock();
      const rows = await listOverdue(app.db, request.actor!.municipalityId, now, request.query.limit);
      return {
        items: rows.map((r) => {
          const missed = [r.responseDueAt, r.resolutionDueAt].filter((d): d is Date => d !== null && d < now);
          return {
            id: r.id,
            number: r.number,
            status: r.status,
            priority: r.priority,
            assignedOrgId: r.assignedOrgId,
            address: r.addressText,
            category: r.category,
            responseDueAt: r.responseDueAt?.toISOString() ?? null,
            resolutionDueAt: r.resolutionDueAt?.toISOString() ?? null,
            lateMillis: now.getTime() - Math.min(...missed.map((d) => d.getTime())),
          };
        }),
      };
    },
  );

  app.get(
    '/dispatch/triage',
    {
      schema: {
        operationId: 'listTriage',
        tags: ['dispatch'],
        summary: 'Разбор: не распределённые и отклонённые / Triage: unrouted and rejected appeals',
        querystring: limit,
        response: { 200: z.object({ items: z.array(triageItem) }), ...problems },
      },
    },
    async (request) => {
      authorize(request, 'dispatch.queue');
      const rows = await listTriage(app.db, request.actor!.municipalityId, request.query.limit);
      return {
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          status: r.status,
          priority: r.priority,
          triageReason: r.triageReason,
          address: r.addressText,
          category: r.category,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },
  );
};
export default dispatchRoutes;
