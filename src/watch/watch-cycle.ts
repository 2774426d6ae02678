/**
 * One cycle of `marsad watch`: every source that is due is polled (a conditional GET: an unchanged feed
 * costs a 304 and nothing else), its new items are fetched and read (main text, title, date, author),
 * and stored through the same pipeline as `marsad ingest` — extraction, incidents, persons, alerts.
 * An item is new when neither its URL nor its text (hash) is stored; a repost under another URL is
 * stored and linked to its original as a near-duplicate. A failing source is reported once per cycle
 * and the others go on.
 */
import { deliverAlerts, type DeliveryOptions } from '../alerts/fire-alerts.js';
import { ingest, type IngestSummary } from '../ingest/ingest.js';
import type { ExtractPool } from '../ingest/extract-pool.js';
import type { IngestItem } from '../ingest/readers.js';
import type { Resources } from '../resources/resources.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import { parseFeed, type FeedItem } from './feeds/parse-feed.js';
import type { Fetcher } from './fetcher/index.js';
import { readArticlePage } from './pages/read-article-page.js';
import type { Source } from './sources/source-config.js';

export interface WatchCycleOptions {
  store: Store;
  pool: ExtractPool;
  resources: Resources;
  provenance: ExtractionProvenance;
  fetcher: Fetcher;
  sources: readonly Source[];
  /** Poll every enabled source, due or not (`--once`). */
  force?: boolean;
  now?: () => Date;
  /** New items read per source and cycle (the rest wait for the next cycle). */
  maxItems?: number;
  alertDelivery?: DeliveryOptions;
  onError?: (sourceId: string, error: Error) => void;
  signal?: AbortSignal;
}

export interface SourceReport {
  id: string;
  status: 'skipped' | 'unchanged' | 'polled' | 'failed';
  items: number;
  newItems: number;
  error?: string;
}

export interface CycleReport {
  sources: SourceReport[];
  ingest: IngestSummary;
  alertsDelivered: number;
  alertsFailed: number;
}

/** Feed items whose text comes with the feed: long enough to be the article, not a teaser. */
const FULL_TEXT = 400;
/** Child sitemaps read per sitemap index and cycle, most recently modified first. */
const CHILD_SITEMAPS = 3;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

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

export async function watchCycle(options: WatchCycleOptions): Promise<CycleReport> {
  const { store, fetcher } = options;
  const now = options.now ?? (() => new Date());
  const maxItems = options.maxItems ?? 100;
  const reports: SourceReport[] = [];
  const articles: IngestItem[] = [];
  const stored: Array<{ source: SourceReport; urls: Set<string> }> = [];

  for (const source of options.sources) {
    if (!source.enabled) continue;
    const report: SourceReport = { id: source.id, status: 'skipped', items: 0, newItems: 0 };
    reports.push(report);
    const state =
      (await store.db
        .selectFrom('source_state')
        .selectAll()
        .where('source_id', '=', source.id)
        .executeTakeFirst()) ?? null;
    const due =
      options.force ||
      !state?.last_polled_at ||
      Date.parse(state.last_polled_at) + source.intervalMinutes * 60_000 <= now().getTime();
    if (!due || options.signal?.aborted) continue;
    const polledAt = now().toISOString();
    try {
      const listed = await listItems(source, fetcher, {
        etag: state?.etag ?? null,
        last_modified: state?.last_modified ?? null,
      });
      report.status = listed.unchanged ? 'unchanged' : 'polled';
      report.items = listed.items.length;
      const urls = new Set<string>();
      for (const item of listed.items) {
        if (report.newItems >= maxItems) break;
        if (urls.has(item.url) || (await knownUrl(store, item.url))) continue;
        try {
          const article = await readItem(source, item, fetcher, listed.pageHtml);
          if (!article) continue;
          urls.add(item.url);
          articles.push(article);
          report.newItems++;
        } catch (error) {
          // One unreadable article does not fail its source; it is tried again next cycle.
          options.onError?.(source.id, new Error(`${item.url}: ${message(error)}`));
        }
      }
      stored.push({ source: report, urls });
      await saveState(store, source.id, {
        etag: listed.etag ?? state?.etag ?? null,
        last_modified: listed.lastModified ?? state?.last_modified ?? null,
        last_polled_at: polledAt,
        last_ok_at: polledAt,
        last_error: null,
      });
    } catch (error) {
      report.status = 'failed';
      report.error = message(error);
      options.onError?.(source.id, error instanceof Error ? error : new Error(report.error));
      await saveState(store, source.id, { last_polled_at: polledAt, last_error: report.error });
    }
  }

  const summary = await ingest([], {
    store: options.store,
    pool: options.pool,
    resources: options.resources,
    provenance: options.provenance,
    items: (async function* () {
      yield* articles;
    })(),
    ...(options.alertDelivery ? { alertDelivery: options.alertDelivery } : {}),
    onError: (error, where) => options.onError?.(where, error),
  });
  for (const { source, urls } of stored)
    if (urls.size)
      await store.db
        .updateTable('source_state')
        .set((eb) => ({ items_stored: eb('items_stored', '+', urls.size) }))
        .where('source_id', '=', source.id)
        .execute();
  // Alerts left undelivered by earlier cycles (a receiver that was down) are due again.
  const delivery = await deliverAlerts(store, options.alertDelivery ?? {});
  return {
    sources: reports,
    ingest: summary,
    alertsDelivered: delivery.delivered,
    alertsFailed: delivery.failed.length,
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
