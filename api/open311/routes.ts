/**
 * Open311 GeoReport v2 at /open311/v2 (wiki.open311.org/GeoReport_v2): discovery, services, a
 * service's definition, filing and reading service requests, tokens. Each URL ends in .json or
 * .xml, and so does every answer, errors included: the scope has its own error and not-found
 * handlers, and takes form-encoded bodies only (415 for anything else).
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { registerOpen311Errors } from './errors.ts';
import { fileOpen311Request } from './file-request.ts';
import { sendAs } from './format.ts';
import { oneRequest, requestOfToken, searchRequests } from './read-requests.ts';
import {
  apiKeyQuery,
  discoverySchema,
  errorsSchema,
  filedSchema,
  formatParams,
  jurisdictionQuery,
  open311Errors,
  postForm,
  requestParams,
  requestsQuery,
  serviceDefinitionSchema,
  serviceParams,
  serviceRequestsSchema,
  servicesSchema,
  tokenParams,
  tokensSchema,
} from './schemas.ts';
import { discovery, jurisdictionOf, listServices, serviceDefinition } from './services.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const tags = ['open311'];
const openly = 'Open311 GeoReport v2: the city’s open API (a POST checks its api_key itself)';
// A form of a report: its fields are short; 64 KB leaves room for any client's extras.
const FORM_LIMIT = 64 * 1024;

const open311Routes: FastifyPluginAsyncZod = async (app) => {
  // Form-encoded bodies only, as the spec says: JSON, multipart or anything else is 415 here.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: FORM_LIMIT });
  registerOpen311Errors(app);
  referenceRoutes(app);
  filingRoute(app);
  requestRoutes(app);
};
export default open311Routes;

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, messageRef('appeal.field.idempotency_key_format'))
    .optional()
    .describe('Optional: a retry with the same key answers the request the first one filed'),
});

function referenceRoutes(app: App) {
  app.get(
    '/v2/discovery.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 300 } },
      schema: {
        operationId: 'open311Discovery',
        tags,
        summary: 'Discovery: the endpoints, formats and where to get a key',
        params: formatParams,
        alsoXml: true,
        response: { 200: discoverySchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const body = discovery({
        publicUrl: app.config.PUBLIC_URL,
        contact: app.config.SMTP_FROM,
        lang: languageOf(request),
      });
      return sendAs(reply, request.params.format, 'discovery', body);
    },
  );

  app.get(
    '/v2/services.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'open311Services',
        tags,
        summary: 'Services: the categories an appeal may be filed in',
        params: formatParams,
        querystring: jurisdictionQuery,
        alsoXml: true,
        response: { 200: servicesSchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const jurisdiction = await jurisdictionOf(ctx, request.query.jurisdiction_id);
      const services = await listServices(ctx, jurisdiction, languageOf(request));
      return sendAs(reply, request.params.format, 'services', services);
    },
  );

  app.get(
    '/v2/services/:service_code.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'open311ServiceDefinition',
        tags,
        summary: 'A service’s definition: the attributes it asks for (entrance, apartment)',
        params: serviceParams,
        querystring: jurisdictionQuery,
        alsoXml: true,
        response: { 200: serviceDefinitionSchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const jurisdiction = await jurisdictionOf(ctx, request.query.jurisdiction_id);
      const definition = await serviceDefinition(ctx, jurisdiction, request.params.service_code, languageOf(request));
      return sendAs(reply, request.params.format, 'serviceDefinition', definition);
    },
  );
}

function filingRoute(app: App) {
  app.post(
    '/v2/requests.:format',
    {
      config: { access: { public: openly } },
      schema: {
        operationId: 'open311CreateRequest',
        tags,
        summary: 'File a service request (an appeal) with the client’s api_key',
        description:
          'Body: application/x-www-form-urlencoded. Required: api_key, service_code, description, and lat+long, ' +
          'address_string or address_id; jurisdiction_id when the server serves several municipalities. ' +
          '`attribute[entrance]`, `attribute[apartment]` where the service asks for them. Answers the appeal’s ' +
          'number and a token at once (the request is filed synchronously). 403: no, unknown or revoked key; ' +
          '429: the client’s rate per minute is spent (Retry-After).',
        params: formatParams,
        querystring: apiKeyQuery,
        headers: idempotencyHeader,
        documentedBody: { 'application/x-www-form-urlencoded': postForm },
        alsoXml: true,
        response: {
          200: filedSchema,
          ...open311Errors,
          403: errorsSchema,
          409: errorsSchema,
          413: errorsSchema,
          415: errorsSchema,
          429: errorsSchema,
        },
      },
    },
    async (request, reply) => {
      const lang = languageOf(request);
      const { answer, replayed } = await fileOpen311Request(
        contextOf(request),
        {
          body: request.body,
          apiKeyInQuery: request.query.api_key,
          idempotencyKey: request.headers['idempotency-key'],
        },
        { lang, reference: app.reference },
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return sendAs(reply, request.params.format, 'requests', answer);
    },
  );
}

function requestRoutes(app: App) {
  const view = (lang: ReturnType<typeof languageOf>) => ({ lang, publicUrl: app.config.PUBLIC_URL });

  app.get(
    '/v2/requests.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'open311Requests',
        tags,
        summary: 'Public service requests: the last 90 days by default, at most 1,000, newest first',
        params: formatParams,
        querystring: requestsQuery,
        alsoXml: true,
        response: { 200: serviceRequestsSchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const jurisdiction = await jurisdictionOf(ctx, request.query.jurisdiction_id);
      const rows = await searchRequests(ctx, jurisdiction, request.query, view(languageOf(request)));
      return sendAs(reply, request.params.format, 'requests', rows);
    },
  );

  app.get(
    '/v2/requests/:service_request_id.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'open311Request',
        tags,
        summary: 'One public service request by its number',
        params: requestParams,
        querystring: jurisdictionQuery,
        alsoXml: true,
        response: { 200: serviceRequestsSchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const jurisdiction = await jurisdictionOf(ctx, request.query.jurisdiction_id);
      const rows = await oneRequest(ctx, jurisdiction, request.params.service_request_id, view(languageOf(request)));
      return sendAs(reply, request.params.format, 'requests', rows);
    },
  );

  app.get(
    '/v2/tokens/:token.:format',
    {
      config: { access: { public: openly }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'open311Token',
        tags,
        summary: 'The service request a POST’s token stands for',
        params: tokenParams,
        querystring: jurisdictionQuery,
        alsoXml: true,
        response: { 200: tokensSchema, ...open311Errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const jurisdiction = await jurisdictionOf(ctx, request.query.jurisdiction_id);
      const rows = await requestOfToken(ctx, jurisdiction, request.params.token);
      return sendAs(reply, request.params.format, 'requests', rows);
    },
  );
}
