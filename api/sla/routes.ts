import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ladder } from '../../dispatch/escalation.ts';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { getEscalationLadder, resetEscalationLadder, setEscalationLadder } from './ladder.ts';
import { deleteSlaPolicy, effectiveSlaPolicies, listSlaPolicies, setSlaPolicy } from './policies.ts';
import {
  effectiveItem,
  keyOf,
  ladderInput,
  ladderSchema,
  policyQuery,
  slaKeyParams,
  slaPolicyInput,
  slaPolicySchema,
} from './schemas.ts';

/**
 * Admin API for the SLA policies and the escalation ladder of the actor's municipality.
 * Dispatchers and city hall may read them (dispatch_config.read). Every change takes effect at
 * once: a policy change queues `sla.refresh`, timers read the ladder at each step.
 */
const slaRoutes: FastifyPluginAsyncZod = async (app) => {
  policyReadRoutes(app);
  policyChangeRoutes(app);
  ladderRoutes(app);
};
export default slaRoutes;

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Reading the SLA policies: dispatchers and city hall too. */
function policyReadRoutes(app: App): void {
  app.get(
    '/admin/sla-policies',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'listSlaPolicies',
        tags: ['admin'],
        summary: 'SLA-политики муниципалитета / The municipality’s own SLA policies',
        description:
          'Only what the municipality set; see /admin/sla-policies/effective for what applies, defaults included.',
        querystring: policyQuery,
        response: { 200: z.object({ items: z.array(slaPolicySchema) }), ...problems },
      },
    },
    async (request) => listSlaPolicies(contextOf(request), { categoryId: request.query.categoryId }),
  );

  app.get(
    '/admin/sla-policies/effective',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'getEffectiveSlaPolicies',
        tags: ['admin'],
        summary: 'Действующие сроки по приоритетам / The SLA targets in force, per priority',
        description:
          "Per priority: the category's own policy (with `categoryId`), else the municipality-wide one, else the built-in default — " +
          'the order in which appeals are given their clocks.',
        querystring: policyQuery,
        response: {
          200: z.object({ categoryId: z.number().int().nullable(), items: z.array(effectiveItem) }),
          ...problems,
        },
      },
    },
    async (request) => effectiveSlaPolicies(contextOf(request), request.query.categoryId ?? null),
  );
}

/** Changing the SLA policies: admins. */
function policyChangeRoutes(app: App): void {
  app.put(
    '/admin/sla-policies/:category/:priority',
    {
      config: { access: { action: 'admin.sla_policies', record: 'category' } },
      schema: {
        operationId: 'putSlaPolicy',
        tags: ['admin'],
        summary: 'Задать SLA-политику / Set the SLA policy for a category (or all) and a priority',
        description:
          'Creates (201) or replaces (200) the policy. Durations are whole minutes, hours or working days (a working day is the ' +
          "calendar's longest weekday; 24 h on 24x7). The open appeals of the municipality get their deadlines recomputed shortly after.",
        params: slaKeyParams,
        body: slaPolicyInput,
        response: { 200: slaPolicySchema, 201: slaPolicySchema, ...problems },
      },
    },
    async (request, reply) => {
      const { policy, created } = await setSlaPolicy(contextOf(request), keyOf(request.params), request.body);
      return reply.code(created ? 201 : 200).send(policy);
    },
  );

  app.delete(
    '/admin/sla-policies/:category/:priority',
    {
      config: { access: { action: 'admin.sla_policies', record: 'category' } },
      schema: {
        operationId: 'deleteSlaPolicy',
        tags: ['admin'],
        summary: 'Удалить SLA-политику / Delete an SLA policy (the next one in order applies)',
        params: slaKeyParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteSlaPolicy(contextOf(request), keyOf(request.params));
      return reply.code(204).send(null);
    },
  );
}

/** The escalation ladder: read by dispatchers and city hall too, set and reset by admins. */
function ladderRoutes(app: App): void {
  app.get(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'getEscalationLadder',
        tags: ['admin'],
        summary: 'Лестница эскалации / The escalation ladder in force',
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => getEscalationLadder(contextOf(request)),
  );

  app.put(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'admin.ladder' } },
      schema: {
        operationId: 'putEscalationLadder',
        tags: ['admin'],
        summary: 'Задать лестницу эскалации / Set the municipality’s escalation ladder',
        description:
          'Every step (50, 75, 100, 200 %) with its actions, [] for none. Used from the next escalation step on.',
        body: ladderInput,
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => {
      const b = request.body;
      const ladder: Ladder = { 50: b['50'], 75: b['75'], 100: b['100'], 200: b['200'] };
      return setEscalationLadder(contextOf(request), ladder);
    },
  );

  app.delete(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'admin.ladder' } },
      schema: {
        operationId: 'resetEscalationLadder',
        tags: ['admin'],
        summary: 'Вернуть лестницу по умолчанию / Reset the escalation ladder to the default',
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => resetEscalationLadder(contextOf(request)),
  );
}
