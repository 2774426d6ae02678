/**
 * Reprocess: re-extracts stored documents after the lexicons, gazetteer or code changed, then merges
 * incidents and resolves persons again. Resumable: a document whose extraction already has the current
 * provenance is skipped, and incidents are cleared before the first document changes, so a killed run
 * is finished by running it again.
 */
import type { Resources } from '../resources/resources.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { DocumentRow } from '../store/schema.js';
import type { ExtractOutcome } from './extract-item.js';
import type { ExtractPool } from './extract-pool.js';

export interface ReprocessOptions {
  store: Store;
  pool: ExtractPool;
  resources: Resources;
  provenance: ExtractionProvenance;
  /** Re-extract every document, not only those extracted with other versions. */
  all?: boolean;
  onProgress?: (p: { done: number; total: number; elapsed: number }) => void;
  onError?: (error: Error, documentId: number) => void;
  signal?: AbortSignal;
}

export interface ReprocessSummary {
  /** Documents re-extracted now. */
  reprocessed: number;
  /** Documents already current. */
  current: number;
  failed: number;
  eventsBefore: number;
  eventsAfter: number;
  incidents: number;
  persons: number;
  elapsed: number;
  interrupted: boolean;
}

/** The extraction row of these versions, if any document was ever extracted with them. */
async function currentExtractionId(store: Store, p: ExtractionProvenance): Promise<number | null> {
  const row = await store.db
    .selectFrom('extractions')
    .select('id')
    .where('resources_version', '=', p.resourcesVersion)
    .where('marsad_version', '=', p.marsadVersion)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Whether persons lag behind the extractions: a person mention or event person that no person links to
 * (a rebuild links them all). So a run killed after its last re-extraction, before resolving persons,
 * is finished by the next run even though every document is current by then.
 */
async function personsBehind(store: Store): Promise<boolean> {
  const mention = await store.db
    .selectFrom('mentions')
    .select('id')
    .where('kind', '=', 'person')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('person_mentions').select('person_id').whereRef('mention_id', '=', 'mentions.id'),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  if (mention) return true;
  const event = await store.db
    .selectFrom('event_persons')
    .select('event_id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('person_events')
            .select('person_id')
            .whereRef('event_id', '=', 'event_persons.event_id'),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return event !== undefined;
}

export async function reprocess(options: ReprocessOptions): Promise<ReprocessSummary> {
  const { store, pool } = options;
  const started = Date.now();
  const current = await currentExtractionId(store, options.provenance);
  const stale = (d: DocumentRow) => options.all === true || current === null || d.extraction_id !== current;
  const staleCount = await store.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll().as('n'))
    .$if(!options.all && current !== null, (q) =>
      q.where((eb) => eb.or([eb('extraction_id', 'is', null), eb('extraction_id', '!=', current!)])),
    )
    .executeTakeFirstOrThrow();
  const total = Number(staleCount.n);
  const before = await store.stats();
  const summary: ReprocessSummary = {
    reprocessed: 0,
    current: before.documents - total,
    failed: 0,
    eventsBefore: before.events,
    eventsAfter: before.events,
    incidents: before.incidents,
    persons: before.persons,
    elapsed: 0,
    interrupted: false,
  };
  // Incidents are rebuilt from scratch once documents change: clear them before the first change.
  if (total > 0) await store.clearIncidents();

  const limit = Math.max(4, pool.workers * 4);
  const jobs: Array<{ doc: DocumentRow; outcome: Promise<ExtractOutcome> }> = [];
  let done = 0;
  const drainOne = async () => {
    const { doc, outcome } = jobs.shift()!;
    let result: ExtractOutcome;
    try {
      result = await outcome;
    } catch (error) {
      result = { id: doc.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) {
      await store.replaceExtraction(doc.id, result.result, options.provenance);
      summary.reprocessed++;
    } else {
      summary.failed++;
      options.onError?.(new Error(`extraction failed: ${result.error}`), doc.id);
    }
    done++;
    options.onProgress?.({ done, total, elapsed: (Date.now() - started) / 1000 });
  };
  if (total > 0) {
    for await (const doc of store.allDocuments()) {
      if (!stale(doc)) continue;
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const outcome = pool.run({ id: doc.id, raw: doc.raw, published: doc.published });
      outcome.catch(() => {});
      jobs.push({ doc, outcome });
      while (jobs.length >= limit) await drainOne();
    }
    while (jobs.length) await drainOne();
  }
  await store.placeEventsInIncidents();
  const after = await store.stats();
  summary.persons =
    total > 0 || after.persons === 0 || (await personsBehind(store))
      ? await store.rebuildPersons(options.resources.nisbas)
      : after.persons;
  if (total > 0) await store.optimize();
  summary.eventsAfter = after.events;
  summary.incidents = after.incidents;
  summary.elapsed = (Date.now() - started) / 1000;
  return summary;
}

export interface ReprocessRangeOptions {
  store: Store;
  pool: ExtractPool;
  provenance: ExtractionProvenance;
  /** Documents with firstId ≤ id ≤ lastId. */
  firstId: number;
  lastId: number;
  onError?: (error: Error, documentId: number) => void;
}

/**
 * The queued path (one batch of a `reprocess --queue`): re-extracts the documents of an id range whose
 * extraction has other versions; incidents and persons are left to the caller. Running it again skips
 * what it did already (those documents carry the current versions).
 */
export async function reprocessRange(
  options: ReprocessRangeOptions,
): Promise<{ reprocessed: number; current: number; failed: number }> {
  const { store, pool } = options;
  const current = await currentExtractionId(store, options.provenance);
  const docs = await store.db
    .selectFrom('documents')
    .select(['id', 'raw', 'published', 'extraction_id'])
    .where('id', '>=', options.firstId)
    .where('id', '<=', options.lastId)
    .orderBy('id')
    .execute();
  const stale = docs.filter((d) => current === null || d.extraction_id !== current);
  const out = { reprocessed: 0, current: docs.length - stale.length, failed: 0 };
  const outcomes = stale.map((d) => {
    const p = pool.run({ id: d.id, raw: d.raw, published: d.published });
    p.catch(() => {});
    return p;
  });
  for (const [k, doc] of stale.entries()) {
    let result: ExtractOutcome;
    try {
      result = await outcomes[k]!;
    } catch (error) {
      result = { id: doc.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) {
      await store.replaceExtraction(doc.id, result.result, options.provenance);
      out.reprocessed++;
    } else {
      out.failed++;
      options.onError?.(new Error(`extraction failed: ${result.error}`), doc.id);
    }
  }
  return out;
}
