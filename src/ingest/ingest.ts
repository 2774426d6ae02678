/**
 * Ingest: inputs → articles → extraction (worker threads) → the store, then incidents and persons.
 *
 * Crash safety comes from the store, not from bookkeeping here: each document and its extraction are
 * written in one transaction, keyed by the hash of the text, so a killed run leaves only whole
 * documents; running again skips them (no extraction cost) and finishes what is missing, including
 * placing events in incidents (events without an incident are the work left).
 */
import { deliverAlerts, fireAlerts, type DeliveryOptions } from '../alerts/fire-alerts.js';
import type { MarsadError } from '../cli/errors.js';
import type { Resources } from '../resources/resources.js';
import { contentHash } from '../store/content-hash.js';
import type { DocumentInput, ExtractionProvenance, Store } from '../store/store.js';
import type { DocumentResult, EventType } from '../types.js';
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
  /** Documents stored per transaction (default 32). */
  batchSize?: number;
  /** Events are placed in incidents after this many new documents, and at the end. */
  incidentEvery?: number;
  onProgress?: (progress: IngestProgress) => void;
  onError?: (error: MarsadError | Error, where: string) => void;
  /** Articles to ingest besides the paths (a watch cycle's new feed items). */
  items?: AsyncIterable<IngestItem>;
  /** How fired alerts are posted to their webhooks (tests inject fetch and the clock). */
  alertDelivery?: DeliveryOptions;
  /** Stops reading new inputs; what is under way is finished and stored. */
  signal?: AbortSignal;
}

export interface IngestSummary extends IngestProgress {
  /** Events of the newly stored documents, by type. */
  eventsByType: Partial<Record<EventType, number>>;
  events: number;
  incidentsCreated: number;
  incidentsGrown: number;
  /** Alerts fired by saved rules on the incidents this run created or grew. */
  alerts: number;
  persons: number;
  /** Failures by error code. */
  errorsByCode: Record<string, number>;
  interrupted: boolean;
}

interface Job {
  item: IngestItem;
  hash: string;
  /** The extraction, or null when the text is stored already. */
  outcome: Promise<ExtractOutcome | null>;
}

