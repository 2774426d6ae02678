/**
 * The database backends every store-level suite runs against: SQLite (temporary files) and PostgreSQL
 * (a real throwaway server started by the suite). In CI the PostgreSQL binaries must be there: a
 * missing server fails the suite instead of skipping it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, startPostgres, type PostgresServer } from '../../src/store/throwaway-postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  start(): Promise<void>;
  /** The URL of a new, empty database. */
  fresh(n: number): Promise<string>;
  stop(): Promise<void>;
}

export const sqliteBackend = (): Backend => {
  let dir = '';
  return {
    name: 'sqlite',
    available: true,
    start: async () => {
      dir = mkdtempSync(join(tmpdir(), 'marsad-store-'));
    },
    fresh: async (n) => join(dir, `t${n}.db`),
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

export const postgresBackend = (): Backend => {
  const available = findPostgresBin() !== null || process.env['CI'] === 'true';
  if (!available) console.warn('PostgreSQL binaries not found: the postgres tests are skipped');
  let server: PostgresServer | null = null;
  return {
    name: 'postgres',
    available,
    start: async () => {
      server = await startPostgres();
    },
    fresh: async (n) => server!.createDatabase(`t${n}`),
    stop: async () => server?.stop(),
  };
};

export const testBackends = (): Backend[] => [sqliteBackend(), postgresBackend()];
