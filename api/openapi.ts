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

/**
 * The OpenAPI transform: fastify-type-provider-zod's, then a route's `documentedBody` as the content of
 * its request body, beside the JSON that the route's own `body` schema validates, if it has one.
 */
export const openapiTransform: typeof jsonSchemaTransform = (route) => {
  const { documentedBody, ...schema } = route.schema;
  const transformed = jsonSchemaTransform({ ...route, schema });
  if (!documentedBody || transformed.schema.hide) return transformed;
  const jsonSchemaOf = (body: z.ZodType) => jsonSchemaTransform({ ...route, schema: { body } }).schema.body;
  const content: Record<string, { schema: unknown }> = {};
  if (transformed.schema.body) content['application/json'] = { schema: transformed.schema.body };
  for (const [mediaType, body] of Object.entries(documentedBody)) {
    if (body) content[mediaType] = { schema: jsonSchemaOf(body) };
  }
  return { ...transformed, schema: { ...transformed.schema, body: { content } } };
};
