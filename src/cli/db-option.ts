/** The database a command uses: `--db`, else `$MARSAD_DB`, else the default SQLite file. */
import { defaultDatabasePath, isPostgresUrl, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { MarsadError, reasonOf } from './errors.js';

export const DB_OPTION_HELP = `  --db PATH|URL            the database: a SQLite file (default: $MARSAD_DB, else
                           ~/.local/share/marsad/marsad.db) or postgres://user@host/db`;

export function resolveDbUrl(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return value || env['MARSAD_DB'] || defaultDatabasePath(env);
}

/** The database named for people: the path of a SQLite file, a PostgreSQL URL without its password. */
export function describeDb(url: string): string {
  return isPostgresUrl(url) ? url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : url;
}

/** Opens (and migrates) the database of a command; a failure is E_DATABASE naming it. */
export async function openCommandStore(url: string): Promise<Store> {
  try {
    return await openStore(url);
  } catch (err) {
    throw MarsadError.of('E_DATABASE', { db: describeDb(url), reason: reasonOf(err) }, undefined, {
      cause: err,
    });
  }
}
