import type { FastifyInstance } from 'fastify';
import adminRoutes from './routes/admin.ts';
import adminDirectoryRoutes from './routes/admin-directory.ts';
import adminDispatchRoutes from './routes/admin-dispatch.ts';
import appealActionRoutes from './routes/appeal-actions.ts';
import appealRoutes from './routes/appeals.ts';
import auditRoutes from './routes/audit.ts';
import authRoutes from './routes/auth.ts';
import buildingRoutes from './buildings/routes.ts';
import categoryRoutes from './categories/routes.ts';
import dispatchRoutes from './routes/dispatch.ts';
import healthRoutes from './routes/health.ts';
import inspectionRoutes from './routes/inspections.ts';
import liveRoutes from './routes/live.ts';
import mapRoutes from './routes/map.ts';
import notificationRoutes from './routes/notifications.ts';
import organisationRoutes from './organisations/routes.ts';
import outageRoutes from './routes/outages.ts';
import passportRoutes from './routes/passports.ts';
import readingRoutes from './routes/readings.ts';
import statsRoutes from './routes/stats.ts';

/**
 * Every module's routes, registered in one place (docs/architecture.md lists the modules). Each
 * route declares who may call it (`config.access`, api/plugins/access.ts); an undeclared route
 * stops the app from starting.
 */
export async function registerModules(app: FastifyInstance, opts: { mapCacheMs?: number }): Promise<void> {
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
  await app.register(mapRoutes, { prefix: '/api', cacheMs: opts.mapCacheMs });
  await app.register(statsRoutes, { prefix: '/api' });
  await app.register(inspectionRoutes, { prefix: '/api' });
  await app.register(passportRoutes, { prefix: '/api' });
  await app.register(outageRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api' });
}
