import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationRoutes } from './application-routes.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import { workRoutes } from './work-routes.ts';

/** Municipal e-services (issue 15): the catalogue, applications, the department's work, inter-agency requests. */
const eserviceRoutes: FastifyPluginAsyncZod = async (app) => {
  catalogueRoutes(app);
  applicationRoutes(app);
  workRoutes(app);
};

export default eserviceRoutes;
