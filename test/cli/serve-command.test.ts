/**
 * `marsad serve` and `marsad user` through the built CLI: a real server on a free loopback port over a
 * new SQLite database that `--samples` fills, a token that writes, and a clean stop on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
let dir = '';
let db = '';
let server: ChildProcess;
let base = '';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-serve-'));
  db = join(dir, 'serve.db');
  server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--samples'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
  });
}, 90_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('marsad serve', () => {
  it('serves the API over the sample corpus it ingested', async () => {
    const health = (await (await fetch(`${base}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, dialect: 'sqlite' });
    const stats = (await (await fetch(`${base}/api/stats`)).json()) as { documents: number; events: number };
    expect(stats.documents).toBe(49);
    expect(stats.events).toBeGreaterThan(100);
    const res = await fetch(`${base}/api/events?limit=1`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('writes with a token from marsad user add, and refuses without', async () => {
    const added = cli(['user', 'add', 'tester', '--db', db, '--json']);
    expect(added.code).toBe(0);
    const { name, token } = JSON.parse(added.stdout) as { name: string; token: string };
    expect(name).toBe('tester');
    expect(cli(['user', 'list', '--db', db]).stdout).toMatch(/^tester\t/m);
    const text = 'اعتقل عناصر من تنظيم داعش ثلاثة شبان في بلدة الشحيل بريف دير الزور أمس.';
    const refused = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    expect(refused.status).toBe(401);
    const stored = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text, published: '2017-11-02' }),
    });
    expect(stored.status).toBe(201);
    expect(cli(['user', 'remove', 'tester', '--db', db]).code).toBe(0);
    const after = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: `${text} ` }),
    });
    expect(after.status).toBe(401);
  });

  it('reports usage errors', () => {
    expect(cli(['serve', '--port', 'x']).stderr).toMatch(/E_USAGE.*--port/);
    expect(cli(['user', 'add', 'bad name!', '--db', db]).stderr).toMatch(/E_USAGE.*user name/);
    expect(cli(['user', 'fly', '--db', db]).stderr).toMatch(/unknown action 'fly'/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await new Promise<number | null>((resolve) => {
      server.once('exit', (c) => resolve(c));
      server.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
