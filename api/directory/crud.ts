import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import type { Action } from '../../dispatch/permissions.ts';
import { type Context, contextOf } from '../context.ts';
import type { RecordKind } from '../plugins/access.ts';
import { idParam, problems } from '../schemas.ts';

/** The Fastify instance a route plugin with the zod type provider gets. */
export type App = Parameters<FastifyPluginAsyncZod>[0];

/** The paging of every directory list: `limit` rows from `offset`. */
export const pageQuery = {
  limit: z.coerce
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(1, messageRef('field.range', { min: 1, max: 100 }))
    .max(100, messageRef('field.range', { min: 1, max: 100 }))
    .default(50),
  offset: z.coerce
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(0, messageRef('field.at_least', { min: 0 }))
    .max(100_000, messageRef('field.at_most', { max: 100_000 }))
    .default(0),
};
export type Page = { limit: number; offset: number };

/** Read `limit + 1` rows; answer `limit` of them and where the next page starts. */
export const paged = <T>(rows: T[], p: Page) => ({
  items: rows.slice(0, p.limit),
  nextOffset: rows.length > p.limit ? p.offset + p.limit : null,
});
export const pageOut = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextOffset: z.number().int().nullable().describe('`offset` of the next page; null on the last one'),
  });

type Described = { operationId: string; summary: string; description?: string };

/**
 * A record type of the directory: its schemas and the service functions behind its four routes.
 * `list` gets the page it should read one row past (`limit + 1`) so the helper can tell whether
 * another page follows.
 */
export type DirectoryResource<
  Item extends z.ZodType,
  Filter extends z.ZodRawShape,
  Input extends z.ZodType,
  Patch extends z.ZodType,
> = {
  /** The collection's path, e.g. `/admin/organisations`; a record is `<path>/:id`. */
  path: string;
  action: Action;
  record: RecordKind;
  /** The record as answered (with its component id). */
  item: Item;
  list: Described & {
    filter: Filter;
    run: (ctx: Context, query: z.output<z.ZodObject<Filter>> & Page) => Promise<z.output<Item>[]>;
  };
  get: Described & { run: (ctx: Context, id: number) => Promise<z.output<Item>> };
  create: Described & { body: Input; run: (ctx: Context, input: z.output<Input>) => Promise<z.output<Item>> };
  patch: Described & {
    body: Patch;
    run: (ctx: Context, id: number, patch: z.output<Patch>) => Promise<z.output<Item>>;
    /** After the change committed, e.g. forget this process's cached reference data. */
    after?: (app: App) => void;
  };
};

/**
 * The list (search and paging), get, create and patch routes of one record type of the directory,
 * each a thin adapter over the resource's service functions. Each route keeps its own operationId,
 * summary and access declaration (the action, and the record kind on `/:id`).
 */
export function directoryResource<
  Item extends z.ZodType,
  Filter extends z.ZodRawShape,
  Input extends z.ZodType,
  Patch extends z.ZodType,
>(app: App, r: DirectoryResource<Item, Filter, Input, Patch>): void {
  // Widened to ZodType: fastify cannot resolve a generic schema's types, the services' signatures check them.
  const item: z.ZodType = r.item;
  const createBody: z.ZodType = r.create.body;
  const patchBody: z.ZodType = r.patch.body;
  const collection = { access: { action: r.action } };
  const one = { access: { action: r.action, record: r.record } };
  const meta = (d: Described) => ({
    operationId: d.operationId,
    tags: ['admin'],
    summary: d.summary,
    ...(d.description === undefined ? {} : { description: d.description }),
  });

  app.get(
    r.path,
    {
      config: collection,
      schema: {
        ...meta(r.list),
        querystring: z.object({ ...r.list.filter, ...pageQuery }),
        response: { 200: pageOut(item), ...problems },
      },
    },
    async (request) => {
      const query = request.query as z.output<z.ZodObject<Filter>> & Page;
      const rows = await r.list.run(contextOf(request), { ...query, limit: query.limit + 1 });
      return paged(rows, query);
    },
  );

  app.get(
    `${r.path}/:id`,
    { config: one, schema: { ...meta(r.get), params: idParam, response: { 200: item, ...problems } } },
    async (request) => r.get.run(contextOf(request), request.params.id),
  );

  app.post(
    r.path,
    { config: collection, schema: { ...meta(r.create), body: createBody, response: { 201: item, ...problems } } },
    async (request, reply) => {
      const created = await r.create.run(contextOf(request), request.body as z.output<Input>);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    `${r.path}/:id`,
    {
      config: one,
      schema: { ...meta(r.patch), params: idParam, body: patchBody, response: { 200: item, ...problems } },
    },
    async (request) => {
      const changed = await r.patch.run(contextOf(request), request.params.id, request.body as z.output<Patch>);
      r.patch.after?.(app);
      return changed;
    },
  );
}
