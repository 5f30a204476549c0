import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Run `node api/main.ts` (what `npm start` runs) until it prints "ready", with its output kept. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['api/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 120 s:\n${out}`)), 120_000);
    child.stdout!.on('data', () => {
      if (out.includes('] ready in')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-start-'));
  const port = 41000 + Math.floor(Math.random() * 2000);
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(port + 3000) };
  const base = `http://127.0.0.1:${port}`;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the demo city on embedded PostgreSQL, stops cleanly on SIGTERM and keeps the data', async () => {
    const first = await start(env);
    expect(first.output()).toContain('demo city loaded');
    const nearest = await fetch(`${base}/api/buildings/nearest?lat=55.79&lon=49.12`);
    expect(nearest.status).toBe(200);
    const building = ((await nearest.json()) as { items: { id: number; address: string }[] }).items[0];
    expect(building.address).toMatch(/д\. /);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/`)).headers.get('content-type')).toContain('text/html');

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(first.output()).toContain('] stopped');
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start(env);
    expect(second.output()).not.toContain('demo city loaded');
    const again = await fetch(`${base}/api/buildings/${building.id}`);
    expect(((await again.json()) as { address: string }).address).toBe(building.address);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 240_000);

  it('refuses a bad setting with one line naming it', async () => {
    const child = spawn(process.execPath, ['api/main.ts'], { cwd: root, env: { ...process.env, ...env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await exited(child)).toBe(2);
    expect(err.trim()).toBe('Configuration error: PORT must be a port number (got "eighty")');
  });
});
