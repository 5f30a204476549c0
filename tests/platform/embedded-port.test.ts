import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDED_PG_PORT } from '../../api/platform.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { exited, freePort, refusedStart, startPlatform } from '../helpers/platform.ts';

/** Hold 127.0.0.1:port as another program would; null when one already does (taken either way). */
function occupy(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

const port = await freePort();

describe('the embedded PostgreSQL’s port', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-pgport-'));
  // EMBEDDED_PG_PORT unset (empty counts as unset), whatever this shell has.
  const env = { DATA_DIR: dataDir, PORT: String(port), SEED: 'none', EMBEDDED_PG_PORT: '' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is the next free one when another program holds the default, and the start-up line says which', async () => {
    const occupant = await occupy(DEFAULT_EMBEDDED_PG_PORT);
    try {
      const platform = await startPlatform(env);
      const chosen = Number(/embedded PostgreSQL in .+ \(port (\d+)\)/.exec(platform.output())?.[1]);
      expect(chosen).toBeGreaterThan(DEFAULT_EMBEDDED_PG_PORT);
      expect(chosen).toBeLessThanOrEqual(DEFAULT_EMBEDDED_PG_PORT + 100);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      platform.interrupt();
      expect(await exited(platform.child)).toBe(0);
    } finally {
      occupant?.close();
    }
  }, 240_000);

  it('is kept strictly when EMBEDDED_PG_PORT names it: a taken one is refused in one line naming the setting', async () => {
    const taken = port + 1;
    const occupant = await occupy(taken);
    try {
      const { code, stderr } = await refusedStart({ ...env, EMBEDDED_PG_PORT: String(taken) });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `[otklik] failed to start: EMBEDDED_PG_PORT ${taken} is taken by another program: free it, choose another, or unset EMBEDDED_PG_PORT to let a free one be chosen`,
      );
    } finally {
      occupant?.close();
    }
  }, 120_000);

  it('is not changed to start a second server on a data directory whose server runs: that is refused by name', async () => {
    const dir = path.join(dataDir, 'second');
    const first = await startEmbeddedPostgres({ dir, port: port + 2, ephemeral: true });
    try {
      await expect(startEmbeddedPostgres({ dir, port: port + 3, portFallback: true })).rejects.toThrow(
        `the embedded PostgreSQL in ${dir} is already running (pid `,
      );
    } finally {
      await first.stop();
    }
  }, 120_000);
});
