/** EntityOut ↔ `mentions` rows (a lossless round trip of what extract() reports). */
import type { EntityOut } from '../types.js';
import type { MentionRow, NewMention } from './schema.js';

/** The `mentions` row of an entity mention of a document. */
export function mentionToRow(documentId: number, e: EntityOut): NewMention {
  return {
    document_id: documentId,
    kind: e.type,
    text: e.text,
    canonical: e.canonical ?? null,
    name: e.name ?? null,
    group_id: e.type === 'group' ? (e.id ?? null) : null,
    title: e.title ?? null,
    aliases_json: e.aliases ? JSON.stringify(e.aliases) : null,
    start: e.start,
    end: e.end,
    rule: e.rule,
    entry: e.entry ?? null,
    lat: e.lat ?? null,
    lon: e.lon ?? null,
  };
}

/** The entity mention a row stores (person title and place coordinates are always present, maybe null). */
export function mentionFromRow(row: MentionRow): EntityOut {
  return {
    type: row.kind,
    text: row.text,
    ...(row.canonical !== null ? { canonical: row.canonical } : {}),
    ...(row.name !== null ? { name: row.name } : {}),
    ...(row.group_id !== null ? { id: row.group_id } : {}),
    ...(row.aliases_json !== null ? { aliases: JSON.parse(row.aliases_json) as string[] } : {}),
    ...(row.kind === 'person' ? { title: row.title } : {}),
    ...(row.kind === 'place' ? { lat: row.lat, lon: row.lon } : {}),
    start: row.start,
    end: row.end,
    rule: row.rule,
    ...(row.entry !== null ? { entry: row.entry } : {}),
  };
}
