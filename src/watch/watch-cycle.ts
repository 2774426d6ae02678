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
import type { Fetcher } from './fetcher/index.js';
import { pollSource } from './poll-source.js';
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

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

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
    try {
      const polled = await pollSource(store, fetcher, source, state, {
        polledAt: now().toISOString(),
        maxItems,
        onItemError: (error) => options.onError?.(source.id, error),
      });
      report.status = polled.status;
      report.items = polled.items;
      report.newItems = polled.articles.length;
      articles.push(...polled.articles);
      stored.push({ source: report, urls: new Set(polled.articles.map((a) => a.url!)) });
    } catch (error) {
      report.status = 'failed';
      report.error = message(error);
      options.onError?.(source.id, error instanceof Error ? error : new Error(report.error));
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
