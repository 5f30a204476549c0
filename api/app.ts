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
import type { Boss } from '../jobs/queues.ts';
import type { Config } from './config.ts';
import { clientErrorHandler, frameworkError, registerErrorHandling } from './errors.ts';
import { openapiTransform, securitySchemes } from './openapi.ts';
import { ReferenceCache } from './reference.ts';
import auth, { sessionCookieName } from './plugins/auth.ts';
import { registerRouteAccess } from './plugins/access.ts';
import { registerBodyDeadline } from './plugins/body-deadline.ts';
import { registerInputGuard } from './plugins/input-guard.ts';
import caching from './plugins/caching.ts';
import securityHeaders, { apiSecurityHeaders } from './plugins/security-headers.ts';
import writeLimits from './plugins/write-limits.ts';
import live from './live/index.ts';
import type { LiveLimits } from './live/hub.ts';
import { onSocketError } from './live/socket-errors.ts';
import { registerModules } from './modules.ts';
import type { Terminal } from './terminal.ts';
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
  /** Where lines for the person running the platform go (dev-mode sign-in codes); none when absent. */
  terminal?: Terminal;
};

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    boss: Boss;
    clock: () => Date;
    reference: ReferenceCache;
    terminal: Terminal;
  }
}

export type App = FastifyInstance;

/** TRUST_PROXY lists the proxies allowed to tell the client's address; none by default. */
function trustProxy(setting: string | undefined): false | string[] {
  return setting ? setting.split(',').map((s) => s.trim()) : false;
}

// 1 MB of JSON is plenty for any form; uploads go through multipart with their own limits.
const BODY_LIMIT = 1024 * 1024;

/** Fastify's own options: the server, its parser's refusals and its bounds. */
function serverOptions(deps: AppDeps, https: boolean) {
  return {
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxy(deps.config.TRUST_PROXY),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkError,
    clientErrorHandler: clientErrorHandler(apiSecurityHeaders(https)),
    // Node's own bound on a whole request, a backstop behind the per-class body bounds below (Fastify
    // turns it off by default). Node checks it every 30 s, so those bounds do the real work.
    requestTimeout: Math.max(deps.config.UPLOAD_TIMEOUT_MS, deps.config.BODY_TIMEOUT_MS) + 60_000,
  };
}

/** Build the HTTP application (the entry point alone calls listen). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const https = deps.config.PUBLIC_URL.startsWith('https://');
  const app = Fastify(serverOptions(deps, https)).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', deps.config);
  app.decorate('db', deps.db);
  app.decorate('boss', deps.boss);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('reference', new ReferenceCache(deps.db));
  app.decorate('terminal', deps.terminal ?? (() => {}));
  registerErrorHandling(app);
  registerBodyDeadline(app, {
    json: { deadlineMs: deps.config.BODY_TIMEOUT_MS, idleMs: deps.config.BODY_IDLE_TIMEOUT_MS },
    upload: { deadlineMs: deps.config.UPLOAD_TIMEOUT_MS, idleMs: deps.config.UPLOAD_IDLE_TIMEOUT_MS },
  });
  registerInputGuard(app);
  registerRouteAccess(app);
  await app.register(securityHeaders, { https, web: Boolean(deps.web) });

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
        securitySchemes: securitySchemes(sessionCookieName(https)),
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
  await app.register(caching, { web: Boolean(deps.web) });

  // Small client messages only; the server's own messages are bounded per socket (api/live/hub.ts).
  // A client's bad frame is logged as its mistake, not as a server error (api/live/socket-errors.ts).
  await app.register(websocket, { options: { maxPayload: 4096 }, errorHandler: onSocketError });
  await app.register(live, deps.live ?? {});

  await registerModules(app, { mapCacheMs: deps.map?.cacheMs });

  app.get(
    '/api/openapi.json',
    { schema: { hide: true }, config: { access: { public: 'the API contract itself' }, cache: { maxAge: 0 } } },
    async () => app.swagger(),
  );
  if (deps.web) await app.register(webRoutes, { handler: deps.web.handler });
  return app;
}
