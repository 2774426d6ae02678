/**
 * Places stored events into incidents: every event without an incident is merged (mergeIncidents) with
 * the stored incidents it could belong to — same type, dates near its own — and with the other new
 * events. Stored incidents are never split and keep their ids; new ones are created. Runs after each
 * ingest batch and again on the next run when a process was killed in between (events without an
 * incident are exactly the work left).
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import {
  mergeIncidents,
  type ExistingIncident,
  type Incident,
  type ReportedEvent,
} from '../incidents/merge-incidents.js';
import { eventFromRow } from './event-row.js';
import type { Database, EventPersonRow, EventRow } from './schema.js';

/** What an incident row keeps besides its columns (values_json). */
export interface IncidentValues {
  sources: string[];
  dateStart: string | null;
  dateEnd: string | null;
  fatalities: Array<{ value: number; support: number }>;
  counts: Array<{ value: number; support: number }>;
  actors: Array<{ value: string; support: number }>;
  persons: string[];
}

export interface PlaceEventsResult {
  /** Events given an incident now. */
  placed: number;
  created: number;
  /** Stored incidents that received new reports. */
  grown: number;
  /** Ids of the incidents created or grown (what alert rules look at). */
  touched: number[];
}

/** Events taken per round: bounds memory on a backfill of millions of events. */
const ROUND = 20_000;
/** Stored incidents this many days around the new events' dates are candidates. */
const MARGIN_DAYS = 10;
const WRITE_BATCH = 400;

type Row = EventRow & {
  outlet: string | null;
  published: string | null;
  duplicate_of: number | null;
  original_outlet: string | null;
};

async function personsByEvent(
  db: Kysely<Database>,
  eventIds: readonly number[],
): Promise<Map<number, EventPersonRow[]>> {
  const out = new Map<number, EventPersonRow[]>();
  for (let i = 0; i < eventIds.length; i += 5000) {
    const rows = await db
      .selectFrom('event_persons')
      .selectAll()
      .where('event_id', 'in', eventIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) {
      const list = out.get(r.event_id);
      if (list) list.push(r);
      else out.set(r.event_id, [r]);
    }
  }
  return out;
}

function toReports(rows: readonly Row[], persons: Map<number, EventPersonRow[]>): ReportedEvent[] {
  return rows.map((r) => ({
    // Keyed by where the report sits in its document, not by event id: re-extraction gives events new
    // ids, and ties broken by id would make an incident's values depend on the history of runs.
    key: `d${pad(r.document_id, 12)}o${pad(r.evidence_start, 9)}t${pad(r.trigger_start, 9)}e${pad(r.id, 12)}`,
    documentId: String(r.document_id),
    outlet: r.outlet,
    published: r.published,
    event: eventFromRow(r, persons.get(r.id)),
    ...(r.duplicate_of !== null ? { sourceKey: r.original_outlet ?? `document:${r.duplicate_of}` } : {}),
  }));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const eventId = (r: ReportedEvent) => Number(r.key.slice(r.key.lastIndexOf('e') + 1));

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(iso + 'T00:00:00Z') + days * 864e5).toISOString().slice(0, 10);
}

function incidentColumns(i: Incident) {
  const values: IncidentValues = {
    sources: i.sources,
    dateStart: i.dateStart,
    dateEnd: i.dateEnd,
    fatalities: i.fatalities,
    counts: i.counts,
    actors: i.actors,
    persons: i.persons,
  };
  // The window of its reports, for finding candidates: from the earliest report to the latest.
  const dates = i.reports
    .flatMap((r) => [r.event.date?.start, r.event.date?.end, r.published])
    .filter((d): d is string => !!d)
    .map((d) => d.slice(0, 10))
    .sort();
  return {
    type: i.type,
    first_date: dates[0] ?? null,
    last_date: dates[dates.length - 1] ?? null,
    place_id: i.place?.placeId ?? null,
    place_name: i.place?.name ?? null,
    lat: i.place?.lat ?? null,
    lon: i.place?.lon ?? null,
    actor: i.actor,
    target: i.target,
    sources_count: i.reports.length,
    corroboration: i.corroboration,
    values_json: JSON.stringify(values),
  };
}

/** Sets events.incident_id for many events in one statement per batch (portable CTE form). */
async function assign(trx: Transaction<Database>, pairs: Array<[number, number]>): Promise<void> {
  for (let i = 0; i < pairs.length; i += WRITE_BATCH) {
    const chunk = pairs.slice(i, i + WRITE_BATCH);
    const values = sql.join(chunk.map(([e, inc]) => sql`(CAST(${e} AS INTEGER), CAST(${inc} AS INTEGER))`));
    await sql`WITH v(eid, iid) AS (VALUES ${values})
      UPDATE events SET incident_id = (SELECT iid FROM v WHERE v.eid = events.id)
      WHERE id IN (SELECT eid FROM v)`.execute(trx);
  }
}

export interface PlaceEventsOptions {
  /**
   * Called inside each round's transaction after its incidents are written: a job queue hands the
   * touched incidents on to the alerts step in the same commit (exactly once, even if killed after).
   */
  onRound?: (trx: Transaction<Database>, round: PlaceEventsResult) => Promise<void>;
}

