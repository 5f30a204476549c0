import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { permissionTable } from '../dispatch/permissions.ts';
import type { RouteAccess } from './plugins/access.ts';

/** What a handler may read as its body by itself. */
type BodyMediaType = 'application/json' | 'multipart/form-data' | 'text/csv' | 'application/x-www-form-urlencoded';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The body a handler reads and validates itself, by media type: JSON parsed after access is checked,
     * a multipart form with its files, a CSV. For the OpenAPI document only: fastify never validates it,
     * so declaring it changes nothing the route accepts or answers.
     */
    documentedBody?: Partial<Record<BodyMediaType, z.ZodType>>;
    /**
     * Every answer (errors too) is also served as text/xml, chosen by the URL (Open311's `.xml`): the
     * document gives each response under both media types, with the schema's `xml` names.
     */
    alsoXml?: true;
  }
}

/** The media type of every error the API answers (api/errors.ts), RFC 9457. */
export const problemMediaType = 'application/problem+json';

/**
 * A route's responses as @fastify/swagger reads them, a problem (the Problem schema or one built on
 * it, named `…Problem`) under application/problem+json, as it is sent, instead of the default
 * application/json.
 */
function problemResponses(response: unknown): unknown {
  if (!response || typeof response !== 'object') return response;
  return Object.fromEntries(
    Object.entries(response as Record<string, { $ref?: unknown }>).map(([status, json]) =>
      typeof json.$ref === 'string' && /\/\w*Problem$/.test(json.$ref)
        ? [status, { content: { [problemMediaType]: { schema: json } } }]
        : [status, json],
    ),
  );
}

/** Each response under application/json and text/xml alike (api/open311/format.ts writes the XML). */
function withXml(response: unknown, alsoXml: boolean): unknown {
  if (!alsoXml || !response || typeof response !== 'object') return response;
  return Object.fromEntries(
    Object.entries(response as Record<string, Record<string, unknown>>).map(([status, schema]) => {
      const { description, ...json } = schema;
      const content = { 'application/json': { schema: json }, 'text/xml': { schema: json } };
      return [status, { ...(typeof description === 'string' ? { description } : {}), content }];
    }),
  );
}

/**
 * A route with a public cache (`config.cache`, api/plugins/caching.ts) answers 304 without a body to an
 * `If-None-Match` that names its ETag (or `*`): declared, so that a client or a schema checker expects it.
 */
function withNotModified(response: unknown, cached: boolean): unknown {
  if (!cached || !response || typeof response !== 'object') return response;
  const notModified = {
    type: 'null',
    description: 'Не изменилось с указанного ETag (If-None-Match). Not modified since the ETag given in If-None-Match.',
  };
  return { ...response, 304: notModified };
}

/** The document's security schemes: the session cookie, and the CSRF token every write made with it carries. */
export const securitySchemes = (cookieName: string) => ({
  session: { type: 'apiKey' as const, in: 'cookie', name: cookieName },
  csrf: {
    type: 'apiKey' as const,
    in: 'header',
    name: 'X-CSRF-Token',
    description:
      'Токен из ответа на вход (и GET /api/auth/session): обязателен на каждой записи с сессионной cookie. ' +
      'The token of the sign-in answer (and GET /api/auth/session): required on every write made with the session cookie.',
  },
});

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An operation's `security`, from the route's declared access (`config.access`, api/plugins/access.ts) and
 * the permission table: the session (with the CSRF token on a write) when only a signed-in person may call
 * it, else the session as an option (`{}` first: anonymous visitors are let in too, and a session sent on a
 * write still needs its CSRF token).
 */
export function securityOf(access: RouteAccess | undefined, method: string): Record<string, string[]>[] {
  const signedIn: Record<string, string[]> = safeMethods.has(method.toUpperCase())
    ? { session: [] }
    : { session: [], csrf: [] };
  const anonymousLetIn =
    !access ||
    'public' in access ||
    permissionTable[access.action].anonymous !== undefined ||
    access.anonymousNotFound === true;
  return anonymousLetIn ? [{}, signedIn] : [signedIn];
}

/**
 * The OpenAPI transform: fastify-type-provider-zod's, with problems under their own media type and the
 * operation's `security` derived from its declared access, then a
 * route's `documentedBody` as the content of its request body, beside the JSON that the route's own
 * `body` schema validates, if it has one.
 */
export const openapiTransform: typeof jsonSchemaTransform = (route) => {
  const { documentedBody, alsoXml, ...schema } = route.schema;
  const zodTransformed = jsonSchemaTransform({ ...route, schema });
  const method = Array.isArray(route.route.method) ? route.route.method[0] : route.route.method;
  const transformed = {
    ...zodTransformed,
    schema: {
      ...zodTransformed.schema,
      response: withNotModified(
        withXml(problemResponses(zodTransformed.schema.response), alsoXml === true),
        route.route.config?.cache !== undefined,
      ),
      security: securityOf(route.route.config?.access, method),
    },
  };
  if (!documentedBody || transformed.schema.hide) return transformed;
  const jsonSchemaOf = (body: z.ZodType) => jsonSchemaTransform({ ...route, schema: { body } }).schema.body;
  const content: Record<string, { schema: unknown }> = {};
  if (transformed.schema.body) content['application/json'] = { schema: transformed.schema.body };
  for (const [mediaType, body] of Object.entries(documentedBody)) {
    if (body) content[mediaType] = { schema: jsonSchemaOf(body) };
  }
  return { ...transformed, schema: { ...transformed.schema, body: { content } } };
};
