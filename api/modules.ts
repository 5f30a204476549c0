import type { FastifyInstance } from 'fastify';
import apartmentRoutes from './apartments/routes.ts';
import readingRoutes from './readings/routes.ts';
import appealActionRoutes from './appeals/action-routes.ts';
import appealRoutes from './appeals/routes.ts';
import boardRoutes from './board/routes.ts';
import queueRoutes from './queue/routes.ts';
import userRoutes, { devOutboxRoutes, personalDataAccessRoutes } from './accounts/user-routes.ts';
// Imported where api/routes/admin-dispatch.ts was: the order schemas are imported in is the order
// of the OpenAPI document's components.
import routingRoutes from './routing/routes.ts';
import slaRoutes from './sla/routes.ts';
import sessionRoutes from './accounts/session-routes.ts';
import buildingRoutes from './buildings/routes.ts';
import categoryRoutes from './categories/routes.ts';
import eserviceRoutes from './eservices/routes.ts';
import hallRoutes from './hall/routes.ts';
import healthRoutes from './health/routes.ts';
import inspectionRoutes from './inspections/routes.ts';
import liveRoutes from './live/routes.ts';
import mapRoutes from './map/routes.ts';
import notificationRoutes from './notifications/routes.ts';
import organisationRoutes from './organisations/routes.ts';
import outageRoutes from './outages/routes.ts';
import passportRoutes from './passports/routes.ts';
import statsRoutes from './stats/routes.ts';
import eserviceStatsRoutes from './eservice-stats/routes.ts';
import appointmentRoutes from './appointments/routes.ts';
import officeRoutes from './offices/routes.ts';
import queueStatsRoutes from './queue-stats/routes.ts';
import discussionRoutes from './discussions/routes.ts';
import proposalRoutes from './proposals/routes.ts';
import protocolRoutes from './protocols/routes.ts';
import identityRoutes from './identity/routes.ts';
import importRoutes from './imports/routes.ts';
import openDataRoutes from './open-data/routes.ts';
import open311Routes from './open311/routes.ts';
import apiClientRoutes from './open311/client-routes.ts';

/**
 * Every module's routes, registered in one place (docs/architecture.md lists the modules). Each
 * route declares who may call it (`config.access`, api/plugins/access.ts); an undeclared route
 * stops the app from starting.
 */
export async function registerModules(app: FastifyInstance, opts: { mapCacheMs?: number }): Promise<void> {
  await app.register(healthRoutes);
  await app.register(sessionRoutes, { prefix: '/api' });
  await app.register(identityRoutes, { prefix: '/api' });
  await app.register(devOutboxRoutes, { prefix: '/api' });
  await app.register(routingRoutes, { prefix: '/api' });
  await app.register(slaRoutes, { prefix: '/api' });
  await app.register(userRoutes, { prefix: '/api' });
  await app.register(categoryRoutes, { prefix: '/api' });
  await app.register(buildingRoutes, { prefix: '/api' });
  await app.register(organisationRoutes, { prefix: '/api' });
  await app.register(appealRoutes, { prefix: '/api' });
  await app.register(appealActionRoutes, { prefix: '/api' });
  await app.register(boardRoutes, { prefix: '/api' });
  await app.register(queueRoutes, { prefix: '/api' });
  await app.register(liveRoutes, { prefix: '/api' });
  await app.register(notificationRoutes, { prefix: '/api' });
  await app.register(apartmentRoutes, { prefix: '/api' });
  await app.register(readingRoutes, { prefix: '/api' });
  await app.register(mapRoutes, { prefix: '/api', cacheMs: opts.mapCacheMs });
  await app.register(statsRoutes, { prefix: '/api' });
  await app.register(eserviceStatsRoutes, { prefix: '/api' });
  await app.register(inspectionRoutes, { prefix: '/api' });
  await app.register(passportRoutes, { prefix: '/api' });
  await app.register(outageRoutes, { prefix: '/api' });
  await app.register(eserviceRoutes, { prefix: '/api' });
  await app.register(hallRoutes, { prefix: '/api' });
  await app.register(appointmentRoutes, { prefix: '/api' });
  await app.register(officeRoutes, { prefix: '/api' });
  await app.register(queueStatsRoutes, { prefix: '/api' });
  await app.register(discussionRoutes, { prefix: '/api' });
  await app.register(proposalRoutes, { prefix: '/api' });
  await app.register(protocolRoutes, { prefix: '/api' });
  await app.register(importRoutes, { prefix: '/api' });
  await app.register(apiClientRoutes, { prefix: '/api' });
  // Open311 GeoReport v2: its own scope, with its own body parser and error format.
  await app.register(open311Routes, { prefix: '/open311' });
  await app.register(personalDataAccessRoutes, { prefix: '/api' });
  await app.register(openDataRoutes, { prefix: '/api' });
}
