import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import net from 'node:net';
import postgres from 'postgres';
import { type Announcer, createAnnouncer } from './announce.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema> & {
  $client: postgres.Sql;
  /** Announces committed appeal events to every process (db/announce.ts). */
  $announcer: Announcer;
};
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A handle that is either the pool or a transaction: every query function takes it first. */
export type Db = Database | Transaction;

export type DbOptions = { max?: number; onnotice?: (n: postgres.Notice) => void };

type Unsafe = postgres.Sql['unsafe'];

// drizzle replaces postgres.js's date serialisers with identity functions (it formats dates for
// typed columns itself), so a Date passed into a raw sql`` template must become text here.
const dateToText = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/**
 * drizzle runs every query through `unsafe(…, { prepare: false })`, so PostgreSQL parses and plans
 * each statement again: on the intake path that was a third of the time. Its query texts are stable
 * (values are always parameters), so let postgres.js keep them as prepared statements per
 * connection, in transactions too. Parameterless statements keep the simple protocol (migrations
 * send several statements at once).
 */
function preparedByDefault<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  const unsafe = sql.unsafe.bind(sql) as Unsafe;
  (sql as { unsafe: Unsafe }).unsafe = ((query: string, args?: unknown, options?: postgres.UnsafeQueryOptions) =>
    Array.isArray(args) && args.length > 0
      ? unsafe(query, args.map(dateToText) as postgres.ParameterOrJSON<never>[], { ...options, prepare: true })
      : unsafe(query, args as never, options)) as Unsafe;
  for (const name of ['begin', 'savepoint'] as const) {
    const original = (sql as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[name];
    if (typeof original !== 'function') continue;
    (sql as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const fn = args.at(-1);
      if (typeof fn === 'function') args[args.length - 1] = (tx: postgres.TransactionSql) => fn(preparedByDefault(tx));
      return original.apply(sql, args);
    };
  }
  return sql;
}

/**
 * postgres.js waits 3^n / 100 s (up to 20 s) before the n-th connection attempt after failures, and
 * queries wait with it: after a database restart requests hung for up to 20 s and the service came
 * back up to 20 s late. A short, capped backoff fails them fast (503, api/errors.ts) while the
 * database is gone, and reconnects within a second once it is back.
 */
export function connectionBackoff(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.75 + Math.random() / 2);
}

/**
 * postgres.js 3.4 can write to a socket it has already dropped (a write queued with setImmediate
 * runs after the connection closed, `socket` is null): a TypeError thrown from a timer, which ended
 * the whole process when PostgreSQL restarted. That one error is only logged (the connection is
 * gone already and the pool opens a new one); any other uncaught error still ends the process.
 */
export function survivePostgresDriverRace(log: (msg: string) => void = (m) => console.error(m)): void {
  process.on('uncaughtException', (err) => {
    if (
      err instanceof TypeError &&
      /reading 'write'/.test(err.message) &&
      /postgres[/\\]src[/\\]connection\.js/.test(err.stack ?? '')
    ) {
      log(`[otklik] database connection lost mid-write (postgres.js): ${err.message}`);
      return;
    }
    console.error(err);
    process.exit(1);
  });
}

/**
 * postgres.js opens its TCP sockets with Nagle's algorithm on. A message written while an earlier
 * one is unacknowledged then waits for the server's delayed ACK, about 40 ms: the end of every COPY
 * (measured: 45 ms for a COPY of three rows, 1 ms with this), and a statement queued behind another
 * in the same connection. PostgreSQL's own clients (libpq, node-postgres) turn it off; so do we.
 * The socket is handed over connecting: postgres.js writes its startup message at once (the socket
 * buffers it) and keeps its connect timeout and reconnects.
 */
function socketWithoutDelay(): (options: { host: string[]; port: number[] }) => net.Socket {
  let next = 0;
  return ({ host, port }) => {
    const i = next++ % host.length;
    return net.connect({ host: host[i], port: port[i] ?? port[0], noDelay: true });
  };
}

/** Open a connection pool. */
export function connect(url: string, opts: DbOptions = {}): Database {
  const client = preparedByDefault(
    postgres(url, {
      max: opts.max ?? 10,
      backoff: connectionBackoff,
      connect_timeout: 10,
      onnotice: opts.onnotice ?? (() => {}),
      connection: { application_name: 'otklik' },
      // A documented option (README, "socket") missing from postgres.js's types.
      ...({ socket: socketWithoutDelay() } as object),
    }),
  );
  const db = drizzle(client, { schema }) as Database;
  const announcer = createAnnouncer(client);
  db.$announcer = announcer;
  // Every transaction announces the appeal events it wrote once it has committed.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    announcer.track((collect) =>
      transaction((tx) => {
        collect(tx);
        return fn(tx);
      }, config),
    )) as Database['transaction'];
  return db;
}

