/** The database and job queue of the queue commands (`--queue`, `marsad worker`, `marsad jobs`). */
import { openQueue, type OpenQueueOptions, type Queue } from '../queue/open-queue.js';
import { tuningFromEnv } from '../queue/job-kinds.js';
import { isPostgresUrl } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { describeDb, openCommandStore } from './db-option.js';
import { MarsadError, reasonOf } from './errors.js';

/** Refuses a SQLite database: the queue lives in PostgreSQL. */
export function requirePostgres(dbUrl: string, what: string): void {
  if (!isPostgresUrl(dbUrl)) throw MarsadError.of('E_QUEUE_NEEDS_POSTGRES', { what, db: describeDb(dbUrl) });
}

/** Opens the store (migrated) and the queue on one PostgreSQL database; runs `body`; closes both. */
export async function withQueue<T>(
  dbUrl: string,
  what: string,
  options: OpenQueueOptions,
  body: (store: Store, queue: Queue) => Promise<T>,
): Promise<T> {
  requirePostgres(dbUrl, what);
  const store = await openCommandStore(dbUrl);
  let queue: Queue;
  try {
    queue = await openQueue(dbUrl, { tuning: tuningFromEnv(), ...options });
  } catch (err) {
    await store.close();
    throw MarsadError.of('E_DATABASE', { db: describeDb(dbUrl), reason: reasonOf(err) }, undefined, {
      cause: err,
    });
  }
  try {
    return await body(store, queue);
  } catch (err) {
    if (err instanceof MarsadError) throw err;
    throw MarsadError.of('E_DATABASE', { db: describeDb(dbUrl), reason: reasonOf(err) }, undefined, {
      cause: err,
    });
  } finally {
    await queue.close().catch(() => undefined);
    await store.close();
  }
}
