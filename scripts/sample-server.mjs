/**
 * Starts `marsad serve` over a fresh SQLite database holding the sample corpus, with a user token: the
 * web app's browser tests and `npm run screenshots` use it. Needs `npm run build` first.
 */
/* global fetch */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');

/** Chromium for playwright-core: $CHROMIUM_PATH, else the Debian package's binary. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch options for playwright-core's chromium (no sandbox: CI containers often run as root). */
export const launchOptions = { executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const run = (args) => execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

/**
 * @returns {Promise<{ url: string, token: string, db: string, stop: () => Promise<void> }>} `url` ends
 *   with a slash; `stop` ends the server and removes the database.
 */
export async function startSampleServer() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  if (!existsSync(join(root, 'dist/web/index.html')))
    throw new Error('dist/web is missing: run npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'marsad-web-'));
  const db = join(dir, 'samples.db');
  run(['ingest', '--db', db, '-q', join(root, 'samples/articles')]);
  const { token } = JSON.parse(run(['user', 'add', 'tester', '--json', '--db', db]));
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}api/health`);
      if (res.ok) return { url, token, db, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`marsad serve did not start: ${stderr}`);
}
