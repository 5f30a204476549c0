import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { sendCsv } from '../stats/csv.ts';
import { departmentsCsv, servicesCsv, stagesCsv } from './csv.ts';
import { departmentsResponse, figuresQuery, servicesResponse, stagesQuery, stagesResponse } from './schemas.ts';
import { eserviceStatsDepartments, eserviceStatsServices, eserviceStatsStages } from './service.ts';

const PERIOD =
  'The period is of local days of the municipality (default: the last 90 days, today included). Received: ' +
  'submitted in the period; decided: issued or refused in the period (the decision, not the collection), ' +
  'within the term when decided on or before the due day; open and overdue now: whenever submitted. Days from ' +
  'submission to decision are counted as the regulated term is (dispatch/eservices.ts termDaysUsed): from the day ' +
  'after registration to the day of the decision, pauses for documents excluded, in calendar days and in working ' +
  'days of the Russian production calendar. No applicant is named. format=csv: the same table as CSV (UTF-8 with BOM).';

/** The project office's view of municipal e-services: city hall's municipality, or a department's own. */
const eserviceStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/eservice-stats/services',
    {
      config: { access: { action: 'eservice.stats' } },
      schema: {
        operationId: 'eserviceStatsServices',
        tags: ['eservice-stats'],
        summary: 'Показатели муниципальных услуг по услугам / E-service figures per service',
        description: `Per service in view: received by channel and the online share, decided and the share within the term, open and overdue now, median and 90th-percentile days to decision against the regulated term; the total. ${PERIOD}`,
        querystring: figuresQuery,
        response: { 200: servicesResponse, ...problems },
      },
    },
    async (request, reply) => {
      const result = await eserviceStatsServices(contextOf(request), request.query, languageOf(request));
      if (request.query.format !== 'csv') return result;
      return sendCsv(reply, 'eservices', result.period, servicesCsv(result.items, result.total));
    },
  );

  app.get(
    '/eservice-stats/departments',
    {
      config: { access: { action: 'eservice.stats' } },
      schema: {
        operationId: 'eserviceStatsDepartments',
        tags: ['eservice-stats'],
        summary: 'Показатели муниципальных услуг по подразделениям / E-service figures per department',
        description: `The same figures per department that provides services (its applications), and the total. ${PERIOD}`,
        querystring: figuresQuery,
        response: { 200: departmentsResponse, ...problems },
      },
    },
    async (request, reply) => {
      const result = await eserviceStatsDepartments(contextOf(request), request.query, languageOf(request));
      if (request.query.format !== 'csv') return result;
      return sendCsv(reply, 'eservice-departments', result.period, departmentsCsv(result.items, result.total));
    },
  );

  app.get(
    '/eservice-stats/stages',
    {
      config: { access: { action: 'eservice.stats' } },
      schema: {
        operationId: 'eserviceStatsStages',
        tags: ['eservice-stats'],
        summary: 'Время по этапам муниципальных услуг / Time per stage of e-services',
        description:
          'Every stage of each service in view (or of one, serviceId): of the applications decided in the period, ' +
          'how many went through it, how many spent more working days in it than its own term, and the median and ' +
          '90th percentile of the days spent in it (calendar and working, pauses excluded) — which stage eats the ' +
          `term. ${PERIOD}`,
        querystring: stagesQuery,
        response: { 200: stagesResponse, ...problems },
      },
    },
    async (request, reply) => {
      const result = await eserviceStatsStages(contextOf(request), request.query, languageOf(request));
      if (request.query.format !== 'csv') return result;
      return sendCsv(reply, 'eservice-stages', result.period, stagesCsv(result.items));
    },
  );
};
export default eserviceStatsRoutes;
