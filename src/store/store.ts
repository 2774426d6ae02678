/**
 * The store: the one repository interface over the database, implemented once over Kysely for both
 * backends (SQLite and PostgreSQL). Writes of one document happen in one transaction; a document is
 * stored once per distinct raw text.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DocumentResult, EntityOut, EventType, ExtractedEvent } from '../types.js';
import { normalizeString } from '../text/normalize.js';
import { contentHash } from './content-hash.js';
import { eventFromRow, eventPersonRows, eventToRow } from './event-row.js';
import { mentionFromRow, mentionToRow } from './mention-row.js';
import { queryKeys, searchText, snippet } from './search-text.js';
import type {
  Database,
  DocumentRow,
  EventPersonRow,
  EventRow,
  ExtractionRow,
  IncidentRow,
  NewEventPerson,
  PersonRow,
  MentionRow,
  ReviewRow,
} from './schema.js';
import { placeEventsInIncidents, type IncidentValues, type PlaceEventsResult } from './incident-writer.js';
import {
  breakdown,
  cohesion,
  groups,
  network,
  places,
  points,
  timeline,
  type Breakdown,
  type EventPoint,
  type Cohesion,
  type GroupCount,
  type Network,
  type PlaceCount,
  type TimelineBucket,
} from './analytics.js';
import { filterEvents, ftsQuery, type FilterUse } from './filter-events.js';
import { walkForNewest } from './walk-for-newest.js';
import { linkNearDuplicate } from './near-duplicates.js';
import { minhash } from '../dedupe/minhash.js';
import { rebuildPersons } from './person-writer.js';
import { carryReviews, listReviews, reviewEvent, reviewedEvents, type ReviewInput } from './review-writer.js';
import { addUser, listUsers, removeUser, userByToken, type UserRecord } from './users.js';
import type { NisbaData } from '../resources/resources.js';
import type { StoreDialect } from './store-dialect.js';

/** What is known about a document besides its text. */
export interface DocumentInput {
  raw: string;
  sourcePath?: string | null;
  url?: string | null;
  /** Overrides the outlet found by the extraction. */
  outlet?: string | null;
  title?: string | null;
  author?: string | null;
  /** YYYY-MM-DD; overrides the publication date found by the extraction. */
  published?: string | null;
  /** normalizeString(raw) and searchText(raw) when computed already (in an extraction worker). */
  textNorm?: string;
  searchText?: string;
  /** searchText of each event's evidence sentence, in event order, when computed already. */
  eventSearchTexts?: readonly string[];
  /** minhash(raw), when computed already. */
  minhash?: string;
}

/** Which data and code produced an extraction. */
export interface ExtractionProvenance {
  resourcesVersion: string;
  marsadVersion: string;
}

/** Filters of listEvents/countEvents; all given filters must hold. */
export interface EventFilter {
  types?: readonly EventType[];
  /** Exact actor (group id, as extract() reports it). */
  actor?: string;
  target?: string;
  placeId?: string;
  /** The place as written, or an admin area it lies in (admin1, admin2, admin3), exact. */
  placeName?: string;
  /**
   * Date range (YYYY-MM-DD, inclusive): events whose date range overlaps it; an event without a date
   * counts as happening on its document's publication date (as it was when the event was stored).
   */
  from?: string;
  to?: string;
  outlet?: string;
  /** A person named in the event (exact name). */
  person?: string;
  /** Events of this incident. */
  incident?: number;
  /** Events of this document. */
  documentId?: number;
  /** Events naming this person of the knowledge base. */
  personId?: number;
  /** Words that must all occur in the event's evidence sentence (folded like search, clitics removed). */
  text?: string;
  /** Review states to keep ('unreviewed' for events nobody reviewed); absent: every event. */
  review?: readonly ReviewFilterState[];
  /** At most this many events (default 100); ignored by countEvents. */
  limit?: number;
  /** Cursor: only events with an id above this one (the last id of the previous page); ignored by countEvents. */
  after?: number;
}

export interface DocumentFilter {
  outlet?: string;
  /** Publication date range (YYYY-MM-DD, inclusive). */
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  after?: number;
}

export interface DocumentSummaryRow {
  id: number;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  author: string | null;
  /** The earlier document this one repeats (a repost), or null. */
  duplicateOf: number | null;
  eventsCount: number;
}

export type ReviewFilterState = 'unreviewed' | 'confirmed' | 'rejected' | 'edited';

/** An event row with its persons and its document's outlet and publication date. */
export interface EventRecord extends EventRow {
  outlet: string | null;
  published: string | null;
  persons: EventPersonRow[];
}

/** Filters of listIncidents: incidents with at least one event matching the event filters. */
export interface IncidentFilter extends Omit<EventFilter, 'incident'> {
  /** At least this many independent sources. */
  minSources?: number;
}

