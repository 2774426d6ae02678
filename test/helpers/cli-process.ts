/**
 * The built CLI (dist/cli/main.js) as a child process, in an environment of its own: no lexicon overlay,
 * local gazetteer or database of the developer's home is seen. Worker threads need the compiled worker,
 * so these tests run the build (`npm test` builds first; `npx tsc -p tsconfig.build.json` by hand).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface CliResult {
  /** Exit code, null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** An environment whose marsad home is `home` (created) and nothing else of the user's. */
export function cliEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, MARSAD_HOME: home, XDG_DATA_HOME: join(home, 'xdg') };
  delete env['MARSAD_LEXICONS'];
  delete env['MARSAD_DB'];
  return env;
}

/** Starts `node dist/cli/main.js ARGS`. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started }),
    );
  });
  return { child, done };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).done;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs the CLI and kills it with SIGKILL after `delayMs` unless it ended before. */
export async function runCliKilledAfter(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  delayMs: number,
): Promise<CliResult> {
  const { child, done } = startCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}
