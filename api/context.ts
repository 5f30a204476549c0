import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Database, Db } from '../db/client.ts';
import { type Action, type Actor, can, type Resource } from '../dispatch/permissions.ts';
import type { Boss } from '../jobs/queues.ts';
import { Forbidden, Unauthorized } from './errors.ts';

/**
 * What a use case (a service function) works with: the database, the job queue, the one clock
 * and who is acting. HTTP handlers make it from the request (`contextOf`), job handlers and
 * command-line tools from their own dependencies with no actor (`systemContext`). A service
 * opens its one transaction with `inTransaction` and passes the context on to the services it
 * calls, so they join that transaction instead of opening their own.
 */
export type Context = {
  /** The database, or the transaction the use case runs in. */
  db: Db;
  /** Jobs are sent with `enqueue(ctx.boss, ctx.db, …)`: inside the transaction that writes their data. */
  boss: Boss;
  clock: () => Date;
  /** The person acting; null for an anonymous visitor and for the platform's own timers. */
  actor: Actor;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
};

/** The context of an HTTP request: the app's handles and the request's actor and logger. */
export function contextOf(request: FastifyRequest): Context {
  const app = request.server;
  return { db: app.db, boss: app.boss, clock: app.clock, actor: request.actor, log: request.log };
}

/** The context of a job or a command-line tool: no person acts. */
export function systemContext(deps: { db: Database; boss: Boss; clock: () => Date; log?: Context['log'] }): Context {
  return { db: deps.db, boss: deps.boss, clock: deps.clock, actor: null, log: deps.log ?? silentLog };
}

const silentLog: Context['log'] = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Run a use case's work in one transaction; inside one already (a service called by another),
 * join it. What the work sends with `enqueue(ctx.boss, tx.db, …)` exists only if it commits.
 */
export async function inTransaction<T>(ctx: Context, work: (tx: Context) => Promise<T>): Promise<T> {
  if (isTransaction(ctx.db)) return work(ctx);
  return ctx.db.transaction((db) => work({ ...ctx, db }));
}

/** drizzle's transaction object has `rollback`; the database does not. */
function isTransaction(db: Db): boolean {
  return 'rollback' in db;
}

/**
 * A service's check that the acting person may do an action (to a record, when given): 401 for a
 * visitor, 403 for a signed-in person; the same answer as the request-level `authorize`.
 */
export function authorizeActor(ctx: Context, action: Action, resource?: Resource): void {
  if (can(ctx.actor, action, resource)) return;
  throw ctx.actor ? new Forbidden() : new Unauthorized();
}

/** The person acting, for services behind a route whose declared access lets no anonymous visitor in. */
export function signedInActor(ctx: Context): NonNullable<Context['actor']> {
  if (!ctx.actor) throw new Unauthorized();
  return ctx.actor;
}
