/**
 * Reviews: an analyst confirms, rejects or edits an event. The event row carries the current state and
 * the edited values (so every filter sees them); each action is a `reviews` row with who, when, the
 * changes and the values they replaced. Re-extraction replaces a document's events: reviewed events are
 * carried over to the new event with the same fingerprint (type and trigger span as first extracted),
 * or kept as they were when the new extraction no longer finds them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { EventType, LocationArg } from '../types.js';
import { eventWhen, longSpan } from './event-row.js';
import type { Database, EventRow, NewEvent, ReviewRow } from './schema.js';

export type ReviewAction = 'confirm' | 'reject' | 'edit' | 'reset';

/** The values an analyst may change; absent fields stay as they are, null clears. */
export interface EventEdit {
  type?: EventType;
  location?: LocationArg | null;
  dateStart?: string | null;
  dateEnd?: string | null;
  actor?: string | null;
  target?: string | null;
  countMin?: number | null;
  countMax?: number | null;
  fatalitiesMin?: number | null;
  fatalitiesMax?: number | null;
}

export interface ReviewInput {
  action: ReviewAction;
  changes?: EventEdit;
  note?: string | null;
  /** The user's name. */
  by: string;
}

const STATE: Record<ReviewAction, string | null> = {
  confirm: 'confirmed',
  reject: 'rejected',
  edit: 'edited',
  reset: null,
};

/** Which event of a re-extraction is the reviewed one: its machine type and trigger span. */
export function reviewFingerprint(e: Pick<EventRow, 'type' | 'trigger_start' | 'trigger_end'>): string {
  return `${e.type}:${e.trigger_start}:${e.trigger_end}`;
}

/** The event columns an edit sets. */
function editColumns(edit: EventEdit, row: EventRow, published: string | null): Partial<NewEvent> {
  const out: Partial<NewEvent> = {};
  if (edit.type !== undefined) out.type = edit.type;
  if (edit.location !== undefined) {
    const l = edit.location;
    Object.assign(out, {
      place_name: l?.name ?? null,
      place_name_ar: l?.name_ar ?? null,
      place_name_en: l?.name_en ?? null,
      place_canonical: l?.canonical ?? null,
      place_precision: l?.precision ?? null,
      place_id: l?.place_id ?? null,
      lat: l?.lat ?? null,
      lon: l?.lon ?? null,
      admin1: l?.admin1 ?? null,
      admin2: l?.admin2 ?? null,
      admin3: l?.admin3 ?? null,
      country: l?.country ?? null,
      geo_precision: l?.geo_precision ?? null,
    });
  }
  if (edit.dateStart !== undefined || edit.dateEnd !== undefined) {
    const start = edit.dateStart !== undefined ? edit.dateStart : row.date_start;
    const end = edit.dateEnd !== undefined ? edit.dateEnd : row.date_end;
    const when = eventWhen(start, end, published);
    Object.assign(out, {
      date_start: start,
      date_end: end,
      // The date text is what the article said; a date set by hand has none of its own.
      date_text: start === null && end === null ? null : (row.date_text ?? ''),
      when_start: when.start,
      when_end: when.end,
      when_long: longSpan(when.start, when.end),
    });
  }
  if (edit.actor !== undefined) out.actor = edit.actor;
  if (edit.target !== undefined) out.target = edit.target;
  if (edit.countMin !== undefined || edit.countMax !== undefined) {
    const min = edit.countMin !== undefined ? edit.countMin : row.count_min;
    const max = edit.countMax !== undefined ? edit.countMax : row.count_max;
    Object.assign(out, {
      count_min: min,
      count_max: max,
      count_text: min === null && max === null ? null : (row.count_text ?? ''),
    });
  }
  if (edit.fatalitiesMin !== undefined) out.fatalities_min = edit.fatalitiesMin;
  if (edit.fatalitiesMax !== undefined) out.fatalities_max = edit.fatalitiesMax;
  return out;
}

/**
 * Records a review and applies it to the event, in one transaction; returns false when there is no such
 * event. An edit that changes the type, place or date takes the event out of its incident (the caller
 * places it again).
 */
