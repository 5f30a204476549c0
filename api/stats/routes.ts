import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CELL_DEGREES } from '../../dispatch/stats.ts';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { figuresCsv, heatmapCsv, leagueCsv, sendCsv } from './csv.ts';
import { breakdownResponse, figuresQuery, heatmapQuery, heatResponse, leagueQuery, leagueResponse } from './schemas.ts';
import { statsFigures, statsHeatmap, statsLeague } from './service.ts';

/** City-hall statistics for the actor's municipality, or for its own organisation. */
const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats/figures',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsFigures',
        tags: ['stats'],
        summary:
          'Показатели по организациям, районам, категориям или неделям / Figures by organisation, district, category or week',
        description:
          'Appeals received in the period (Moscow days, default the last 12 weeks) grouped one way, with SLA compliance, ' +
          'median and 90th-percentile times to accept and to resolve (from fixed-bucket histograms), overdue now ' +
          '(open and past a deadline now, whichever period they were received in), ' +
          'reopen rate, and the total. by=week is the trend series (every week of the period, empty ones too). ' +
          'format=csv: the same table as CSV (UTF-8 with BOM).',
        querystring: figuresQuery,
        response: { 200: breakdownResponse, ...problems },
      },
    },
    async (request, reply) => {
      const figures = await statsFigures(contextOf(request), request.query);
      if (request.query.format !== 'csv') return figures;
      const csv = figuresCsv(figures.by, figures.items, figures.total);
      return sendCsv(reply, `stats-${figures.by}`, figures.period, csv);
    },
  );

  app.get(
    '/stats/league',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsLeague',
        tags: ['stats'],
        summary: 'Рейтинг управляющих компаний / League table of management companies',
        description:
          'Every management company of the municipality ranked by the lower bound of the Wilson score interval (95 %) of ' +
          'its SLA compliance over the period, so that 1 of 1 on time ranks below 95 of 100 (then the share, fewer ' +
          'breaches, more appeals); `decided` is the volume the bound rests on; companies with nothing decided yet come ' +
          'last. An organisation sees only its own row, with its rank.',
        querystring: leagueQuery,
        response: { 200: leagueResponse, ...problems },
      },
    },
    async (request, reply) => {
      const league = await statsLeague(contextOf(request), request.query);
      if (request.query.format !== 'csv') return league;
      return sendCsv(reply, 'league', league.period, leagueCsv(league.items));
    },
  );

  app.get(
    '/stats/heatmap',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsHeatmap',
        tags: ['stats'],
        summary: 'Тепловая карта обращений / Heat map: appeals per grid cell',
        description:
          `Appeals received in the period per grid cell of ${CELL_DEGREES.lon}° longitude × ${CELL_DEGREES.lat}° latitude ` +
          '(about 630 × 555 m in Kazan), or of cells `cell` times larger; the busiest first.',
        querystring: heatmapQuery,
        response: { 200: heatResponse, ...problems },
      },
    },
    async (request, reply) => {
      const heatmap = await statsHeatmap(contextOf(request), request.query);
      if (request.query.format !== 'csv') return heatmap;
      return sendCsv(reply, 'heatmap', heatmap.period, heatmapCsv(heatmap.items));
    },
  );
};
export default statsRoutes;
