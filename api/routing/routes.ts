import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { idParam, problems } from '../schemas.ts';
import {
  createRoutingRule,
  deleteRoutingRule,
  getRoutingRule,
  listRoutingRules,
  updateRoutingRule,
} from './routing-rules.ts';
import { ruleInput, rulePatch, ruleQuery, ruleSchema } from './schemas.ts';

/**
 * Admin API for the routing rules of the actor's municipality; dispatchers and city hall may read
 * them (dispatch_config.read). The routing of appeals itself is a timer's work
 * (api/routing/route-appeal.ts, run by jobs/route-appeal.ts).
 */
const routingRoutes: FastifyPluginAsyncZod = async (app) => {
  ruleReadRoutes(app);
  ruleChangeRoutes(app);
};
export default routingRoutes;

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Reading the rules: dispatchers and city hall too. */
function ruleReadRoutes(app: App): void {
  app.get(
    '/admin/routing-rules',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'listRoutingRules',
        tags: ['admin'],
        summary: 'Правила маршрутизации / Routing rules, the strongest first',
        querystring: ruleQuery,
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...problems },
      },
    },
    async (request) => {
      const { active, categoryId, group } = request.query;
      return listRoutingRules(contextOf(request), {
        active: active === undefined ? undefined : active === 'true',
        categoryId,
        group,
      });
    },
  );

  app.get(
    '/admin/routing-rules/:id',
    {
      config: { access: { action: 'dispatch_config.read', record: 'rule' } },
      schema: {
        operationId: 'getRoutingRule',
        tags: ['admin'],
        summary: 'Правило маршрутизации / A routing rule',
        params: idParam,
        response: { 200: ruleSchema, ...problems },
      },
    },
    async (request) => getRoutingRule(contextOf(request), request.params.id),
  );
}

/** Changing the rules: admins. */
function ruleChangeRoutes(app: App): void {
  app.post(
    '/admin/routing-rules',
    {
      config: { access: { action: 'admin.routing_rules' } },
      schema: {
        operationId: 'createRoutingRule',
        tags: ['admin'],
        summary: 'Создать правило маршрутизации / Create a routing rule',
        description:
          'A rule sends matching new appeals to `targetOrgId` instead of the default. A null criterion matches anything; ' +
          'give a category or a group (not both), and at least one criterion. Used by the next appeal routed.',
        body: ruleInput,
        response: { 201: ruleSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await createRoutingRule(contextOf(request), request.body)),
  );

  app.patch(
    '/admin/routing-rules/:id',
    {
      config: { access: { action: 'admin.routing_rules', record: 'rule' } },
      schema: {
        operationId: 'updateRoutingRule',
        tags: ['admin'],
        summary: 'Изменить или отключить правило / Update or deactivate a routing rule',
        description:
          'Only the fields given change; `{"active": false}` deactivates the rule. Used by the next appeal routed.',
        params: idParam,
        body: rulePatch,
        response: { 200: ruleSchema, ...problems },
      },
    },
    async (request) => updateRoutingRule(contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/admin/routing-rules/:id',
    {
      config: { access: { action: 'admin.routing_rules', record: 'rule' } },
      schema: {
        operationId: 'deleteRoutingRule',
        tags: ['admin'],
        summary: 'Удалить правило / Delete a routing rule',
        description:
          'Appeals already routed by it keep their organisation (their history names the rule id). Deactivating keeps the rule for reference.',
        params: idParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteRoutingRule(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