export interface IncidentRecord extends Omit<IncidentRow, 'values_json'> {
  values: IncidentValues;
}

export interface PersonFilter {
  /** A name or part of one, matched against the canonical name and the aliases (normalised). */
  name?: string;
  group?: string;
  /** Persons appearing in an event of one of these types. */
  types?: readonly EventType[];
  limit?: number;
  offset?: number;
}

export interface PersonRecord extends Omit<PersonRow, 'aliases_json' | 'titles_json' | 'names_norm'> {
  aliases: string[];
  titles: Array<{ title: string; documentId: string; published: string | null }>;
  /** Events the person appears in, by type. */
  eventsByType: Partial<Record<EventType, number>>;
}

/**
 * PostgreSQL ranks at most this many matches of a document search (or the limit, if more), the newest
 * stored: ranking reads every ranked document's search vector. SQLite's full-text index ranks all.
 */
export const RANKED_MATCHES = 500;

export interface SearchOptions {
  /** At most this many documents (default 20). */
  limit?: number;
  filter?: Omit<EventFilter, 'limit' | 'after'>;
}

export interface SearchHit {
  documentId: number;
  title: string | null;
  outlet: string | null;
  published: string | null;
  /** The raw text around the first match. */
  snippet: string;
  /** Higher is better (FTS5 -bm25 on SQLite, ts_rank on PostgreSQL: not comparable across backends). */
  rank: number;
}

export interface StoreStats {
  documents: number;
  events: number;
  mentions: number;
  incidents: number;
  persons: number;
  /** Events by type (types without events are absent). */
  eventsByType: Partial<Record<EventType, number>>;
  /** Events by month of their effective date (YYYY-MM), in order; undated events are absent. */
  eventsByMonth: Array<{ month: string; events: number }>;
  /** Documents by outlet, most first (at most 20; documents without an outlet are absent). */
  documentsByOutlet: Array<{ outlet: string; documents: number }>;
}

/** A document's stored extraction. */
export interface StoredExtraction {
  events: ExtractedEvent[];
  entities: EntityOut[];
  provenance: ExtractionRow | null;
}

