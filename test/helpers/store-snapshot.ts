/**
 * What a knowledge base holds, keyed by content (document hashes) rather than by row ids, so that two
 * databases filled by different histories — a clean run, or runs killed and resumed — can be compared,
 * on either backend; and the invariants a database must keep whenever a writer stops, at any point.
 */
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { isPostgresUrl } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';

/**
 * The database at a URL as it is: unlike openStore, nothing is migrated, so a check never writes to
 * what it checks (and a build whose migrations differ from the sources' does not matter).
 */
export function openDatabase(url: string): Kysely<Database> {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(url, { fileMustExist: true }) }),
  });
}

/** Runs `body` on the database at `url`, then closes it. */
export async function withDatabase<T>(url: string, body: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = openDatabase(url);
  try {
    return await body(db);
  } finally {
    await db.destroy();
  }
}

export interface DocumentFacts {
  /** resources_version of the extraction the document's events and mentions come from. */
  version: string | null;
  meta: string;
  /** One line per event, sorted. */
  events: string[];
  /** One line per mention, sorted. */
  mentions: string[];
}

export interface Snapshot {
  documents: Map<string, DocumentFacts>;
  /** One line per incident (its reports named by document hash and offsets), sorted. */
  incidents: string[];
  /** One line per person, sorted. */
  persons: string[];
}

const line = (values: unknown[]) => JSON.stringify(values);

/** Everything stored, by content. */
export async function snapshotStore(db: Kysely<Database>): Promise<Snapshot> {
  const docs = await db
    .selectFrom('documents as d')
    .leftJoin('extractions as x', 'x.id', 'd.extraction_id')
    .leftJoin('documents as o', 'o.id', 'd.duplicate_of')
    .select([
      'd.id',
      'd.content_hash',
      'd.source_path',
      'd.url',
      'd.outlet',
      'd.title',
      'd.author',
      'd.published',
      'x.resources_version',
      'o.content_hash as original',
    ])
    .execute();
  const hashOf = new Map(docs.map((d) => [d.id, d.content_hash]));
  const documents = new Map<string, DocumentFacts>();
  const byId = new Map<number, DocumentFacts>();
  for (const d of docs) {
    const facts: DocumentFacts = {
      version: d.resources_version,
      meta: line([d.source_path, d.url, d.outlet, d.title, d.author, d.published, d.original]),
      events: [],
      mentions: [],
    };
    documents.set(d.content_hash, facts);
    byId.set(d.id, facts);
  }
  const persons = new Map<number, string[]>();
  for (const p of await db
    .selectFrom('event_persons')
    .select(['event_id', 'position', 'person_name', 'role'])
    .orderBy('event_id')
    .orderBy('position')
    .execute()) {
    const list = persons.get(p.event_id) ?? [];
    list.push(`${p.person_name}/${p.role ?? ''}`);
    persons.set(p.event_id, list);
  }
  const events = await db.selectFrom('events').selectAll().execute();
  const eventKey = new Map<number, string>();
  for (const e of events) {
    const key = `${hashOf.get(e.document_id)?.slice(0, 16)}@${e.evidence_start}:${e.trigger_start}`;
    eventKey.set(e.id, key);
    byId
      .get(e.document_id)
      ?.events.push(
        line([
          e.type,
          e.certainty,
          e.evidence_start,
          e.evidence_end,
          e.trigger_start,
          e.trigger_end,
          e.actor,
          e.target,
          e.place_id,
          e.date_start,
          e.date_end,
          e.count_min,
          e.count_max,
          e.fatalities_min,
          e.fatalities_max,
          e.when_start,
          e.when_end,
          persons.get(e.id) ?? [],
        ]),
      );
  }
  for (const m of await db.selectFrom('mentions').selectAll().execute())
    byId.get(m.document_id)?.mentions.push(line([m.kind, m.start, m.end, m.canonical, m.rule, m.entry]));
  for (const facts of documents.values()) {
    facts.events.sort();
    facts.mentions.sort();
  }
  const members = new Map<number, string[]>();
  for (const e of events) {
    if (e.incident_id === null) continue;
    const list = members.get(e.incident_id) ?? [];
    list.push(eventKey.get(e.id)!);
    members.set(e.incident_id, list);
  }
  const incidents = (await db.selectFrom('incidents').selectAll().execute())
    .map((i) =>
      line([
        i.type,
        i.first_date,
        i.last_date,
        i.place_id,
        i.actor,
        i.target,
        i.sources_count,
        i.corroboration,
        (members.get(i.id) ?? []).sort(),
      ]),
    )
    .sort();
  const personLines = (await db.selectFrom('persons').selectAll().execute())
    .map((p) =>
      line([
        p.canonical,
        (JSON.parse(p.aliases_json) as string[]).sort(),
        p.group_id,
        p.nationality,
        p.documents_count,
      ]),
    )
    .sort();
  return { documents, incidents: incidents, persons: personLines };
}

