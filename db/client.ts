import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A handle that is either the pool or a transaction: every query function takes it first. */
export type Db = Database | Transaction;

export type DbOptions = { max?: number; onnotice?: (n: postgres.Notice) => void };

/** Open a connection pool. */
export function connect(url: string, opts: DbOptions = {}): Database {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: opts.onnotice ?? (() => {}),
    connection: { application_name: 'otklik' },
  });
  return drizzle(client, { schema });
}
