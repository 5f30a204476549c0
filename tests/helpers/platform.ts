import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A port for a platform under test to listen on: below Linux's ephemeral range (32768–60999), so no
 * outgoing connection of this or another test holds it by chance, and free when asked (bound and
 * released here).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * Run `node api/main.ts` (what `npm start` runs) with these settings until it prints "ready", with
 * its output kept; in a process group of its own, as a terminal runs it (a Ctrl-C is `interrupt`).
 */
export function startPlatform(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; interrupt: () => void }> {
  const child = spawn(process.execPath, ['api/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // A terminal's Ctrl-C: SIGINT to every process of the foreground group.
  const interrupt = () => process.kill(-(child.pid as number), 'SIGINT');
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 120 s:\n${out}`)), 120_000);
    child.stdout!.on('data', () => {
      if (out.includes('] ready in')) {
        clearTimeout(timer);
        resolve({ child, output: () => out, interrupt });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

/** Run `node api/main.ts` expecting it to refuse to start: its exit code and what it wrote to stderr. */
export async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['api/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return { code: await exited(child), stderr };
}

/** The exit code of a child process, once it has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
