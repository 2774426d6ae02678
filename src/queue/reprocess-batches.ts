/**
 * A queued reprocess: the archive cut into batches of document ids, each batch a job recorded in
 * `reprocess_batches` with the versions it applies. Batches cover fixed id ranges (ids 1–500, 501–1000…),
 * so running `reprocess --queue` again finds the same batches: those done are skipped, those whose job
 * is still queued or running are left alone, the others (failed, lost) are queued again.
 */
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { Queue } from './open-queue.js';

export interface ReprocessBatchesTable {
  id: Generated<number>;
  resources_version: string;
  marsad_version: string;
  first_id: number;
  last_id: number;
  documents: number;
  state: 'queued' | 'done';
  job_id: string | null;
  reprocessed: Generated<number>;
  failed: Generated<number>;
  created_at: string;
  done_at: string | null;
}

type BatchRow = Selectable<ReprocessBatchesTable>;

export type BatchDb = Kysely<Database & { reprocess_batches: ReprocessBatchesTable }>;

export const batchDb = (store: Store): BatchDb =>
  store.db.withTables<{ reprocess_batches: ReprocessBatchesTable }>();

export interface EnqueueReprocessResult {
  /** Batches holding documents with other versions. */
  batches: number;
  queued: number;
  /** Done before (same versions). */
  done: number;
  /** Their job is queued or running already. */
  pending: number;
  /** Documents whose extraction has other versions. */
  staleDocuments: number;
}

const LIVE = new Set(['created', 'retry', 'active']);

export async function enqueueReprocess(
  store: Store,
  queue: Queue,
  provenance: ExtractionProvenance,
  batchSize: number,
): Promise<EnqueueReprocessResult> {
  const db = batchDb(store);
  const current = await db
    .selectFrom('extractions')
    .select('id')
    .where('resources_version', '=', provenance.resourcesVersion)
    .where('marsad_version', '=', provenance.marsadVersion)
    .executeTakeFirst();
  // Stale documents per fixed id range, counted by the database (no ids travel).
  // A literal, not a parameter: PostgreSQL matches the GROUP BY expression to the selected one.
  const bucket = sql<number>`((documents.id - 1) / ${sql.lit(batchSize)})`;
  const ranges = await db
    .selectFrom('documents')
    .select([bucket.as('bucket'), (eb) => eb.fn.countAll().as('n')])
    .$if(current !== undefined, (q) =>
      q.where((eb) => eb.or([eb('extraction_id', 'is', null), eb('extraction_id', '!=', current!.id)])),
    )
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  const existing = new Map(
    (
      await db
        .selectFrom('reprocess_batches')
        .selectAll()
        .where('resources_version', '=', provenance.resourcesVersion)
        .where('marsad_version', '=', provenance.marsadVersion)
        .execute()
    ).map((b) => [b.first_id, b]),
  );
  const out: EnqueueReprocessResult = {
    batches: 0,
    queued: 0,
    done: 0,
    pending: 0,
    staleDocuments: 0,
  };
  const now = new Date().toISOString();
  for (const r of ranges) {
    const firstId = Number(r.bucket) * batchSize + 1;
    const lastId = firstId + batchSize - 1;
    const n = Number(r.n);
    out.batches++;
    out.staleDocuments += n;
    let batch = existing.get(firstId);
    if (batch?.state === 'done') {
      // Done with these versions, yet stale documents again: documents replaced since, do it anew.
      await db
        .updateTable('reprocess_batches')
        .set({ state: 'queued', documents: n, done_at: null })
        .where('id', '=', batch.id)
        .execute();
      batch = { ...batch, state: 'queued', job_id: null };
    }
    if (batch?.job_id && LIVE.has((await queue.jobState('reprocess-batch', batch.job_id)) ?? '')) {
      out.pending++;
      continue;
    }
    if (!batch) {
      batch = (await db
        .insertInto('reprocess_batches')
        .values({
          resources_version: provenance.resourcesVersion,
          marsad_version: provenance.marsadVersion,
          first_id: firstId,
          last_id: lastId,
          documents: n,
          state: 'queued',
          created_at: now,
          job_id: null,
          done_at: null,
        })
        .onConflict((oc) => oc.columns(['resources_version', 'marsad_version', 'first_id']).doNothing())
        .returningAll()
        .executeTakeFirst()) as BatchRow | undefined;
      // Another enqueuer inserted it a moment ago: its job will do it.
      if (!batch) {
        out.pending++;
        continue;
      }
    }
    const jobId = await queue.send('reprocess-batch', { batchId: batch.id, firstId, lastId, provenance });
    await db.updateTable('reprocess_batches').set({ job_id: jobId }).where('id', '=', batch.id).execute();
    out.queued++;
  }
  // Batches done earlier whose range has no stale document left count as done.
  out.done = [...existing.values()].filter(
    (b) => b.state === 'done' && !ranges.some((r) => Number(r.bucket) * batchSize + 1 === b.first_id),
  ).length;
  return out;
}

/** Marks a batch done; true when it was the last open batch of its versions. */
export async function finishBatch(
  store: Store,
  batchId: number,
  counts: { reprocessed: number; failed: number },
): Promise<boolean> {
  const db = batchDb(store);
  const batch = await db
    .updateTable('reprocess_batches')
    .set({
      state: 'done',
      reprocessed: counts.reprocessed,
      failed: counts.failed,
      done_at: new Date().toISOString(),
    })
    .where('id', '=', batchId)
    .returning(['resources_version', 'marsad_version'])
    .executeTakeFirst();
  if (!batch) return false;
  const open = await db
    .selectFrom('reprocess_batches')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('resources_version', '=', batch.resources_version)
    .where('marsad_version', '=', batch.marsad_version)
    .where('state', '!=', 'done')
    .executeTakeFirstOrThrow();
  return Number(open.n) === 0;
}

export interface ReprocessProgress {
  resourcesVersion: string;
  marsadVersion: string;
  batches: number;
  batchesDone: number;
  documents: number;
  documentsDone: number;
  percent: number;
}

/** Progress of the latest queued reprocess (by the versions of its most recent batch), or null. */
export async function reprocessProgress(store: Store): Promise<ReprocessProgress | null> {
  const db = batchDb(store);
  const latest = await db
    .selectFrom('reprocess_batches')
    .select(['resources_version', 'marsad_version'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  const rows = await db
    .selectFrom('reprocess_batches')
    .select(['state', 'documents'])
    .where('resources_version', '=', latest.resources_version)
    .where('marsad_version', '=', latest.marsad_version)
    .execute();
  const done = rows.filter((r) => r.state === 'done');
  const documents = rows.reduce((n, r) => n + r.documents, 0);
  const documentsDone = done.reduce((n, r) => n + r.documents, 0);
  return {
    resourcesVersion: latest.resources_version,
    marsadVersion: latest.marsad_version,
    batches: rows.length,
    batchesDone: done.length,
    documents,
    documentsDone,
    percent: documents ? Math.round((1000 * documentsDone) / documents) / 10 : 100,
  };
}
