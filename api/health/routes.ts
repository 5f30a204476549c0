import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationsCurrent, ping } from '../../db/migrate.ts';
import { problemSchema } from '../errors.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.boolean()).optional(),
});

/** Liveness (the process answers) and readiness (database reachable, migrations current). */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: { public: 'liveness probe: no data' } },
      schema: { operationId: 'health', tags: ['health'], response: { 200: healthSchema, 400: problemSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: { public: 'readiness probe: no data' } },
      schema: {
        operationId: 'ready',
        tags: ['health'],
        response: { 200: healthSchema, 400: problemSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      let database = false;
      let migrations = false;
      try {
        await ping(app.db);
        database = true;
        migrations = await migrationsCurrent(app.db);
      } catch {
        // reported below
      }
      const ok = database && migrations;
      if (!ok) reply.header('retry-after', '5');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, migrations } });
    },
  );
};
export default healthRoutes;
