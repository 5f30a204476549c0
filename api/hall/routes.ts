import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { consoleRoutes } from './console-routes.ts';
import { kioskRoutes } from './kiosk-routes.ts';

/** The hall of an office (issue 16): arrival at the kiosk or the desk, the hall display, the operator's console. */
const hallRoutes: FastifyPluginAsyncZod = async (app) => {
  kioskRoutes(app);
  consoleRoutes(app);
};

export default hallRoutes;
