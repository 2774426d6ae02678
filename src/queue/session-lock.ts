/**
 * A PostgreSQL session advisory lock held on one reserved connection while `body` runs on others: for
 * whole-database rebuilds (persons, incidents after a reprocess) that take several transactions and
 * must not run twice at once. A process that dies releases it with its connection.
 */
import { sql, type Kysely } from 'kysely';

/** Lock keys: one per rebuild. */
export const PERSONS_LOCK = 0x6d617273_02;
export const REBUILD_LOCK = 0x6d617273_03;

export function withSessionLock<DB, T>(db: Kysely<DB>, key: number, body: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${key})`.execute(conn);
    try {
      return await body();
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
