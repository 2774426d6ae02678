/** The watch loop: a cycle, then a pause, until stopped; shared by `marsad watch` and `marsad serve --watch`. */
import { createExtractPool } from '../ingest/extract-pool.js';
import { currentProvenance } from '../ingest/provenance.js';
import type { Resources } from '../resources/resources.js';
import type { Store } from '../store/store.js';
import { createFetcher, type FetcherOptions } from './fetcher/index.js';
import { readSources } from './sources/read-sources.js';
import { watchCycle, type CycleReport } from './watch-cycle.js';

export interface WatchLoopOptions {
  store: Store;
  resources: Resources;
  sourcesPath: string;
  workers: number;
  /** Seconds between the end of a cycle and the start of the next (sources keep their own intervals). */
  pauseSeconds?: number;
  once?: boolean;
  fetcher?: FetcherOptions;
  onCycle?: (report: CycleReport) => void;
  onError?: (where: string, error: Error) => void;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Runs cycles until the signal aborts (or one, with `once`); the sources file is re-read every cycle. */
export async function watchLoop(options: WatchLoopOptions): Promise<CycleReport[]> {
  const pool = await createExtractPool({ workers: options.workers, resources: options.resources });
  const fetcher = createFetcher(options.fetcher ?? {});
  const reports: CycleReport[] = [];
  try {
    do {
      const { sources } = await readSources(options.sourcesPath);
      const report = await watchCycle({
        store: options.store,
        pool,
        resources: options.resources,
        provenance: currentProvenance(options.resources),
        fetcher,
        sources,
        force: options.once === true,
        ...(options.onError ? { onError: options.onError } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      reports.push(report);
      options.onCycle?.(report);
      if (options.once || options.signal?.aborted) break;
      await sleep((options.pauseSeconds ?? 60) * 1000, options.signal);
    } while (!options.signal?.aborted);
  } finally {
    await pool.close();
  }
  return reports;
}
