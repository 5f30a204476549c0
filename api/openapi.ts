import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** What a handler may read as its body by itself. */
type BodyMediaType = 'application/json' | 'multipart/form-data' | 'text/csv';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The body a handler reads and validates itself, by media type: JSON parsed after access is checked,
     * a multipart form with its files, a CSV. For the OpenAPI document only: fastify never validates it,
     * so declaring it changes nothing the route accepts or answers.
     */
    documentedBody?: Partial<Record<BodyMediaType, z.ZodType>>;
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

/**
 * The OpenAPI transform: fastify-type-provider-zod's, with problems under their own media type, then a
 * route's `documentedBody` as the content of its request body, beside the JSON that the route's own
 * `body` schema validates, if it has one.
 */
export const openapiTransform: typeof jsonSchemaTransform = (route) => {
  const { documentedBody, ...schema } = route.schema;
  const zodTransformed = jsonSchemaTransform({ ...route, schema });
  const transformed = {
    ...zodTransformed,
    schema: { ...zodTransformed.schema, response: problemResponses(zodTransformed.schema.response) },
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
