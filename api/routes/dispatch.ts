import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { handOverAction } from '../../dispatch/lifecycle.ts';
import { listOrganisationQueue, listOverdue, listTriage } from '../../db/queries/sla.ts';
import { type AppealStatus, appealStatuses, priorities } from '../../db/schema/index.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import { Forbidden, HttpProblem, NotFound, Unauthorized } from '../errors.ts';
import { actOnAppeal } from '../appeals/act-on-appeal.ts';
import { contextOf } from '../context.ts';
import { problems, userText } from '../schemas.ts';

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** What every queue shows of an appeal. */
const queueBase = z.object({
  id: z.number().int(),
  number: z.string(),
  status: z.enum(appealStatuses),
  priority: z.enum(priorities),
  address: z.string().nullable(),
  category: nameRef,
  createdAt: z.iso.datetime({ offset: true }),
});
type QueueRow = Awaited<ReturnType<typeof listTriage>>[number];
const baseOf = (r: QueueRow): z.infer<typeof queueBase> => ({
  id: r.id,
  number: r.number,
  status: r.status,
  priority: r.priority,
  address: r.addressText,
  category: r.category,
  createdAt: r.createdAt.toISOString(),
});
const dueTimes = (r: QueueRow) => ({
  responseDueAt: r.responseDueAt?.toISOString() ?? null,
  resolutionDueAt: r.resolutionDueAt?.toISOString() ?? null,
});
const dueTimesSchema = {
  responseDueAt: z.iso.datetime({ offset: true }).nullable(),
  resolutionDueAt: z.iso.datetime({ offset: true }).nullable(),
};

const overdueItem = queueBase
  .extend({
    assignedOrgId: z.number().int().nullable(),
    ...dueTimesSchema,
    /** How long past the earliest missed deadline. */
    lateMillis: z.number(),
  })
  .meta({ id: 'OverdueAppeal' });

const triageItem = queueBase.extend({ triageReason: z.string().nullable() }).meta({ id: 'TriageAppeal' });

const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const workingStatuses: AppealStatus[] = ['assigned', 'accepted', 'needs_info', 'reopened'];

