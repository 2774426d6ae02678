/**
 * Opens the store named by a URL: a file path, `file:` URL or `:memory:` for SQLite (better-sqlite3), a
 * `postgres://` / `postgresql://` URL for PostgreSQL (a pg pool). The schema is migrated to the latest
 * version on open.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';
import { createStore, type Store } from './store.js';

/**
 * The default SQLite database: `$MARSAD_HOME/marsad.db`, else `$XDG_DATA_HOME/marsad/marsad.db`, else
 * `~/.local/share/marsad/marsad.db`. Creates the directory.
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env['MARSAD_HOME']
    ? join(env['MARSAD_HOME'], 'marsad.db')
    : join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'marsad', 'marsad.db');
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/** True for a PostgreSQL connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The SQLite file a store URL names (or `:memory:`). */
function sqlitePath(url: string): string {
  if (url === ':memory:') return url;
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (url.startsWith('file:')) return resolve(url.slice('file:'.length));
  return resolve(url);
}

async function migrated(db: Kysely<Database>, dialect: Store['dialect']): Promise<Store> {
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createStore(db, dialect);
}

const STATEMENT_CACHE = 256;

/**
 * The SQLite connection as Kysely sees it, with prepared statements reused: Kysely prepares every query
 * anew, and preparing was a fifth of the cost of storing a document. A statement still being iterated
 * (busy) is never handed out twice.
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string) {
      const cached = cache.get(query);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(query);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE) cache.clear();
        cache.set(query, statement);
      }
      return statement;
    },
  };
}

/** Opens (and migrates) the store at a URL. */
export async function openStore(url: string): Promise<Store> {
  if (!url) throw new Error('no database given');
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    // Clients held by a query or transaction need their own listener: without it a dropped connection
    // is an uncaught 'error' event that kills the process instead of failing the query.
    pool.on('connect', (client) => client.on('error', () => {}));
    return migrated(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return migrated(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }),
    'sqlite',
  );
}
