/**
 * The event filter (EventFilter) as a query over events. Documents are not joined: the outlet filter is a
 * semi-join, so counts and aggregates read the events table (and its indexes) alone; listEvents joins the
 * documents of the page it returns.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { dayCount, daysBefore, LONG_SPAN_DAYS } from './event-row.js';
import type { Database } from './schema.js';
import { queryKeys } from './search-text.js';
import type { StoreDialect } from './store-dialect.js';
import type { EventFilter } from './store.js';

/** An FTS5 query requiring every key, each quoted (a key is letters and digits only, but be safe). */
export const ftsQuery = (keys: readonly string[]) => keys.map((k) => `"${k.replace(/"/g, '""')}"`).join(' ');

/**
 * What the filtered events are for, when a narrow date window may drive a SQLite query (filterDates):
 * a page in id order, or a count.
 */
export type FilterUse = 'page' | 'count';

/** Events filtered by every given filter (without paging or columns). */
export function filterEvents(db: Kysely<Database>, dialect: StoreDialect, f: EventFilter, use?: FilterUse) {
  let q = selectEvents(db);
  if (f.types) q = q.where('events.type', 'in', f.types.length ? [...f.types] : ['']);
  if (f.actor !== undefined) q = q.where('events.actor', '=', f.actor);
  if (f.target !== undefined) q = q.where('events.target', '=', f.target);
  if (f.placeId !== undefined) q = q.where('events.place_id', '=', f.placeId);
  if (f.placeName !== undefined) {
    const name = f.placeName;
    const columns = ['place_name', 'admin1', 'admin2', 'admin3'] as const;
    if (dialect === 'postgres')
      // An OR, weighed by the planner: a common area (a governorate) is found by walking the ids, a
      // rare place by a BitmapOr of the four indexes. A union of the four had to read every match's
      // row for its id: 200 ms for a governorate at 200,000 events.
      q = q.where((eb) => eb.or(columns.map((c) => eb(`events.${c}`, '=', name))));
    else {
      // A union of four index lookups (a SQLite index holds the id): an OR over the four columns made
      // SQLite collect and sort every match before the page's LIMIT.
      const by = (column: (typeof columns)[number]) =>
        db.selectFrom('events').select('id').where(column, '=', name);
      q = q.where(
        'events.id',
        'in',
        by('place_name').union(by('admin1')).union(by('admin2')).union(by('admin3')),
      );
    }
  }
  q = filterDates(dialect, f, q, use);
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

type EventsQuery = ReturnType<typeof selectEvents>;
const selectEvents = (db: Kysely<Database>) => db.selectFrom('events');

/** A window of at most this many days may drive a query (drives()); a wider one matches too much. */
const DRIVING_WINDOW_DAYS = 366;

/**
 * The date range on the stored effective dates (eventWhen: indexable, unlike COALESCE over the join):
 * the events whose range overlaps [from, to]. `when_end >= from AND when_start <= to` alone bounds
 * neither column tightly, so the events of at most LONG_SPAN_DAYS are also bounded by a start no earlier
 * than `from` minus that many days, and the longer ones (when_long) are read through a partial index.
 */
function filterDates(
  dialect: StoreDialect,
  f: EventFilter,
  q: EventsQuery,
  use: FilterUse | undefined,
): EventsQuery {
  const { from, to } = f;
  if (from !== undefined) q = q.where('events.when_end', '>=', from);
  if (to !== undefined) q = q.where('events.when_start', '<=', to);
  const lowest = from === undefined ? null : daysBefore(from, LONG_SPAN_DAYS + 1);
  if (from === undefined || lowest === null) return q;
  if (to !== undefined && drives(dialect, f, from, to, use))
    return q.where('events.id', 'in', windowIds(lowest, from, to));
  if (dialect === 'postgres')
    // PostgreSQL weighs the two index ranges (a BitmapOr) against its other plans with its statistics.
    // The literal (not a parameter) lets the planner match the partial index's condition.
    return q.where((eb) =>
      eb.or([
        eb.and([
          eb('events.when_start', '>=', lowest),
          ...(to !== undefined ? [eb('events.when_start', '<=', to)] : []),
        ]),
        sql<boolean>`events.when_long = 1`,
      ]),
    );
  return q; // SQLite: its plan of the OR reads table rows, slower than the plain condition's index
}

/**
 * Whether the date window should drive the query: select the ids of the events in the window first,
 * then page or count them. Walking the events in id order and testing each against the window (what
 * both planners choose for a page, expecting matches to be spread evenly over the ids) reads most of
 * the table for a window far from the newest reports; SQLite's plan of the OR reads table rows besides.
 * Driving pays when the window is what narrows the query: a narrow window, and no filter that finds few
 * events through an index of its own. A SQLite page in id order gains with a type or actor too (their
 * indexes give every event of the type, in id order, to be tested against the window); a count of a
 * type reads (type, when_start) of a covering index instead.
 */
function drives(
  dialect: StoreDialect,
  f: EventFilter,
  from: string,
  to: string,
  use: FilterUse | undefined,
): boolean {
  const span = dayCount(from, to);
  const selective = [f.placeId, f.placeName, f.person, f.personId, f.text, f.incident, f.documentId];
  const broad = [f.types, f.actor, f.target];
  return (
    use !== undefined &&
    span !== null &&
    span <= DRIVING_WINDOW_DAYS &&
    selective.every((v) => v === undefined) &&
    // PostgreSQL's statistics find the better plan when a type or actor is given (measured: 5 ms).
    ((use === 'page' && dialect === 'sqlite') || broad.every((v) => v === undefined))
  );
}

/** The ids of the events overlapping [from, to]: two covering-index ranges (see filterDates). */
function windowIds(lowest: string, from: string, to: string) {
  return (eb: ExpressionBuilder<Database, 'events'>) =>
    eb
      .selectFrom('events as w')
      .select('w.id')
      .where('w.when_start', '>=', lowest)
      .where('w.when_start', '<=', to)
      .where('w.when_end', '>=', from)
      .unionAll(
        eb
          .selectFrom('events as l')
          .select('l.id')
          .where(sql<boolean>`l.when_long = 1`)
          .where('l.when_end', '>=', from)
          .where('l.when_start', '<=', to),
      );
}
