/**
 * Analysts who may write (ingest, review). A token is shown once, when the user is added; the database
 * keeps only its sha256, so a copy of the database gives no one a working token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface UserRecord {
  id: number;
  name: string;
  createdAt: string;
}

/** Adds a user, or gives an existing one a new token (the old one stops working); returns the token. */
export async function addUser(
  db: Kysely<Database>,
  name: string,
): Promise<{ user: UserRecord; token: string }> {
  const token = `msd_${randomBytes(24).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  const row = await db
    .insertInto('users')
    .values({ name, token_hash: tokenHash(token), created_at: createdAt })
    .onConflict((oc) => oc.column('name').doUpdateSet({ token_hash: tokenHash(token) }))
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  return { user: { id: row.id, name: row.name, createdAt: row.created_at }, token };
}

export async function userByToken(db: Kysely<Database>, token: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'created_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'created_at']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

/** Removes a user; their reviews stay (they name the user). Returns whether the user existed. */
export async function removeUser(db: Kysely<Database>, name: string): Promise<boolean> {
  const r = await db.deleteFrom('users').where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
