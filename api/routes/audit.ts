import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAccess, personalDataKinds } from '../../db/queries/audit.ts';
import { bigRecordIdParam, problems } from '../schemas.ts';

const instant = z.iso.datetime({
  offset: true,
  error: 'ожидается дата-время ISO 8601 / expected an ISO 8601 date-time',
});

const accessSchema = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601'),
    actorUserId: z.number().int(),
    subjectUserId: z.number().int().nullable().describe('null for a bulk read (a list, an export)'),
    kind: z.enum(personalDataKinds),
    record: z.string().nullable(),
    route: z.string(),
    ip: z.string(),
  })
  .meta({ id: 'PersonalDataAccess' });

/** The trail of reads of residents' personal data (db/schema/audit.ts), for the municipality's admins. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/personal-data-access',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        operationId: 'listPersonalDataAccess',
        tags: ['admin'],
        summary: 'Журнал доступа к персональным данным / Who read residents’ personal data',
        description: 'Newest first. Filter by the resident, the reader, the kind of read and a time range [from, to).',
        querystring: z.object({
          subjectUserId: bigRecordIdParam.optional(),
          actorUserId: bigRecordIdParam.optional(),
          kind: z.enum(personalDataKinds).optional(),
          from: instant.optional(),
          to: instant.optional(),
          limit: z.coerce
            .number({ error: 'ожидается число / expected a number' })
            .int('целое число / a whole number')
            .min(1, 'от 1 до 500 / 1 to 500')
            .max(500, 'от 1 до 500 / 1 to 500')
            .default(100),
          offset: z.coerce
            .number({ error: 'ожидается число / expected a number' })
            .int('целое число / a whole number')
            .min(0, 'не меньше 0 / at least 0')
            .max(100_000, 'не больше 100000 / at most 100000')
            .default(0),
        }),
        response: {
          200: z.object({ items: z.array(accessSchema), nextOffset: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listAccess(app.db, request.actor!.municipalityId, {
        subjectUserId: q.subjectUserId,
        actorUserId: q.actorUserId,
        kind: q.kind,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit + 1,
        offset: q.offset,
      });
      return {
        items: rows.slice(0, q.limit).map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          subjectUserId: r.subjectUserId,
          kind: r.kind as (typeof personalDataKinds)[number],
          record: r.record,
          route: r.route,
          ip: r.ip,
        })),
        nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
      };
    },
  );
};
export default auditRoutes;
