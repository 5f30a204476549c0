import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, refusedStart, startPlatform } from '../helpers/platform.ts';

const port = await freePort();
const embeddedPgPort = await freePort();

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-start-'));
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(embeddedPgPort) };
  const base = `http://127.0.0.1:${port}`;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the demo city on embedded PostgreSQL, stops cleanly on Ctrl-C and on SIGTERM, and keeps the data', async () => {
    const first = await startPlatform(env);
    expect(first.output()).toContain('demo city loaded');
    const nearest = await fetch(`${base}/api/buildings/nearest?lat=55.79&lon=49.12`);
    expect(nearest.status).toBe(200);
    const building = ((await nearest.json()) as { items: { id: number; address: string }[] }).items[0];
    expect(building.address).toMatch(/д\. /);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/`)).headers.get('content-type')).toContain('text/html');

    // Ctrl-C as soon as it is ready, its workers still busy with the new city's timers: the
    // platform stops its parts in order, the database last (it used to get the signal too, go
    // first, and leave the rest waiting on it until a forced exit 20 s later).
    first.interrupt();
    expect(await exited(first.child)).toBe(0);
    expect(first.output()).toContain('] stopped');
    expect(first.output()).not.toMatch(/too long|lost mid-write|FATAL|error while stopping/);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startPlatform(env);
    expect(second.output()).not.toContain('demo city loaded');
    const again = await fetch(`${base}/api/buildings/${building.id}`);
    expect(((await again.json()) as { address: string }).address).toBe(building.address);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    expect(second.output()).toContain('] stopped');
  }, 240_000);

  it('refuses a bad setting with one line naming it', async () => {
    const { code, stderr } = await refusedStart({ ...env, PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('Configuration error: PORT must be a port number (got "eighty")');
  });
});
