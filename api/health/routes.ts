import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationsCurrent, ping } from '../../db/migrate.ts';
import { HttpProblem, problemSchema } from '../errors.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.boolean()).optional(),
});

const probeMethods = 'GET, HEAD';

/** Liveness (the process answers) and readiness (database reachable, migrations current). */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  // Any other method is refused as a problem (405 with Allow) before the web app's catch-all, which
  // would answer a POST in plain text, and before any body is read (a form would be a 415 otherwise).
  const refuse = async (request: FastifyRequest) => {
    throw new HttpProblem(
      405,
      'method-not-allowed',
      { id: 'method.not_allowed', params: { method: request.method, allowed: probeMethods } },
      { headers: { allow: probeMethods } },
    );
  };
  for (const url of ['/healthz', '/readyz']) {
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      schema: { hide: true },
      config: { access: { public: 'a probe takes GET only: the refusal carries no data' } },
      onRequest: refuse,
      handler: refuse,
    });
  }

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
