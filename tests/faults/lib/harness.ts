import { type ChildProcess, fork } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_COOKIE } from '../../../api/plugins/auth.ts';
import type { Database } from '../../../db/client.ts';
import { createSession } from '../../../db/queries/sessions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Full mode (`npm run test:faults`) or the reduced CI subset (`npm run test:faults:ci`). */
export const FULL = process.env.FAULTS === 'full';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many ids to name in a timeout's message. */
const NAMED = 20;

/** `label: n (first ids…)` for what is still missing; empty when nothing is. */
export function missing(label: string, ids: readonly (number | string)[]): string[] {
  if (ids.length === 0) return [];
  const shown = ids.slice(0, NAMED).join(', ');
  return [`${label}: ${ids.length} (${ids.length > NAMED ? `first ${NAMED}: ${shown}, …` : shown})`];
}

/**
 * Wait until nothing is missing: `check` returns what is still missing, one line each (empty when
 * settled; build the lines with `missing`). On timeout the error lists what the last check found
 * missing, so a failure says which appeals, steps or events never came, not only that time ran out.
 * Returns the milliseconds it took.
 */
export async function settle(
  check: () => Promise<string[]> | string[],
  opts: { timeoutMs: number; what: string; stepMs?: number },
): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const left = await check();
    if (left.length === 0) return Date.now() - t0;
    if (Date.now() - t0 > opts.timeoutMs)
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.what}; still missing:\n  ${left.join('\n  ')}`,
      );
    await sleep(opts.stepMs ?? 100);
  }
}

export type Proc = {
  child: ChildProcess;
  port: number;
  output: () => string;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

/** Fork one of the fault-test processes (api-process.ts, worker-process.ts) and wait for its `ready`. */
export function startProcess(kind: 'api' | 'worker', opts: Record<string, unknown>, timeoutMs = 60_000): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, `${kind}-process.ts`), [], {
      env: { ...process.env, FAULTS_PROC: JSON.stringify(opts) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`${kind} process not ready in ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} process exited (${code ?? signal}) before it was ready: ${out}`));
    });
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve({ child, port: (m as { port?: number }).port ?? 0, output: () => out, kill, stop: kill });
    });
  });
}

/** A signed-in session written straight into the database (the HMAC the auth plugin checks). */
export async function sessionFor(db: Database, secret: string, userId: number): Promise<Record<string, string>> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const now = new Date();
  await createSession(db, {
    tokenHash: createHmac('sha256', secret).update(token).digest('hex'),
    userId,
    csrfToken: csrf,
    now,
    expiresAt: new Date(now.getTime() + 24 * 3600 * 1000),
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrf };
}

export const SECRET = 'faults-session-secret-0123456789abcdef';

export type Filed = { status: number; id: number | null; retryAfter: string | null; type: string | null };

/** POST /api/appeals over real HTTP; a refused connection or reset is status 0. */
export async function fileAppeal(
  base: string,
  headers: Record<string, string>,
  body: Record<string, unknown> | { headers: Record<string, string>; payload: Buffer },
  timeoutMs = 15_000,
): Promise<Filed> {
  const multipart = 'payload' in body && Buffer.isBuffer(body.payload);
  try {
    const res = await fetch(`${base}/api/appeals`, {
      method: 'POST',
      headers: {
        ...headers,
        ...(multipart ? (body.headers as Record<string, string>) : { 'content-type': 'application/json' }),
      },
      body: multipart ? new Uint8Array(body.payload as Buffer) : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: { id?: number } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return {
      status: res.status,
      id: res.status === 201 ? (json.id ?? null) : null,
      retryAfter: res.headers.get('retry-after'),
      type: res.headers.get('content-type'),
    };
  } catch {
    return { status: 0, id: null, retryAfter: null, type: null };
  }
}
