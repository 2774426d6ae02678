/**
 * The producer side of `ingest --queue` and of fetch jobs: articles read here, in batches, sent as
 * extract jobs. Texts already stored are left out (a re-run of an ingest queues nothing new); the worker
 * checks again, since another job may store a text between now and then.
 */
import type { IngestItem } from '../ingest/readers.js';
import { contentHash } from '../store/content-hash.js';
import type { Store } from '../store/store.js';
import type { ExtractJob, QueuedArticle } from './job-kinds.js';
import type { Queue } from './open-queue.js';

export interface EnqueueSummary {
  /** Articles read. */
  read: number;
  queued: number;
  /** Stored already, or twice in the input. */
  skipped: number;
  jobs: number;
}

const where = (item: IngestItem) =>
  item.recordIndex === null ? item.sourcePath : `${item.sourcePath}#${item.recordIndex}`;

export async function enqueueArticles(
  store: Store,
  queue: Queue,
  items: AsyncIterable<IngestItem>,
  options: {
    batchSize?: number;
    overrides?: ExtractJob['overrides'];
    signal?: AbortSignal;
    onProgress?: (s: EnqueueSummary) => void;
  } = {},
): Promise<EnqueueSummary & { interrupted: boolean }> {
  const size = Math.max(1, options.batchSize ?? 50);
  const out = { read: 0, queued: 0, skipped: 0, jobs: 0, interrupted: false };
  // Duplicates within a batch only: memory stays flat on an archive of millions (the worker and the
  // unique content hash catch the rest).
  const seen = new Set<string>();
  let batch: Array<{ article: QueuedArticle; hash: string }> = [];
  const flush = async () => {
    if (!batch.length) return;
    const stored = new Set(
      (
        await store.db
          .selectFrom('documents')
          .select('content_hash')
          .where(
            'content_hash',
            'in',
            batch.map((b) => b.hash),
          )
          .execute()
      ).map((r) => r.content_hash),
    );
    const articles = batch.filter((b) => !stored.has(b.hash)).map((b) => b.article);
    out.skipped += batch.length - articles.length;
    batch = [];
    seen.clear();
    if (!articles.length) return;
    await queue.send('extract', { articles, ...(options.overrides ? { overrides: options.overrides } : {}) });
    out.queued += articles.length;
    out.jobs++;
    options.onProgress?.({ ...out });
  };
  for await (const item of items) {
    if (options.signal?.aborted) {
      out.interrupted = true;
      break;
    }
    out.read++;
    const hash = contentHash(item.raw);
    if (seen.has(hash)) {
      out.skipped++;
      continue;
    }
    seen.add(hash);
    const { recordIndex: _index, ...rest } = item;
    batch.push({ article: { ...rest, sourcePath: where(item) }, hash });
    if (batch.length >= size) await flush();
  }
  await flush();
  return out;
}
