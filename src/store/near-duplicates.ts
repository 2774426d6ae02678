/**
 * Links a newly stored document to the earlier document it repeats (a repost, a syndicated copy), found
 * through MinHash bands: candidates share a band, and the estimated Jaccard similarity decides.
 */
import type { Transaction } from 'kysely';
import { bands, NEAR_DUPLICATE, similarity } from '../dedupe/minhash.js';
import type { Database } from './schema.js';

/** Stores the document's bands and returns the id of the original it repeats, or null. */
export async function linkNearDuplicate(
  trx: Transaction<Database>,
  documentId: number,
  signature: string,
): Promise<number | null> {
  const keys = bands(signature);
  const candidates = await trx
    .selectFrom('document_bands')
    .innerJoin('documents', 'documents.id', 'document_bands.document_id')
    .select(['documents.id', 'documents.minhash', 'documents.duplicate_of'])
    .where((eb) =>
      eb.or(
        keys.map((k) =>
          eb.and([eb('document_bands.band', '=', k.band), eb('document_bands.key', '=', k.key)]),
        ),
      ),
    )
    .where('documents.id', '!=', documentId)
    .distinct()
    .execute();
  await trx
    .insertInto('document_bands')
    .values(keys.map((k) => ({ document_id: documentId, band: k.band, key: k.key })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  // The earliest similar document's original: a chain of reposts points at the first text.
  const similar = candidates
    .filter((c) => c.minhash !== null && similarity(c.minhash, signature) >= NEAR_DUPLICATE)
    .map((c) => c.duplicate_of ?? c.id)
    .sort((a, b) => a - b);
  const original = similar[0] ?? null;
  if (original !== null)
    await trx.updateTable('documents').set({ duplicate_of: original }).where('id', '=', documentId).execute();
  return original;
}
