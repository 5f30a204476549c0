import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDevOutbox } from '../../db/queries/outbox.ts';
import { notificationChannels } from '../../db/schema/index.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import { Forbidden } from '../errors.ts';
import { bigRecordIdParam, problems } from '../schemas.ts';

const devOutboxItemSchema = z
  .object({
    id: z.number().int(),
    municipalityId: z.number().int(),
    userId: z.number().int().nullable(),
    channel: z.enum(notificationChannels),
    destination: z.string(),
    template: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'DevOutboxMessage' });

/** Administration pages. */
const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/dev-outbox',
    {
      config: { access: { action: 'outbox.read_dev' } },
      schema: {
        operationId: 'listDevOutbox',
        tags: ['admin'],
        summary:
          'Неотправленные сообщения (нет SMS/e-mail шлюза), в т. ч. коды входа / Messages kept without a gateway, sign-in codes included',
        description: 'Newest first. Page on with `before` = the `nextBefore` of the previous page.',
        querystring: z.object({
          limit: z.coerce
            .number({ error: 'ожидается число / expected a number' })
            .int('целое число / a whole number')
            .min(1, 'от 1 до 100 / 1 to 100')
            .max(100, 'от 1 до 100 / 1 to 100')
            .default(20),
          before: bigRecordIdParam.optional().describe('Show messages older than this id'),
        }),
        response: {
          200: z.object({ items: z.array(devOutboxItemSchema), nextBefore: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const scope = scopeOf(actor, 'outbox.read_dev');
      if (scope !== 'all' && scope !== 'municipality') throw new Forbidden();
      const { limit, before } = request.query;
      const rows = await listDevOutbox(app.db, {
        municipalityId: scope === 'all' ? null : actor.municipalityId,
        limit: limit + 1,
        before,
      });
      const items = rows.slice(0, limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
      return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
    },
  );
};
export default adminRoutes;
