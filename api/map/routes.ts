import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { mapQuery, mapResponse } from './schemas.ts';
import { appealsInView, CACHED_ZOOM, DEFAULT_CACHE_MS, MAX_POINTS, mapGridCache } from './service.ts';

/** The appeals map: points or clusters in a viewport. `cacheMs` 0 counts every request afresh. */
const mapRoutes: FastifyPluginAsyncZod<{ cacheMs?: number }> = async (app, opts) => {
  const cache = mapGridCache({ cacheMs: opts.cacheMs, clock: app.clock, log: app.log });

  app.get(
    '/map/appeals',
    {
      config: { access: { action: 'appeal.read_public' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'mapAppeals',
        tags: ['map'],
        summary: 'Обращения на карте: точки или кластеры / Appeals on the map: points or clusters',
        description:
          `The appeals in a viewport: one by one when at most ${MAX_POINTS}, otherwise counted per grid cell of 64 screen ` +
          'pixels at the zoom (web mercator; the viewport is widened to whole cells). Public view: public appeals of every ' +
          'municipality, no personal data. view=sla: the open appeals of your municipality with their SLA state. ' +
          `Up to zoom ${CACHED_ZOOM} the counts may be up to ${DEFAULT_CACHE_MS / 1000} s old (asOf); finer zooms are live.`,
        querystring: mapQuery,
        response: { 200: mapResponse, ...problems },
      },
    },
    async (request) => appealsInView(contextOf(request), cache, request.query),
  );
};
export default mapRoutes;