export interface Store {
  readonly dialect: StoreDialect;
  /** The underlying query builder, for queries the interface does not cover yet. */
  readonly db: Kysely<Database>;
  /**
   * Stores a document and its extraction in one transaction. Idempotent on the sha256 of the raw text:
   * the same content again writes nothing and returns `created: false` with the stored id.
   */
  saveDocument(
    input: DocumentInput,
    result: DocumentResult,
    provenance: ExtractionProvenance,
  ): Promise<{ documentId: number; created: boolean }>;
  /**
   * Stores several documents in one transaction (faster: one commit, one full-text flush), each as
   * saveDocument would; results in input order.
   */
  saveDocuments(
    items: ReadonlyArray<{ input: DocumentInput; result: DocumentResult }>,
    provenance: ExtractionProvenance,
  ): Promise<Array<{ documentId: number; created: boolean }>>;
  /** Replaces a document's events and mentions with a new extraction (one transaction). */
  replaceExtraction(
    documentId: number,
    result: DocumentResult,
    provenance: ExtractionProvenance,
  ): Promise<void>;
  getDocument(id: number): Promise<DocumentRow | undefined>;
  documentByHash(hash: string): Promise<DocumentRow | undefined>;
  /** Whether a document with this content hash is stored (cheaper than documentByHash). */
  hasDocument(hash: string): Promise<boolean>;
  /** The events and entity mentions stored for a document, as extract() reported them. */
  getExtraction(documentId: number): Promise<StoredExtraction | undefined>;
  /** Events matching a filter, by ascending id (page with `after` = the last id). */
  listEvents(filter?: EventFilter): Promise<EventRecord[]>;
  countEvents(filter?: EventFilter): Promise<number>;
  /**
   * Documents matching every word of a query (normalised, clitics removed), best first. Filters: outlet
   * and from/to apply to the document (its publication date); the others require a matching event.
   */
  searchDocuments(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Gives every event without an incident one (merging reports of one event across documents). */
  placeEventsInIncidents(): Promise<PlaceEventsResult>;
  /** Deletes every incident (events keep existing, without incident), before re-merging all. */
  clearIncidents(): Promise<void>;
  /** Incidents with an event matching the filter, by ascending id (page with `after`). */
  listIncidents(filter?: IncidentFilter): Promise<IncidentRecord[]>;
  getIncident(id: number): Promise<IncidentRecord | undefined>;
  /** Re-resolves every person from the stored mentions; returns how many persons there are. */
  rebuildPersons(nisbas: ReadonlyMap<string, NisbaData>): Promise<number>;
  /** Persons, most documented first. */
  listPersons(filter?: PersonFilter): Promise<PersonRecord[]>;
  getPerson(id: number): Promise<PersonRecord | undefined>;
  stats(): Promise<StoreStats>;
  /** Documents (without their text), by ascending id; `q` keeps those matching every word. */
  listDocuments(filter?: DocumentFilter): Promise<DocumentSummaryRow[]>;
  /** The stored mention rows of a document, in order. */
  documentMentions(documentId: number): Promise<MentionRow[]>;
  timeline(filter: EventFilter, bucket: 'week' | 'month'): Promise<TimelineBucket[]>;
  breakdown(filter: EventFilter, by: Breakdown): Promise<Array<{ key: string; count: number }>>;
  cohesion(options: { group: string; area?: string; weeks: number; until?: string }): Promise<Cohesion>;
  places(filter: EventFilter): Promise<PlaceCount[]>;
  /** Geocoded events as map points (few columns), by id, at most `limit`. */
  points(filter: EventFilter, limit: number): Promise<EventPoint[]>;
  groups(): Promise<GroupCount[]>;
  network(of: { personId: number } | { group: string }): Promise<Network>;
  /** One event with its persons, outlet and publication date. */
  getEvent(id: number): Promise<EventRecord | undefined>;
  /**
   * Records a review of an event and applies it (state, edited values); an edit of type, place or date
   * re-places the event in incidents. Returns the event after the review, or undefined when absent.
   */
  reviewEvent(id: number, review: ReviewInput): Promise<EventRecord | undefined>;
  /** The reviews of an event, oldest first. */
  listReviews(eventId: number): Promise<ReviewRow[]>;
  /** Adds a user (or renews their token); the token is returned once and stored hashed. */
  addUser(name: string): Promise<{ user: UserRecord; token: string }>;
  userByToken(token: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  removeUser(name: string): Promise<boolean>;
  /** Every document by ascending id, read in batches (for reprocessing). */
  allDocuments(): AsyncIterableIterator<DocumentRow>;
  /**
   * Refreshes the query planner's statistics (after a large ingest): without them SQLite does not know
   * that the covering indexes beat the review-state index, and the overview's aggregates read every row.
   */
  optimize(options?: { onlyIfNeverAnalyzed?: boolean }): Promise<void>;
  /**
   * Changes when another connection committed to the database (SQLite's data_version); constant on
   * PostgreSQL, where caches rely on their own expiry.
   */
  dataVersion(): Promise<string>;
  close(): Promise<void>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Event filters of a document search that keep a large share of the events: tested per match, not
 * listed (a search's from/to are the documents' dates, not the events').
 */
const BROAD_EVENT_FILTERS = new Set(['types', 'review']);
const MENTION_BATCH = 200;
const EVENT_BATCH = 50;

function checkDate(value: string | null, what: string): string | null {
  if (value !== null && !ISO_DATE.test(value)) throw new Error(`${what} must be YYYY-MM-DD, got "${value}"`);
  return value;
}

const versionKey = (p: ExtractionProvenance) => `${p.resourcesVersion}\u0000${p.marsadVersion}`;

/** The id of the provenance row of these versions, created when new. */
async function extractionId(trx: Transaction<Database>, p: ExtractionProvenance): Promise<number> {
  await trx
    .insertInto('extractions')
    .values({
      resources_version: p.resourcesVersion,
      marsad_version: p.marsadVersion,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['resources_version', 'marsad_version']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('extractions')
    .select('id')
    .where('resources_version', '=', p.resourcesVersion)
    .where('marsad_version', '=', p.marsadVersion)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a document's mentions, events and event persons; `published` is the document's date. */
async function writeExtraction(
  trx: Transaction<Database>,
  documentId: number,
  result: DocumentResult,
  published: string | null,
  eventSearchTexts?: readonly string[],
) {
  const mentions = result.entities.map((e) => mentionToRow(documentId, e));
  for (let i = 0; i < mentions.length; i += MENTION_BATCH) {
    await trx
      .insertInto('mentions')
      .values(mentions.slice(i, i + MENTION_BATCH))
      .execute();
  }
  // Events in one statement per batch. RETURNING order is not guaranteed (SQLite says so), but ids are
  // assigned in VALUES order and ascending on both backends: sorted, they map back to the rows.
  const persons: NewEventPerson[] = [];
  for (let i = 0; i < result.events.length; i += EVENT_BATCH) {
    const batch = result.events.slice(i, i + EVENT_BATCH);
    const ids = await trx
      .insertInto('events')
      .values(batch.map((e, k) => eventToRow(documentId, e, published, eventSearchTexts?.[i + k])))
      .returning('id')
      .execute();
    if (ids.length !== batch.length) throw new Error('events insert returned a wrong number of ids');
    const sorted = ids.map((r) => r.id).sort((x, y) => x - y);
    batch.forEach((event, k) => persons.push(...eventPersonRows(sorted[k]!, event.persons)));
  }
  for (let i = 0; i < persons.length; i += MENTION_BATCH) {
    await trx
      .insertInto('event_persons')
      .values(persons.slice(i, i + MENTION_BATCH))
      .execute();
  }
}

/** Deletes a document's mentions and events (and what hangs on them). */
async function clearExtraction(trx: Transaction<Database>, documentId: number) {
  const mentionIds = trx.selectFrom('mentions').select('id').where('document_id', '=', documentId);
  const eventIds = trx.selectFrom('events').select('id').where('document_id', '=', documentId);
  await trx.deleteFrom('person_mentions').where('mention_id', 'in', mentionIds).execute();
  await trx.deleteFrom('mentions').where('document_id', '=', documentId).execute();
  await trx.deleteFrom('event_persons').where('event_id', 'in', eventIds).execute();
  await trx.deleteFrom('person_events').where('event_id', 'in', eventIds).execute();
  await trx.deleteFrom('events').where('document_id', '=', documentId).execute();
}

class KyselyStore implements Store {
  /** Provenance row ids by versions: rows are never deleted, so a committed id stays valid. */
  private readonly extractionIds = new Map<string, number>();

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: StoreDialect,
  ) {}

  async saveDocument(
    input: DocumentInput,
    result: DocumentResult,
    provenance: ExtractionProvenance,
  ): Promise<{ documentId: number; created: boolean }> {
    const [saved] = await this.saveDocuments([{ input, result }], provenance);
    return saved!;
  }

  async saveDocuments(
    items: ReadonlyArray<{ input: DocumentInput; result: DocumentResult }>,
    provenance: ExtractionProvenance,
  ): Promise<Array<{ documentId: number; created: boolean }>> {
    if (!items.length) return [];
    // Checked before writing: one bad date must not roll back the other documents of the batch.
    const rows = items.map(({ input, result }) => ({
      hash: contentHash(input.raw),
      published: checkDate(input.published ?? result.published ?? null, 'published'),
      signature: input.minhash ?? minhash(input.raw),
      input,
      result,
    }));
    const saved = await this.db.transaction().execute(async (trx) => {
      const extraction =
        this.extractionIds.get(versionKey(provenance)) ?? (await extractionId(trx, provenance));
      const out: Array<{ documentId: number; created: boolean }> = [];
      for (const { hash, published, signature, input, result } of rows) {
        // ON CONFLICT DO NOTHING: stored before, earlier in this batch, or by a concurrent writer.
        const inserted = await trx
          .insertInto('documents')
          .values({
            content_hash: hash,
            raw: input.raw,
            text_norm: input.textNorm ?? normalizeString(input.raw),
            search_text: input.searchText ?? searchText(input.raw),
            source_path: input.sourcePath ?? null,
            url: input.url ?? null,
            outlet: input.outlet ?? result.outlet ?? null,
            title: input.title ?? null,
            author: input.author ?? null,
            published,
            ingested_at: new Date().toISOString(),
            extraction_id: extraction,
            minhash: signature,
          })
          .onConflict((oc) => oc.column('content_hash').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) {
          const texts =
            input.eventSearchTexts?.length === result.events.length ? input.eventSearchTexts : undefined;
          await writeExtraction(trx, inserted.id, result, published, texts);
          await linkNearDuplicate(trx, inserted.id, signature);
          out.push({ documentId: inserted.id, created: true });
          continue;
        }
        const { id } = await trx
          .selectFrom('documents')
          .select('id')
          .where('content_hash', '=', hash)
          .executeTakeFirstOrThrow();
        out.push({ documentId: id, created: false });
      }
      return { out, extraction };
    });
    this.extractionIds.set(versionKey(provenance), saved.extraction);
    return saved.out;
  }

  async replaceExtraction(
    documentId: number,
    result: DocumentResult,
    provenance: ExtractionProvenance,
  ): Promise<void> {
    const published = checkDate(result.published, 'published');
    await this.db.transaction().execute(async (trx) => {
      const doc = await trx
        .selectFrom('documents')
        .select(['id', 'published'])
        .where('id', '=', documentId)
        .executeTakeFirst();
      if (!doc) throw new Error(`no document with id ${documentId}`);
      const reviewed = await reviewedEvents(trx, documentId);
      await clearExtraction(trx, documentId);
      await writeExtraction(trx, documentId, result, doc.published ?? published);
      await carryReviews(trx, documentId, reviewed);
      const extraction = await extractionId(trx, provenance);
      // Dates and outlets given at ingestion win; a new extraction only fills in what was missing.
      await trx
        .updateTable('documents')
        .set((eb) => ({
          extraction_id: extraction,
          published: eb.fn.coalesce('published', sql<string | null>`${published}`),
          outlet: eb.fn.coalesce('outlet', sql<string | null>`${result.outlet}`),
        }))
        .where('id', '=', documentId)
        .execute();
    });
  }

  getDocument(id: number): Promise<DocumentRow | undefined> {
    return this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async hasDocument(hash: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('documents')
      .select('id')
      .where('content_hash', '=', hash)
      .executeTakeFirst();
    return row !== undefined;
  }

  documentByHash(hash: string): Promise<DocumentRow | undefined> {
    return this.db.selectFrom('documents').selectAll().where('content_hash', '=', hash).executeTakeFirst();
  }

  async getExtraction(documentId: number): Promise<StoredExtraction | undefined> {
    const doc = await this.db
      .selectFrom('documents')
      .leftJoin('extractions', 'extractions.id', 'documents.extraction_id')
      .select([
        'documents.id as document_id',
        'extractions.id',
        'extractions.resources_version',
        'extractions.marsad_version',
        'extractions.created_at',
      ])
      .where('documents.id', '=', documentId)
      .executeTakeFirst();
    if (!doc) return undefined;
    const events = await this.db
      .selectFrom('events')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id')
      .execute();
    const persons = await this.personsOf(events.map((e) => e.id));
    const mentions = await this.db
      .selectFrom('mentions')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id')
      .execute();
    const { id, resources_version, marsad_version, created_at } = doc;
    return {
      events: events.map((e) => eventFromRow(e, persons.get(e.id))),
      entities: mentions.map(mentionFromRow),
      provenance:
        id === null || resources_version === null || marsad_version === null || created_at === null
          ? null
          : { id, resources_version, marsad_version, created_at },
    };
  }

  /** Event persons by event id, in order. */
  private async personsOf(eventIds: readonly number[]): Promise<Map<number, EventPersonRow[]>> {
    const out = new Map<number, EventPersonRow[]>();
    if (!eventIds.length) return out;
    const rows = await this.db
      .selectFrom('event_persons')
      .selectAll()
      .where('event_id', 'in', eventIds)
      .orderBy('event_id')
      .orderBy('position')
      .execute();
    for (const r of rows) {
      const list = out.get(r.event_id);
      if (list) list.push(r);
      else out.set(r.event_id, [r]);
    }
    return out;
  }

  /** Events joined with their documents, filtered (without paging). */
  private filtered(f: EventFilter, use?: FilterUse) {
    return filterEvents(this.db, this.dialect, f, use);
  }

  async listEvents(filter: EventFilter = {}): Promise<EventRecord[]> {
    let page = this.filtered(filter, 'page')
      .select('events.id')
      .orderBy('events.id')
      .limit(Math.max(0, Math.floor(filter.limit ?? 100)));
    if (filter.after !== undefined) page = page.where('events.id', '>', filter.after);
    // The page's ids first, then their rows: sorting the matches of a filter (an outlet's events, a
    // month's) by id moved whole rows through the sort, five times slower for a large outlet.
    const rows = await this.db
      .selectFrom('events')
      .innerJoin('documents', 'documents.id', 'events.document_id')
      .selectAll('events')
      .select(['documents.outlet', 'documents.published'])
      .where('events.id', 'in', page)
      .orderBy('events.id')
      .execute();
    const persons = await this.personsOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, persons: persons.get(r.id) ?? [] }));
  }

  async countEvents(filter: EventFilter = {}): Promise<number> {
    const row = await this.filtered(filter, 'count')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async searchDocuments(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const keys = queryKeys(query);
    const n = Math.floor(options.limit ?? 20);
    if (!keys.length || n <= 0) return [];
    interface Hit {
      id: number;
      raw: string;
      title: string | null;
      outlet: string | null;
      published: string | null;
      rank: number;
    }
    const { outlet, from, to, ...events } = options.filter ?? {};
    const documentConditions = [
      ...(outlet !== undefined ? [sql<boolean>`d.outlet = ${outlet}`] : []),
      ...(from !== undefined ? [sql<boolean>`d.published >= ${from}`] : []),
      ...(to !== undefined ? [sql<boolean>`d.published <= ${to}`] : []),
    ];
    const eventFiltered = Object.values(events).some((v) => v !== undefined);
    const { rows } =
      this.dialect === 'sqlite'
        ? await sql<Hit>`
            SELECT d.id, d.raw, d.title, d.outlet, d.published, f.rank
            FROM (${this.rankedMatches(keys, n, documentConditions, eventFiltered ? events : null)}) f
            JOIN documents d ON d.id = f.rowid
            ORDER BY f.rank DESC, d.id`.execute(this.db)
        : // Ranking reads each match's vector (out of line for a long article): a word in tens of
          // thousands of documents took a second. The newest RANKED_MATCHES matches are ranked.
          await sql<Hit>`
            SELECT r.id, r.raw, r.title, r.outlet, r.published, ts_rank(r.search_vector, q) AS rank
            FROM (
              SELECT d.id FROM documents d, plainto_tsquery('simple', ${keys.join(' ')}) q
              WHERE ${sql.join(
                [
                  sql`d.search_vector @@ q`,
                  ...documentConditions,
                  // Event filters: the document must report a matching event.
                  ...(eventFiltered
                    ? [sql`d.id IN (${this.filtered(events).select('events.document_id')})`]
                    : []),
                ],
                sql` AND `,
              )}
              ORDER BY ${
                documentConditions.length || eventFiltered || (await this.walksForNewest(keys, n))
                  ? sql`d.id`
                  : sql`d.id + 0`
              } DESC LIMIT ${Math.max(RANKED_MATCHES, n)}
            ) m
            JOIN documents r ON r.id = m.id, plainto_tsquery('simple', ${keys.join(' ')}) q
            ORDER BY rank DESC, r.id LIMIT ${n}`.execute(this.db);
    return rows.map((r) => ({
      documentId: Number(r.id),
      title: r.title,
      outlet: r.outlet,
      published: r.published,
      snippet: snippet(r.raw, keys),
      rank: Number(r.rank),
    }));
  }

  /** PostgreSQL: walkForNewest() on the planner's estimate of the query's matches. */
  private async walksForNewest(keys: readonly string[], n: number): Promise<boolean> {
    const { rows } = await sql<{ total: number }>`
      SELECT reltuples AS total FROM pg_class WHERE oid = 'documents'::regclass`.execute(this.db);
    const estimate = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
      EXPLAIN (FORMAT JSON) SELECT 1 FROM documents d
      WHERE d.search_vector @@ plainto_tsquery('simple', ${keys.join(' ')})`.execute(this.db);
    return walkForNewest(
      Number(estimate.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0),
      Number(rows[0]?.total ?? 0),
      Math.max(RANKED_MATCHES, n),
    );
  }

  /**
   * SQLite: the page of full-text matches, ranked and cut inside the index, so that no document row
   * (with its raw text) is read per match. Filters are tested against each match without reading rows
   * either: document filters as a list of ids from the documents' indexes (`+rowid`: looking the index
   * up once per listed id is far slower than walking the matches); event filters that keep many events
   * (types, dates, review states) as an EXISTS per match on the (document, type) index, the narrow ones
   * (a person, a place, an actor, words …) as the list of their documents.
   */
  private rankedMatches(
    keys: readonly string[],
    n: number,
    documentConditions: ReadonlyArray<RawBuilder<boolean>>,
    events: Omit<EventFilter, 'limit' | 'after'> | null,
  ) {
    const conditions = [sql`documents_fts MATCH ${ftsQuery(keys)}`];
    if (documentConditions.length)
      conditions.push(
        sql`+rowid IN (SELECT d.id FROM documents d WHERE ${sql.join(documentConditions, sql` AND `)})`,
      );
    if (events) {
      const broad = Object.entries(events).every(
        ([key, value]) => value === undefined || BROAD_EVENT_FILTERS.has(key),
      );
      const matching = this.filtered(events);
      conditions.push(
        broad
          ? // The query builder puts its own parentheses around the subquery.
            sql`EXISTS ${matching
              .select(sql`1`.as('one'))
              .whereRef('events.document_id', '=', sql.ref<number>('documents_fts.rowid'))}`
          : sql`+rowid IN (${matching.select('events.document_id')})`,
      );
    }
    return sql`SELECT rowid, -bm25(documents_fts) AS rank FROM documents_fts
      WHERE ${sql.join(conditions, sql` AND `)} ORDER BY rank DESC, rowid LIMIT ${n}`;
  }

  async stats(): Promise<StoreStats> {
    const count = async (table: 'documents' | 'events' | 'mentions' | 'incidents' | 'persons') => {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const byType = await this.db
      .selectFrom('events')
      .select(['type', (eb) => eb.fn.countAll().as('n')])
      .groupBy('type')
      .orderBy('type')
      .execute();
    const month = sql<string>`substr(when_start, 1, 7)`;
    const byMonth = await this.db
      .selectFrom('events')
      .select([month.as('month'), (eb) => eb.fn.countAll().as('n')])
      .where('when_start', 'is not', null)
      .groupBy(month)
      .orderBy(month)
      .execute();
    const byOutlet = await this.db
      .selectFrom('documents')
      .select(['outlet', (eb) => eb.fn.countAll().as('n')])
      .where('outlet', 'is not', null)
      .groupBy('outlet')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('outlet')
      .limit(20)
      .execute();
    return {
      documents: await count('documents'),
      events: await count('events'),
      mentions: await count('mentions'),
      incidents: await count('incidents'),
      persons: await count('persons'),
      eventsByType: Object.fromEntries(byType.map((r) => [r.type, Number(r.n)])),
      eventsByMonth: byMonth.map((r) => ({ month: r.month, events: Number(r.n) })),
      documentsByOutlet: byOutlet.map((r) => ({ outlet: r.outlet!, documents: Number(r.n) })),
    };
  }

  placeEventsInIncidents(): Promise<PlaceEventsResult> {
    return placeEventsInIncidents(this.db);
  }

  async clearIncidents(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('events')
        .set({ incident_id: null })
        .where('incident_id', 'is not', null)
        .execute();
      await trx.deleteFrom('incidents').execute();
    });
  }

  async listIncidents(filter: IncidentFilter = {}): Promise<IncidentRecord[]> {
    const { minSources, limit, after, ...events } = filter;
    let q = this.db.selectFrom('incidents').selectAll();
    const given = Object.entries(events).filter(([, v]) => v !== undefined);
    // Without event filters every incident qualifies: skip the semi-join; a type alone is the incident's.
    if (given.length === 1 && given[0]![0] === 'types') {
      const types = events.types!.length ? [...events.types!] : [''];
      q = q.where('incidents.type', 'in', types);
    } else if (given.length) {
      const ids = this.filtered(events).select('events.incident_id');
      q = q.where('incidents.id', 'in', ids);
    }
    if (minSources !== undefined) q = q.where('incidents.corroboration', '>=', minSources);
    if (after !== undefined) q = q.where('incidents.id', '>', after);
    const rows = await q
      .orderBy('incidents.id')
      .limit(Math.max(0, Math.floor(limit ?? 100)))
      .execute();
    return rows.map(incidentRecord);
  }

  async getIncident(id: number): Promise<IncidentRecord | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && incidentRecord(row);
  }

  rebuildPersons(nisbas: ReadonlyMap<string, NisbaData>): Promise<number> {
    return rebuildPersons(this.db, nisbas);
  }

  async listPersons(filter: PersonFilter = {}): Promise<PersonRecord[]> {
    let q = this.db.selectFrom('persons').selectAll();
    if (filter.name !== undefined) {
      // Persons are rebuilt from scratch on every ingest, so names_norm is always filled.
      const like = `%${normalizeString(filter.name)
        .toLowerCase()
        .replace(/[%_\\]/g, '')
        .trim()}%`;
      q = q.where('persons.names_norm', 'like', like);
    }
    if (filter.group !== undefined) q = q.where('persons.group_id', '=', filter.group);
    if (filter.types) {
      const types = filter.types.length ? [...filter.types] : [''];
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('person_events')
            .innerJoin('events', 'events.id', 'person_events.event_id')
            .select('person_events.event_id')
            .whereRef('person_events.person_id', '=', 'persons.id')
            .where('events.type', 'in', types),
        ),
      );
    }
    const rows = await q
      .orderBy('persons.documents_count', 'desc')
      .orderBy('persons.id')
      .limit(Math.max(0, Math.floor(filter.limit ?? 100)))
      .offset(Math.max(0, Math.floor(filter.offset ?? 0)))
      .execute();
    return this.personRecords(rows);
  }

  async getPerson(id: number): Promise<PersonRecord | undefined> {
    const row = await this.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (await this.personRecords([row]))[0];
  }

  private async personRecords(
    rows: Array<Omit<PersonRow, 'names_norm'> & { names_norm?: string }>,
  ): Promise<PersonRecord[]> {
    const counts = new Map<number, Partial<Record<EventType, number>>>();
    if (rows.length) {
      const byType = await this.db
        .selectFrom('person_events')
        .innerJoin('events', 'events.id', 'person_events.event_id')
        .select(['person_events.person_id', 'events.type', (eb) => eb.fn.countAll().as('n')])
        .where(
          'person_events.person_id',
          'in',
          rows.map((r) => r.id),
        )
        .groupBy(['person_events.person_id', 'events.type'])
        .execute();
      for (const r of byType) {
        const m = counts.get(r.person_id) ?? {};
        m[r.type as EventType] = Number(r.n);
        counts.set(r.person_id, m);
      }
    }
    return rows.map(({ aliases_json, titles_json, names_norm: _names, ...rest }) => ({
      ...rest,
      aliases: JSON.parse(aliases_json) as string[],
      titles: JSON.parse(titles_json) as PersonRecord['titles'],
      eventsByType: counts.get(rest.id) ?? {},
    }));
  }

  async listDocuments(filter: DocumentFilter = {}): Promise<DocumentSummaryRow[]> {
    let q = this.db
      .selectFrom('documents')
      .select((eb) => [
        'documents.id',
        'documents.title',
        'documents.outlet',
        'documents.published',
        'documents.url',
        'documents.author',
        'documents.duplicate_of',
        eb
          .selectFrom('events')
          .select(eb.fn.countAll().as('n'))
          .whereRef('events.document_id', '=', 'documents.id')
          .as('events_count'),
      ]);
    if (filter.outlet !== undefined) q = q.where('documents.outlet', '=', filter.outlet);
    if (filter.from !== undefined) q = q.where('documents.published', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('documents.published', '<=', filter.to);
    if (filter.after !== undefined) q = q.where('documents.id', '>', filter.after);
    if (filter.q !== undefined) {
      const keys = queryKeys(filter.q);
      if (!keys.length) return [];
      q =
        this.dialect === 'sqlite'
          ? q.where(
              'documents.id',
              'in',
              sql<number>`(SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${ftsQuery(keys)})`,
            )
          : q.where(sql<boolean>`documents.search_vector @@ plainto_tsquery('simple', ${keys.join(' ')})`);
    }
    const rows = await q
      .orderBy('documents.id')
      .limit(Math.max(0, Math.floor(filter.limit ?? 100)))
      .execute();
    return rows.map(({ events_count, duplicate_of, ...r }) => ({
      ...r,
      duplicateOf: duplicate_of,
      eventsCount: Number(events_count ?? 0),
    }));
  }

  documentMentions(documentId: number): Promise<MentionRow[]> {
    return this.db
      .selectFrom('mentions')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id')
      .execute();
  }

  timeline(filter: EventFilter, bucket: 'week' | 'month') {
    return timeline(this.db, this.dialect, filter, bucket);
  }

  breakdown(filter: EventFilter, by: Breakdown) {
    return breakdown(this.db, this.dialect, filter, by);
  }

  cohesion(options: { group: string; area?: string; weeks: number; until?: string }) {
    return cohesion(this.db, this.dialect, options);
  }

  places(filter: EventFilter) {
    return places(this.db, this.dialect, filter);
  }

  points(filter: EventFilter, limit: number) {
    return points(this.db, this.dialect, filter, limit);
  }

  groups() {
    return groups(this.db);
  }

  network(of: { personId: number } | { group: string }) {
    return network(this.db, of);
  }

  async getEvent(id: number): Promise<EventRecord | undefined> {
    const [event] = await this.listEvents({ after: id - 1, limit: 1 });
    return event?.id === id ? event : undefined;
  }

  async reviewEvent(id: number, review: ReviewInput): Promise<EventRecord | undefined> {
    const { found, detached } = await reviewEvent(this.db, id, review);
    if (!found) return undefined;
    if (detached) await this.placeEventsInIncidents();
    return this.getEvent(id);
  }

  listReviews(eventId: number): Promise<ReviewRow[]> {
    return listReviews(this.db, eventId);
  }

  addUser(name: string) {
    return addUser(this.db, name);
  }

  userByToken(token: string) {
    return userByToken(this.db, token);
  }

  listUsers() {
    return listUsers(this.db);
  }

  removeUser(name: string) {
    return removeUser(this.db, name);
  }

  async *allDocuments(): AsyncIterableIterator<DocumentRow> {
    let after = 0;
    for (;;) {
      const batch = await this.db
        .selectFrom('documents')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(50)
        .execute();
      for (const row of batch) yield row;
      const last = batch[batch.length - 1];
      if (!last || batch.length < 50) return;
      after = last.id;
    }
  }

  async optimize(options: { onlyIfNeverAnalyzed?: boolean } = {}): Promise<void> {
    if (this.dialect === 'sqlite') {
      if (options.onlyIfNeverAnalyzed) {
        // Statistics of the events table taken when it held rows (an ANALYZE of an empty table, as
        // in a migration of a new database, records nothing for it).
        const { rows } = await sql<{ n: number }>`
          SELECT COUNT(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'`.execute(this.db);
        if (Number(rows[0]?.n) > 0) {
          const stats = await sql<{ n: number }>`
            SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'events'`.execute(this.db);
          if (Number(stats.rows[0]?.n) > 0) return;
        }
      }
      // Full, not sampled (analysis_limit): sampling misjudged the review-state index as selective and
      // the overview's aggregates read every row again. About a second per 200,000 events.
      await sql`PRAGMA analysis_limit = 0`.execute(this.db);
      await sql`ANALYZE`.execute(this.db);
    } else if (!options.onlyIfNeverAnalyzed) await sql`ANALYZE`.execute(this.db);
  }

  async dataVersion(): Promise<string> {
    if (this.dialect !== 'sqlite') return 'pg';
    const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(this.db);
    return String(rows[0]?.data_version ?? 0);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

function incidentRecord({ values_json, ...rest }: IncidentRow): IncidentRecord {
  return { ...rest, values: JSON.parse(values_json) as IncidentValues };
}

/** The store over an open, migrated database. */
export function createStore(db: Kysely<Database>, dialect: StoreDialect): Store {
  return new KyselyStore(db, dialect);
}
