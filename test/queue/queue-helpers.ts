/**
 * Helpers of the queue suites: the built CLI run as child processes against a throwaway PostgreSQL
 * (started per suite; in CI a missing server fails the suite, as in test/helpers/backends.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Short expiry and maintenance, so that a killed worker's job is retried within seconds. */
export const QUEUE_ENV = {
  MARSAD_QUEUE_EXPIRE_SECONDS: '6',
  MARSAD_QUEUE_MAINTENANCE_SECONDS: '1',
  MARSAD_QUEUE_RETRY_DELAY: '0',
};

export function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...QUEUE_ENV, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Child {
  pid: number;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves when stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function spawnCli(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...QUEUE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    for (const w of [...waiters])
      if (w.pattern.test(err)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    stderr: () => err,
    stdout: () => out,
    exited,
    kill: (signal) => child.kill(signal),
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(err)) return resolve();
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${err}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      }),
  };
}

export async function query<T extends object>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