/**
 * Advisory lock key of incident placement on PostgreSQL: two workers placing at once would each merge
 * the same fresh events (or two reports of one incident) into incidents of their own.
 */
export const PLACEMENT_LOCK = 0x6d617273_01;

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Events without an incident, oldest first, with their documents' outlet, date and original. */
function freshEvents(db: Kysely<Database>): Promise<Row[]> {
  return db
    .selectFrom('events')
    .innerJoin('documents', 'documents.id', 'events.document_id')
    .leftJoin('documents as original', 'original.id', 'documents.duplicate_of')
    .selectAll('events')
    .select([
      'documents.outlet',
      'documents.published',
      'documents.duplicate_of',
      'original.outlet as original_outlet',
    ])
    .where('events.incident_id', 'is', null)
    .orderBy('events.id')
    .limit(ROUND)
    .execute() as Promise<Row[]>;
}

/** Gives every event without an incident one, merging with stored incidents; returns what it did. */
export async function placeEventsInIncidents(
  db: Kysely<Database>,
  options: PlaceEventsOptions = {},
): Promise<PlaceEventsResult> {
  const total: PlaceEventsResult = { placed: 0, created: 0, grown: 0, touched: [] };
  const postgres = isPostgres(db);
  for (;;) {
    // SQLite: read before the transaction, as a deferred write transaction that read first fails when
    // another process wrote meanwhile. PostgreSQL: read under the lock, so no two placements see the
    // same fresh events; the lock is released by the commit.
    const outside = postgres ? [] : await freshEvents(db);
    if (!postgres && !outside.length) return total;
    const done = await db.transaction().execute(async (trx) => {
      if (postgres) await sql`SELECT pg_advisory_xact_lock(${PLACEMENT_LOCK})`.execute(trx);
      const fresh = postgres ? await freshEvents(trx) : outside;
      if (!fresh.length) return null;
      const round = await placeRound(trx, fresh);
      await options.onRound?.(trx, round);
      return { round, size: fresh.length };
    });
    if (!done) return total;
    total.placed += done.round.placed;
    total.created += done.round.created;
    total.grown += done.round.grown;
    total.touched.push(...done.round.touched);
    if (done.size < ROUND) return total;
  }
}

async function placeRound(trx: Transaction<Database>, fresh: Row[]): Promise<PlaceEventsResult> {
  const reports = toReports(
    fresh,
    await personsByEvent(
      trx,
      fresh.map((r) => r.id),
    ),
  );
  const types = [...new Set(fresh.map((r) => r.type))];
  const dates = fresh
    .flatMap((r) => [r.date_start, r.date_end, r.published])
    .filter((d): d is string => !!d)
    .sort();
  // Candidate stored incidents: same types, reports within the margin of the new events' dates.
  let candidates = trx
    .selectFrom('events')
    .innerJoin('incidents', 'incidents.id', 'events.incident_id')
    .innerJoin('documents', 'documents.id', 'events.document_id')
    .leftJoin('documents as original', 'original.id', 'documents.duplicate_of')
    .selectAll('events')
    .select([
      'documents.outlet',
      'documents.published',
      'documents.duplicate_of',
      'original.outlet as original_outlet',
    ])
    .where('incidents.type', 'in', types);
  if (dates.length) {
    const lo = shiftDay(dates[0]!, -MARGIN_DAYS);
    const hi = shiftDay(dates[dates.length - 1]!, MARGIN_DAYS);
    candidates = candidates.where((eb) =>
      eb.or([
        eb('incidents.first_date', 'is', null),
        eb.and([eb('incidents.last_date', '>=', lo), eb('incidents.first_date', '<=', hi)]),
      ]),
    );
  }
  const storedRows = (await candidates.orderBy('events.id').execute()) as Row[];
  const storedReports = toReports(
    storedRows,
    await personsByEvent(
      trx,
      storedRows.map((r) => r.id),
    ),
  );
  const byIncident = new Map<number, ReportedEvent[]>();
  storedRows.forEach((row, k) => {
    const list = byIncident.get(row.incident_id!);
    if (list) list.push(storedReports[k]!);
    else byIncident.set(row.incident_id!, [storedReports[k]!]);
  });
  const existing: ExistingIncident[] = [...byIncident].map(([id, rs]) => ({ id: String(id), reports: rs }));
  const sizes = new Map(existing.map((e) => [e.id, e.reports.length]));
  const merged = mergeIncidents(reports, { existing });

  const result: PlaceEventsResult = { placed: 0, created: 0, grown: 0, touched: [] };
  const freshIds = new Set(fresh.map((r) => r.id));
  const pairs: Array<[number, number]> = [];
  for (const incident of merged) {
    const before = sizes.get(incident.id);
    if (before === incident.reports.length) continue;
    const columns = incidentColumns(incident);
    let id: number;
    if (before === undefined) {
      ({ id } = await trx.insertInto('incidents').values(columns).returning('id').executeTakeFirstOrThrow());
      result.created++;
    } else {
      id = Number(incident.id);
      await trx.updateTable('incidents').set(columns).where('id', '=', id).execute();
      result.grown++;
    }
    result.touched.push(id);
    for (const r of incident.reports) if (freshIds.has(eventId(r))) pairs.push([eventId(r), id]);
  }
  await assign(trx, pairs);
  result.placed = fresh.length;
  return result;
}
