/**
 * An extract job: a batch of articles extracted and stored, then incident placement asked for. Safe to
 * run again after a crash: documents are keyed by the hash of their text, a stored text is skipped
 * before extraction, and a document is written with its events in one transaction.
 */
import { isoDateOrNull, type ExtractOutcome } from '../ingest/extract-item.js';
import type { ExtractPool } from '../ingest/extract-pool.js';
import { contentHash } from '../store/content-hash.js';
import type { DocumentInput, ExtractionProvenance, Store } from '../store/store.js';
import type { DocumentResult } from '../types.js';
import type { ExtractJob, QueuedArticle } from './job-kinds.js';
import type { Queue } from './open-queue.js';

export interface ExtractJobResult {
  stored: number;
  unchanged: number;
  failed: number;
  events: number;
}

/** Documents per transaction: a job killed halfway keeps the chunks it committed. */
const SAVE_CHUNK = 16;

type Extracted = Extract<ExtractOutcome, { ok: true }>;

function documentOf(
  a: QueuedArticle,
  job: ExtractJob,
  { header, result, ...indexed }: Extracted,
): DocumentInput {
  const o = job.overrides ?? {};
  return {
    raw: a.raw,
    textNorm: indexed.textNorm,
    searchText: indexed.searchText,
    eventSearchTexts: indexed.eventSearchTexts,
    minhash: indexed.minhash,
    sourcePath: a.sourcePath,
    url: a.url ?? null,
    outlet: o.outlet ?? a.outlet ?? header.outlet ?? result.outlet,
    title: a.title ?? header.title,
    author: o.author ?? a.author ?? header.byline,
    published: o.published ?? isoDateOrNull(a.published) ?? result.published,
  };
}

/** The hashes among these that are stored already (one query). */
async function storedHashes(store: Store, hashes: readonly string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await store.db
    .selectFrom('documents')
    .select('content_hash')
    .where('content_hash', 'in', [...hashes])
    .execute();
  return new Set(rows.map((r) => r.content_hash));
}

export interface ExtractJobContext {
  store: Store;
  queue: Queue;
  pool: ExtractPool;
  provenance: ExtractionProvenance;
  onProgress?: (stored: number, total: number) => void;
}

export async function runExtractJob(ctx: ExtractJobContext, job: ExtractJob): Promise<ExtractJobResult> {
  const { store, pool } = ctx;
  const out: ExtractJobResult = { stored: 0, unchanged: 0, failed: 0, events: 0 };
  // Sorted by hash, so two workers storing overlapping batches lock documents in one order (no deadlock).
  const seen = new Set<string>();
  const items = job.articles
    .map((article) => ({ article, hash: contentHash(article.raw) }))
    .sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0))
    .filter(({ hash }) => {
      if (seen.has(hash)) return false;
      seen.add(hash);
      return true;
    });
  out.unchanged = job.articles.length - items.length;
  const stored = await storedHashes(
    store,
    items.map((i) => i.hash),
  );
  const todo = items.filter((i) => !stored.has(i.hash));
  out.unchanged += items.length - todo.length;
  const published = (a: QueuedArticle) => job.overrides?.published ?? isoDateOrNull(a.published);
  const outcomes = todo.map((item, k) => {
    const p = pool.run({ id: k + 1, raw: item.article.raw, published: published(item.article) });
    p.catch(() => {});
    return p;
  });
  for (let i = 0; i < todo.length; i += SAVE_CHUNK) {
    const batch: Array<{ input: DocumentInput; result: DocumentResult }> = [];
    for (let k = i; k < Math.min(todo.length, i + SAVE_CHUNK); k++) {
      const outcome = await outcomes[k]!;
      // A failed extraction fails again on retry (extraction is pure): count it, do not retry the job.
      if (!outcome.ok) out.failed++;
      else batch.push({ input: documentOf(todo[k]!.article, job, outcome), result: outcome.result });
    }
    if (!batch.length) continue;
    const saved = await store.saveDocuments(batch, ctx.provenance);
    saved.forEach((s, k) => {
      if (!s.created) out.unchanged++;
      else {
        out.stored++;
        out.events += batch[k]!.result.events.length;
      }
    });
    ctx.onProgress?.(Math.min(todo.length, i + SAVE_CHUNK), todo.length);
  }
  // Always, even when nothing was new: a run killed after storing and before this line is retried, and
  // the retry must still ask for the placement of what the first attempt stored.
  await ctx.queue.send('place-incidents', {});
  return out;
}
