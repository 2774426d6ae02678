/**
 * Ingest: inputs → articles → extraction (worker threads) → the store, then incidents and persons.
 *
 * Crash safety comes from the store, not from bookkeeping here: each document and its extraction are
 * written in one transaction, keyed by the hash of the text, so a killed run leaves only whole
 * documents; running again skips them (no extraction cost) and finishes what is missing, including
 * placing events in incidents (events without an incident are the work left).
 */
import type { MarsadError } from '../cli/errors.js';
import type { Resources } from '../resources/resources.js';
import { contentHash } from '../store/content-hash.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { EventType } from '../types.js';
import { isoDateOrNull, type ExtractOutcome } from './extract-item.js';
import type { ExtractPool } from './extract-pool.js';
import { readInput, type FieldNames, type IngestItem } from './readers.js';

/** Metadata given on the command line: wins over what the files and headers say. */
export interface IngestOverrides {
  outlet?: string;
  published?: string;
  author?: string;
}

export interface IngestProgress {
  /** Articles read so far (stored, unchanged or failed). */
  seen: number;
  stored: number;
  unchanged: number;
  failed: number;
  /** Seconds since the start. */
  elapsed: number;
}

export interface IngestOptions {
  store: Store;
  pool: ExtractPool;
  resources: Resources;
  provenance: ExtractionProvenance;
  fields?: FieldNames;
  maxBytes?: number;
  overrides?: IngestOverrides;
  /** Articles extracted ahead of the one being stored (default: 4 per worker, at least 4). */
  inFlight?: number;
  /** Events are placed in incidents after this many new documents, and at the end. */
  incidentEvery?: number;
  onProgress?: (progress: IngestProgress) => void;
  onError?: (error: MarsadError | Error, where: string) => void;
  /** Stops reading new inputs; what is under way is finished and stored. */
  signal?: AbortSignal;
}

export interface IngestSummary extends IngestProgress {
  /** Events of the newly stored documents, by type. */
  eventsByType: Partial<Record<EventType, number>>;
  events: number;
  incidentsCreated: number;
  incidentsGrown: number;
  persons: number;
  /** Failures by error code. */
  errorsByCode: Record<string, number>;
  interrupted: boolean;
}

interface Job {
  item: IngestItem;
  hash: string;
  outcome: Promise<ExtractOutcome | null>;
}

const where = (item: IngestItem) =>
  item.recordIndex === null ? item.sourcePath : `${item.sourcePath}#${item.recordIndex}`;

/** Ingests every input path (files, directories, `-` for stdin); never throws for a bad input. */
export async function ingest(paths: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const { store, pool, overrides = {} } = options;
  const started = Date.now();
  const summary: IngestSummary = {
    seen: 0,
    stored: 0,
    unchanged: 0,
    failed: 0,
    elapsed: 0,
    eventsByType: {},
    events: 0,
    incidentsCreated: 0,
    incidentsGrown: 0,
    persons: 0,
    errorsByCode: {},
    interrupted: false,
  };
  const fail = (error: MarsadError | Error, at: string) => {
    summary.failed++;
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'E_INTERNAL';
    summary.errorsByCode[code] = (summary.errorsByCode[code] ?? 0) + 1;
    options.onError?.(error, at);
  };
  const progress = () => {
    summary.elapsed = (Date.now() - started) / 1000;
    options.onProgress?.({ ...summary });
  };
  const placeIncidents = async () => {
    const placed = await store.placeEventsInIncidents();
    summary.incidentsCreated += placed.created;
    summary.incidentsGrown += placed.grown;
  };

  const limit = options.inFlight ?? Math.max(4, pool.workers * 4);
  const every = options.incidentEvery ?? 500;
  const jobs: Job[] = [];
  let taskId = 0;
  let sinceIncidents = 0;
  // Hashes under way in this run: the same text twice in one batch is extracted once.
  const underWay = new Set<string>();

  const finish = async (job: Job) => {
    const outcome = await job.outcome;
    underWay.delete(job.hash);
    if (outcome === null) {
      summary.unchanged++;
      return;
    }
    if (!outcome.ok) {
      fail(new Error(`extraction failed: ${outcome.error}`), where(job.item));
      return;
    }
    const { item } = job;
    const { header, result } = outcome;
    const saved = await store.saveDocument(
      {
        raw: item.raw,
        sourcePath: where(item),
        url: item.url ?? null,
        outlet: overrides.outlet ?? item.outlet ?? header.outlet ?? result.outlet,
        title: item.title ?? header.title,
        author: overrides.author ?? item.author ?? header.byline,
        published: overrides.published ?? isoDateOrNull(item.published) ?? result.published,
      },
      result,
      options.provenance,
    );
    if (!saved.created) {
      summary.unchanged++;
      return;
    }
    summary.stored++;
    summary.events += result.events.length;
    for (const e of result.events) summary.eventsByType[e.type] = (summary.eventsByType[e.type] ?? 0) + 1;
    if (++sinceIncidents >= every) {
      sinceIncidents = 0;
      await placeIncidents();
    }
  };

  const submit = async (item: IngestItem) => {
    const hash = contentHash(item.raw);
    let outcome: Promise<ExtractOutcome | null>;
    if (underWay.has(hash) || (await store.documentByHash(hash))) outcome = Promise.resolve(null);
    else {
      underWay.add(hash);
      outcome = pool.run({
        id: ++taskId,
        raw: item.raw,
        published: overrides.published ?? isoDateOrNull(item.published),
      });
    }
    // A rejected extraction is reported when its turn comes; never as an unhandled rejection.
    outcome.catch(() => {});
    jobs.push({ item, hash, outcome });
  };

  const drainOne = async () => {
    const job = jobs.shift()!;
    try {
      await finish(job);
    } catch (error) {
      underWay.delete(job.hash);
      // A database failure is not the article's fault: stop, keeping everything stored so far.
      if (isStoreError(error)) throw error;
      fail(error instanceof Error ? error : new Error(String(error)), where(job.item));
    }
    summary.seen++;
    progress();
  };

  outer: for (const path of paths) {
    for await (const item of readInput(path, {
      ...(options.fields ? { fields: options.fields } : {}),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      onError: (error) => {
        summary.seen++;
        fail(error, error.path ?? path);
        progress();
      },
    })) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break outer;
      }
      await submit(item);
      while (jobs.length >= limit) await drainOne();
    }
  }
  while (jobs.length) await drainOne();
  await placeIncidents();
  summary.persons = await store.rebuildPersons(options.resources.nisbas);
  summary.elapsed = (Date.now() - started) / 1000;
  return summary;
}

/** Errors of the database layer (SQLite, PostgreSQL) as opposed to errors of one article. */
function isStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.constructor.name;
  return name === 'SqliteError' || name === 'DatabaseError' || 'severity' in error;
}
