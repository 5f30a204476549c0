import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';
import type { Boss } from '../jobs/boss.ts';
import type { Config } from './config.ts';
import { frameworkError, registerErrorHandling } from './errors.ts';
import { openapiTransform } from './openapi.ts';
import { ReferenceCache } from './reference.ts';
import auth, { sessionCookieName } from './plugins/auth.ts';
import { registerInputGuard } from './plugins/input-guard.ts';
import securityHeaders from './plugins/security-headers.ts';
import writeLimits from './plugins/write-limits.ts';
import adminRoutes from './routes/admin.ts';
import adminDirectoryRoutes from './routes/admin-directory.ts';
import adminDispatchRoutes from './routes/admin-dispatch.ts';
import appealActionRoutes from './routes/appeal-actions.ts';
import appealRoutes from './routes/appeals.ts';
import authRoutes from './routes/auth.ts';
import auditRoutes from './routes/audit.ts';
import buildingRoutes from './routes/buildings.ts';
import categoryRoutes from './routes/categories.ts';
import dispatchRoutes from './routes/dispatch.ts';
import healthRoutes from './routes/health.ts';
import liveRoutes from './routes/live.ts';
import mapRoutes from './routes/map.ts';
import organisationRoutes from './routes/organisations.ts';
import outageRoutes from './routes/outages.ts';
import statsRoutes from './routes/stats.ts';
import inspectionRoutes from './routes/inspections.ts';
import passportRoutes from './routes/passports.ts';
import live from './live/index.ts';
import type { LiveLimits } from './live/hub.ts';
import notificationRoutes from './routes/notifications.ts';
import readingRoutes from './routes/readings.ts';
import { type WebHandler, webRoutes } from './web.ts';

export type AppDeps = {
  config: Config;
  db: Database;
  boss: Boss;
  /** The one clock of the app; tests set it. */
  clock?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Live-stream limits (tests shorten them). */
  live?: { limits?: Partial<LiveLimits>; sessionCheckMs?: number; feedPollMs?: number };
  /** The map's cached city-scale counts: how old they may get (0: count on every request). */
  map?: { cacheMs?: number };
  /** The built web app, served for every path outside /api; API-only when absent (most tests). */
  web?: { handler: WebHandler };
};

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    boss: Boss;
    clock: () => Date;
    reference: ReferenceCache;
  }
}

export type App = FastifyInstance;

/** TRUST_PROXY lists the proxies allowed to tell the client's address; none by default. */
function trustProxy(setting: string | undefined): false | string[] {
  return setting ? setting.split(',').map((s) => s.trim()) : false;
}

// 1 MB of JSON is plenty for any form; uploads go through multipart with their own limits.
const BODY_LIMIT = 1024 * 1024;

/** Build the HTTP application (the entry point alone calls listen). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxy(deps.config.TRUST_PROXY),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', deps.config);
  app.decorate('db', deps.db);
  app.decorate('boss', deps.boss);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('reference', new ReferenceCache(deps.db));
  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(securityHeaders, { https: deps.config.PUBLIC_URL.startsWith('https://'), web: Boolean(deps.web) });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Otklik API',
        description: 'Обращения граждан и диспетчеризация ЖКХ. City appeals and housing-services dispatch.',
        version: '0.1.0',
      },
      servers: [{ url: deps.config.PUBLIC_URL }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: sessionCookieName(deps.config.PUBLIC_URL.startsWith('https://')),
          },
        },
      },
    },
    transform: openapiTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: 10 * 1024 * 1024, files: 5, fields: 20, fieldSize: 64 * 1024, parts: 30 },
  });
  await app.register(auth, {
    secret: deps.config.SESSION_SECRET,
    secureCookies: deps.config.PUBLIC_URL.startsWith('https://'),
  });
  await app.register(writeLimits, { enabled: deps.config.WRITE_RATE_LIMITS === 'on' });

  // Small client messages only; the server's own messages are bounded per socket (api/live/hub.ts).
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(live, deps.live ?? {});

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(adminRoutes, { prefix: '/api' });
  await app.register(adminDispatchRoutes, { prefix: '/api' });
  await app.register(adminDirectoryRoutes, { prefix: '/api' });
  await app.register(categoryRoutes, { prefix: '/api' });
  await app.register(buildingRoutes, { prefix: '/api' });
  await app.register(organisationRoutes, { prefix: '/api' });
  await app.register(appealRoutes, { prefix: '/api' });
  await app.register(appealActionRoutes, { prefix: '/api' });
  await app.register(dispatchRoutes, { prefix: '/api' });
  await app.register(liveRoutes, { prefix: '/api' });
  await app.register(notificationRoutes, { prefix: '/api' });
  await app.register(readingRoutes, { prefix: '/api' });
  await app.register(mapRoutes, { prefix: '/api', cacheMs: deps.map?.cacheMs });
  await app.register(statsRoutes, { prefix: '/api' });
  await app.register(inspectionRoutes, { prefix: '/api' });
  await app.register(passportRoutes, { prefix: '/api' });
  await app.register(outageRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (deps.web) await app.register(webRoutes, { handler: deps.web.handler });
  return app;
}
