import { createHash } from 'node:crypto';

/** The identity of a document: sha256 (hex) of its raw text as read. */
export function contentHash(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}