export async function reviewEvent(
  db: Kysely<Database>,
  eventId: number,
  review: ReviewInput,
  now = new Date().toISOString(),
): Promise<{ found: boolean; detached: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
    if (!row) return { found: false, detached: false };
    const doc = await trx
      .selectFrom('documents')
      .select('published')
      .where('id', '=', row.document_id)
      .executeTakeFirstOrThrow();
    const first = await trx
      .selectFrom('reviews')
      .select('fingerprint')
      .where('event_id', '=', eventId)
      .orderBy('id')
      .executeTakeFirst();
    const changes = review.action === 'edit' ? editColumns(review.changes ?? {}, row, doc.published) : {};
    const before = Object.fromEntries(
      Object.keys(changes).map((k) => [k, (row as unknown as Record<string, unknown>)[k] ?? null]),
    );
    const detached =
      row.incident_id !== null &&
      ['type', 'place_id', 'place_name', 'when_start', 'when_end'].some(
        (k) => k in changes && (changes as Record<string, unknown>)[k] !== before[k],
      );
    // A reset keeps the edits (they are facts an analyst entered) and only withdraws the verdict.
    const state =
      review.action === 'reset' ? null : review.action === 'edit' ? 'edited' : STATE[review.action];
    await trx
      .updateTable('events')
      .set({
        ...changes,
        review_state: row.review_state === 'edited' && review.action === 'confirm' ? 'edited' : state,
        review_by: state === null ? null : review.by,
        review_at: state === null ? null : now,
        ...(detached ? { incident_id: null } : {}),
      })
      .where('id', '=', eventId)
      .execute();
    await trx
      .insertInto('reviews')
      .values({
        event_id: eventId,
        document_id: row.document_id,
        fingerprint: first?.fingerprint ?? reviewFingerprint(row),
        action: review.action,
        changes_json: JSON.stringify(changes),
        before_json: JSON.stringify(before),
        note: review.note ?? null,
        user_name: review.by,
        at: now,
      })
      .execute();
    return { found: true, detached };
  });
}

export function listReviews(db: Kysely<Database>, eventId: number): Promise<ReviewRow[]> {
  return db.selectFrom('reviews').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
}

/** A document's reviewed events, read before its extraction is replaced. */
export interface ReviewedEvent {
  row: EventRow;
  fingerprint: string;
  persons: Array<Omit<Database['event_persons'], 'event_id'>>;
}

export async function reviewedEvents(
  trx: Transaction<Database>,
  documentId: number,
): Promise<ReviewedEvent[]> {
  const rows = await trx
    .selectFrom('events')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('review_state', 'is not', null)
    .orderBy('id')
    .execute();
  const out: ReviewedEvent[] = [];
  for (const row of rows) {
    const first = await trx
      .selectFrom('reviews')
      .select('fingerprint')
      .where('event_id', '=', row.id)
      .orderBy('id')
      .executeTakeFirst();
    const persons = await trx
      .selectFrom('event_persons')
      .select(['position', 'person_name', 'aliases_json', 'title', 'role'])
      .where('event_id', '=', row.id)
      .execute();
    out.push({ row, fingerprint: first?.fingerprint ?? reviewFingerprint(row), persons });
  }
  return out;
}

/** The columns a review owns: copied onto the re-extracted event. */
const REVIEWED_COLUMNS = [
  'type',
  'place_name',
  'place_name_ar',
  'place_name_en',
  'place_canonical',
  'place_precision',
  'place_id',
  'lat',
  'lon',
  'admin1',
  'admin2',
  'admin3',
  'country',
  'geo_precision',
  'date_start',
  'date_end',
  'date_text',
  'when_start',
  'when_end',
  'when_long',
  'actor',
  'target',
  'count_min',
  'count_max',
  'count_text',
  'fatalities_min',
  'fatalities_max',
  'review_state',
  'review_by',
  'review_at',
] as const satisfies ReadonlyArray<keyof EventRow>;

/**
 * After a re-extraction of the document: each reviewed event is found again by fingerprint among the
 * new events and given its reviewed values, or, when the new extraction lost it, stored again as it was
 * (a confirmed or edited event is the analyst's, not the machine's). Reviews follow their event.
 */
export async function carryReviews(
  trx: Transaction<Database>,
  documentId: number,
  reviewed: readonly ReviewedEvent[],
): Promise<void> {
  if (!reviewed.length) return;
  const fresh = await trx
    .selectFrom('events')
    .select(['id', 'type', 'trigger_start', 'trigger_end'])
    .where('document_id', '=', documentId)
    .where('review_state', 'is', null)
    .execute();
  const byFingerprint = new Map(fresh.map((e) => [reviewFingerprint(e), e.id]));
  for (const { row, fingerprint, persons } of reviewed) {
    let id = byFingerprint.get(fingerprint);
    if (id !== undefined) {
      byFingerprint.delete(fingerprint);
      const values = Object.fromEntries(REVIEWED_COLUMNS.map((k) => [k, row[k]]));
      await trx.updateTable('events').set(values).where('id', '=', id).execute();
    } else if (row.review_state === 'rejected') {
      continue;
    } else {
      const { id: _old, incident_id: _incident, ...copy } = row;
      // PostgreSQL's generated full-text column (migration 009) comes with selectAll; it is not written.
      delete (copy as Record<string, unknown>)['search_vector'];
      ({ id } = await trx
        .insertInto('events')
        .values({ ...copy, incident_id: null })
        .returning('id')
        .executeTakeFirstOrThrow());
      if (persons.length)
        await trx
          .insertInto('event_persons')
          .values(persons.map((p) => ({ ...p, event_id: id! })))
          .execute();
    }
    await trx
      .updateTable('reviews')
      .set({ event_id: id })
      .where('document_id', '=', documentId)
      .where('fingerprint', '=', fingerprint)
      .execute();
  }
}
