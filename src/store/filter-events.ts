/**
 * The event filter (EventFilter) as a query over events. Documents are not joined: the outlet filter is a
 * semi-join, so counts and aggregates read the events table (and its indexes) alone; listEvents joins the
 * documents of the page it returns.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { queryKeys } from './search-text.js';
import type { StoreDialect } from './store-dialect.js';
import type { EventFilter } from './store.js';

/** An FTS5 query requiring every key, each quoted (a key is letters and digits only, but be safe). */
export const ftsQuery = (keys: readonly string[]) => keys.map((k) => `"${k.replace(/"/g, '""')}"`).join(' ');

/** Events filtered by every given filter (without paging or columns). */
export function filterEvents(db: Kysely<Database>, dialect: StoreDialect, f: EventFilter) {
  let q = db.selectFrom('events');
  if (f.types) q = q.where('events.type', 'in', f.types.length ? [...f.types] : ['']);
  if (f.actor !== undefined) q = q.where('events.actor', '=', f.actor);
  if (f.target !== undefined) q = q.where('events.target', '=', f.target);
  if (f.placeId !== undefined) q = q.where('events.place_id', '=', f.placeId);
  if (f.placeName !== undefined) {
    // A union of four index lookups: an OR over the four columns made SQLite collect and sort every
    // match before the page's LIMIT.
    const name = f.placeName;
    const by = (column: 'place_name' | 'admin1' | 'admin2' | 'admin3') =>
      db.selectFrom('events').select('id').where(column, '=', name);
    q = q.where(
      'events.id',
      'in',
      by('place_name').union(by('admin1')).union(by('admin2')).union(by('admin3')),
    );
  }
  // Stored effective dates (eventWhen): indexable, unlike COALESCE over the join.
  if (f.from !== undefined) q = q.where('events.when_end', '>=', f.from);
  if (f.to !== undefined) q = q.where('events.when_start', '<=', f.to);
  if (f.text !== undefined) {
    const keys = queryKeys(f.text);
    if (!keys.length) q = q.where(sql<boolean>`1 = 0`);
    else if (dialect === 'sqlite')
      q = q.where(
        'events.id',
        'in',
        sql<number>`(SELECT rowid FROM events_fts WHERE events_fts MATCH ${ftsQuery(keys)})`,
      );
    else q = q.where(sql<boolean>`events.search_vector @@ plainto_tsquery('simple', ${keys.join(' ')})`);
  }
  if (f.outlet !== undefined) {
    const outlet = f.outlet;
    q = q.where('events.document_id', 'in', (eb) =>
      eb.selectFrom('documents').select('documents.id').where('documents.outlet', '=', outlet),
    );
  }
  if (f.incident !== undefined) q = q.where('events.incident_id', '=', f.incident);
  if (f.documentId !== undefined) q = q.where('events.document_id', '=', f.documentId);
  if (f.review) {
    const states = f.review.filter((r) => r !== 'unreviewed');
    const unreviewed = f.review.includes('unreviewed');
    q = q.where((eb) =>
      eb.or([
        ...(states.length ? [eb('events.review_state', 'in', states)] : []),
        ...(unreviewed ? [eb('events.review_state', 'is', null)] : []),
        ...(!states.length && !unreviewed ? [sql<boolean>`1 = 0`] : []),
      ]),
    );
  }
  // Semi-joins as IN lists: a correlated EXISTS made SQLite test every event.
  if (f.personId !== undefined) {
    const personId = f.personId;
    q = q.where('events.id', 'in', (eb) =>
      eb
        .selectFrom('person_events')
        .select('person_events.event_id')
        .where('person_events.person_id', '=', personId),
    );
  }
  if (f.person !== undefined) {
    const person = f.person;
    q = q.where('events.id', 'in', (eb) =>
      eb
        .selectFrom('event_persons')
        .select('event_persons.event_id')
        .where('event_persons.person_name', '=', person),
    );
  }
  return q;
}
