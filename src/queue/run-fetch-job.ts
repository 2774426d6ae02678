/**
 * A fetch job: one watched source polled as `marsad watch` polls it (src/watch/poll-source.ts, the
 * same `source_state`), and its new articles queued as extract jobs. Run twice, it queues an article
 * twice at worst, and the second extract job finds its text stored.
 */
import type { IngestItem } from '../ingest/readers.js';
import type { Store } from '../store/store.js';
import type { Fetcher } from '../watch/fetcher/index.js';
import { pollSource } from '../watch/poll-source.js';
import type { FetchJob, QueuedArticle } from './job-kinds.js';
import type { Queue } from './open-queue.js';

const MAX_ITEMS = 100;
const ARTICLES_PER_JOB = 50;

export interface FetchJobResult {
  status: 'unchanged' | 'polled';
  items: number;
  newItems: number;
  failedItems: number;
}

function toArticle(item: IngestItem): QueuedArticle {
  const { recordIndex: _index, ...rest } = item;
  return rest;
}

/** Polls the job's source (a failure is recorded and thrown: pg-boss retries) and queues what is new. */
export async function runFetchJob(
  ctx: { store: Store; queue: Queue; fetcher: Fetcher; onError?: (error: Error) => void },
  job: FetchJob,
): Promise<FetchJobResult> {
  const { store, fetcher } = ctx;
  const state = await store.db
    .selectFrom('source_state')
    .selectAll()
    .where('source_id', '=', job.source.id)
    .executeTakeFirst();
  const polled = await pollSource(store, fetcher, job.source, state ?? null, {
    polledAt: new Date().toISOString(),
    maxItems: MAX_ITEMS,
    ...(ctx.onError ? { onItemError: ctx.onError } : {}),
  });
  const articles = polled.articles.map(toArticle);
  for (let i = 0; i < articles.length; i += ARTICLES_PER_JOB)
    await ctx.queue.send('extract', { articles: articles.slice(i, i + ARTICLES_PER_JOB) });
  return {
    status: polled.status,
    items: polled.items,
    newItems: articles.length,
    failedItems: polled.failedItems,
  };
}
