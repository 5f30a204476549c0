import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const webDir = path.join(repoRoot, 'web');
/** Where adapter-node writes the built app (set in web/vite.config.ts). */
export const webBuildDir = path.join(webDir, 'build');
const handlerFile = path.join(webBuildDir, 'handler.js');
const lockDir = path.join(webDir, '.build-lock');
// What a build reads besides the packages themselves: a change to any of them makes the build stale.
const webSources = ['web/src', 'web/vite.config.ts', 'web/package.json', 'web/tsconfig.json', 'package-lock.json'];
// A build takes seconds; a lock this old belongs to a build that died without cleaning up.
const LOCK_STALE_MS = 5 * 60 * 1000;

/** adapter-node's request handler (connect style); it answers every request it is given. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why the web app must be built (missing, or older than a source file), or null when it is current. */
export function webBuildStaleness(): string | null {
  if (!existsSync(handlerFile)) return 'no build yet';
  const builtAt = statSync(handlerFile).mtimeMs;
  const changed = webSources.find((source) => newestMtime(path.join(repoRoot, source)) > builtAt);
  return changed ? `${changed} is newer than the build` : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(pidFile: string): number {
  try {
    return Number(readFileSync(pidFile, 'utf8'));
  } catch {
    return 0; // the owner has not written it yet, or the lock just went away
  }
}

/** One build at a time across processes (npm start, test files): an atomic mkdir is the lock. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const pidFile = path.join(lockDir, 'pid');
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const lock = statSync(lockDir, { throwIfNoEntry: false });
    if (!lock) continue;
    const owner = readOwner(pidFile);
    if ((owner > 0 && !isAlive(owner)) || Date.now() - lock.mtimeMs > LOCK_STALE_MS) {
      rmSync(lockDir, { recursive: true, force: true });
    } else {
      await sleep(200);
    }
  }
  try {
    writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Build the web app when it is missing or stale. Vite runs in a child process (this file's main
 * below), which keeps the bundler out of the server's memory and away from the caller's NODE_ENV
 * (vitest sets `test`), and lets PostgreSQL start meanwhile.
 */
export async function ensureWebBuild(
  opts: { log?: (line: string) => void } = {},
): Promise<{ built: boolean; seconds: number }> {
  const log = opts.log ?? (() => {});
  if (!webBuildStaleness()) return { built: false, seconds: 0 };
  return withBuildLock(async () => {
    // Another process may have built it while we waited for the lock.
    const reason = webBuildStaleness();
    if (!reason) return { built: false, seconds: 0 };
    log(`building the web app (${reason})…`);
    const startedAt = new Date();
    const t0 = performance.now();
    const env = { ...process.env };
    delete env.NODE_ENV;
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0)
      throw new Error(`web build failed (exit ${code}):\n${output.trim().split('\n').slice(-40).join('\n')}`);
    // Date the build by when it started, so a source saved during the build still counts as newer.
    utimesSync(handlerFile, startedAt, startedAt);
    const seconds = (performance.now() - t0) / 1000;
    log(`web app built in ${seconds.toFixed(1)} s`);
    return { built: true, seconds };
  });
}

/** Import the built app's request handler (web/build/handler.js). */
export async function loadWebHandler(buildDir = webBuildDir): Promise<WebHandler> {
  const module = await import(pathToFileURL(path.join(buildDir, 'handler.js')).href);
  return module.handler as WebHandler;
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/**
 * Every request no other route claims goes to the SvelteKit app, except under /api, where an
 * unknown path stays a problem+json 404. Registered last, in its own context.
 */
export const webRoutes: FastifyPluginAsync<{ handler: WebHandler }> = async (app, { handler }) => {
  // SvelteKit reads request bodies itself (form actions): leave the stream unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    schema: { hide: true },
    config: { access: { public: 'the web app: its pages call the API, which checks every call' } },
    handler: (request, reply) => {
      if (isApiPath(request.url)) return reply.callNotFound();
      // Fastify still logs the request's completion once the raw response finishes.
      reply.hijack();
      handler(request.raw, reply.raw);
    },
  });
};

async function buildWithVite() {
  const { createBuilder } = await import('vite');
  // What `vite build` does: SvelteKit builds the client and server environments in buildApp; a
  // bare build() would make the client environment only.
  const builder = await createBuilder({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  await builder.buildApp();
}

// `npm run build:web`, and the child process of ensureWebBuild: always build.
if (import.meta.main) {
  await buildWithVite();
}
