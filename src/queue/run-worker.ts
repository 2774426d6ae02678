/**
 * A worker: N slots, each taking the next job (most urgent kind first), running it and completing it —
 * or failing it, so that pg-boss retries it after its delay. Stopping (SIGTERM, SIGINT) lets the jobs
 * in hand finish within a grace period; those still running then are given back as failed (retried by
 * another worker), and the process can exit. A worker that dies without stopping leaves its jobs active
 * until they expire; the maintenance of any other worker then puts them up for retry.
 */
import { sql } from 'kysely';
import type { DeliveryOptions } from '../alerts/fire-alerts.js';
import type { ExtractPool } from '../ingest/extract-pool.js';
import type { Resources } from '../resources/resources.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { Fetcher } from '../watch/fetcher/index.js';
import { JOB_KINDS, type JobKind } from './job-kinds.js';
import type { Queue, QueuedJob } from './open-queue.js';
import { runAlertsJob } from './run-alerts-job.js';
import { runExtractJob } from './run-extract-job.js';
import { runFetchJob } from './run-fetch-job.js';
import { runPlaceJob } from './run-place-job.js';
import { runReprocessJob } from './run-reprocess-job.js';

/** Kinds in the order a free slot looks for work: what unblocks others first, bulk work last. */
const ORDER: readonly JobKind[] = ['alerts', 'place-incidents', 'fetch', 'reprocess-batch', 'extract'];

export interface WorkerOptions {
  store: Store;
  queue: Queue;
  pool: ExtractPool;
  resources: Resources;
  provenance: ExtractionProvenance;
  /** For fetch jobs; without one, this worker leaves fetch jobs to others. */
  fetcher?: Fetcher;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Kinds this worker takes (default: all). */
  kinds?: readonly JobKind[];
  /** Wait between looks at an empty queue (default 1000 ms). */
  pollMs?: number;
  /** Return once no job of any kind is queued, waiting for retry or running anywhere. */
  untilEmpty?: boolean;
  /** Stops taking jobs; the jobs in hand get `graceMs` to finish (default 30 s). */
  signal?: AbortSignal;
  graceMs?: number;
  /** Ends the grace period at once (a second SIGTERM). */
  release?: AbortSignal;
  alertDelivery?: DeliveryOptions;
  onJob?: (event: JobEvent) => void;
}

export interface JobEvent {
  kind: JobKind;
  id: string;
  phase: 'started' | 'progress' | 'completed' | 'failed' | 'released';
  detail?: string;
  output?: object;
}

export interface WorkerSummary {
  completed: Partial<Record<JobKind, number>>;
  failed: Partial<Record<JobKind, number>>;
  /** Jobs given back unfinished at shutdown. */
  released: number;
  articlesStored: number;
  eventsStored: number;
  elapsed: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });

/** True when no job is queued, waiting for a retry or running, in any marsad queue. */
export async function queueDrained(store: Store): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')`.execute(store.db);
  return Number(rows[0]?.n ?? 0) === 0;
}

export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { store, queue } = options;
  const started = Date.now();
  const kinds = ORDER.filter(
    (k) => (options.kinds ?? JOB_KINDS).includes(k) && (k !== 'fetch' || options.fetcher !== undefined),
  );
  const summary: WorkerSummary = {
    completed: {},
    failed: {},
    released: 0,
    articlesStored: 0,
    eventsStored: 0,
    elapsed: 0,
  };
  const inHand = new Set<QueuedJob>();
  const emit = (event: JobEvent) => options.onJob?.(event);

  const handle = async (job: QueuedJob): Promise<object> => {
    switch (job.kind) {
      case 'extract': {
        const r = await runExtractJob(
          {
            store,
            queue,
            pool: options.pool,
            provenance: options.provenance,
            onProgress: (done, total) =>
              emit({ kind: job.kind, id: job.id, phase: 'progress', detail: `stored ${done}/${total}` }),
          },
          job.data as QueuedJob<'extract'>['data'],
        );
        summary.articlesStored += r.stored;
        summary.eventsStored += r.events;
        return r;
      }
      case 'place-incidents':
        return runPlaceJob(
          { store, queue, nisbas: options.resources.nisbas },
          job.data as QueuedJob<'place-incidents'>['data'],
        );
      case 'alerts':
        return runAlertsJob(
          { store, ...(options.alertDelivery ? { alertDelivery: options.alertDelivery } : {}) },
          job.data as QueuedJob<'alerts'>['data'],
        );
      case 'reprocess-batch':
        return runReprocessJob(
          { store, queue, pool: options.pool, provenance: options.provenance },
          job.data as QueuedJob<'reprocess-batch'>['data'],
        );
      case 'fetch':
        return runFetchJob(
          {
            store,
            queue,
            fetcher: options.fetcher!,
            onError: (e) => emit({ kind: 'fetch', id: job.id, phase: 'progress', detail: e.message }),
          },
          job.data as QueuedJob<'fetch'>['data'],
        );
    }
  };

  const next = async (): Promise<QueuedJob | null> => {
    for (const kind of kinds) {
      const job = await queue.fetch(kind);
      if (job) return job;
    }
    return null;
  };

  const slot = async () => {
    while (!options.signal?.aborted) {
      let job: QueuedJob | null;
      try {
        job = await next();
      } catch (error) {
        // The database is away: wait and look again rather than die (the jobs in hand are safe in it).
        emit({
          kind: 'extract',
          id: '-',
          phase: 'failed',
          detail: `fetching jobs: ${(error as Error).message}`,
        });
        await sleep(options.pollMs ?? 1000, options.signal);
        continue;
      }
      if (!job) {
        if (options.untilEmpty && (await queueDrained(store))) return;
        await sleep(options.pollMs ?? 1000, options.signal);
        continue;
      }
      inHand.add(job);
      emit({ kind: job.kind, id: job.id, phase: 'started', detail: `attempt ${job.retryCount + 1}` });
      try {
        const output = await handle(job);
        if (!inHand.has(job)) return; // released at shutdown meanwhile
        await queue.complete(job.kind, job.id, output);
        summary.completed[job.kind] = (summary.completed[job.kind] ?? 0) + 1;
        emit({ kind: job.kind, id: job.id, phase: 'completed', output });
      } catch (error) {
        if (!inHand.has(job)) return;
        const err = error instanceof Error ? error : new Error(String(error));
        await queue.fail(job.kind, job.id, err).catch(() => undefined);
        summary.failed[job.kind] = (summary.failed[job.kind] ?? 0) + 1;
        emit({ kind: job.kind, id: job.id, phase: 'failed', detail: err.message });
      } finally {
        inHand.delete(job);
      }
    }
  };

  const slots = Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, slot));
  // After a stop request, wait at most the grace period for the jobs in hand.
  const graced = new Promise<'timeout'>((resolve) => {
    const arm = () => setTimeout(() => resolve('timeout'), options.graceMs ?? 30_000).unref();
    if (options.signal?.aborted) arm();
    else options.signal?.addEventListener('abort', arm, { once: true });
    options.release?.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  if ((await Promise.race([slots.then(() => 'done' as const), graced])) === 'timeout') {
    for (const job of [...inHand]) {
      inHand.delete(job);
      await queue
        .fail(job.kind, job.id, new Error('the worker stopped before finishing the job'))
        .catch(() => {});
      summary.released++;
      emit({ kind: job.kind, id: job.id, phase: 'released' });
    }
  }
  summary.elapsed = (Date.now() - started) / 1000;
  return summary;
}
