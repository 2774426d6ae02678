/**
 * A reprocess-batch job: the documents of one id range re-extracted with this worker's lexicons, the
 * batch marked done; the last batch of a reprocess asks for the rebuild of incidents and persons. A
 * worker whose lexicons or version differ from the batch's refuses it (another worker may take it):
 * it would record extractions under versions the batch does not stand for.
 */
import type { ExtractPool } from '../ingest/extract-pool.js';
import { reprocessRange } from '../ingest/reprocess.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { ReprocessBatchJob } from './job-kinds.js';
import type { Queue } from './open-queue.js';
import { finishBatch } from './reprocess-batches.js';

export async function runReprocessJob(
  ctx: { store: Store; queue: Queue; pool: ExtractPool; provenance: ExtractionProvenance },
  job: ReprocessBatchJob,
): Promise<{ reprocessed: number; current: number; failed: number; last: boolean }> {
  const mine = ctx.provenance;
  if (
    mine.resourcesVersion !== job.provenance.resourcesVersion ||
    mine.marsadVersion !== job.provenance.marsadVersion
  )
    throw new Error(
      `this worker extracts with resources ${mine.resourcesVersion} (marsad ${mine.marsadVersion}), the batch was queued for ${job.provenance.resourcesVersion} (marsad ${job.provenance.marsadVersion}): start the workers with the lexicons of the reprocess`,
    );
  const counts = await reprocessRange({
    store: ctx.store,
    pool: ctx.pool,
    provenance: mine,
    firstId: job.firstId,
    lastId: job.lastId,
  });
  const last = await finishBatch(ctx.store, job.batchId, counts);
  // Several batches finishing at once may each see themselves last: the rebuild is idempotent.
  if (last) await ctx.queue.send('place-incidents', { rebuild: true }, { singletonKey: 'rebuild' });
  return { ...counts, last };
}