/**
 * A PostgreSQL array literal, sent as one parameter (`${arrayLiteral(ids)}::int[]`): drizzle would
 * spread a JS array into a list of parameters. For numbers and strings with no quotes, commas,
 * braces, backslashes or spaces (ids, ISO instants); null is NULL.
 */
export const arrayLiteral = (values: readonly (number | string | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;

/** What pg-boss runs its statements through (its `db` option): here, one of our transactions. */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** A transaction whose statements are pipelined on one connection (see `pipelinedTransaction`). */
export type Pipeline = {
  /**
   * Send a statement now, as a prepared statement when it has values (Dates become text; JSON
   * values must be JSON text, as drizzle sends them). Statements sent in the same tick share one
   * socket write; rows come back as postgres.js parses them under drizzle (timestamps and int8 as
   * text; see `rowDecoder`).
   */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * An executor for pg-boss's `db` option whose statement is the transaction's last: `commit` goes
   * out in the same write right behind it. Any statement sent after that throws, so nothing can
   * run outside the transaction.
   */
  lastExecutor: SqlExecutor;
};

/**
 * A short write transaction in as few round trips as the data allows: on one reserved connection,
 * `begin` goes out in the same socket write as the first statements and `commit` in the same write
 * as the last one (`p.lastExecutor`, or when `fn` returns). The transaction commits only if every
 * statement succeeded: a failed statement aborts it, PostgreSQL turns the pipelined `commit` into
 * a rollback, which is checked here, and the error is thrown. Appeal events written here are not
 * tracked: announce them (`db.$announcer`) after it returns.
 */
export async function pipelinedTransaction<T>(db: Database, fn: (p: Pipeline) => Promise<T>): Promise<T> {
  const conn = await db.$client.reserve();
  let committing: Promise<postgres.Row[] & { command: string }> | null = null;
  let dropped = false;
  const send = <R>(text: string, values: readonly unknown[] = []): Promise<R[]> => {
    if (committing) throw new Error('pipelinedTransaction: a statement after commit');
    // Writing on a dropped connection is the postgres.js race survivePostgresDriverRace logs.
    if (dropped) throw new Error('pipelinedTransaction: connection closed');
    const q = conn.unsafe(text, values.map(dateToText) as postgres.ParameterOrJSON<never>[], {
      prepare: values.length > 0,
    });
    q.execute();
    // A failed statement is seen by whoever awaits it and by the commit; never an unhandled rejection.
    q.catch(() => {});
    return q as unknown as Promise<R[]>;
  };
  const commit = () => {
    if (committing) return;
    const q = conn.unsafe('commit');
    q.execute();
    q.catch(() => {});
    committing = q as unknown as Promise<postgres.Row[] & { command: string }>;
  };
  // postgres.js's own `begin` races its work with the connection's close: statements waiting in a
  // reserved connection's queue (behind a first-use Describe) are never answered when it drops.
  // The connection object is handed to `onexecute` when `begin` is written; returning true lets
  // the next statements go out in the same write.
  let connection: { onclose?: ((err?: Error) => void) | null } | null = null;
  let lose: (err: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    lose = (err) => {
      dropped = true;
      reject(err);
    };
  });
  lost.catch(() => {});
  const begun = conn.unsafe('begin', [], {
    onexecute: (c: { onclose?: ((err?: Error) => void) | null }) => {
      connection = c;
      c.onclose = (err) => lose(err ?? new Error('pipelinedTransaction: connection closed'));
      return true;
    },
  } as postgres.UnsafeQueryOptions);
  begun.execute();
  begun.catch(() => {});
  // When the drop wins the race, `work` may still fail later: that must not be an unhandled rejection.
  const settle = <X>(work: Promise<X>) => {
    work.catch(() => {});
    return Promise.race([work, lost]);
  };
  try {
    const result = await settle(
      fn({
        query: send,
        lastExecutor: {
          executeSql: async (text, values) => {
            const rows = send(text, values ?? []);
            commit();
            return { rows: await rows };
          },
        },
      }),
    );
    await settle(begun);
    commit();
    const done = await settle(committing!);
    if (done.command !== 'COMMIT') throw new Error(`pipelinedTransaction: ended in ${done.command}, not COMMIT`);
    return result;
  } catch (err) {
    if (committing) await settle(committing).catch(() => {});
    else if (!dropped) await settle(conn.unsafe('rollback')).catch(() => {});
    throw err;
  } finally {
    if (connection) (connection as { onclose?: unknown }).onclose = null;
    // A dropped connection is already back in the pool's closed list (postgres.js reconnects it);
    // releasing it would put it among the open ones.
    if (!dropped) conn.release();
  }
}

type DecodableColumn = { name: string; mapFromDriverValue(v: unknown): unknown };

/**
 * Decode a raw row of `table` (`select *` / `returning *` through a Pipeline) as drizzle would:
 * each column's own driver mapping (timestamps and int8 arrive as text, points as '(x,y)').
 */
export function rowDecoder<T extends PgTable>(table: T): (row: Record<string, unknown>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table) as Record<string, DecodableColumn>);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[column.name];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  };
}
