/**
 * The admin's routes of Open311 clients: list, create (the key answered once), one, revoke with a
 * reason. Problems here are the platform's problem+json; Open311's own format is for /open311 only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { idParam, problems, userText } from '../schemas.ts';
import { createApiClient, listApiClients, revokeApiClient, showApiClient } from './clients.ts';

const tags = ['open311'];
const manage = { action: 'admin.api_clients', record: 'api_client' } as const;

const clientSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    contact: z.string().nullable(),
    keyPrefix: z.string().describe('The key’s first characters, to tell keys apart'),
    requestsPerMinute: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
    revokeReason: z.string().nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    requests: z.number().int().describe('Service requests it filed'),
  })
  .meta({ id: 'ApiClient' });

const createInput = z
  .object({
    name: userText(200, { length: 2, tooShort: messageRef('field.not_empty') }),
    contact: userText(300).nullish(),
    // 1..600 a minute: a call centre's software files a few a minute; 600 is ten a second.
    requestsPerMinute: z
      .number({ error: messageRef('field.expected_number') })
      .int(messageRef('field.whole_number'))
      .min(1, messageRef('field.range', { min: 1, max: 600 }))
      .max(600, messageRef('field.range', { min: 1, max: 600 }))
      .optional()
      .describe('Requests filed per minute before 429; 30 when not given'),
  })
  .meta({ id: 'ApiClientCreate' });

const revokeInput = z
  .object({ reason: userText(500, { length: 3, tooShort: messageRef('field.not_empty') }) })
  .meta({ id: 'ApiClientRevoke' });

const apiClientRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/api-clients',
    {
      config: { access: { action: 'admin.api_clients' } },
      schema: {
        operationId: 'listApiClients',
        tags,
        summary: 'Клиенты Open311 / The municipality’s Open311 clients',
        response: { 200: z.object({ items: z.array(clientSchema) }), ...problems },
      },
    },
    async (request) => listApiClients(contextOf(request)),
  );

  app.post(
    '/admin/api-clients',
    {
      config: { access: { action: 'admin.api_clients' } },
      schema: {
        operationId: 'createApiClient',
        tags,
        summary: 'Новый клиент Open311 / A new Open311 client with its API key',
        description:
          'The key is in this answer only: Otklik keeps its SHA-256, so a lost key is replaced by a new client. ' +
          'The client files under a service account of its own (its appeals are attributed to it).',
        body: createInput,
        response: { 201: z.object({ client: clientSchema, key: z.string() }), ...problems },
      },
    },
    async (request, reply) => {
      const { requestsPerMinute = 30, ...rest } = request.body;
      const created = await createApiClient(contextOf(request), { ...rest, requestsPerMinute });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/admin/api-clients/:id',
    {
      config: { access: manage },
      schema: {
        operationId: 'getApiClient',
        tags,
        summary: 'Клиент Open311 / An Open311 client',
        params: idParam,
        response: { 200: clientSchema, ...problems },
      },
    },
    async (request) => showApiClient(contextOf(request), request.params.id),
  );

  app.post(
    '/admin/api-clients/:id/revoke',
    {
      config: { access: manage },
      schema: {
        operationId: 'revokeApiClient',
        tags,
        summary: 'Отозвать ключ / Revoke the client’s key, with the reason',
        description: 'At once: the next request with the key is refused (403). 409 when it is revoked already.',
        params: idParam,
        body: revokeInput,
        response: { 200: clientSchema, ...problems },
      },
    },
    async (request) => revokeApiClient(contextOf(request), request.params.id, request.body.reason),
  );
};
export default apiClientRoutes;
