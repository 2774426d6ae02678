/**
 * A throwaway PostgreSQL server for tests and benchmarks (not part of the package API): a fresh cluster in a temporary directory on a free port,
 * listening on 127.0.0.1 only, trust authentication, stopped and deleted by stop(). Uses the Debian
 * binaries under /usr/lib/postgresql/<version>/bin (`apt-get install postgresql`). initdb refuses to run
 * as root, so as root the cluster belongs to the `postgres` user and the binaries run through runuser.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
  /** URL of the database created for the tests. */
  url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The directory holding initdb and pg_ctl (the newest /usr/lib/postgresql version, else one on PATH), or
 * null when PostgreSQL is absent.
 */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dirs = [
    ...versions.map((v) => join(root, v, 'bin')),
    ...(process.env['PATH'] ?? '').split(delimiter),
  ];
  return (
    dirs.find((bin) => bin && existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) ?? null
  );
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when running as root. */
async function pgRun(bin: string, tool: string, args: string[]): Promise<void> {
  const file = join(bin, tool);
  if (isRoot()) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  else await run(file, args);
}

function pgRunSync(bin: string, tool: string, args: string[]): void {
  const file = join(bin, tool);
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'ignore' });
  else execFileSync(file, args, { stdio: 'ignore' });
}

async function adminQuery(port: number, text: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface StartPostgresOptions {
  /**
   * Keep PostgreSQL's crash safety (fsync, synchronous commit): for benchmarks. Tests turn it off, which
   * is several times faster on commits and harmless for a database deleted afterwards.
   */
  durable?: boolean;
}

/** Starts a fresh PostgreSQL server with an empty database `marsad_test`. */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'marsad-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  let port = 0;
  let running = false;
  const stopSync = () => {
    if (running) {
      running = false;
      try {
        pgRunSync(bin, 'pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A crashed test run must not leave a server behind.
  process.once('exit', stopSync);
  try {
    await pgRun(bin, 'initdb', [
      '-D',
      dir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    const unsafe = opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
    const options = (p: number) => `-c listen_addresses=127.0.0.1 -p ${p} -k ${dir}${unsafe}`;
    // The port may be taken between choosing and binding it: try a few.
    for (let attempt = 0; !running; attempt++) {
      port = await freePort();
      try {
        await pgRun(bin, 'pg_ctl', ['-D', dir, '-l', join(dir, 'log'), '-o', options(port), '-w', 'start']);
        running = true;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
    await adminQuery(port, 'CREATE DATABASE marsad_test');
  } catch (error) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
    stopSync();
    process.removeListener('exit', stopSync);
    throw new Error(`could not start PostgreSQL: ${(error as Error).message}\n${log}`, { cause: error });
  }
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    url: urlOf('marsad_test'),
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await adminQuery(port, `CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    async stop() {
      process.removeListener('exit', stopSync);
      if (running) {
        running = false;
        await pgRun(bin, 'pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