/** The snapshot of the database at a URL. */
export function snapshotOf(url: string): Promise<Snapshot> {
  return withDatabase(url, snapshotStore);
}

/** Row counts of queries that must find nothing, by what they look for. */
const MUST_BE_EMPTY: Record<string, string> = {
  'duplicate content hashes': `SELECT content_hash FROM documents GROUP BY content_hash HAVING COUNT(*) > 1`,
  'documents without an extraction': `SELECT id FROM documents WHERE extraction_id IS NULL
     OR extraction_id NOT IN (SELECT id FROM extractions)`,
  'events without their document': `SELECT id FROM events WHERE document_id NOT IN (SELECT id FROM documents)`,
  'mentions without their document': `SELECT id FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)`,
  'event persons without their event': `SELECT event_id FROM event_persons WHERE event_id NOT IN (SELECT id FROM events)`,
  'person links to missing rows': `SELECT person_id FROM person_events WHERE event_id NOT IN (SELECT id FROM events)
     OR person_id NOT IN (SELECT id FROM persons)
     UNION ALL SELECT person_id FROM person_mentions WHERE mention_id NOT IN (SELECT id FROM mentions)
     OR person_id NOT IN (SELECT id FROM persons)`,
  'events in a missing incident': `SELECT id FROM events WHERE incident_id IS NOT NULL
     AND incident_id NOT IN (SELECT id FROM incidents)`,
  'incidents without events': `SELECT id FROM incidents WHERE id NOT IN
     (SELECT incident_id FROM events WHERE incident_id IS NOT NULL)`,
  'incidents whose report count is wrong': `SELECT i.id FROM incidents i
     WHERE i.sources_count <> (SELECT COUNT(*) FROM events e WHERE e.incident_id = i.id)`,
  'bands without their document': `SELECT document_id FROM document_bands
     WHERE document_id NOT IN (SELECT id FROM documents)`,
  'near-duplicate links to missing documents': `SELECT id FROM documents WHERE duplicate_of IS NOT NULL
     AND duplicate_of NOT IN (SELECT id FROM documents)`,
};

/** The invariants that hold after any interruption, on either backend: a list of problems (empty: fine). */
export async function storeProblems(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  for (const [what, query] of Object.entries(MUST_BE_EMPTY)) {
    const { rows } = await sql.raw<Record<string, unknown>>(query).execute(db);
    if (rows.length) problems.push(`${rows.length} ${what}: ${JSON.stringify(rows.slice(0, 3))}`);
  }
  return problems;
}

/**
 * SQLite's own checks: the file's integrity (b-trees, indexes, FTS5 tables), foreign keys, and each
 * full-text index against its content table. Opens the file read-write, as the next run would.
 */
export function sqliteFileProblems(path: string): string[] {
  const problems: string[] = [];
  const db = new SQLite(path);
  try {
    const integrity = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const notes = integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (notes.length) problems.push(`integrity_check: ${notes.slice(0, 5).join('; ')}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
    const migrated = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'documents'`).get() !== undefined;
    // A run killed before its first migration committed leaves a file without tables.
    if (!migrated) return problems;
    for (const [fts, table] of [
      ['documents_fts', 'documents'],
      ['events_fts', 'events'],
    ] as const) {
      try {
        // rank 1: also compare the index with the external content table.
        db.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run();
      } catch (error) {
        problems.push(`${fts} integrity-check: ${(error as Error).message}`);
      }
      const indexed = db.prepare(`SELECT COUNT(*) AS n FROM ${fts}_docsize`).get() as { n: number };
      const stored = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
      if (indexed.n !== stored.n) problems.push(`${fts} indexes ${indexed.n} rows, ${table} has ${stored.n}`);
    }
  } finally {
    db.close();
  }
  return problems;
}

/**
 * How the documents of `actual` differ from the reference extraction of their version: each document's
 * events, mentions and metadata must be exactly those of a clean run with the same resources.
 */
export function documentDifferences(actual: Snapshot, references: ReadonlyMap<string, Snapshot>): string[] {
  const out: string[] = [];
  for (const [hash, facts] of actual.documents) {
    const reference = facts.version === null ? undefined : references.get(facts.version);
    if (!reference) {
      out.push(`${hash.slice(0, 12)}: extracted with unknown resources ${facts.version}`);
      continue;
    }
    const expected = reference.documents.get(hash);
    if (!expected) {
      out.push(`${hash.slice(0, 12)}: not a document of the inputs`);
      continue;
    }
    if (facts.meta !== expected.meta)
      out.push(`${hash.slice(0, 12)}: metadata ${facts.meta} ≠ ${expected.meta}`);
    if (facts.events.join('\n') !== expected.events.join('\n'))
      out.push(
        `${hash.slice(0, 12)}: ${facts.events.length} events, the reference has ${expected.events.length}`,
      );
    if (facts.mentions.join('\n') !== expected.mentions.join('\n'))
      out.push(
        `${hash.slice(0, 12)}: ${facts.mentions.length} mentions, the reference has ${expected.mentions.length}`,
      );
  }
  return out;
}
