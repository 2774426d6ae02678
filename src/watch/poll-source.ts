/**
 * One watched source polled: a conditional GET (an unchanged feed costs a 304 and nothing else), the
 * items whose URL is not stored read into articles (the feed's full text, else the page), and the poll
 * state (validators, last poll, last error) written to `source_state`. Shared by `marsad watch`, which
 * ingests the articles, and the queue's fetch jobs, which queue them.
 */
import type { IngestItem } from '../ingest/readers.js';
import type { Store } from '../store/store.js';
import { parseFeed, type FeedItem } from './feeds/parse-feed.js';
import type { Fetcher } from './fetcher/index.js';
import { readArticlePage } from './pages/read-article-page.js';
import type { Source } from './sources/source-config.js';

/** Feed items whose text comes with the feed: long enough to be the article, not a teaser. */
const FULL_TEXT = 400;
/** Child sitemaps read per sitemap index and poll, most recently modified first. */
const CHILD_SITEMAPS = 3;

/** What `source_state` holds of the previous poll. */
export interface PollState {
  etag: string | null;
  last_modified: string | null;
}

export interface PollOptions {
  /** When the poll happened (ISO), as recorded in `source_state`. */
  polledAt: string;
  /** New items read per poll (the rest wait for the next one). */
  maxItems: number;
  /** An item that cannot be read: reported, the others go on, it is tried again at the next poll. */
  onItemError?: (error: Error) => void;
}

export interface PolledSource {
  status: 'unchanged' | 'polled';
  /** Items the source lists now. */
  items: number;
  /** The new items read into articles. */
  articles: IngestItem[];
  /** New items that could not be read. */
  failedItems: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Polls a source and reads its new items. A source that cannot be fetched throws, after its failure is
 * recorded in `source_state`.
 */
export async function pollSource(
  store: Store,
  fetcher: Fetcher,
  source: Source,
  state: PollState | null,
  options: PollOptions,
): Promise<PolledSource> {
  const { polledAt } = options;
  let listed: Awaited<ReturnType<typeof listItems>>;
  try {
    listed = await listItems(source, fetcher, {
      etag: state?.etag ?? null,
      last_modified: state?.last_modified ?? null,
    });
  } catch (error) {
    await saveState(store, source.id, { last_polled_at: polledAt, last_error: message(error) });
    throw error;
  }
  const out: PolledSource = {
    status: listed.unchanged ? 'unchanged' : 'polled',
    items: listed.items.length,
    articles: [],
    failedItems: 0,
  };
  const urls = new Set<string>();
  for (const item of listed.items) {
    if (out.articles.length >= options.maxItems) break;
    if (urls.has(item.url) || (await knownUrl(store, item.url))) continue;
    try {
      const article = await readItem(source, item, fetcher, listed.pageHtml);
      if (!article) continue;
      urls.add(item.url);
      out.articles.push(article);
    } catch (error) {
      out.failedItems++;
      options.onItemError?.(new Error(`${item.url}: ${message(error)}`));
    }
  }
  await saveState(store, source.id, {
    etag: listed.etag ?? state?.etag ?? null,
    last_modified: listed.lastModified ?? state?.last_modified ?? null,
    last_polled_at: polledAt,
    last_ok_at: polledAt,
    last_error: null,
  });
  return out;
}

async function knownUrl(store: Store, url: string): Promise<boolean> {
  const row = await store.db.selectFrom('documents').select('id').where('url', '=', url).executeTakeFirst();
  return row !== undefined;
}

/** The items a source lists now (a page source is its own single item). */
async function listItems(
  source: Source,
  fetcher: Fetcher,
  state: { etag: string | null; last_modified: string | null },
): Promise<{
  items: FeedItem[];
  unchanged: boolean;
  etag?: string | undefined;
  lastModified?: string | undefined;
  pageHtml?: string;
}> {
  const res = await fetcher.get(source.url, {
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.last_modified ? { lastModified: state.last_modified } : {}),
  });
  if (res.notModified) return { items: [], unchanged: true, etag: res.etag, lastModified: res.lastModified };
  const looksHtml = /html/i.test(res.contentType ?? '') || /^\s*<!doctype html|^\s*<html/i.test(res.text);
  if (source.kind === 'page' || (source.kind === 'auto' && looksHtml)) {
    const item: FeedItem = {
      id: res.url,
      url: res.url,
      title: null,
      published: null,
      author: null,
      summary: null,
      contentHtml: null,
    };
    return {
      items: [item],
      unchanged: false,
      etag: res.etag,
      lastModified: res.lastModified,
      pageHtml: res.text,
    };
  }
  const feed = parseFeed(res.text, res.url);
  let items = feed.items;
  if (feed.kind === 'sitemapindex' && feed.sitemaps?.length) {
    const children = [...feed.sitemaps]
      .sort((a, b) => (feed.sitemapModified?.[b] ?? '').localeCompare(feed.sitemapModified?.[a] ?? ''))
      .slice(0, CHILD_SITEMAPS);
    items = [];
    for (const child of children) items.push(...parseFeed((await fetcher.get(child)).text, child).items);
  }
  return { items, unchanged: false, etag: res.etag, lastModified: res.lastModified };
}

/** Reads one item into an article: the feed's full text when it has it, else the page. */
async function readItem(
  source: Source,
  item: FeedItem,
  fetcher: Fetcher,
  pageHtml?: string,
): Promise<IngestItem | null> {
  let page = item.contentHtml ? readArticlePage(item.contentHtml, item.url, {}) : null;
  if (!page || page.text.length < FULL_TEXT) {
    const html = pageHtml ?? (await fetcher.get(item.url)).text;
    page = readArticlePage(html, item.url, source.selectors ?? {});
  }
  if (!page.text.trim()) return null;
  const published = item.published ?? page.published;
  const title = item.title ?? page.title;
  const author = item.author ?? page.author;
  return {
    sourcePath: item.url,
    recordIndex: null,
    raw: page.text,
    url: item.url,
    outlet: source.outlet,
    ...(title ? { title } : {}),
    ...(published ? { published } : {}),
    ...(author ? { author } : {}),
  };
}

async function saveState(
  store: Store,
  sourceId: string,
  values: Partial<{
    etag: string | null;
    last_modified: string | null;
    last_polled_at: string;
    last_ok_at: string;
    last_error: string | null;
  }>,
): Promise<void> {
  await store.db
    .insertInto('source_state')
    .values({ source_id: sourceId, ...values })
    .onConflict((oc) => oc.column('source_id').doUpdateSet(values))
    .execute();
}