const queueQuery = z.object({
  organisationId: idParam.optional().describe('dispatchers: whose queue (organisations see their own)'),
  status: z
    .union([z.enum(appealStatuses), z.array(z.enum(appealStatuses))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional()
    .describe('default: every status the organisation works in (assigned, accepted, needs_info, reopened)'),
  categoryId: idParam.optional(),
  districtId: idParam.optional(),
  buildingId: idParam.optional(),
  priority: z.enum(priorities).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: z.enum(['due', 'created']).default('due'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const queueItem = queueBase
  .extend({
    ...dueTimesSchema,
    /** The running deadline that comes first; null while no clock runs (e.g. waiting for the resident). */
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    /** Until dueAt; negative when late. */
    remainingMillis: z.number().nullable(),
    reopenCount: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'QueueAppeal' });

const bulkReassign = z
  .object({
    appeals: z
      .array(z.object({ id: idParam, expectedVersion: z.number().int().positive().optional() }))
      .min(1, 'хотя бы одно обращение / at least one appeal')
      .max(100, 'не больше 100 за раз / at most 100 at once'),
    targetOrgId: idParam,
    reason: userText(2000).pipe(z.string().min(1, 'нужна причина / a reason is required')),
  })
  .meta({ id: 'BulkReassignInput' });

const bulkOutcome = z
  .object({
    id: z.number().int(),
    ok: z.boolean(),
    status: z.enum(appealStatuses).optional(),
    version: z.number().int().optional(),
    assignedOrgId: z.number().int().nullable().optional(),
    /** When refused: the HTTP status and problem the single action would have answered. */
    problem: z.object({ status: z.number().int(), code: z.string(), detail: z.string() }).optional(),
  })
  .meta({ id: 'BulkOutcome' });

/** The dispatch board's queues for the actor's municipality. */
const dispatchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/dispatch/overdue',
    {
      config: { access: { action: 'dispatch.queue' } },
      schema: {
        operationId: 'listOverdue',
        tags: ['dispatch'],
        summary: 'Просроченные обращения / Overdue appeals, the latest first',
        querystring: limit,
        response: { 200: z.object({ items: z.array(overdueItem) }), ...problems },
      },
    },
    async (request) => {
      const now = app.clock();
      const rows = await listOverdue(app.db, request.actor!.municipalityId, now, request.query.limit);
      return {
        items: rows.map((r) => {
          const missed = [r.responseDueAt, r.resolutionDueAt].filter((d): d is Date => d !== null && d < now);
          return {
            ...baseOf(r),
            assignedOrgId: r.assignedOrgId,
            ...dueTimes(r),
            lateMillis: now.getTime() - Math.min(...missed.map((d) => d.getTime())),
          };
        }),
      };
    },
  );

  app.get(
    '/dispatch/triage',
    {
      config: { access: { action: 'dispatch.queue' } },
      schema: {
        operationId: 'listTriage',
        tags: ['dispatch'],
        summary: 'Разбор: не распределённые и отклонённые / Triage: unrouted and rejected appeals',
        querystring: limit,
        response: { 200: z.object({ items: z.array(triageItem) }), ...problems },
      },
    },
    async (request) => {
      const rows = await listTriage(app.db, request.actor!.municipalityId, request.query.limit);
      return {
        items: rows.map((r) => ({
          ...baseOf(r),
          triageReason: r.triageReason,
        })),
      };
    },
  );

  app.get(
    '/queue',
    {
      config: { access: { action: 'appeal.list', record: 'organisation' } },
      schema: {
        operationId: 'listOrganisationQueue',
        tags: ['dispatch'],
        summary: 'Очередь организации по сроку / An organisation’s queue, the most urgent first',
        description:
          'Organisation staff see their own organisation’s appeals; dispatchers, city hall and admins name the ' +
          'organisation. Sorted by the running deadline that comes first (sort=due) or by filing time.',
        querystring: queueQuery,
        response: { 200: z.object({ items: z.array(queueItem) }), ...problems },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) throw new Unauthorized();
      const q = request.query;
      const scope = scopeOf(actor, 'appeal.list');
      let organisationId: number;
      if (scope === 'organisation' && actor.organisationId !== null) {
        if (q.organisationId !== undefined && q.organisationId !== actor.organisationId) {
          throw new HttpProblem(
            403,
            'forbidden',
            'Только очередь своей организации. Only your own organisation’s queue.',
            {
              errors: [{ field: 'querystring.organisationId', reason: 'не ваша организация / not your organisation' }],
            },
          );
        }
        organisationId = actor.organisationId;
      } else if (scope === 'municipality') {
        if (q.organisationId === undefined) {
          throw new HttpProblem(400, 'bad-request', 'Укажите организацию. Name the organisation.', {
            errors: [{ field: 'querystring.organisationId', reason: 'обязательно / required' }],
          });
        }
        const org = await getOrganisationRef(app.db, q.organisationId);
        if (!org || org.municipalityId !== actor.municipalityId) throw new NotFound('Организация / Organisation');
        organisationId = org.id;
      } else {
        throw new Forbidden();
      }
      const now = app.clock();
      const rows = await listOrganisationQueue(
        app.db,
        {
          municipalityId: actor.municipalityId,
          organisationId,
          statuses: q.status ?? workingStatuses,
          categoryId: q.categoryId,
          districtId: q.districtId,
          buildingId: q.buildingId,
          priority: q.priority,
          overdueAt: q.overdue ? now : undefined,
        },
        q.sort,
        q.limit,
        q.offset,
      );
      return {
        items: rows.map((r) => {
          const running = [r.responseDueAt, r.resolutionDueAt].filter((d): d is Date => d !== null);
          const dueAt = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
          return {
            ...baseOf(r),
            ...dueTimes(r),
            dueAt: dueAt?.toISOString() ?? null,
            remainingMillis: dueAt ? dueAt.getTime() - now.getTime() : null,
            reopenCount: r.reopenCount,
            version: r.version,
          };
        }),
      };
    },
  );

  app.post(
    '/dispatch/reassign',
    {
      config: { access: { action: 'appeal.reassign' } },
      schema: {
        operationId: 'reassignMany',
        tags: ['dispatch'],
        summary: 'Передать несколько обращений / Reassign several appeals at once',
        description:
          'Each appeal is handed over in its own transaction, exactly as POST /appeals/{id}/actions would: ' +
          'action=assign for an appeal nobody holds (new or returned to triage), action=reassign for one an ' +
          'organisation holds. One refusal (a stale expectedVersion, a state that does not allow it) does not ' +
          'hold back the others, and each outcome is reported.',
        body: bulkReassign,
        response: { 200: z.object({ results: z.array(bulkOutcome) }), ...problems },
      },
    },
    async (request) => {
      const { appeals, targetOrgId, reason } = request.body;
      const results: z.infer<typeof bulkOutcome>[] = [];
      for (const item of appeals) {
        try {
          const done = await actOnAppeal(contextOf(request), { id: item.id }, handOverAction, {
            targetOrgId,
            reason,
            expectedVersion: item.expectedVersion,
          });
          results.push({
            id: item.id,
            ok: true,
            status: done.appeal.status,
            version: done.appeal.version,
            assignedOrgId: done.appeal.assignedOrgId,
          });
        } catch (error) {
          if (!(error instanceof HttpProblem)) throw error;
          results.push({
            id: item.id,
            ok: false,
            problem: {
              status: error.status,
              code: (error.extra?.code as string | undefined) ?? error.code,
              detail: error.message,
            },
          });
        }
      }
      request.log.info(
        { targetOrgId, moved: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length },
        'bulk reassign',
      );
      return { results };
    },
  );
};
export default dispatchRoutes;