type Extracted = Extract<ExtractOutcome, { ok: true }>;

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
    alerts: 0,
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
    summary.alerts += await fireAlerts(store, placed.touched);
  };

  const batchSize = Math.max(1, options.batchSize ?? 32);
  // Articles in flight: while one batch is written, the next ones are being extracted, so workers
  // never wait for the thread that writes (four batches ahead, at least 16 per worker).
  const limit = Math.max(1, options.inFlight ?? Math.max(4 * batchSize, pool.workers * 16));
  const every = options.incidentEvery ?? 500;
  const jobs: Job[] = [];
  let taskId = 0;
  let sinceIncidents = 0;
  // Hashes under way in this run: the same text twice in one run is extracted once.
  const underWay = new Set<string>();

  const documentOf = (item: IngestItem, { header, result, ...indexed }: Extracted): DocumentInput => ({
    raw: item.raw,
    textNorm: indexed.textNorm,
    searchText: indexed.searchText,
    eventSearchTexts: indexed.eventSearchTexts,
    minhash: indexed.minhash,
    sourcePath: where(item),
    url: item.url ?? null,
    outlet: overrides.outlet ?? item.outlet ?? header.outlet ?? result.outlet,
    title: item.title ?? header.title,
    author: overrides.author ?? item.author ?? header.byline,
    published: overrides.published ?? isoDateOrNull(item.published) ?? result.published,
  });

  const counted = (created: boolean, result: DocumentResult) => {
    if (!created) {
      summary.unchanged++;
      return;
    }
    summary.stored++;
    sinceIncidents++;
    summary.events += result.events.length;
    for (const e of result.events) summary.eventsByType[e.type] = (summary.eventsByType[e.type] ?? 0) + 1;
  };

  /** Stores a batch in one transaction; when it fails for an article's sake, one by one. */
  const save = async (batch: Array<{ job: Job; extracted: Extracted }>) => {
    const items = batch.map(({ job, extracted }) => ({
      input: documentOf(job.item, extracted),
      result: extracted.result,
    }));
    try {
      const saved = await store.saveDocuments(items, options.provenance);
      saved.forEach((s, k) => counted(s.created, items[k]!.result));
    } catch (error) {
      if (isStoreError(error) || batch.length === 1) throw error;
      for (const [k, { job }] of batch.entries()) {
        try {
          const s = await store.saveDocument(items[k]!.input, items[k]!.result, options.provenance);
          counted(s.created, items[k]!.result);
        } catch (one) {
          if (isStoreError(one)) throw one;
          fail(one instanceof Error ? one : new Error(String(one)), where(job.item));
        }
      }
    }
  };

  const submit = async (item: IngestItem) => {
    const hash = contentHash(item.raw);
    const job: Job = { item, hash, outcome: Promise.resolve(null) };
    if (!underWay.has(hash) && !(await store.hasDocument(hash))) {
      underWay.add(hash);
      job.outcome = pool.run({
        id: ++taskId,
        raw: item.raw,
        published: overrides.published ?? isoDateOrNull(item.published),
      });
    }
    // A rejected extraction is reported when its turn comes; never as an unhandled rejection.
    job.outcome.catch(() => undefined);
    jobs.push(job);
  };

  /**
   * Stores the oldest jobs, a whole batch, in input order. Waiting for a full batch rather than
   * storing whatever is settled keeps transactions large: each commit flushes the full-text indexes,
   * and commits of one or two documents cost more than the documents themselves.
   */
  const drain = async () => {
    const ready = jobs.splice(0, Math.min(batchSize, jobs.length));
    await Promise.all(ready.map((job) => job.outcome.catch(() => null)));
    const batch: Array<{ job: Job; extracted: Extracted }> = [];
    for (const job of ready) {
      underWay.delete(job.hash);
      summary.seen++;
      let outcome: ExtractOutcome | null;
      try {
        outcome = await job.outcome;
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)), where(job.item));
        continue;
      }
      if (outcome === null) summary.unchanged++;
      else if (!outcome.ok) fail(new Error(`extraction failed: ${outcome.error}`), where(job.item));
      else batch.push({ job, extracted: outcome });
    }
    // A database failure is not an article's fault: it stops the run, keeping what was stored.
    if (batch.length) await save(batch);
    if (sinceIncidents >= every) {
      sinceIncidents = 0;
      await placeIncidents();
    }
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
      while (jobs.length >= limit) await drain();
    }
  }
  // Articles that come from elsewhere than files (feeds, the API): after the paths, the same way.
  if (options.items && !summary.interrupted)
    for await (const item of options.items) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      await submit(item);
      while (jobs.length >= limit) await drain();
    }
  while (jobs.length) await drain();
  await placeIncidents();
  summary.persons = await store.rebuildPersons(options.resources.nisbas);
  if (summary.stored > 0) await store.optimize();
  // One delivery attempt now; what fails stays due for `marsad watch` or `marsad alert deliver`.
  if (summary.alerts > 0) await deliverAlerts(store, options.alertDelivery ?? {});
  summary.elapsed = (Date.now() - started) / 1000;
  return summary;
}

/** Errors of the database layer (SQLite, PostgreSQL) as opposed to errors of one article. */
function isStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.constructor.name;
  if (name === 'SqliteError' || name === 'DatabaseError' || 'severity' in error) return true;
  // A lost PostgreSQL connection comes as a plain Error from the driver or the socket.
  const code = (error as { code?: unknown }).code;
  return (
    /^(Connection terminated|Client has encountered a connection error|Client was closed)/.test(
      error.message,
    ) ||
    (typeof code === 'string' && CONNECTION_ERRORS.has(code))
  );
}

const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
