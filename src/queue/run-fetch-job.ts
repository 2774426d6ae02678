/**
 * A fetch job: one watched source polled (a conditional GET; 304 ends it), the items whose URL is not
 * stored read (the feed's full text, else the page), and the articles queued as extract jobs. The poll
 * state (validators, last poll, last error) is written to `source_state` as `marsad watch` does, so a
 * queued and an inline watch share it. Run twice, it queues an article twice at worst, and the second
 * extract job finds its text stored.
 */
import type { IngestItem } from '../ingest/readers.js';
import type { Store } from '../store/store.js';
import { parseFeed, type FeedItem } from '../watch/feeds/parse-feed.js';
import type { Fetcher } from '../watch/fetcher/index.js';
import { readArticlePage } from '../watch/pages/read-article-page.js';
import type { FetchJob, QueuedArticle } from './job-kinds.js';
import type { Queue } from './open-queue.js';

/** Feed items whose text comes with the feed: long enough to be the article, not a teaser. */
const FULL_TEXT = 400;
const MAX_ITEMS = 100;
const ARTICLES_PER_JOB = 50;

export interface FetchJobResult {
  status: 'unchanged' | 'polled';
  items: number;
  newItems: number;
  failedItems: number;
}

async function knownUrls(store: Store, urls: readonly string[]): Promise<Set<string>> {
  if (!urls.length) return new Set();
  const rows = await store.db
    .selectFrom('documents')
    .select('url')
    .where('url', 'in', [...urls])
    .execute();
  return new Set(rows.map((r) => r.url!));
}

function toArticle(item: IngestItem): QueuedArticle {
  const { recordIndex: _index, ...rest } = item;
  return rest;
}

export async function runFetchJob(
  ctx: { store: Store; queue: Queue; fetcher: Fetcher; onError?: (error: Error) => void },
  job: FetchJob,
): Promise<FetchJobResult> {
  const { store, fetcher } = ctx;
  const source = job.source;
  const state = await store.db
    .selectFrom('source_state')
    .selectAll()
    .where('source_id', '=', source.id)
    .executeTakeFirst();
  const polledAt = new Date().toISOString();
  const saveState = async (values: Record<string, string | null>) => {
    await store.db
      .insertInto('source_state')
      .values({ source_id: source.id, ...values })
      .onConflict((oc) => oc.column('source_id').doUpdateSet(values))
      .execute();
  };
  let res;
  try {
    res = await fetcher.get(source.url, {
      ...(state?.etag ? { etag: state.etag } : {}),
      ...(state?.last_modified ? { lastModified: state.last_modified } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await saveState({ last_polled_at: polledAt, last_error: message });
    throw error;
  }
  const out: FetchJobResult = { status: 'polled', items: 0, newItems: 0, failedItems: 0 };
  if (res.notModified) {
    await saveState({ last_polled_at: polledAt, last_ok_at: polledAt, last_error: null });
    return { ...out, status: 'unchanged' };
  }
  const looksHtml = /html/i.test(res.contentType ?? '') || /^\s*<!doctype html|^\s*<html/i.test(res.text);
  const isPage = source.kind === 'page' || (source.kind === 'auto' && looksHtml);
  const items: FeedItem[] = isPage
    ? [
        {
          id: res.url,
          url: res.url,
          title: null,
          published: null,
          author: null,
          summary: null,
          contentHtml: null,
        },
      ]
    : parseFeed(res.text, res.url).items;
  out.items = items.length;
  const known = await knownUrls(
    store,
    items.map((i) => i.url),
  );
  const articles: QueuedArticle[] = [];
  for (const item of items) {
    if (articles.length >= MAX_ITEMS) break;
    if (known.has(item.url)) continue;
    known.add(item.url);
    try {
      let page = item.contentHtml ? readArticlePage(item.contentHtml, item.url, {}) : null;
      if (!page || page.text.length < FULL_TEXT) {
        const html = isPage ? res.text : (await fetcher.get(item.url)).text;
        page = readArticlePage(html, item.url, source.selectors ?? {});
      }
      if (!page.text.trim()) continue;
      const title = item.title ?? page.title;
      const published = item.published ?? page.published;
      const author = item.author ?? page.author;
      articles.push(
        toArticle({
          sourcePath: item.url,
          recordIndex: null,
          raw: page.text,
          url: item.url,
          outlet: source.outlet,
          ...(title ? { title } : {}),
          ...(published ? { published } : {}),
          ...(author ? { author } : {}),
        }),
      );
    } catch (error) {
      // One unreadable article does not fail its source; it is tried again at the next poll.
      out.failedItems++;
      ctx.onError?.(new Error(`${item.url}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  for (let i = 0; i < articles.length; i += ARTICLES_PER_JOB)
    await ctx.queue.send('extract', { articles: articles.slice(i, i + ARTICLES_PER_JOB) });
  out.newItems = articles.length;
  await saveState({
    etag: res.etag ?? state?.etag ?? null,
    last_modified: res.lastModified ?? state?.last_modified ?? null,
    last_polled_at: polledAt,
    last_ok_at: polledAt,
    last_error: null,
  });
  return out;
}
