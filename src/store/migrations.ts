/**
 * Versioned schema migrations (`001_initial`, …), the same tables on SQLite and PostgreSQL. Kysely's schema
 * builder writes the portable part; the few dialect differences (identity columns, float type, full-text
 * index) branch on the dialect. Migrations are append-only: never edit one that has shipped, add the next.
 */
import { Migrator, sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import { eventWhen, longSpan } from './event-row.js';
import { personNamesNorm } from './person-writer.js';
import { searchText } from './search-text.js';
import type { StoreDialect } from './store-dialect.js';

/** An auto-increment integer primary key named `id`. */
function withId<T extends string>(dialect: StoreDialect) {
  return (t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : // AUTOINCREMENT: ids are never reused, so "events after id N" stays a valid cursor.
        t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Full-text search over documents.search_text: FTS5 on SQLite, a GIN tsvector index on PostgreSQL. */
async function createFullText(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  if (dialect === 'sqlite') {
    // External-content FTS5 table kept in step with `documents` by triggers.
    await sql`CREATE VIRTUAL TABLE documents_fts USING fts5(
      search_text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )`.execute(db);
    // Merge index segments in larger steps: with the default (4) every commit pays for a merge, which
    // was two thirds of the cost of storing a document.
    await sql`INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 16)`.execute(db);
    await sql`CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER documents_fts_update AFTER UPDATE OF search_text ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
      INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END`.execute(db);
    return;
  }
  await sql`CREATE INDEX documents_search_idx ON documents USING gin (to_tsvector('simple', search_text))`.execute(
    db,
  );
  // pg_trgm (substring and similarity search on the normalised text) when the server has it: a failure
  // must not abort the migration's transaction, hence the savepoint.
  await sql`SAVEPOINT marsad_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX documents_text_norm_trgm_idx ON documents USING gin (text_norm gin_trgm_ops)`.execute(
      db,
    );
    await sql`RELEASE SAVEPOINT marsad_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT marsad_trgm`.execute(db);
  }
}

/**
 * Runs a migration's body in a transaction on both backends. Kysely already wraps each migration in one
 * on PostgreSQL, but not on SQLite (which supports transactional DDL all the same): a failed migration
 * must not leave half a schema behind.
 */
function atomic(dialect: StoreDialect, body: (db: Kysely<unknown>) => Promise<void>): Migration['up'] {
  return (db: Kysely<unknown>) => (dialect === 'sqlite' ? db.transaction().execute(body) : body(db));
}

function initial(dialect: StoreDialect): Migration {
  const float = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .createTable('extractions')
        .$call(withId(dialect))
        .addColumn('resources_version', 'text', (c) => c.notNull())
        .addColumn('marsad_version', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('extractions_versions_unique', ['resources_version', 'marsad_version'])
        .execute();

      await s
        .createTable('documents')
        .$call(withId(dialect))
        .addColumn('content_hash', 'text', (c) => c.notNull().unique())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addColumn('text_norm', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('source_path', 'text')
        .addColumn('url', 'text')
        .addColumn('outlet', 'text')
        .addColumn('title', 'text')
        .addColumn('author', 'text')
        .addColumn('published', 'text')
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .addColumn('extraction_id', 'integer', (c) => c.references('extractions.id'))
        .execute();
      await s.createIndex('documents_published_idx').on('documents').column('published').execute();
      await s.createIndex('documents_outlet_idx').on('documents').column('outlet').execute();

      await s
        .createTable('incidents')
        .$call(withId(dialect))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('first_date', 'text')
        .addColumn('last_date', 'text')
        .addColumn('place_id', 'text')
        .addColumn('place_name', 'text')
        .addColumn('lat', float)
        .addColumn('lon', float)
        .addColumn('actor', 'text')
        .addColumn('target', 'text')
        .addColumn('sources_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('corroboration', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('values_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await s
        .createIndex('incidents_type_date_idx')
        .on('incidents')
        .columns(['type', 'first_date'])
        .execute();

      await s
        .createTable('events')
        .$call(withId(dialect))
        .addColumn('document_id', 'integer', (c) =>
          c.notNull().references('documents.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('evidence_start', 'integer', (c) => c.notNull())
        .addColumn('evidence_end', 'integer', (c) => c.notNull())
        .addColumn('evidence_text', 'text', (c) => c.notNull())
        .addColumn('trigger_start', 'integer', (c) => c.notNull())
        .addColumn('trigger_end', 'integer', (c) => c.notNull())
        .addColumn('trigger_text', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('target', 'text')
        .addColumn('place_name', 'text')
        .addColumn('place_name_ar', 'text')
        .addColumn('place_name_en', 'text')
        .addColumn('place_canonical', 'text')
        .addColumn('place_precision', 'text')
        .addColumn('place_id', 'text')
        .addColumn('lat', float)
        .addColumn('lon', float)
        .addColumn('admin1', 'text')
        .addColumn('admin2', 'text')
        .addColumn('admin3', 'text')
        .addColumn('country', 'text')
        .addColumn('geo_precision', 'integer')
        .addColumn('date_start', 'text')
        .addColumn('date_end', 'text')
        .addColumn('date_text', 'text')
        .addColumn('count_min', 'integer')
        .addColumn('count_max', 'integer')
        .addColumn('count_text', 'text')
        .addColumn('fatalities_min', 'integer')
        .addColumn('fatalities_max', 'integer')
        .addColumn('certainty', 'text', (c) => c.notNull())
        .addColumn('charges_json', 'text', (c) => c.notNull())
        .addColumn('rules_json', 'text', (c) => c.notNull())
        .addColumn('lexicon_json', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'integer', (c) => c.references('incidents.id').onDelete('set null'))
        .execute();
      await s.createIndex('events_document_idx').on('events').column('document_id').execute();
      await s.createIndex('events_type_idx').on('events').column('type').execute();
      await s.createIndex('events_date_idx').on('events').column('date_start').execute();
      await s.createIndex('events_place_idx').on('events').column('place_id').execute();
      await s.createIndex('events_actor_idx').on('events').column('actor').execute();
      await s.createIndex('events_incident_idx').on('events').column('incident_id').execute();

      await s
        .createTable('event_persons')
        .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('person_name', 'text', (c) => c.notNull())
        .addColumn('aliases_json', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('role', 'text')
        .addPrimaryKeyConstraint('event_persons_pk', ['event_id', 'position'])
        .execute();
      await s.createIndex('event_persons_name_idx').on('event_persons').column('person_name').execute();

      await s
        .createTable('mentions')
        .$call(withId(dialect))
        .addColumn('document_id', 'integer', (c) =>
          c.notNull().references('documents.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('canonical', 'text')
        .addColumn('name', 'text')
        .addColumn('group_id', 'text')
        .addColumn('title', 'text')
        .addColumn('aliases_json', 'text')
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('entry', 'text')
        .addColumn('lat', float)
        .addColumn('lon', float)
        .addCheckConstraint('mentions_kind_check', sql`kind in ('person', 'place', 'group')`)
        .execute();
      await s.createIndex('mentions_document_idx').on('mentions').column('document_id').execute();
      await s
        .createIndex('mentions_kind_canonical_idx')
        .on('mentions')
        .columns(['kind', 'canonical'])
        .execute();

      await s
        .createTable('persons')
        .$call(withId(dialect))
        .addColumn('canonical', 'text', (c) => c.notNull())
        .addColumn('aliases_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('titles_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('group_id', 'text')
        .addColumn('origin', 'text')
        .addColumn('nationality', 'text')
        .addColumn('documents_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await s.createIndex('persons_canonical_idx').on('persons').column('canonical').execute();

      await s
        .createTable('person_mentions')
        .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('mention_id', 'integer', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('person_mentions_pk', ['person_id', 'mention_id'])
        .execute();
      await s.createIndex('person_mentions_mention_idx').on('person_mentions').column('mention_id').execute();

      await s
        .createTable('person_events')
        .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('person_events_pk', ['person_id', 'event_id'])
        .execute();
      await s.createIndex('person_events_event_idx').on('person_events').column('event_id').execute();

      await createFullText(db, dialect);
    }),
  };
}

/**
 * Event search and the indexes of the main queries: each event gets its own full-text form (of its
 * evidence sentence) and its effective date range (its own dates, else its document's publication date),
 * stored so that date filters use an index instead of computing COALESCE over a join for every row.
 */
function eventSearch(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .alterTable('events')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await s
        .alterTable('persons')
        .addColumn('names_norm', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await s.alterTable('events').addColumn('when_start', 'text').execute();
      await s.alterTable('events').addColumn('when_end', 'text').execute();
      await backfillEvents(db);
      const persons = await sql<{ id: number; canonical: string; aliases_json: string }>`
        SELECT id, canonical, aliases_json FROM persons`.execute(db);
      for (const p of persons.rows)
        await sql`UPDATE persons SET names_norm = ${personNamesNorm(p.canonical, JSON.parse(p.aliases_json) as string[])}
          WHERE id = ${p.id}`.execute(db);
      await s.createIndex('events_type_when_idx').on('events').columns(['type', 'when_start']).execute();
      await s.createIndex('events_when_idx').on('events').columns(['when_start', 'when_end']).execute();
      await s.createIndex('events_place_name_idx').on('events').column('place_name').execute();
      await s.createIndex('events_admin1_idx').on('events').column('admin1').execute();
      await s.createIndex('events_admin2_idx').on('events').column('admin2').execute();
      await s.createIndex('events_admin3_idx').on('events').column('admin3').execute();
      await s.createIndex('events_target_idx').on('events').column('target').execute();
      await s.createIndex('person_events_person_idx').on('person_events').column('person_id').execute();
      await s.createIndex('incidents_corroboration_idx').on('incidents').column('corroboration').execute();
      await s.createIndex('persons_documents_idx').on('persons').column('documents_count').execute();
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE events_fts USING fts5(
          search_text, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
        )`.execute(db);
        await sql`INSERT INTO events_fts(events_fts, rank) VALUES('automerge', 16)`.execute(db);
        await sql`INSERT INTO events_fts(events_fts) VALUES('rebuild')`.execute(db);
        await sql`CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
          INSERT INTO events_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END`.execute(db);
        await sql`CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
          INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END`.execute(db);
        await sql`CREATE TRIGGER events_fts_update AFTER UPDATE OF search_text ON events BEGIN
          INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
          INSERT INTO events_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END`.execute(db);
      } else {
        await sql`CREATE INDEX events_search_idx ON events USING gin (to_tsvector('simple', search_text))`.execute(
          db,
        );
      }
    }),
  };
}

/** Fills the new event columns of a database created before them, in batches. */
async function backfillEvents(db: Kysely<unknown>): Promise<void> {
  interface Row {
    id: number;
    evidence_text: string;
    date_start: string | null;
    date_end: string | null;
    published: string | null;
  }
  for (let after = 0; ;) {
    const { rows } = await sql<Row>`
      SELECT e.id, e.evidence_text, e.date_start, e.date_end, d.published
      FROM events e JOIN documents d ON d.id = e.document_id
      WHERE e.id > ${after} ORDER BY e.id LIMIT 1000`.execute(db);
    for (const r of rows) {
      const when = eventWhen(r.date_start, r.date_end, r.published);
      await sql`UPDATE events SET search_text = ${searchText(r.evidence_text)},
        when_start = ${when.start}, when_end = ${when.end} WHERE id = ${r.id}`.execute(db);
    }
    if (rows.length < 1000) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}

/**
 * Analysts: users with hashed tokens, and reviews of events. An event's current review state sits on the
 * event (filterable); every action is a `reviews` row with who, when, the changes and the values they
 * replaced. Reviews are keyed by document and event fingerprint too, so they outlive re-extraction.
 */
function reviews(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .createTable('users')
        .$call(withId(dialect))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('reviews')
        .$call(withId(dialect))
        .addColumn('event_id', 'integer', (c) => c.references('events.id').onDelete('set null'))
        .addColumn('document_id', 'integer', (c) =>
          c.notNull().references('documents.id').onDelete('cascade'),
        )
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('changes_json', 'text', (c) => c.notNull())
        .addColumn('before_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addCheckConstraint('reviews_action_check', sql`action in ('confirm', 'reject', 'edit', 'reset')`)
        .execute();
      await s.createIndex('reviews_event_idx').on('reviews').column('event_id').execute();
      await s
        .createIndex('reviews_document_idx')
        .on('reviews')
        .columns(['document_id', 'fingerprint'])
        .execute();
      await s.alterTable('events').addColumn('review_state', 'text').execute();
      await s.alterTable('events').addColumn('review_by', 'text').execute();
      await s.alterTable('events').addColumn('review_at', 'text').execute();
      await s.createIndex('events_review_idx').on('events').column('review_state').execute();
    }),
  };
}

/**
 * Covering indexes of the overview's aggregates: the events table is wide (sentences, search forms, JSON
 * lists), so counting by reading its rows is slow at 10⁵–10⁶ events; these indexes hold every column
 * the timeline, group counts, totals and cohesion signals read, so those queries never touch the rows.
 */
function aggregateIndexes(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .createIndex('events_when_type_review_idx')
        .on('events')
        .columns(['when_start', 'type', 'review_state'])
        .execute();
      // With the target: the events where a group is on both sides are counted from the index too.
      await s
        .createIndex('events_actor_type_review_idx')
        .on('events')
        .columns(['actor', 'type', 'target', 'review_state'])
        .execute();
      await s
        .createIndex('events_target_type_review_idx')
        .on('events')
        .columns(['target', 'type', 'review_state'])
        .execute();
      await s
        .createIndex('events_place_counts_idx')
        .on('events')
        .columns(['place_id', 'review_state', 'fatalities_max', 'fatalities_min'])
        .execute();
      await s
        .createIndex('events_signals_idx')
        .on('events')
        .columns(['type', 'when_start', 'when_end', 'actor', 'target', 'admin1', 'review_state'])
        .execute();
      // Prefixes of the new ones.
      // events_type_idx and events_actor_idx stay: with them `ORDER BY id LIMIT` pages stay cheap.
      for (const name of [
        'events_target_idx',
        'events_type_when_idx',
        'events_place_idx',
        // Filters read the effective dates (when_start leads the covering index); date_start is unused.
        'events_date_idx',
        'events_when_idx',
      ])
        await s.dropIndex(name).execute();
      // The planner must know the new indexes are better than the review-state one (Store.optimize). Only
      // on a database with events: statistics of empty tables make SQLite plan every later insert badly.
      const { rows } = await sql<{
        n: number;
      }>`SELECT COUNT(*) AS n FROM (SELECT 1 FROM events LIMIT 1) x`.execute(db);
      if (Number(rows[0]?.n) > 0) {
        if (dialect === 'sqlite') await sql`PRAGMA analysis_limit = 0`.execute(db);
        await sql`ANALYZE`.execute(db);
      }
    }),
  };
}

/**
 * Near-duplicates: each document's MinHash signature, the document it repeats (a repost), and the LSH
 * bands that find candidates by index instead of comparing every pair.
 */
function nearDuplicates(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s.alterTable('documents').addColumn('minhash', 'text').execute();
      await s
        .alterTable('documents')
        .addColumn('duplicate_of', 'integer', (c) => c.references('documents.id').onDelete('set null'))
        .execute();
      await s
        .createTable('document_bands')
        .addColumn('document_id', 'integer', (c) =>
          c.notNull().references('documents.id').onDelete('cascade'),
        )
        .addColumn('band', 'integer', (c) => c.notNull())
        .addColumn('key', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('document_bands_pk', ['band', 'key', 'document_id'])
        .execute();
      await s.createIndex('document_bands_document_idx').on('document_bands').column('document_id').execute();
    }),
  };
}

/**
 * Alerts: saved rules and the alerts they fired. An alert is recorded once per rule, incident and
 * number of reports (a new report is news again), then delivered to the rule's webhook until it is
 * acknowledged; the rows are also the rule's Atom feed.
 */
function alerts(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .createTable('alert_rules')
        .$call(withId(dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('rule_json', 'text', (c) => c.notNull())
        .addColumn('webhook_url', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('alerts')
        .$call(withId(dialect))
        .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
        .addColumn('incident_id', 'integer', (c) => c.notNull())
        .addColumn('reports', 'integer', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('last_error', 'text')
        .addUniqueConstraint('alerts_once', ['rule_id', 'incident_id', 'reports'])
        .execute();
      await s
        .createIndex('alerts_pending_idx')
        .on('alerts')
        .columns(['delivered_at', 'next_attempt_at'])
        .execute();
    }),
  };
}

/** Watching sources: each source's validators and last poll, and documents found again by URL. */
function watchState(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .createTable('source_state')
        .addColumn('source_id', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_polled_at', 'text')
        .addColumn('last_ok_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('items_stored', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await s.createIndex('documents_url_idx').on('documents').column('url').execute();
    }),
  };
}

/** Incidents filtered by type alone (the incidents list of one event type). */
function incidentIndexes(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      await db.schema.createIndex('incidents_type_idx').on('incidents').columns(['type', 'id']).execute();
    }),
  };
}

/**
 * PostgreSQL: the full-text vectors stored (generated columns) with their GIN indexes, so that a search
 * does not compute to_tsvector again for every matching row when it checks and ranks them. SQLite's
 * FTS5 tables already store their index: nothing to do there.
 */
function storedVectors(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      if (dialect !== 'postgres') return;
      for (const table of ['documents', 'events'] as const) {
        await sql
          .raw(
            `ALTER TABLE ${table} ADD COLUMN search_vector tsvector
          GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`,
          )
          .execute(db);
        await sql
          .raw(`CREATE INDEX ${table}_search_vector_idx ON ${table} USING gin (search_vector)`)
          .execute(db);
      }
      // The expression indexes they replace.
      await sql`DROP INDEX IF EXISTS documents_search_idx`.execute(db);
      await sql`DROP INDEX IF EXISTS events_search_idx`.execute(db);
    }),
  };
}

/**
 * Scaling out (job queue and workers): the batches of a queued reprocess, each recorded with the
 * lexicon and code versions it applies, so that running it again enqueues only what is not done.
 */
function reprocessBatches(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      await db.schema
        .createTable('reprocess_batches')
        .$call(withId(dialect))
        .addColumn('resources_version', 'text', (c) => c.notNull())
        .addColumn('marsad_version', 'text', (c) => c.notNull())
        .addColumn('first_id', 'integer', (c) => c.notNull())
        .addColumn('last_id', 'integer', (c) => c.notNull())
        .addColumn('documents', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('reprocessed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .addUniqueConstraint('reprocess_batches_once', ['resources_version', 'marsad_version', 'first_id'])
        .execute();
    }),
  };
}

/**
 * Indexes for filtered search and listing pages. (document_id, type) replaces (document_id): a search
 * filtered by event type tests each match on the index alone. The type and actor indexes are made again
 * where an early version of migration 004 dropped them (id-ordered pages need them). On SQLite, the
 * documents' (id, published, outlet) lets filters read a document's date and outlet without walking the
 * row's overflow pages (its raw text and search forms come first).
 */
function pageIndexes(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s.createIndex('events_document_type_idx').on('events').columns(['document_id', 'type']).execute();
      await s.dropIndex('events_document_idx').execute();
      await s.createIndex('events_type_idx').ifNotExists().on('events').column('type').execute();
      await s.createIndex('events_actor_idx').ifNotExists().on('events').column('actor').execute();
      if (dialect === 'sqlite')
        await s
          .createIndex('documents_meta_idx')
          .on('documents')
          .columns(['id', 'published', 'outlet'])
          .execute();
    }),
  };
}

/**
 * Date ranges through an index. A filter `when_end >= from AND when_start <= to` bounds neither column
 * tightly, so counting a date range alone read the whole table. Events spanning more than
 * LONG_SPAN_DAYS are flagged (`when_long`); the filter bounds `when_start` from below for the others and
 * reads the flagged few through a partial index (filter-events.ts).
 */
function dateRanges(dialect: StoreDialect): Migration {
  return {
    up: atomic(dialect, async (db) => {
      const s = db.schema;
      await s
        .alterTable('events')
        .addColumn('when_long', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Only a range that crosses a month (or is not made of days) can be long: longSpan() decides those.
      for (let after = 0; ;) {
        const { rows } = await sql<{ id: number; when_start: string; when_end: string }>`
          SELECT id, when_start, when_end FROM events
          WHERE id > ${after} AND when_start IS NOT NULL AND when_end IS NOT NULL
            AND (substr(when_start, 1, 7) <> substr(when_end, 1, 7)
                 OR length(when_start) < 10 OR length(when_end) < 10)
          ORDER BY id LIMIT 1000`.execute(db);
        const long = rows.filter((r) => longSpan(r.when_start, r.when_end)).map((r) => r.id);
        if (long.length)
          await sql`UPDATE events SET when_long = 1 WHERE id IN (${sql.join(long)})`.execute(db);
        if (rows.length < 1000) break;
        after = Number(rows[rows.length - 1]!.id);
      }
      await s
        .createIndex('events_when_long_idx')
        .on('events')
        .columns(['when_end', 'when_start'])
        .where(sql.ref('when_long'), '=', 1)
        .execute();
    }),
  };
}

/** Every migration, by name (names sort in the order they run). */
export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '001_initial': initial(dialect),
    '002_event_search': eventSearch(dialect),
    '003_reviews': reviews(dialect),
    '004_aggregate_indexes': aggregateIndexes(dialect),
    '005_near_duplicates': nearDuplicates(dialect),
    '006_alerts': alerts(dialect),
    '007_watch_state': watchState(dialect),
    '008_incident_indexes': incidentIndexes(dialect),
    '009_stored_vectors': storedVectors(dialect),
    '010_scale_out': reprocessBatches(dialect),
    '011_page_indexes': pageIndexes(dialect),
    '012_date_ranges': dateRanges(dialect),
  };
}

/**
 * Brings the database to the latest schema; running it again is a no-op. Returns the names of the
 * migrations applied now.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed ?? ''} failed: ${reason}`.replace('  ', ' '), {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
