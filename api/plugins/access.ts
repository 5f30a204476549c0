import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { type Action, scopeOf } from '../../dispatch/permissions.ts';
import { Forbidden, Unauthorized } from '../errors.ts';

/** The kinds of record a route's path names (the access matrix builds one of each per variant). */
export type RecordKind =
  | 'appeal'
  | 'link'
  | 'building'
  | 'apartment'
  | 'meter'
  | 'outage'
  | 'inspection'
  | 'document'
  | 'organisation'
  | 'category'
  | 'user'
  | 'rule'
  | 'eservice'
  | 'application'
  | 'interagency'
  // The electronic queue (issue 16)
  | 'office'
  | 'point'
  | 'appointment_service'
  | 'appointment'
  | 'ticket'
  // Public discussions (issue 17)
  | 'discussion'
  | 'discussion_document'
  | 'proposal'
  // Interoperability (issue 18)
  | 'api_client'
  | 'import_run';

/**
 * Who may call a route, declared once on the route (`config.access`): the permission action of
 * dispatch/permissions.ts that guards it, or why it is public. The hook below enforces the
 * role's part of it before the handler runs; the record's part (whose appeal, which company's
 * building) is checked by the service with `can()` once the record is loaded. The access matrix
 * (tests/access) reads these declarations from the app.
 */
export type RouteAccess =
  | { public: string }
  | {
      action: Action;
      /** The record named by the path; absent for collections and one's own things. */
      record?: RecordKind;
      /** Anonymous visitors get 404 instead of 401: the route falls back to a public view, so a
       * record they may not see must not differ from one that does not exist. */
      anonymousNotFound?: true;
      /** The record is seen under this action (e.g. public outages): refusing a change to a record
       * one can see is 403, since its existence is no secret; a record one cannot see is 404. */
      visibleTo?: Action;
      /** The route looks the record up before asking about the action, so a role that may never
       * do the action still gets 404 for a record it cannot see. */
      visibilityFirst?: true;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route's access declaration by `METHOD /path/{param}` (the OpenAPI spelling). */
    routeAccess: Map<string, RouteAccess>;
  }
}

/** Routes a plugin registers that serve no data: the interactive API docs. */
const undeclared = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/** `/api/appeals/:id` → `/api/appeals/{id}`, as the OpenAPI document names it. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** The role's part of a declaration: may this actor ever do this to a record of this kind? */
export function enforceRouteAccess(request: FastifyRequest, access: RouteAccess): void {
  if ('public' in access) return;
  const actor = request.actor;
  if (scopeOf(actor, access.action)) return;
  if (!access.record) throw actor ? new Forbidden() : new Unauthorized();
  if (!actor) {
    if (access.anonymousNotFound) return;
    throw new Unauthorized();
  }
  if (!access.visibilityFirst) throw new Forbidden();
}

/**
 * Registered before any route: a route without a declaration stops the app from starting, and
 * every request is checked against its route's declaration before its handler runs.
 */
export function registerRouteAccess(app: FastifyInstance): void {
  const table = new Map<string, RouteAccess>();
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (undeclared(route.url)) return;
    const access = route.config?.access;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (!access) {
      throw new Error(`${methods.join(',')} ${route.url}: no access declaration (config.access) on the route`);
    }
    for (const method of methods) table.set(`${method} ${openApiPath(route.url)}`, access);
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (access) enforceRouteAccess(request, access);
  });
}
